"""Pages of reminders: a learner's reminder settings, the signed unsubscribe link (no sign-in), and the managers'
page under /manage/reminders/ (scope: ``lms.organisations.permissions``; the sending logic: ``services``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lms.organisations.permissions import can_see_unit, manager_required
from lms.organisations.selectors import unit_by_id_or_code
from lms.privacy.services import Read, log_reads

from . import messages as texts
from . import rules, selectors, services
from .forms import PreferenceForm

PAGE_SIZE = 50
BAD_LINK = "bad-link"


@login_required
def preferences(request):
    """The learner's channels, nudges on or off, and language; and their latest reminders."""
    pref = selectors.preference_for(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Đã lưu cách bạn nhận nhắc nhở."))
            return redirect("reminders:settings")
    else:
        form = PreferenceForm(initial={"by_email": pref.by_email, "by_sms": pref.by_sms, "nudges": pref.nudges,
                                       "language": pref.language})
    return render(request, "reminders/settings.html", {
        "form": form, "recent": selectors.deliveries_of(request.user)[:20],
        "phone_verified": bool(request.user.phone and request.user.phone_verified),
    })


@csrf_exempt  # the signed token is the credential; mail clients' one-click POST carries no CSRF token
def unsubscribe(request, token: str):
    """The link in every nudge: GET shows what it does and one button (mail scanners open links, so a GET changes
    nothing); POST turns nudges off. Mail clients' one-click unsubscribe (RFC 8058) POSTs here too. The token is
    signed: a forged or altered one gets 404."""
    user_id = texts.unsubscribe_user_id(token)
    if user_id is None:
        raise Http404(BAD_LINK)
    if request.method == "POST":
        services.nudges_unsubscribe(user_id=user_id)
        return render(request, "reminders/unsubscribed.html")
    return render(request, "reminders/unsubscribe.html", {"token": token})


def _chosen_unit(request):
    raw = request.GET.get("unit") or request.POST.get("unit")
    if not raw:
        return None
    unit = unit_by_id_or_code(str(raw))
    if unit is None or not can_see_unit(request.user, unit):
        raise Http404
    return unit


def _chosen_requirement(request, requirements):
    raw = request.GET.get("requirement") or request.POST.get("requirement")
    if raw:
        chosen = next((r for r in requirements if str(r.pk) == str(raw)), None)
        if chosen is None:
            raise Http404
        return chosen
    return requirements[0] if requirements else None


@manager_required
def manage(request):
    """Who in the manager's scope has not met a requirement, when each was last reminded, and the button."""
    unit = _chosen_unit(request)
    requirements = list(selectors.requirements_visible_to(request.user))
    chosen = _chosen_requirement(request, requirements)
    page = None
    last = {}
    week = {}
    if chosen is not None:
        people = (selectors.people_owing_in_scope(request.user, chosen, unit=unit)
                  .select_related("unit", "commune", "province").order_by("full_name", "pk"))
        page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
        ids = [person.pk for person in page.object_list]
        last = selectors.last_reminded(ids)
        week = selectors.counts_since(ids, since=rules.week_start(timezone.now()))
        log_reads(request=request, what=Read.REQUIREMENT_LIST, subjects=ids)
    rows = [
        {"person": person, "last": last.get(person.pk), "week": week.get(person.pk, 0)}
        for person in (page.object_list if page else [])
    ]
    return render(request, "reminders/manage.html", {
        "section": "reminders", "unit": unit, "requirements": requirements, "chosen": chosen, "page": page,
        "rows": rows, "weekly_limit": settings.REMINDER_WEEKLY_LIMIT,
    })


@manager_required
@require_POST
def manage_send(request):
    """Send the chosen requirement's reminder to everyone in scope who has not met it (weekly limit applies)."""
    unit = _chosen_unit(request)
    requirements = list(selectors.requirements_visible_to(request.user))
    chosen = _chosen_requirement(request, requirements)
    if chosen is None:
        raise Http404
    outcome = services.manager_remind(manager=request.user, requirement=chosen, now=timezone.now(), unit=unit)
    messages.success(request, _(
        "Đã gửi lời nhắc đến %(queued)s người (trong giờ yên tĩnh, tin nhắn sẽ được gửi khi hết giờ yên tĩnh). "
        "Bỏ qua %(over)s người đã nhận đủ số lời nhắc trong tuần, %(already)s người đã được nhắc hôm nay."
    ) % {"queued": outcome.queued, "over": outcome.over_limit, "already": outcome.already})
    query = f"?requirement={chosen.pk}" + (f"&unit={unit.pk}" if unit else "")
    return redirect(reverse("reminders_manage:manage") + query)
