"""Learner pages: tests available to me, a test's intro, the attempt form (with autosave), the result."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model

from lms import ratelimit
from lms.accounts.selectors import is_identity_verified

from . import drawpool, fragments, presenters, selectors, services
from .models import Assessment, Attempt, AttemptQuestion


def _my_attempt(request, pk, *, page: bool = False) -> Attempt:
    """The learner's attempt with its test (404 for another learner's). ``page``: only what the attempt page reads
    (not the rules and result JSON, nor the test's description and review bookkeeping)."""
    attempts = Attempt.objects.select_related("assessment")
    if page:
        attempts = attempts.only("id", "user", "state", "deadline", "assessment", "assessment__title")
    attempt = attempts.filter(pk=pk, user=request.user).first()
    if attempt is None:
        raise Http404
    return attempt


def assessment_list(request):
    """The tests open now, the learner's own group's standard test first, attempts in progress with their time
    left and *Tiếp tục làm bài*."""
    return render(request, "quizzes/assessment_list.html", {"assessments": selectors.standard_tests_for(user=request.user)})


def assessment_detail(request, slug):
    assessment = get_object_or_404(Assessment.objects.filter(live=True, is_published=True), slug=slug)
    context = {"assessment": assessment, "attempts": [], "open_attempt": None, "can_start": True}
    if request.user.is_authenticated:
        attempts = list(selectors.attempt_list_for_user(user=request.user, assessment=assessment))
        open_attempt = next((a for a in attempts if a.is_open), None)
        if open_attempt and services.attempt_expire_if_due(open_attempt):
            open_attempt = None
        context.update(attempts=attempts, open_attempt=open_attempt)
        if assessment.attempts_allowed and len(attempts) >= assessment.attempts_allowed and not open_attempt:
            context["can_start"] = False
        if assessment.requires_verified_identity and not open_attempt and not is_identity_verified(request.user):
            context.update(can_start=False, identity_required=True)
    try:
        services.assessment_check_available(assessment)
    except services.AttemptError as exc:
        context.update(can_start=False, unavailable=exc.message)
    if context["can_start"] and request.user.is_authenticated:
        # The draw pool ready before *Bắt đầu* is pressed: built (once, single flight) by the first learner to open
        # the test after a change of the bank, one cache read for the others; nobody waits here for a build.
        drawpool.pool_for(assessment.pk, wait=False)
    return render(request, "quizzes/assessment_detail.html", context)


@login_required
@require_POST
def attempt_start_view(request, slug):
    # No test row: the start reads the live version's settings from the precomputed pool.
    pool = drawpool.live_pool_for_slug(slug)
    if pool is None:
        raise Http404
    try:
        attempt = services.attempt_start(pool=pool, user=request.user)
    except services.AttemptError as exc:
        messages.error(request, exc.message)
        return redirect("quizzes:detail", slug=slug)
    except services.ValidationError as exc:
        messages.error(request, _("Bài kiểm tra chưa sẵn sàng: ") + " ".join(exc.messages))
        return redirect("quizzes:detail", slug=slug)
    return redirect("quizzes:attempt", pk=attempt.pk)


def _field_counts(query) -> dict[str, int]:
    return {name: len(query.getlist(name)) for name in query}


def _charge(request):
    return lambda cost: ratelimit.charge(request, "answer", per="user", cost=cost)


def _save_form(request, attempt) -> int:
    """Save every question whose fields are in the POST (the whole-form, no-JS path), in one bounded request."""
    positions = request.POST.getlist("positions")
    if not positions:
        if set(request.POST) - services.CONTROL_FIELDS:
            raise services.BadAnswerRequest(services.MSG_BAD_REQUEST)
        return 0
    saved = services.attempt_answers_save(attempt=attempt, user=request.user, positions=positions,
                                          getlist=request.POST.getlist, field_counts=_field_counts(request.POST),
                                          charge=_charge(request))
    return len(saved)


def _refused(request, exc, attempt):
    """The answer of a form post refused by ``services``: 400/429 pages, or back to the attempt or result."""
    if isinstance(exc, services.AnswerRateLimited):
        return ratelimit.too_many_requests(request, exc.retry_after)
    if isinstance(exc, services.BadAnswerRequest):
        return render(request, "quizzes/bad_request.html", {"attempt": attempt, "message": exc.message}, status=400)
    messages.error(request, exc.message)
    return redirect("quizzes:result" if isinstance(exc, services.AttemptClosed) else "quizzes:attempt", pk=attempt.pk)


@login_required
def attempt_page(request, pk):
    found = selectors.attempt_page_rows(attempt_id=pk, user=request.user) if request.method == "GET" else None
    if found is not None:
        attempt, rows = found
    else:
        attempt, rows = _my_attempt(request, pk, page=True), None
    if services.attempt_expire_if_due(attempt):
        if attempt.state == Attempt.State.TIMED_OUT:
            messages.info(request, _("Đã hết giờ làm bài: bài của bạn đã được nộp tự động."))
        elif request.method == "POST":
            messages.info(request, _("Bài làm này đã được nộp trước đó; kết quả không thay đổi."))
        return redirect("quizzes:result", pk=attempt.pk)
    if request.method == "POST":
        refused = ratelimit.check(request, "answer_requests", per="user")
        if refused is not None:
            return refused
        try:
            _save_form(request, attempt)
        except services.AttemptError as exc:
            return _refused(request, exc, attempt)
        if "finish" in request.POST:  # "Nộp bài": the summary first, then the confirmation
            return redirect("quizzes:submit", pk=attempt.pk)
        messages.success(request, _("Đã lưu câu trả lời."))
        anchor = request.POST.get("save", "")
        return redirect(f"{request.path}#q-{anchor}" if anchor.isdigit() else request.path)
    questions, answered = _questions_html(attempt, rows)
    return render(request, "quizzes/attempt.html", {
        "attempt": attempt, "assessment": attempt.assessment, "questions": questions, "total": len(questions),
        "seconds_left": services.seconds_left(attempt), "answered": answered, "form_texts": fragments.form_texts(),
    })


def _questions_html(attempt, rows=None) -> tuple[list[str], int]:
    """The attempt's questions as HTML (``fragments``: compiled once per version and language, assembled here
    with the attempt's order, public ids, answers and flags) and how many are answered. ``rows``: as
    ``selectors.attempt_page_rows`` gives them; else one query, the rows without their versions' data."""
    if rows is None:
        rows = list(AttemptQuestion.objects.filter(attempt_id=attempt.pk).order_by("position").values_list(
            "position", "version_id", "choice_order", "aliases", "response", "flagged"))
    parts = {vid: fragments.compiled(vid, None) for vid in {row[1] for row in rows}}
    missing = [vid for vid, part in parts.items() if part is None]
    if missing:
        for vid, (_qtype, data) in drawpool.versions(missing).items():
            parts[vid] = fragments.compiled(vid, data)
    image_ids = {part.image for part in parts.values()} - {None}
    images = get_image_model().objects.in_bulk(image_ids) if image_ids else {}
    total, html, answered = len(rows), [], 0
    for position, vid, order, aliases, response, flagged in rows:
        part = parts[vid]
        image = images.get(part.image) if part.image is not None else None
        html.append(fragments.question_html(part, position=position, total=total, choice_order=order, aliases=aliases,
                                            response=response, flagged=flagged,
                                            image=fragments.image_html(image) if image else ""))
        answered += response not in (None, "", [], {})
    return html, answered


@login_required
def attempt_answer_json(request, pk):
    """Autosave: POST JSON ``{"position": 3, "fields": {"q3": ["<public id>"], "flag": ["3"]}}`` → ``{"ok": true}``.

    One question per request; its fields only (see ``services.attempt_answers_save``)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # No read of the attempt here: the service locks it and checks that it is this learner's (404 otherwise).
    refused = ratelimit.check(request, "answer_requests", per="user")
    if refused is not None:
        return refused
    invalid = JsonResponse({"ok": False, "error": str(services.MSG_BAD_REQUEST)}, status=400)
    try:
        payload = json.loads(request.body or b"{}")
        fields = payload.get("fields") or {}
        if not isinstance(fields, dict) or len(fields) > MAX_JSON_FIELDS:
            return invalid
        fields = {str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in fields.items()}
    except (ValueError, AttributeError, RecursionError):  # RecursionError: "[[[[…" nested too deep to parse
        return invalid
    position = payload.get("position")
    if isinstance(position, bool | list | dict) or set(fields) & services.CONTROL_FIELDS - {"flag"}:
        return invalid
    try:
        (item,) = services.attempt_answers_save(
            attempt=pk, user=request.user, positions=[position], getlist=lambda name: fields.get(name, []),
            field_counts={name: len(values) for name, values in fields.items()}, charge=_charge(request))
    except services.AttemptNotFound:
        raise Http404 from None
    except services.AnswerRateLimited as exc:
        return ratelimit.too_many_requests(request, exc.retry_after)
    except services.AttemptError as exc:
        state = Attempt.objects.filter(pk=pk, user=request.user).values_list("state", flat=True).first()
        if state is None:
            raise Http404 from None
        return JsonResponse({"ok": False, "error": exc.message, "state": state}, status=exc.status)
    saved_at = timezone.localtime(item.answered_at or timezone.now()).isoformat()
    return JsonResponse({"ok": True, "position": item.position, "saved_at": saved_at,
                         "seconds_left": services.seconds_left(item.attempt), "message": _("Đã lưu")})


MAX_JSON_FIELDS = 64  # more than any question's fields (choices, pairs or items) plus the flag


@login_required
def attempt_submit_view(request, pk):
    """GET: the summary (answered, unanswered, flagged, with links back) and the confirmation button.
    POST: save the whole form if sent; close only with ``confirm`` (or when the time is up). Idempotent."""
    attempt = _my_attempt(request, pk)
    if request.method == "POST" and attempt.is_open and request.POST.getlist("positions"):
        try:
            _save_form(request, attempt)
        except services.AttemptClosed:
            pass  # closed meanwhile (time-out, another tab): the close below is a no-op then
        except services.AttemptError as exc:
            return _refused(request, exc, attempt)
    if services.attempt_expire_if_due(attempt):
        if request.method == "POST" and attempt.state == Attempt.State.SUBMITTED and "confirm" in request.POST:
            messages.info(request, _("Bài làm này đã được nộp trước đó; kết quả không thay đổi."))
        return redirect("quizzes:result", pk=attempt.pk)
    if request.method == "POST" and "confirm" in request.POST:
        attempt, closed_now = services.attempt_submit(attempt=attempt, user=request.user)
        if not closed_now:
            messages.info(request, _("Bài làm này đã được nộp trước đó; kết quả không thay đổi."))
        return redirect("quizzes:result", pk=attempt.pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "quizzes/submit_summary.html", {
        "attempt": attempt, "assessment": attempt.assessment,
        "summary": presenters.attempt_summary(list(attempt.items.order_by("position"))),
        "seconds_left": services.seconds_left(attempt),
    })


@login_required
def attempt_result(request, pk):
    attempt = _my_attempt(request, pk)
    if services.attempt_expire_if_due(attempt) is False:
        return redirect("quizzes:attempt", pk=attempt.pk)
    result = attempt.result
    if result:
        result = presenters.localized_result(result, selectors.framework_labels(
            framework_code=result.get("framework", {}).get("code", "")))
    shown = selectors.attempt_review_shown(attempt=attempt)
    review = []
    if shown in ("own", "correct"):
        review = [presenters.review_view(i, shown)
                  for i in attempt.items.select_related("version").order_by("position")]
    return render(request, "quizzes/result.html", {
        "attempt": attempt, "assessment": attempt.assessment, "result": result,
        "profile": presenters.profile(result), "review": review, "review_shown": shown,
        "review_later": presenters.review_later(attempt, shown),
        "fail_reason": presenters.fail_reason(result),
    })
