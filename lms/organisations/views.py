"""Roster import page (/manage/roster/): upload, see what each row does, import all or only the valid rows; and the
invited person's page (/accounts/invitations/) to accept or decline an invitation to join a unit."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .models import UnitInvitation
from .permissions import assigned_units, manager_required
from .roster import HEADERS, RosterError, activation_link, roster_import
from .selectors import invitation_by_token, pending_invitations
from .services import InvitationError, invitation_respond

MAX_UPLOAD = 10 * 1024 * 1024


class RosterForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh sách (CSV hoặc Excel .xlsx)"))
    valid_only = forms.BooleanField(
        label=_("chỉ nhập các dòng hợp lệ"), required=False,
        help_text=_("Nếu không chọn, tệp có dòng lỗi sẽ không được nhập dòng nào."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
        return upload


@manager_required
def roster_import_view(request):
    form = RosterForm(request.POST or None, request.FILES or None)
    report = error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = roster_import(
                data=upload.read(), filename=upload.name, actor=request.user,
                valid_only=form.cleaned_data["valid_only"], base_url=settings.BASE_URL,
            )
        except RosterError as exc:
            error = str(exc)
    return render(request, "organisations/roster_import.html", {
        "section": "roster", "form": form, "report": report, "error": error, "headers": HEADERS,
        "units": assigned_units(request.user)[:50],
    })


# --- The invited person's side: accept or decline an invitation to join a unit ----------------------

INVITATION_ACCEPTED = _("Bạn đã tham gia %(unit)s. Đơn vị này từ nay thấy kết quả học tập của bạn.")
INVITATION_DECLINED = _("Bạn đã từ chối lời mời của %(unit)s. Hồ sơ của bạn giữ nguyên.")


@login_required
@never_cache
def invitations(request):
    """Pending invitations (shown after sign-in when there are any): accept or decline each; nothing of the
    person's changes until they do."""
    if request.method == "POST":
        raw = request.POST.get("invitation", "")
        answer = request.POST.get("answer")
        if not (raw.isascii() and raw.isdecimal() and len(raw) <= 18) or answer not in ("accept", "decline"):
            return redirect("unit_invitations")
        try:
            invitation = invitation_respond(invitation_id=int(raw), user=request.user, accept=answer == "accept")
        except UnitInvitation.DoesNotExist:
            raise Http404 from None
        except InvitationError as exc:
            messages.info(request, str(exc))
        else:
            text = INVITATION_ACCEPTED if answer == "accept" else INVITATION_DECLINED
            messages.success(request, text % {"unit": invitation.unit.label})
        return redirect("unit_invitations")
    pending = list(pending_invitations(request.user))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = ""
    return render(request, "organisations/invitations.html", {
        "pending": pending, "next_url": next_url or reverse("my_learning"),
    })


@never_cache
def invitation_slip(request, token: str):
    """A printed slip's link. An account the roster created (never used yet) is activated: choose a password.
    Otherwise the person signs in and answers on the invitations page; anyone else learns nothing (404)."""
    invitation = invitation_by_token(token)
    if invitation is None:
        raise Http404
    user = invitation.user
    if invitation.created_account and user.last_login is None and not user.has_usable_password():
        return redirect(activation_link(user))
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("unit_invitations"))
    if request.user.pk != user.pk:
        raise Http404
    return redirect("unit_invitations")
