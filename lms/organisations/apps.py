from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "lms.organisations"
    label = "organisations"
    verbose_name = _("Đơn vị và nhóm đối tượng")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Requirement
        from .selectors import forget_requirements

        for signal in (post_save, post_delete):
            signal.connect(forget_requirements, sender=Requirement,
                           dispatch_uid=f"requirements_any_active_{signal is post_save}")
