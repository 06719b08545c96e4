"""Thin views of the privacy pages: consent, the learner's own data (page and JSON), erasure."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import notices, selectors, services
from .forms import ErasureForm
from .middleware import SESSION_KEY
from .models import Consent


def _notice_context(version: str | None = None) -> dict:
    version = version or notices.CURRENT_VERSION
    language = "en" if (translation.get_language() or "vi").startswith("en") else "vi"
    return {
        "notice_version": version,
        "notice_language": language,
        "notice_paragraphs": notices.paragraphs(notices.notice_text(version, language)),
    }


def notice(request):
    """The privacy notice, public (the sign-up form links to it). ``?version=`` shows an earlier one."""
    version = request.GET.get("version") or notices.CURRENT_VERSION
    if version not in notices.NOTICES:
        raise Http404
    return render(request, "privacy/notice.html", {**_notice_context(version),
                                                   "versions": sorted(notices.NOTICES, reverse=True)})


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def consent(request):
    """An existing user answers the current notice once (asked on their first sign-in after it changed)."""
    if request.method == "POST":
        if request.POST.get("answer") == "accept":
            services.consent_record(user=request.user, context=Consent.Context.LOGIN, request=request)
            request.session.pop(SESSION_KEY, None)
            messages.success(request, services.CONSENT_THANKS)
            return redirect(_safe_next(request))
        if request.POST.get("answer") == "decline":
            services.consent_record(user=request.user, context=Consent.Context.LOGIN, request=request,
                                    decision=Consent.Decision.DECLINED)
            logout(request)
            messages.info(request, services.CONSENT_DECLINED)
            return redirect("/")
    if not request.session.get(SESSION_KEY) and services.has_current_consent(request.user):
        return redirect(_safe_next(request))
    return render(request, "privacy/consent.html", {**_notice_context(), "next": _safe_next(request)})


@login_required
@never_cache
def my_data(request):
    user = request.user
    return render(request, "privacy/my_data.html", {
        "consents": selectors.consents_of(user)[:20],
        "pending": services.pending_erasure(user),
        "can_erase": services.can_self_erase(user),
    })


@login_required
@never_cache
def data_page(request):
    data = selectors.personal_data(request.user)
    sections = [
        {"key": s.key, "title": s.title, "description": s.description, "value": data[s.key],
         "labels": selectors.field_labels(s.key)}
        for s in selectors.SECTIONS
    ]
    return render(request, "privacy/data_page.html", {"data": data, "sections": sections})


@login_required
@never_cache
def data_json(request):
    data = selectors.personal_data(request.user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-cua-toi-{stamp}.json"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete(request):
    user = request.user
    pending = services.pending_erasure(user)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        if services.erasure_cancel(user=user):
            messages.success(request, services.ERASURE_CANCELLED)
        return redirect("privacy:delete")
    form = ErasureForm(request.POST or None, user=user)
    if request.method == "POST" and pending is None and form.is_valid() and form.erasure is not None:
        erasure = form.erasure
        if erasure.status == erasure.Status.DONE:
            logout(request)
            return redirect("/")
        due = date_format(timezone.localtime(erasure.due_at), "SHORT_DATETIME_FORMAT")
        messages.success(request, services.ERASURE_REQUESTED % {"due": due})
        return redirect("privacy:delete")
    return render(request, "privacy/delete.html", {
        "form": form, "pending": pending, "can_erase": services.can_self_erase(user),
        "grace_hours": int(services.grace_period().total_seconds() // 3600),
    }, status=400 if request.method == "POST" else 200)
