from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Reminders of mandatory courses and tests, nudges to learners who stopped, and managers' reminders."""

    name = "reminders"
    label = "reminders"
    verbose_name = _("Nhắc nhở")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the models are ready. (Personal data: lms.privacy.registry.REFERENCES lists this app's
        # references to a person; section "reminders" of the download, deleted on erasure.)
        from . import signals  # noqa: F401 - connects the receiver
