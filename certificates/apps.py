from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Chứng nhận")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the models are ready (Django's rule for receivers and anything that imports models).
        from . import privacy, receivers  # noqa: F401  (receivers connects the issuing rules)

        privacy.register()
