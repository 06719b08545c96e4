"""The admin form of an H5P activity: a title and the .h5p file (required to create, optional to replace).
The package is validated in ``clean()``; ``save()`` hands it to the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import conf
from .models import H5PActivity
from .services import h5p_activity_create, h5p_activity_replace
from .validation import H5PValidationError, validate_package

PACKAGE_REQUIRED = _("Chọn một tệp .h5p để tải lên.")


class H5PActivityForm(WagtailAdminModelForm):
    package = forms.FileField(
        label=_("Gói H5P (.h5p)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p,application/zip"}),
        help_text=_("Tệp .h5p xuất từ H5P (h5p.org, Lumi, Moodle, WordPress). Ảnh SVG trong nội dung được làm sạch "
                    "trước khi lưu. Tối đa %(size)s MB.")
        % {"size": conf.max_upload_bytes() // conf.MB},
    )

    class Meta:
        model = H5PActivity
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validated = None
        self.notices: list[str] = []  # what was changed on the way in (an SVG cleaned), shown after saving
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Để trống để lấy tiêu đề trong gói.")
        if self.instance.pk:
            self.fields["package"].label = _("Thay gói H5P (không bắt buộc)")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("package")
        if upload:
            try:
                self.validated = validate_package(upload, user=getattr(self, "for_user", None), name=upload.name)
            except H5PValidationError as exc:
                for message in exc.messages:
                    self.add_error("package", message)
            else:
                if not cleaned.get("title"):
                    cleaned["title"] = (self.validated.title or upload.name)[:255]
        elif not self.instance.pk:
            self.add_error("package", PACKAGE_REQUIRED)
        return cleaned

    def save(self, commit=True):
        user = getattr(self, "for_user", None)
        title = self.cleaned_data.get("title") or ""
        if self.validated is None:
            return super().save(commit=commit)
        package, self.validated = self.validated, None
        self.notices = list(package.notices)
        try:
            if self.instance.pk:
                self.instance = h5p_activity_replace(activity=self.instance, package=package, user=user, title=title)
            else:
                self.instance = h5p_activity_create(package=package, user=user, title=title)
        except H5PValidationError as exc:  # a library race: rare; shown as a form error by raising
            raise forms.ValidationError(exc.messages)
        return self.instance
