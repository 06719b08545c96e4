"""Put an H5P activity into a lesson (the xAPI endpoint accepts statements only for activities placed in a live
lesson the learner may open: ``courses.h5p.placement``)."""

from __future__ import annotations

import itertools

_numbers = itertools.count(1)


def place_in_lesson(activity, *, publish_lesson: bool = True, publish_course: bool = True):
    """A home › catalogue › course › lesson whose body holds ``activity``; returns the lesson."""
    from wagtail.models import Page

    from courses.models import CourseIndexPage, CoursePage, HomePage, LessonPage, Topic

    n = next(_numbers)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Học vụ số", slug=f"h5p-home-{n}"))
    index = home.add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc"))
    course = index.add_child(instance=CoursePage(
        title="Khóa có hoạt động H5P", slug="khoa-h5p", summary="Thử hoạt động tương tác.",
        topic=Topic.objects.get(slug="an-toan-tren-mang"), estimated_minutes=10,
    ))
    lesson = course.add_child(instance=LessonPage(
        title="Bài có H5P", slug="bai-h5p", body=[{"type": "h5p", "value": {
            "activity": activity.pk, "title": "", "required": False, "pass_percent": 60}}],
    ))
    for page in (home, index, *([course] if publish_course else []), *([lesson] if publish_lesson else [])):
        page.save_revision().publish()
    if not publish_course:
        course.unpublish()
    if not publish_lesson:
        lesson.unpublish()
    return LessonPage.objects.get(pk=lesson.pk)
