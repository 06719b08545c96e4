"""Writes for H5P: storing a validated package (libraries once per version, content per activity), recording
xAPI statements and best results. Reads that other apps call live in ``selectors`` and are re-exported here
(``activities_passed``).

Scores come from the learner's browser and are **formative**: a lesson may require an activity's score (the
block's ``pass_percent``), but certificates and standard tests rely only on server-scored quizzes.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import ADD_ACTIVITY_PERMISSION, H5PActivity, H5PLibrary, H5PResult, H5PStatement
from .selectors import ACTIVITIES_NOT_PASSED, activities_passed, pending_activities
from .tasks import forward_statement
from .validation import H5PValidationError, ValidatedPackage, messages, validate_package
from .xapi import CleanStatement, clean_statement

__all__ = [
    "ACTIVITIES_NOT_PASSED",
    "H5PValidationError",
    "activities_passed",
    "h5p_activity_create",
    "h5p_activity_replace",
    "h5p_import",
    "pending_activities",
    "statement_record",
]

LIBRARY_RACE = _("Một thư viện trong gói vừa được cài bởi lượt tải lên khác. Hãy tải lại gói này.")


class _Moves:
    """Directory renames inside ``H5P_ROOT`` (one filesystem, so each rename is atomic), undone in reverse
    order when the database transaction fails; replaced folders are deleted only after the commit."""

    def __init__(self):
        self._undo: list = []
        self._trash: list[Path] = []

    def put(self, source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            old = target.with_name(f".old-{target.name}-{uuid.uuid4().hex[:8]}")
            os.rename(target, old)
            self._undo.append(lambda: os.rename(old, target))
            self._trash.append(old)
        os.rename(source, target)
        self._undo.append(lambda: os.rename(target, source))

    def rollback(self) -> None:
        for undo in reversed(self._undo):
            try:
                undo()
            except OSError:
                pass
        self._undo.clear()
        self._trash.clear()

    def commit(self) -> None:
        for path in self._trash:
            shutil.rmtree(path, ignore_errors=True)


def _install_libraries(package: ValidatedPackage, user, moves: _Moves) -> list[H5PLibrary]:
    """Create or upgrade the package's new libraries; return every library the activity needs (main first)."""
    root = conf.root()
    for lib in package.libraries.values():
        if lib.action == "reuse":
            continue
        ref = lib.ref
        fields = {
            "patch_version": lib.patch,
            "title": str(lib.metadata.get("title", ""))[:255],
            "runnable": bool(lib.metadata.get("runnable")),
            "path": f"libraries/{ref.folder_name}",
            "metadata": lib.metadata,
            "installed_by": user if getattr(user, "pk", None) else None,
        }
        existing = (
            H5PLibrary.objects.select_for_update()
            .filter(machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor)
            .first()
        )
        if existing is None:
            H5PLibrary.objects.create(
                machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor, **fields
            )
        elif existing.patch_version < lib.patch:
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save()
        else:  # installed meanwhile at the same or a later patch: keep it
            continue
        moves.put(package.package_dir / lib.folder, root / "libraries" / ref.folder_name)
    libraries = []
    for ref in package.required:
        library = H5PLibrary.objects.filter(
            machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor
        ).first()
        if library is None:
            raise H5PValidationError([messages.LIBRARY_MISSING % {"library": str(ref), "needed_by": "h5p.json"}])
        libraries.append(library)
    return libraries


def _prune(package: ValidatedPackage) -> None:
    """Leave only ``h5p.json`` and ``content/`` in the package folder (library copies not installed go)."""
    for child in package.package_dir.iterdir():
        if child.is_dir() and child.name != "content":
            shutil.rmtree(child)


