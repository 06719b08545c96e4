"""The checks, in the order they run (where each rule comes from: ``courses/h5p/README.md``, “What is refused”):

1. the upload's size, and that it is a zip;
2. every member's name (no absolute path, ``..``, backslash, drive letter, control character), type (no
   symlink or special file, no encryption), their count and declared sizes; files and folders whose name starts
   with ``.`` or ``_`` (``__MACOSX/``, ``.DS_Store``) and files at the root other than ``h5p.json`` are skipped,
   as H5P core skips them; the others' extension is checked against H5P core's content whitelist (``content/…``)
   or library whitelist (library folders);
3. extraction into a private temporary folder, counting the bytes actually written (a member that inflates
   beyond its declared size, or beyond the limits, stops everything) and checking magic numbers of images,
   audio, video, fonts and PDF against their extension; an SVG in ``content/`` is cleaned (``svg.clean_svg``)
   and what was removed is reported in ``ValidatedPackage.notices``;
4. ``h5p.json``, ``content/content.json`` and every ``library.json`` parse and carry the required fields; each
   library folder is named ``machineName-major.minor`` (or ``machineName``), its ``semantics.json`` and
   ``language/*.json`` parse, its ``preloadedJs``/``preloadedCss`` exist, and the core API it asks for
   (``coreApi``, also in ``h5p.json``) is one the bundled player implements (``PLAYER_CORE_API``);
5. the main library and every ``preloadedDependencies`` entry, recursively, are in the package or already
   installed (same major.minor; a higher patch in the package is an upgrade);
6. installing or upgrading a library needs ``h5p.install_h5p_library``.

Any problem removes the temporary folder before ``H5PValidationError`` is raised.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import uuid
import weakref
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .. import conf
from ..models import INSTALL_LIBRARY_PERMISSION, H5PLibrary
from . import filetypes
from . import messages as m
from .svg import clean_svg

MACHINE_NAME = re.compile(r"^[\w.\-]{1,255}$")
LIBRARY_FOLDER = re.compile(r"^[\w.\-]{1,255}$", re.ASCII)  # H5P core's getLibraryData() and Lumi's rule
LANGUAGE_FILE = re.compile(r"^(-?[a-z]+){1,7}\.json$", re.IGNORECASE)  # H5P core and Lumi: vi.json, pt-br.json
# The H5P core API that the bundled player implements: h5p-standalone 3.8.2 (courses/h5p/static/h5p/player/VERSION)
# ships H5P core's JavaScript as updated "to match upstream" in its 3.8.0: h5p-php-library 1.27, whose
# H5PCore::$coreApi is 1.27 and whose core scripts first include js/h5p-tooltip.js (H5P.Tooltip, in the player's
# frame.bundle.js; the h5p-core-30 icon font too). The Lumi server declares the same coreApiVersion. Raise it with
# the player.
PLAYER_CORE_API = (1, 27)
PLAYER_VERSION = "3.8.2"
CHUNK = 64 * 1024
H5P_JSON = "h5p.json"
CONTENT_JSON = "content/content.json"


class H5PValidationError(Exception):
    """The package was refused; ``messages`` holds one translated message per problem."""

    def __init__(self, messages):
        self.messages = list(dict.fromkeys(str(message) for message in messages))
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class LibraryRef:
    machine_name: str
    major: int
    minor: int

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.machine_name, self.major, self.minor)

    @property
    def folder_name(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"


@dataclass
class PackageLibrary:
    folder: str
    ref: LibraryRef
    patch: int
    metadata: dict
    dependencies: list[LibraryRef]
    action: str = "reuse"  # "install", "upgrade" or "reuse" (an installed copy of the same or a later patch)
    installed_patch: int | None = None  # the patch already installed at this major.minor, if any

    def __str__(self) -> str:
        return f"{self.ref.machine_name} {self.ref.major}.{self.ref.minor}.{self.patch}"


@dataclass
class ValidatedPackage:
    workdir: Path  # private temporary folder; the unpacked package is in ``workdir / "package"``
    h5p_json: dict
    content_json: dict
    main: LibraryRef
    required: list[LibraryRef]  # every library the activity runs on, main first
    libraries: dict[tuple, PackageLibrary] = field(default_factory=dict)  # package libraries that are required
    unpacked_bytes: int = 0
    name: str = ""
    notices: list[str] = field(default_factory=list)  # what was changed on the way in (SVG cleaned), for the editor

    def __post_init__(self):
        self._finalizer = weakref.finalize(self, shutil.rmtree, str(self.workdir), True)

    @property
    def package_dir(self) -> Path:
        return self.workdir / "package"

    @property
    def title(self) -> str:
        return str(self.h5p_json.get("title") or "").strip()[:255]

    @property
    def language(self) -> str:
        return str(self.h5p_json.get("language") or "")[:16]

    @property
    def to_install(self) -> list[PackageLibrary]:
        return [lib for lib in self.libraries.values() if lib.action in ("install", "upgrade")]

    def cleanup(self) -> None:
        self._finalizer()


# --- helpers --------------------------------------------------------------------------------------


def _mb(size: int) -> str:
    return f"{size / conf.MB:.1f}"


def unsafe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or any(ord(c) < 32 for c in name):
        return True
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    parts = name[:-1].split("/") if name.endswith("/") else name.split("/")
    return any(part in ("", ".", "..") for part in parts)


def skipped(name: str) -> bool:
    """H5P core does not unpack files or folders whose name starts with ``.`` or ``_`` (``__MACOSX/…``,
    ``.DS_Store``), nor files at the root other than ``h5p.json``; neither does this validator."""
    parts = name.rstrip("/").split("/")
    if any(part.startswith((".", "_")) for part in parts):
        return True
    return len(parts) == 1 and not name.endswith("/") and name != H5P_JSON


def _file_type(info: zipfile.ZipInfo) -> int:
    return stat.S_IFMT(info.external_attr >> 16)


def _size_of(source) -> int:
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    if getattr(source, "size", None) is not None:
        return int(source.size)
    position = source.tell()
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


MAX_VERSION = 2**31 - 1  # the largest number the version columns (PositiveIntegerField) hold on every database


def _int(value) -> int | None:
    """A version number: a non-negative integer, or a string of ASCII digits (``"1"``), up to ``MAX_VERSION``.
    ``None`` for anything else: ``"²"`` and ``"١"`` are ``isdigit()`` but not numbers ``int()`` should see, a
    5000-digit string exceeds Python's conversion limit, and 10**30 no database column holds (audit 2026-12-04)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdecimal() and len(value) <= 10:
        value = int(value)
    if isinstance(value, int) and 0 <= value <= MAX_VERSION:
        return value
    return None


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):  # 1e400
        raise ValueError(f"{text} is not a finite number")
    return value


