from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Learners' personal data: consent to the privacy notice, their copy of their data, erasure, and the log of
    every read of personal data by staff (Luật Bảo vệ dữ liệu cá nhân 2025, Nghị định 13/2023/NĐ-CP)."""

    name = "lms.privacy"
    label = "privacy"
    verbose_name = _("Dữ liệu cá nhân")
