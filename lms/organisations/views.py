"""Roster import page (/manage/roster/): upload, see what each row does, import all or only the valid rows."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .permissions import assigned_units, manager_required
from .roster import HEADERS, RosterError, roster_import

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