def storable_json(text: str):
    """``json.loads`` for JSON that the database will store: ``ValueError`` for NaN and infinite numbers (not
    JSON, refused by SQLite's JSON_VALID and PostgreSQL), NUL characters and lone surrogates (refused by
    PostgreSQL's jsonb and text columns), and nesting too deep for the parser (``RecursionError``)."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:  # "[[[[…" nested thousands deep
        raise ValueError("nested too deeply")
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            if "\x00" in value:
                raise ValueError("NUL character (\\u0000)")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("lone surrogate")
    return data


def _load_json(path: Path):
    return storable_json(path.read_bytes().decode("utf-8-sig"))


def _refs(items, errors: list, field_message, field_name: str) -> list[LibraryRef]:
    """``[{machineName, majorVersion, minorVersion}]`` → refs; a malformed entry adds ``field_message``."""
    refs = []
    if items is None:
        return refs
    if not isinstance(items, list):
        errors.append(field_message(field_name))
        return refs
    for item in items:
        ref = None
        if isinstance(item, dict):
            name, major, minor = item.get("machineName"), _int(item.get("majorVersion")), _int(item.get("minorVersion"))
            if isinstance(name, str) and MACHINE_NAME.match(name) and major is not None and minor is not None:
                ref = LibraryRef(name, major, minor)
        if ref is None:
            errors.append(field_message(field_name))
        else:
            refs.append(ref)
    return refs


def _core_api(data: dict, file: str, errors: list) -> None:
    """H5P core's rule (``isValidH5pData``), also Lumi's ``checkCoreVersion``: a ``coreApi`` newer than the one the
    player implements is refused; a malformed one is a field error; none means 1.0."""
    if "coreApi" not in data or data["coreApi"] in (None, {}, []):
        return
    core = data["coreApi"]
    major = _int(core.get("majorVersion")) if isinstance(core, dict) else None
    minor = _int(core.get("minorVersion", 0)) if isinstance(core, dict) else None
    if major is None or minor is None:
        errors.append(m.CORE_API_INVALID % {"file": file})
        return
    if (major, minor) > PLAYER_CORE_API:
        errors.append(m.CORE_API_UNSUPPORTED % {
            "file": file, "required": f"{major}.{minor}", "current": ".".join(map(str, PLAYER_CORE_API)),
            "player": PLAYER_VERSION,
        })


def _check_library_json_files(folder: Path, errors: list) -> None:
    """``semantics.json`` (when present) and every ``language/*.json`` must parse; language files are named by a
    language code (H5P core's ``getLibraryData`` and Lumi's ``libraryLanguageFilesMustBeValid``)."""
    semantics = folder / "semantics.json"
    if semantics.is_file():
        try:
            _load_json(semantics)
        except (ValueError, UnicodeDecodeError) as exc:
            errors.append(m.SEMANTICS_INVALID % {"name": f"{folder.name}/semantics.json", "error": str(exc)[:200]})
    language = folder / "language"
    if language.is_dir():
        for path in sorted(language.iterdir()):
            name = f"{folder.name}/language/{path.name}"
            if path.is_dir() or not LANGUAGE_FILE.match(path.name):
                errors.append(m.LANGUAGE_FILE_NAME % {"name": name})
                continue
            try:
                _load_json(path)
            except (ValueError, UnicodeDecodeError) as exc:
                errors.append(m.LANGUAGE_FILE_INVALID % {"name": name, "error": str(exc)[:200]})


# --- the checks -----------------------------------------------------------------------------------


def _check_members(zf: zipfile.ZipFile) -> tuple[list[zipfile.ZipInfo], list]:
    errors: list = []
    files: list[zipfile.ZipInfo] = []
    seen: set[str] = set()
    total = 0
    for info in zf.infolist():
        name = info.filename
        if unsafe_name(name) or unsafe_name(info.orig_filename.replace("\x00", "\\")):
            errors.append(m.UNSAFE_PATH % {"name": info.orig_filename[:200]})
            continue
        kind = _file_type(info)
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            errors.append(m.SYMLINK % {"name": name})
            continue
        if info.flag_bits & 0x1:
            errors.append(m.ENCRYPTED % {"name": name})
            continue
        if info.is_dir() or skipped(name):
            continue
        folded = name.casefold()
        if folded in seen:
            errors.append(m.DUPLICATE_NAME % {"name": name})
            continue
        seen.add(folded)
        files.append(info)
        total += info.file_size
        if info.file_size > conf.max_file_bytes():
            errors.append(
                m.FILE_TOO_LARGE % {"name": name, "size": _mb(info.file_size), "limit": _mb(conf.max_file_bytes())}
            )
        errors.extend(_check_place(name))
    if len(files) > conf.max_files():
        errors.append(m.TOO_MANY_FILES % {"count": len(files), "limit": conf.max_files()})
    if total > conf.max_unpacked_bytes():
        errors.append(m.TOO_LARGE_UNPACKED % {"size": _mb(total), "limit": _mb(conf.max_unpacked_bytes())})
    return files, errors


def _check_place(name: str) -> list:
    parts = name.split("/")
    ext = filetypes.extension(name)
    if len(parts) == 1:
        return []  # h5p.json (anything else at the root is skipped)
    if parts[0] == "content":
        return [] if ext in filetypes.CONTENT_EXTENSIONS else [m.CONTENT_EXTENSION % {"name": name}]
    if not LIBRARY_FOLDER.match(parts[0]):
        return [m.LIBRARY_FOLDER_NAME % {"folder": parts[0][:200]}]
    return [] if ext in filetypes.LIBRARY_EXTENSIONS else [m.LIBRARY_EXTENSION % {"name": name}]


def _extract(zf: zipfile.ZipFile, files: list[zipfile.ZipInfo], target: Path) -> tuple[int, list]:
    """Write each member below ``target``, counting real bytes; returns (bytes written, errors)."""
    errors: list = []
    total = 0
    root = target.resolve()
    for info in files:
        destination = (target / info.filename).resolve()
        if root not in destination.parents:
            errors.append(m.UNSAFE_PATH % {"name": info.filename})
            return total, errors
        written = 0
        ext = filetypes.extension(info.filename)
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
        except OSError:  # a folder named like a file already written, or a name too long for the disk
            errors.append(m.UNSAFE_PATH % {"name": info.filename})
            return total, errors
        try:
            with zf.open(info) as source, open(destination, "xb") as sink:
                head = b""
                while True:
                    chunk = source.read(CHUNK)
                    if not chunk:
                        break
                    if len(head) < filetypes.MAGIC_BYTES:
                        head = (head + chunk)[: filetypes.MAGIC_BYTES]
                    written += len(chunk)
                    total += len(chunk)
                    if written > info.file_size:
                        errors.append(m.SIZE_MISMATCH % {"name": info.filename})
                        return total, errors
                    if written > conf.max_file_bytes():
                        errors.append(m.FILE_TOO_LARGE % {"name": info.filename, "size": _mb(written),
                                                          "limit": _mb(conf.max_file_bytes())})
                        return total, errors
                    if total > conf.max_unpacked_bytes():
                        errors.append(m.TOO_LARGE_UNPACKED % {"size": _mb(total),
                                                              "limit": _mb(conf.max_unpacked_bytes())})
                        return total, errors
                    sink.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
            errors.append(m.CORRUPT_MEMBER % {"name": info.filename})
            return total, errors
        if not filetypes.magic_matches(ext, head):
            errors.append(m.MAGIC_MISMATCH % {"name": info.filename, "ext": ext})
    return total, errors


def _clean_content_svgs(package: Path, files: list[zipfile.ZipInfo], errors: list, notices: list) -> None:
    """Rewrite each SVG under ``content/`` through the sanitiser; report what was removed."""
    for info in files:
        name = info.filename
        if not name.startswith("content/") or filetypes.extension(name) not in filetypes.SVG_EXTENSIONS:
            continue
        path = package / name
        try:
            cleaned = clean_svg(path.read_bytes())
        except (ValueError, UnicodeDecodeError):
            errors.append(m.SVG_INVALID % {"name": name})
            continue
        path.write_bytes(cleaned.data)
        if cleaned.removed:
            notices.append(m.SVG_CLEANED % {"name": name, "removed": ", ".join(cleaned.removed)[:500]})


def _parse_h5p_json(package: Path, errors: list) -> tuple[dict, list[LibraryRef], LibraryRef | None]:
    path = package / H5P_JSON
    if not path.is_file():
        errors.append(m.H5P_JSON_MISSING)
        return {}, [], None
    try:
        data = _load_json(path)
    except (ValueError, UnicodeDecodeError) as exc:
        errors.append(m.H5P_JSON_INVALID % {"error": str(exc)[:200]})
        return {}, [], None
    if not isinstance(data, dict):
        errors.append(m.H5P_JSON_INVALID % {"error": "not an object"})
        return {}, [], None

    def field_error(name):
        return m.H5P_JSON_FIELD % {"field": name}

    if not isinstance(data.get("title"), str) or not data["title"].strip():
        errors.append(field_error("title"))
    main_name = data.get("mainLibrary")
    if not isinstance(main_name, str) or not MACHINE_NAME.match(main_name):
        errors.append(field_error("mainLibrary"))
        main_name = None
    if "language" in data and not isinstance(data["language"], str):
        errors.append(field_error("language"))
    if "embedTypes" in data and not isinstance(data["embedTypes"], list):
        errors.append(field_error("embedTypes"))
    _core_api(data, H5P_JSON, errors)
    if not isinstance(data.get("preloadedDependencies"), list) or not data["preloadedDependencies"]:
        errors.append(field_error("preloadedDependencies"))
        return data, [], None
    deps = _refs(data["preloadedDependencies"], errors, field_error, "preloadedDependencies")
    main = next((ref for ref in deps if ref.machine_name == main_name), None)
    if main_name and main is None:
        errors.append(m.MAIN_LIBRARY_NOT_DEPENDENCY % {"library": main_name})
    return data, deps, main


def _parse_content_json(package: Path, errors: list) -> dict:
    path = package / CONTENT_JSON
    if not path.is_file():
        errors.append(m.CONTENT_JSON_MISSING)
        return {}
    try:
        data = _load_json(path)
    except (ValueError, UnicodeDecodeError) as exc:
        errors.append(m.CONTENT_JSON_INVALID % {"error": str(exc)[:200]})
        return {}
    if not isinstance(data, dict):
        errors.append(m.CONTENT_JSON_INVALID % {"error": "not an object"})
        return {}
    return data


def _parse_libraries(package: Path, errors: list) -> dict[tuple, PackageLibrary]:
    libraries: dict[tuple, PackageLibrary] = {}
    for folder in sorted(p for p in package.iterdir() if p.is_dir() and p.name != "content"):
        path = folder / "library.json"
        if not path.is_file():
            errors.append(m.LIBRARY_JSON_MISSING % {"folder": folder.name})
            continue
        try:
            data = _load_json(path)
        except (ValueError, UnicodeDecodeError) as exc:
            errors.append(m.LIBRARY_JSON_INVALID % {"folder": folder.name, "error": str(exc)[:200]})
            continue
        problems: list = []

        def field_error(name, folder=folder):
            return m.LIBRARY_JSON_INVALID % {"folder": folder.name, "error": f"“{name}”"}

        if not isinstance(data, dict):
            errors.append(field_error("{}"))
            continue
        name = data.get("machineName")
        major, minor, patch = (_int(data.get(k)) for k in ("majorVersion", "minorVersion", "patchVersion"))
        if not isinstance(name, str) or not MACHINE_NAME.match(name):
            problems.append(field_error("machineName"))
        for key, value in (("majorVersion", major), ("minorVersion", minor), ("patchVersion", patch)):
            if value is None:
                problems.append(field_error(key))
        if not isinstance(data.get("title"), str):
            problems.append(field_error("title"))
        deps = _refs(data.get("preloadedDependencies"), problems, field_error, "preloadedDependencies")
        if problems:
            errors.extend(problems)
            continue
        ref = LibraryRef(name, major, minor)
        if folder.name not in (ref.folder_name, name):
            errors.append(m.LIBRARY_FOLDER_MISMATCH % {"folder": folder.name, "library": f"{ref}.{patch}"})
            continue
        _core_api(data, f"{folder.name}/library.json", errors)
        _check_library_json_files(folder, errors)
        for kind, suffix in (("preloadedJs", ".js"), ("preloadedCss", ".css")):
            entries = data.get(kind) or []
            if not isinstance(entries, list):
                errors.append(field_error(kind))
                continue
            for entry in entries:
                relative = entry.get("path") if isinstance(entry, dict) else None
                if not isinstance(relative, str) or unsafe_name(relative) or not relative.lower().endswith(suffix):
                    errors.append(field_error(kind))
                elif not (folder / relative).is_file():
                    errors.append(m.LIBRARY_FILE_MISSING % {"library": str(ref), "name": relative})
        libraries[ref.key] = PackageLibrary(folder=folder.name, ref=ref, patch=patch, metadata=data, dependencies=deps)
    return libraries


def _installed(ref: LibraryRef):
    return H5PLibrary.objects.filter(
        machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor
    ).first()


def _resolve(deps: list[LibraryRef], main: LibraryRef | None, available: dict, errors: list):
    """Walk preloadedDependencies from h5p.json through each library.json (package copy, else installed copy).
    Returns the required refs (main first) and the package libraries that are used, with their action."""
    required: list[LibraryRef] = []
    used: dict[tuple, PackageLibrary] = {}
    queue = [(ref, "h5p.json") for ref in ([main] if main else []) + deps]
    seen: set[tuple] = set()
    while queue:
        ref, needed_by = queue.pop(0)
        if ref.key in seen:
            continue
        seen.add(ref.key)
        packaged, installed = available.get(ref.key), _installed(ref)
        if packaged is not None:
            packaged.installed_patch = installed.patch_version if installed is not None else None
            if installed is None:
                packaged.action = "install"
            elif packaged.patch > installed.patch_version:
                packaged.action = "upgrade"
            else:
                packaged.action = "reuse"
            used[ref.key] = packaged
            children = packaged.dependencies
            metadata = packaged.metadata
        elif installed is not None:
            children = _refs(installed.metadata.get("preloadedDependencies"), [], lambda n: n, "")
            metadata = installed.metadata
        else:
            errors.append(m.LIBRARY_MISSING % {"library": str(ref), "needed_by": needed_by})
            continue
        if ref == main and not metadata.get("runnable"):
            errors.append(m.MAIN_LIBRARY_NOT_RUNNABLE % {"library": str(ref)})
        required.append(ref)
        queue.extend((child, str(ref)) for child in children)
    return required, used


def validate_package(source, *, user=None, name: str = "") -> ValidatedPackage:
    """Check ``source`` (a path or a file object, e.g. an ``UploadedFile``) as uploaded by ``user`` (``None``:
    the command line, which may install libraries). Raises ``H5PValidationError``; on success the caller owns
    the returned package and must ``cleanup()`` it (the services do)."""
    size = _size_of(source)
    if size > conf.max_upload_bytes():
        raise H5PValidationError([m.UPLOAD_TOO_LARGE % {"size": _mb(size), "limit": _mb(conf.max_upload_bytes())}])
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise H5PValidationError([m.NOT_A_ZIP])

    tmp_root = conf.root() / ".tmp"
    tmp_root.mkdir(parents=True, exist_ok=True)
    workdir = tmp_root / uuid.uuid4().hex
    workdir.mkdir()
    ok = False
    notices: list = []
    try:
        with zf:
            files, errors = _check_members(zf)
            if errors:
                raise H5PValidationError(errors)
            package_dir = workdir / "package"
            package_dir.mkdir()
            written, errors = _extract(zf, files, package_dir)
            if errors:
                raise H5PValidationError(errors)
            _clean_content_svgs(package_dir, files, errors, notices)
            if errors:
                raise H5PValidationError(errors)
        errors = []
        h5p_json, deps, main = _parse_h5p_json(package_dir, errors)
        content_json = _parse_content_json(package_dir, errors)
        available = _parse_libraries(package_dir, errors)
        if errors:
            raise H5PValidationError(errors)
        required, used = _resolve(deps, main, available, errors)
        if errors:
            raise H5PValidationError(errors)
        package = ValidatedPackage(
            workdir=workdir, h5p_json=h5p_json, content_json=content_json, main=main, required=required,
            libraries=used, unpacked_bytes=written, name=name or getattr(source, "name", "") or "",
            notices=[str(notice) for notice in notices],
        )
        if package.to_install and user is not None and not user.has_perm(INSTALL_LIBRARY_PERMISSION):
            new = [lib for lib in package.to_install if lib.action == "install"]
            if new:
                labels = ", ".join(str(lib) for lib in new)
                raise H5PValidationError([m.INSTALL_PERMISSION % {"libraries": labels}])
            # A later patch of an installed library: as H5P core does for a user who may not update libraries,
            # the activity runs on the installed patch (same major.minor: compatible); a reviewer's upload of the
            # same package upgrades it.
            for lib in package.to_install:
                lib.action = "reuse"
                package.notices.append(str(m.UPGRADE_NEEDS_REVIEWER % {
                    "library": str(lib), "installed": f"{lib.ref.major}.{lib.ref.minor}.{lib.installed_patch}"}))
        ok = True
        return package
    finally:
        if not ok:
            shutil.rmtree(workdir, ignore_errors=True)