def _store(*, package: ValidatedPackage, user, activity: H5PActivity | None, title: str) -> H5PActivity:
    moves = _Moves()
    try:
        with transaction.atomic():
            libraries = _install_libraries(package, user, moves)
            _prune(package)
            if activity is None:
                activity = H5PActivity(created_by=user if getattr(user, "pk", None) else None)
            activity.title = (title or package.title or package.name or "H5P")[:255]
            activity.main_library = libraries[0]
            activity.language = package.language
            activity.h5p_json = package.h5p_json
            activity.package_name = os.path.basename(package.name or "")[:255]
            activity.package_size = package.unpacked_bytes
            activity.revision = uuid.uuid4().hex
            activity.full_clean(exclude=["libraries"])
            activity.save()
            activity.libraries.set(libraries)
            moves.put(package.package_dir, conf.root() / activity.content_dir)
    except IntegrityError:
        moves.rollback()
        raise H5PValidationError([LIBRARY_RACE])
    except BaseException:
        moves.rollback()
        raise
    transaction.on_commit(moves.commit)
    return activity


def h5p_activity_create(*, package: ValidatedPackage, user=None, title: str = "") -> H5PActivity:
    """Store a validated package as a new activity. The package's temporary folder is always removed."""
    try:
        if user is not None and not user.has_perm(ADD_ACTIVITY_PERMISSION):
            raise H5PValidationError([messages.ADD_PERMISSION])
        return _store(package=package, user=user, activity=None, title=title)
    finally:
        package.cleanup()


def h5p_activity_replace(*, activity: H5PActivity, package: ValidatedPackage, user=None, title: str = "") -> H5PActivity:
    """Replace an activity's package (same id, so lessons that use it keep working); results are kept."""
    try:
        return _store(package=package, user=user, activity=activity, title=title or activity.title)
    finally:
        package.cleanup()


def h5p_import(*, source, user=None, title: str = "", name: str = "") -> H5PActivity:
    """Validate then store ``source`` (path or file object). Raises ``H5PValidationError``."""
    package = validate_package(source, user=user, name=name or str(getattr(source, "name", source)))
    return h5p_activity_create(package=package, user=user, title=title)


def h5p_activity_delete_files(activity_id: int) -> None:
    shutil.rmtree(conf.root() / "content" / str(activity_id), ignore_errors=True)


# --- xAPI -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    statement: H5PStatement
    result: H5PResult | None


def statement_record(*, user, activity: H5PActivity, data) -> Recorded:
    """Validate and store one statement (actor replaced by ``user``); update the learner's best result when
    the statement is about the whole activity and carries a score or completion. Raises ``XAPIError``."""
    clean: CleanStatement = clean_statement(data, user=user, activity=activity)
    forward = bool(conf.lrs_endpoint())
    with transaction.atomic():
        statement = H5PStatement.objects.create(
            uuid=clean.uuid,
            user=user,
            activity=activity,
            verb=clean.verb,
            scaled=clean.scaled,
            raw=clean.raw,
            max=clean.max,
            completion=clean.completion,
            success=clean.success,
            sub_content=clean.sub_content,
            statement=clean.statement,
            lrs_status=H5PStatement.LRSStatus.PENDING if forward else "",
        )
        result = None
        if not clean.sub_content and (clean.scaled is not None or clean.completion or clean.success):
            result = _update_result(user=user, activity=activity, clean=clean)
        if forward:
            transaction.on_commit(lambda: forward_statement.enqueue(statement.pk))
    return Recorded(statement=statement, result=result)


def _update_result(*, user, activity: H5PActivity, clean: CleanStatement) -> H5PResult:
    try:
        with transaction.atomic():
            H5PResult.objects.get_or_create(user=user, activity=activity)
    except IntegrityError:
        pass
    result = H5PResult.objects.select_for_update().get(user=user, activity=activity)
    if clean.scaled is not None and (result.best_scaled is None or clean.scaled > result.best_scaled):
        result.best_scaled, result.best_raw, result.best_max = clean.scaled, clean.raw, clean.max
    result.completed = result.completed or bool(clean.completion)
    result.success = result.success or bool(clean.success)
    result.statements += 1
    result.save()
    return result
