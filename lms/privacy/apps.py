from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Learners' personal data: consent to the privacy notice, their copy of their data, erasure, and the log of
    every read of personal data by staff (Luật Bảo vệ dữ liệu cá nhân 2025, Nghị định 13/2023/NĐ-CP)."""

    name = "lms.privacy"
    label = "privacy"
    verbose_name = _("Dữ liệu cá nhân")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import ask_for_consent_on_login

        user_logged_in.connect(ask_for_consent_on_login, dispatch_uid="lms.privacy.ask_for_consent_on_login")
