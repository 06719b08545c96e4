from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Managers' dashboards and exports. It reads every app; nothing imports it."""

    name = "reporting"
    label = "reporting"
    verbose_name = _("Báo cáo")

    def ready(self):
        # Imported once the models are ready (Django's rule for receivers and anything that imports models).
        from . import privacy  # connects the erasure receiver

        privacy.register()
        from . import signals  # the dashboard counters' receivers (reporting/rollups.py)

        signals.connect()
