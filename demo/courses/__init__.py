"""The demo courses (see ``demo/FORMAT.md``), in catalogue order, loaded by ``manage.py load_demo``.

Each course is a YAML file in this folder; :func:`load_course` reads one into the dict the loader expects
(a lesson ``body`` written as a list of one-key mappings ``- heading: {...}`` becomes ``(block_type, value)``
tuples). A file listed here that is missing or malformed is an error, never a silently skipped course.
"""

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

# Catalogue order.
COURSE_FILES = [
    "ky-nang-so-co-ban.yaml",
    "an-toan-tren-khong-gian-mang.yaml",
    "tri-tue-nhan-tao-cho-moi-nguoi.yaml",
]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CourseFileError(ValueError):
    """A course file that does not follow FORMAT.md."""


def _blocks(body: object, where: str) -> list[tuple[str, object]]:
    if not isinstance(body, list):
        raise CourseFileError(f"{where}: body must be a list of blocks")
    blocks = []
    for n, block in enumerate(body, start=1):
        if not (isinstance(block, dict) and len(block) == 1):
            raise CourseFileError(f"{where}: block {n} must be a one-key mapping (block_type: value)")
        ((block_type, value),) = block.items()
        blocks.append((block_type, value))
    return blocks


def _lessons_with_tuples(modules: list, where: str) -> None:
    for m, module in enumerate(modules or [], start=1):
        for n, lesson in enumerate(module.get("lessons") or [], start=1):
            if "body" in lesson:
                lesson["body"] = _blocks(lesson["body"], f"{where}, module {m}, lesson {n}")


def load_course(path: Path) -> dict:
    """One course file as the dict described in FORMAT.md."""
    with open(path, encoding="utf-8") as f:
        course = yaml.load(f, Loader=_Loader)  # a safe loader (CSafeLoader or SafeLoader)
    if not isinstance(course, dict) or not course.get("slug"):
        raise CourseFileError(f"{path.name}: a course is a mapping with a slug")
    _lessons_with_tuples(course.get("modules"), path.name)
    if course.get("translation_en"):
        _lessons_with_tuples(course["translation_en"].get("modules"), f"{path.name} (translation_en)")
    return course


COURSES = [load_course(HERE / name) for name in COURSE_FILES]
