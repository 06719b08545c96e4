"""Thin views: translate a request into a service call and its result into a message and a redirect (PRG).
Pages themselves (catalogue, course, lesson) are served by Wagtail; see the models' ``get_context``."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from lms import fastlane
from lms.organisations.selectors import any_active_requirement

from . import fastlane_pages, selectors, services
from .models import CourseIndexPage, CoursePage, LessonPage


def catalogue_redirect(request):
    """Stable URL for the catalogue, whatever the editors call its page, in the active language. The query string
    goes along: a test result's recommendation (``/learn/courses/?area=6``) opens the catalogue filtered."""
    index = CourseIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    index = index or CourseIndexPage.objects.live().first()
    url = index.url if index else "/"
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@fastlane.capturable
@login_required
def my_learning(request):
    mine = selectors.learner_courses(user=request.user)
    # Requirements are read only while some are active (cached flag): the page then costs no query of its own.
    required = selectors.required_for(user=request.user) if any_active_requirement() else []
    fastlane_pages.mark_my_learning(request)
    return render(
        request,
        "courses/my_learning.html",
        {
            "in_progress": mine.in_progress,
            "any_in_progress": bool(mine.in_progress),
            "completed": mine.completed,
            "any_completed": bool(mine.completed),
            "required": required,
        },
    )


def _back_to(request, page, fragment=""):
    url = page.get_url(request) or "/"
    return redirect(url + fragment)


ENROLLED_JUST_NOW = dt.timedelta(seconds=30)


def _pending(request, text: str) -> bool:
    """Whether ``text`` waits among the request's messages (read without using them up, as Django's docs allow)."""
    storage = messages.get_messages(request)
    waiting = any(str(message) == text for message in storage)
    storage.used = False
    return waiting


@require_POST
def enrol(request, course_id):
    """*Bắt đầu học*: the one way to enrol (idempotent: a double click enrols once). Leads to the lesson the learner
    was reading (``lesson`` in the form) when it is open to them, else to the first incomplete lesson."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_url(request))
    enrollment, created = services.enrol(user=request.user, course=course)
    # A double click sends two POSTs and the browser shows only the second's page: the confirmation is said again
    # for an enrolment made moments ago, or it would be lost with the abandoned first page.
    said = services.ENROLLED % {"course": course.title}
    if created or enrollment.enrolled_at >= timezone.now() - ENROLLED_JUST_NOW and not _pending(request, said):
        messages.success(request, said)
    progress = selectors.course_progress(user=request.user, course=course)
    lesson = None
    wanted = request.POST.get("lesson", "")
    if wanted.isdigit():
        lesson = next((item for item in progress.lessons if item.pk == int(wanted)), None)
        lesson = lesson if lesson is not None and progress.is_open(lesson) else None
    return _back_to(request, lesson or progress.continue_lesson or course)


@require_POST
def complete_lesson(request, lesson_id):
    """The learner reached the end of a lesson (*Hoàn thành bài học*, *Bài tiếp theo*). The rule decides whether it
    is complete; when it is not, the learner is told plainly what is missing, and moves on only in a free course."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_url(request))
    try:
        result = services.complete_lesson(user=request.user, lesson=lesson)
    except services.LearningError as error:
        messages.error(request, error.message)
        return _back_to(request, lesson, "#complete")
    course = lesson.course()
    if result.course_completed:
        messages.success(request, services.COURSE_COMPLETED % {"course": course.title})
        return _back_to(request, course, "#certificate")
    progress = selectors.course_progress(user=request.user, course=course)
    following = progress.neighbours(lesson)[1]
    if result.lesson_complete:
        if result.lesson_created:
            messages.success(request, services.LESSON_COMPLETED % {"lesson": lesson.title})
        return _back_to(request, following or course, "" if following else "#certificate" if progress.is_complete else "")
    missing = services.missing_message(lesson=lesson, state=result.state)
    if following is None or not progress.is_open(following):
        extra = services.MUST_COMPLETE_FIRST if following is not None else ""
        messages.warning(request, f"{missing} {extra}".strip())
        return _back_to(request, lesson, "#complete")
    messages.warning(request, f"{missing} {services.MOVED_ON_INCOMPLETE}")
    return _back_to(request, following)


@require_POST
def submit_check(request, lesson_id, block_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_url(request))
    block = services.find_check(lesson, block_id)
    if block is None:
        messages.error(request, services.CHECK_NOT_FOUND)
        return _back_to(request, lesson)
    answers = services.check_answers_from_form(block.value, block_id=block_id, token=request.POST.get("token", ""),
                                               getlist=request.POST.getlist)
    try:
        _submission, result = services.submit_knowledge_check(
            user=request.user, lesson=lesson, block_id=block_id, answers=answers, token=request.POST.get("token", "")
        )
    except services.LearningError as error:
        messages.error(request, error.message)
        return _back_to(request, lesson, f"#check-{block_id}")
    if result.passed:
        messages.success(request, services.CHECK_PASSED % {"percent": result.percent})
    else:
        messages.warning(
            request, services.CHECK_FAILED % {"percent": result.percent, "needed": result.pass_percent}
        )
    return _back_to(request, lesson, f"#check-{block_id}-result")
