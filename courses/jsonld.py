"""schema.org structured data for course and lesson pages (rendered with ``{% jsonld %}``)."""

from __future__ import annotations

from django.conf import settings
from django.utils.html import strip_tags

from .models import CoursePage, LessonPage


def iso_duration(minutes: int | None) -> str | None:
    """ISO 8601 duration: 90 → ``PT1H30M``, 45 → ``PT45M``."""
    if not minutes:
        return None
    hours, rest = divmod(int(minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def provider() -> dict:
    return {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME}


def _clean(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def course_data(course: CoursePage, *, request=None, competences=None) -> dict:
    competences = list(course.competences.all()) if competences is None else competences
    url = course.get_full_url(request)
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Course",
            "@id": url,
            "url": url,
            "name": course.title,
            "description": course.summary or strip_tags(course.description),
            "provider": provider(),
            "inLanguage": course.locale.language_code,
            "educationalLevel": course.get_level_display(),
            "timeRequired": iso_duration(course.duration_minutes),
            "teaches": [competence.label for competence in competences],
            "isAccessibleForFree": True,
            "hasCourseInstance": {
                "@type": "CourseInstance",
                "courseMode": "online",
                "courseWorkload": iso_duration(course.duration_minutes),
            },
        }
    )


def lesson_data(lesson: LessonPage, *, course: CoursePage | None, request=None) -> dict:
    part_of = None
    if course is not None:
        part_of = {"@type": "Course", "@id": course.get_full_url(request), "name": course.title}
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "LearningResource",
            "url": lesson.get_full_url(request),
            "name": lesson.title,
            "description": lesson.summary,
            "learningResourceType": "lesson",
            "inLanguage": lesson.locale.language_code,
            "timeRequired": iso_duration(lesson.estimated_minutes),
            "isPartOf": part_of,
            "provider": provider(),
            "isAccessibleForFree": True,
        }
    )
