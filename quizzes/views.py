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

from lms import ratelimit

from . import presenters, selectors, services
from .models import Assessment, Attempt


def _my_attempt(request, pk) -> Attempt:
    attempt = Attempt.objects.select_related("assessment").filter(pk=pk, user=request.user).first()
    if attempt is None:
        raise Http404
    return attempt


def assessment_list(request):
    if request.user.is_authenticated:
        assessments = list(selectors.assessment_list_for_user(user=request.user))
        group_id = request.user.population_group_id
        mine = set(Assessment.objects.filter(population_groups=group_id).values_list("pk", flat=True)) if group_id else set()
    else:
        from django.contrib.auth.models import AnonymousUser

        assessments, mine = list(selectors.assessment_list_for_user(user=AnonymousUser())), set()
    for a in assessments:
        a.is_mine = a.pk in mine
    return render(request, "quizzes/assessment_list.html", {"assessments": assessments})


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
    try:
        services.assessment_check_available(assessment)
    except services.AttemptError as exc:
        context.update(can_start=False, unavailable=exc.message)
    return render(request, "quizzes/assessment_detail.html", context)


@login_required
@require_POST
def attempt_start_view(request, slug):
    assessment = get_object_or_404(Assessment.objects.filter(live=True, is_published=True), slug=slug)
    try:
        attempt = services.attempt_start(assessment=assessment, user=request.user)
    except services.AttemptError as exc:
        messages.error(request, exc.message)
        return redirect("quizzes:detail", slug=slug)
    except services.ValidationError as exc:
        messages.error(request, _("Bài kiểm tra chưa sẵn sàng: ") + " ".join(exc.messages))
        return redirect("quizzes:detail", slug=slug)
    return redirect("quizzes:attempt", pk=attempt.pk)


def _save_form(request, attempt) -> int:
    """Save every question whose fields are in the POST (the whole-form, no-JS path)."""
    saved = 0
    positions = request.POST.getlist("positions")
    for position in positions:
        services.attempt_answer(attempt=attempt, user=request.user, position=position, getlist=request.POST.getlist)
        saved += 1
    return saved


@login_required
def attempt_page(request, pk):
    attempt = _my_attempt(request, pk)
    if services.attempt_expire_if_due(attempt):
        if attempt.state == Attempt.State.TIMED_OUT:
            messages.info(request, _("Đã hết giờ làm bài: bài của bạn đã được nộp tự động."))
        return redirect("quizzes:result", pk=attempt.pk)
    if request.method == "POST":
        refused = ratelimit.check(request, "answer", per="user")
        if refused is not None:
            return refused
        try:
            _save_form(request, attempt)
        except services.AttemptError as exc:
            messages.error(request, exc.message)
            return redirect("quizzes:result" if isinstance(exc, services.AttemptClosed) else "quizzes:attempt",
                            pk=attempt.pk)
        if "finish" in request.POST:
            services.attempt_submit(attempt=attempt, user=request.user)
            return redirect("quizzes:result", pk=attempt.pk)
        messages.success(request, _("Đã lưu câu trả lời."))
        anchor = request.POST.get("save", "")
        return redirect(f"{request.path}#q-{anchor}" if anchor.isdigit() else request.path)
    rows = list(attempt.items.select_related("version").order_by("position"))
    image_ids = {r.version.data.get("image") for r in rows} - {None}
    images = {}
    if image_ids:
        from wagtail.images import get_image_model

        images = get_image_model().objects.in_bulk(image_ids)
    items = [presenters.item_view(i, images) for i in rows]
    return render(request, "quizzes/attempt.html", {
        "attempt": attempt, "assessment": attempt.assessment, "items": items,
        "seconds_left": services.seconds_left(attempt), "answered": sum(1 for i in items if i["answered"]),
    })


@login_required
def attempt_answer_json(request, pk):
    """Autosave: POST JSON ``{"position": 3, "fields": {"q3": ["c1"]}}`` → ``{"ok": true, ...}``."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    attempt = _my_attempt(request, pk)
    refused = ratelimit.check(request, "answer", per="user")
    if refused is not None:
        return refused
    try:
        payload = json.loads(request.body or b"{}")
        fields = payload.get("fields") or {}
        if not isinstance(fields, dict):
            raise ValueError
        fields = {str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in fields.items()}
    except (ValueError, AttributeError, RecursionError):  # RecursionError: "[[[[…" nested too deep to parse
        return JsonResponse({"ok": False, "error": _("Dữ liệu gửi lên không hợp lệ.")}, status=400)
    try:
        item = services.attempt_answer(attempt=attempt, user=request.user, position=payload.get("position"),
                                       getlist=lambda name: fields.get(name, []))
    except services.AttemptError as exc:
        attempt.refresh_from_db()
        return JsonResponse({"ok": False, "error": exc.message, "state": attempt.state}, status=exc.status)
    return JsonResponse({"ok": True, "position": item.position, "saved_at": timezone.localtime(item.answered_at).isoformat(),
                         "seconds_left": services.seconds_left(attempt), "message": _("Đã lưu")})


@login_required
@require_POST
def attempt_submit_view(request, pk):
    attempt = _my_attempt(request, pk)
    if attempt.is_open and request.POST.getlist("positions"):
        try:
            _save_form(request, attempt)
        except services.AttemptError:
            pass  # closed meanwhile (time-out, another tab): the close below is a no-op then
    attempt, closed_now = services.attempt_submit(attempt=attempt, user=request.user)
    if not closed_now:
        messages.info(request, _("Bài làm này đã được nộp trước đó; kết quả không thay đổi."))
    return redirect("quizzes:result", pk=attempt.pk)


@login_required
def attempt_result(request, pk):
    attempt = _my_attempt(request, pk)
    if services.attempt_expire_if_due(attempt) is False:
        return redirect("quizzes:attempt", pk=attempt.pk)
    result = attempt.result
    review = []
    if attempt.review_policy in ("own", "correct"):
        review = [presenters.review_view(i, attempt.review_policy)
                  for i in attempt.items.select_related("version").order_by("position")]
    return render(request, "quizzes/result.html", {
        "attempt": attempt, "assessment": attempt.assessment, "result": result,
        "profile": presenters.profile(result), "review": review,
    })
