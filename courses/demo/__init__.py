"""Demo courses as Python data (see FORMAT.md), loaded by ``manage.py load_demo``.

``COURSES`` holds the ``COURSE`` dict of each module in ``COURSE_MODULES`` that exists, in that order, so the
loader works while some course modules are still being written.
"""

import importlib

COURSE_MODULES = ["course_digital_skills", "course_online_safety", "course_ai"]


def load_courses(names=COURSE_MODULES):
    """The ``COURSE`` dicts of the modules in ``names`` that can be imported (missing ones skipped)."""
    courses = []
    for name in names:
        qualified = f"{__name__}.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name != qualified:  # the module exists but something it imports does not: a real error
                raise
            continue
        courses.append(module.COURSE)
    return courses


COURSES = load_courses()
