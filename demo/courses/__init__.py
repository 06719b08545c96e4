"""The demo courses (see ``demo/FORMAT.md``), in catalogue order, loaded by ``manage.py load_demo``."""

from . import course_ai, course_digital_skills, course_online_safety

COURSES = [course_digital_skills.COURSE, course_online_safety.COURSE, course_ai.COURSE]
