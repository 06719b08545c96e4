from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class H5PConfig(AppConfig):
    name = "courses.h5p"
    label = "h5p"
    verbose_name = _("Hoạt động H5P")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import placement, signals  # noqa: F401

        placement.connect_signals()
