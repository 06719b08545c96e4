"""The admin form of a video: the file (required to create, optional to replace), captions in Vietnamese and
English (a .vtt file or the text itself), the transcript. Every check happens in ``clean()`` with a message in the
editor's language; ``save()`` hands a checked upload to ``services.video_upload``."""

from __future__ import annotations

import shutil

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.uploads import check_size

from . import conf, ffmpeg, services, vtt
from .models import Video

FILE_REQUIRED = _("Chọn một tệp video để tải lên.")
WRONG_TYPE = _("Chỉ nhận video MP4, WebM hoặc MOV (tệp .mp4, .m4v, .webm, .mov).")
NOT_A_VIDEO = _("Không đọc được tệp này như một video. Hãy xuất lại video (MP4, H.264) rồi tải lên.")
CONTENT_MISMATCH = _("Nội dung tệp không khớp với đuôi .%(ext)s. Hãy tải lên đúng tệp gốc.")
NO_PICTURE = _("Tệp này không có hình (chỉ có tiếng). Hãy tải lên một video.")
TOO_LONG = _("Video dài %(minutes)s phút; tối đa %(max)s phút. Hãy chia thành nhiều video ngắn.")
NO_DURATION = _("Không xác định được thời lượng video. Hãy xuất lại video rồi tải lên.")
FRAME_TOO_LARGE = _("Khung hình %(width)s×%(height)s quá lớn; tối đa 4096×4096.")
NO_FFPROBE = _("Máy chủ chưa cài ffmpeg nên chưa kiểm tra được video: báo cho quản trị hệ thống (make ffmpeg).")
CAPTIONS_FILE_TYPE = _("Tệp phụ đề phải có đuôi .vtt.")
MAX_FRAME = 4096

CAPTION_FIELDS = (("captions_vi", "captions_vi_file"), ("captions_en", "captions_en_file"))


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload) -> tuple[object, ffmpeg.Probe, str]:
    """Copy ``upload`` to a work file and check it with ffprobe; returns ``(path, probe, extension)`` or raises
    ``ValidationError`` (the work file removed)."""
    extension = _extension(upload.name or "")
    if extension not in conf.UPLOAD_EXTENSIONS:
        raise forms.ValidationError(WRONG_TYPE, code="wrong_type")
    check_size(upload, conf.max_upload_bytes())
    path = services.work_file(f".{extension}")
    try:
        upload.seek(0)
        with path.open("wb") as out:
            shutil.copyfileobj(upload, out, 1024 * 1024)
        try:
            probed = ffmpeg.probe(path)
        except ffmpeg.FFmpegError as error:
            if str(error) == "not installed":
                raise forms.ValidationError(NO_FFPROBE, code="no_ffprobe") from error
            raise forms.ValidationError(NOT_A_VIDEO, code="not_a_video") from error
        family = {"webm": {"webm", "matroska"}}.get(conf.UPLOAD_EXTENSIONS[extension], {"mov", "mp4"})
        if not probed.format_names & conf.ACCEPTED_FORMATS:
            raise forms.ValidationError(NOT_A_VIDEO, code="not_a_video")
        if not probed.format_names & family:
            raise forms.ValidationError(CONTENT_MISMATCH % {"ext": extension}, code="wrong_content")
        if not probed.has_video:
            raise forms.ValidationError(NO_PICTURE, code="no_picture")
        if probed.duration <= 0:
            raise forms.ValidationError(NO_DURATION, code="no_duration")
        if probed.duration > conf.max_duration_seconds():
            raise forms.ValidationError(TOO_LONG % {"minutes": round(probed.duration / 60),
                                                    "max": conf.max_duration_seconds() // 60}, code="too_long")
        if probed.width > MAX_FRAME or probed.height > MAX_FRAME:
            raise forms.ValidationError(FRAME_TOO_LARGE % {"width": probed.width, "height": probed.height},
                                        code="frame_too_large")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, probed, extension


class VideoForm(WagtailAdminModelForm):
    upload = forms.FileField(
        label=_("Tệp video"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".mp4,.m4v,.webm,.mov,video/mp4,video/webm,video/quicktime"}),
    )
    captions_vi_file = forms.FileField(label=_("Hoặc tải lên tệp phụ đề tiếng Việt (.vtt)"), required=False,
                                       widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}))
    captions_en_file = forms.FileField(label=_("Hoặc tải lên tệp phụ đề tiếng Anh (.vtt)"), required=False,
                                       widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}))
    retry = forms.BooleanField(label=_("Chuyển đổi lại"), required=False,
                               help_text=_("Đánh dấu để chuyển đổi lại tệp gốc sau một lần lỗi."))

    class Meta:
        model = Video
        fields = ["title", "captions_vi", "captions_en", "transcript"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = None
        self.fields["upload"].help_text = _(
            "MP4, WebM hoặc MOV, tối đa %(size)s và %(minutes)s phút. Máy chủ sẽ chuyển thành bản nhẹ (360p) cho "
            "điện thoại dùng 3G, bản rõ hơn (540p) và ảnh đại diện; việc này mất vài phút."
        ) % {"size": filesizeformat(conf.max_upload_bytes()), "minutes": conf.max_duration_seconds() // 60}
        for name in ("captions_vi", "captions_en"):
            self.fields[name].help_text = _(
                "Định dạng WebVTT: dòng đầu “WEBVTT”, rồi từng đoạn gồm dòng thời điểm "
                "“00:01.000 --> 00:04.000” và lời thoại, các đoạn cách nhau một dòng trống."
            )
        if self.instance.pk:
            self.fields["upload"].label = _("Thay tệp video (không bắt buộc)")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.checked = check_upload(upload)
            return upload
        if not self.instance.pk:
            raise forms.ValidationError(FILE_REQUIRED, code="required")
        return upload

    def clean(self):
        cleaned = super().clean()
        for text_field, file_field in CAPTION_FIELDS:
            upload = cleaned.get(file_field)
            try:
                if upload:
                    if _extension(upload.name or "") not in ("vtt", "webvtt"):
                        raise vtt.VTTError([CAPTIONS_FILE_TYPE])
                    if upload.size > conf.max_caption_bytes():
                        raise vtt.VTTError([vtt.TOO_LARGE % {"size": conf.max_caption_bytes() // 1024}])
                    upload.seek(0)
                    cleaned[text_field] = vtt.validate(vtt.decode(upload.read()))
                else:
                    cleaned[text_field] = vtt.validate(cleaned.get(text_field) or "")
            except vtt.VTTError as error:
                for message in error.messages:
                    self.add_error(file_field if upload else text_field, message)
        if self.errors and self.checked is not None:  # the upload will not be stored: its work file goes now
            self.checked[0].unlink(missing_ok=True)
            self.checked = None
        return cleaned

    def save(self, commit=True):
        user = getattr(self, "for_user", None)
        fields = {name: self.cleaned_data.get(name, "") for name in ("captions_vi", "captions_en", "transcript")}
        if self.checked is None:
            video = super().save(commit=commit)
            if self.cleaned_data.get("retry") and video.pk:
                services.video_retry(video=video)
            return video
        (path, probed, extension), self.checked = self.checked, None
        upload = self.cleaned_data["upload"]
        self.instance = services.video_upload(
            video=self.instance if self.instance.pk else None, title=self.cleaned_data["title"], source=path,
            original_name=upload.name, extension=extension, size=upload.size, probed=probed, user=user, **fields,
        )
        return self.instance
