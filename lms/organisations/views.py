"""Roster import page (/manage/roster/): download the template, upload (a dry run: what each row would do, nothing
written), then confirm (the file kept server-side for its uploader applies exactly the plan shown, or is shown
again if anything changed); and the invited person's page (/accounts/invitations/) to accept or decline an
invitation to join a unit."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .models import RosterUpload, UnitInvitation
from .permissions import assigned_units, manager_required
from .roster import HEADERS, RosterError, activation_link, roster_import, roster_preview, template_csv, template_xlsx
from .selectors import invitation_by_token, pending_invitations
from .services import InvitationError, invitation_respond

MAX_UPLOAD = 10 * 1024 * 1024
UPLOAD_KEPT = dt.timedelta(hours=1)  # between the dry run and the confirmation
UPLOAD_EXPIRED = _("Tệp đã tải lên không còn (quá một giờ hoặc đã được nhập). Hãy tải tệp lên lại.")
PLAN_CHANGED = _("Dữ liệu đã thay đổi kể từ lần kiểm tra trước, nên chưa có gì được ghi. Hãy xem lại kết quả mới "
                 "dưới đây rồi xác nhận lần nữa.")


class RosterForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh sách (CSV hoặc Excel .xlsx)"))
    valid_only = forms.BooleanField(
        label=_("chỉ nhập các dòng hợp lệ"), required=False,
        help_text=_("Nếu không chọn, tệp có dòng lỗi sẽ không được nhập dòng nào."),
    )
    never_update = forms.BooleanField(
        label=_("không cập nhật tài khoản đã có"), required=False,
        help_text=_("Chỉ mời người mới; hồ sơ của người đã có tài khoản giữ nguyên."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
        return upload


def _page(request, form, *, report=None, error=None, upload=None, notice=None):
    return render(request, "organisations/roster_import.html", {
        "section": "roster", "form": form, "report": report, "error": error, "headers": HEADERS,
        "units": assigned_units(request.user)[:50], "upload": upload, "notice": notice,
    })


@manager_required
def roster_import_view(request):
    """GET: the form. POST with a file: the dry run (nothing written), the file kept for the confirmation."""
    form = RosterForm(request.POST or None, request.FILES or None)
    if not (request.method == "POST" and form.is_valid()):
        return _page(request, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    options = {"valid_only": form.cleaned_data["valid_only"], "update_existing": not form.cleaned_data["never_update"]}
    try:
        report = roster_preview(data=data, filename=upload.name, actor=request.user, **options)
    except RosterError as exc:
        return _page(request, form, error=str(exc))
    RosterUpload.objects.filter(owner=request.user).filter(expires_at__lte=timezone.now()).delete()
    kept = None
    if report.can_import:
        kept = RosterUpload.objects.create(owner=request.user, filename=upload.name[:255], data=data, digest=report.digest,
                                           expires_at=timezone.now() + UPLOAD_KEPT, **options)
    return _page(request, form, report=report, upload=kept)


@manager_required
@require_POST
def roster_confirm_view(request, upload_id):
    """Apply a previewed file: only its uploader, before it expires, and only the plan that was shown."""
    kept = RosterUpload.objects.filter(pk=upload_id, owner=request.user, expires_at__gt=timezone.now()).first()
    form = RosterForm()
    if kept is None:
        return _page(request, form, error=str(UPLOAD_EXPIRED))
    try:
        report = roster_import(
            data=bytes(kept.data), filename=kept.filename, actor=request.user, valid_only=kept.valid_only,
            update_existing=kept.update_existing, base_url=settings.BASE_URL, expected_digest=kept.digest,
        )
    except RosterError as exc:
        kept.delete()
        return _page(request, form, error=str(exc))
    if report.changed:
        if report.can_import:
            RosterUpload.objects.filter(pk=kept.pk).update(digest=report.digest,
                                                           expires_at=timezone.now() + UPLOAD_KEPT)
            kept.digest = report.digest
        else:
            kept.delete()
            kept = None
        return _page(request, form, report=report, upload=kept, notice=str(PLAN_CHANGED))
    if report.imported:
        kept.delete()
    return _page(request, form, report=report)


@manager_required
def roster_template_view(request, fmt: str):
    """The template to fill in: the header and one example row."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    first = assigned_units(request.user).first()
    code = first.code if first else ""
    if fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(code), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(template_csv(code), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mau-danh-sach.{fmt}"'
    return response


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
