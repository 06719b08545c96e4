"""Thin views: translate a request into a service call and its result into a message and a redirect (PRG).
Pages themselves (catalogue, course, lesson) are served by Wagtail; see the models' ``get_context``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from . import selectors, services
from .models import CourseIndexPage, CoursePage, LessonPage


def catalogue_redirect(request):
    """Stable URL for the catalogue, whatever the editors call its page, in the active language. The query string
    goes along: a test result's recommendation (``/learn/courses/?area=6``) opens the catalogue filtered."""
    index = CourseIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    index = index or CourseIndexPage.objects.live().first()
    url = index.url if index else "/"
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@login_required
def my_learning(request):
    mine = selectors.learner_courses(user=request.user)
    return render(
        request,
        "courses/my_learning.html",
        {
            "in_progress": mine.in_progress,
            "completed": mine.completed,
            "required": selectors.required_for(user=request.user),
        },
    )


def _back_to(request, page, fragment=""):
    url = page.get_url(request) or "/"
    return redirect(url + fragment)


@require_POST
def enrol(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_url(request))
    _enrollment, created = services.enrol(user=request.user, course=course)
    if created:
        messages.success(request, services.ENROLLED % {"course": course.title})
    lesson = selectors.continue_lesson(user=request.user, course=course)
    return _back_to(request, lesson or course)


@require_POST
def complete_lesson(request, lesson_id):
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
        return _back_to(request, course)
    messages.success(request, services.LESSON_COMPLETED % {"lesson": lesson.title})
    following = selectors.course_progress(user=request.user, course=course).neighbours(lesson)[1]
    return _back_to(request, following or course)


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
