from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Managers' dashboards and exports. It reads every app; nothing imports it."""

    name = "reporting"
    label = "reporting"
    verbose_name = _("Báo cáo")
