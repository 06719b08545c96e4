"""The question page (a plain GET form that works without JavaScript) and the thumbs up/down."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from lms import ratelimit
from quizzes import selectors as quiz_selectors

from . import services

RATE_SALT = "assistant.rate"
CLOSED_DURING_TEST = _("Trợ lý tạm đóng trong lúc bạn làm bài kiểm tra chuẩn. Hãy nộp bài trước; "
                       "sau đó bạn có thể hỏi lại.")
THANKS = _("Cảm ơn bạn đã góp ý. Biên tập viên sẽ xem để viết bài học rõ hơn.")


def rate_token(log_id: int) -> str:
    return signing.dumps(log_id, salt=RATE_SALT)


def _course_id(value: str) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@require_GET
def ask(request):
    """``?q=…`` (and ``course=<id>`` from inside a lesson): the answer page; with ``fragment=1`` only the answer,
    for the script that shows it in place."""
    question = (request.GET.get("q") or "").strip()
    fragment = request.GET.get("fragment") == "1"
    context = {"question": question, "course_id": _course_id(request.GET.get("course", "")), "answer": None,
               "ASSISTANT_HELP_CONTACT": settings.ASSISTANT_HELP_CONTACT}
    if question and quiz_selectors.has_attempt_in_progress(user=request.user):
        # A standard test is an official record: nothing quotes the lessons it is about while it is open (the
        # box is not on its pages either; this is for another tab, or a URL typed by hand).
        context["closed"] = CLOSED_DURING_TEST
    elif question:
        refused = ratelimit.check(request, "assistant", per="user")
        if refused is not None:
            return refused
        answer = services.answer_question(question=question, language=get_language() or "vi",
                                          course_id=context["course_id"])
        context.update({"answer": answer, "rate_token": rate_token(answer.log_id) if answer.log_id else ""})
    template = "assistant/_answer.html" if fragment else "assistant/ask.html"
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def rate(request):
    """👍 or 👎 on an answer: the signed token names the answer (no account needed, nothing about the learner kept)."""
    refused = ratelimit.check(request, "assistant_rate", per="user")
    if refused is not None:
        return refused
    try:
        log_id = signing.loads(request.POST.get("token", ""), salt=RATE_SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        raise Http404 from None
    value = {"up": 1, "down": -1}.get(request.POST.get("value", ""))
    if value is None or not services.question_rate(question_id=int(log_id), value=value):
        raise Http404
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(f'<p class="assistant-thanks">{THANKS}</p>')
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = reverse("assistant:ask")
    messages.success(request, THANKS)
    return redirect(next_url)
