from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "lms.organisations"
    label = "organisations"
    verbose_name = _("Đơn vị và nhóm đối tượng")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import Requirement, Unit
        from .selectors import forget_requirements

        # The learners' cached requirements (courses/requiredcache.py) follow requirements and the unit tree.
        for model in (Requirement, Unit):
            for signal in (post_save, post_delete):
                signal.connect(forget_requirements, sender=model,
                               dispatch_uid=f"requirements_any_active_{model.__name__}_{signal is post_save}")
        m2m_changed.connect(forget_requirements, sender=Requirement.population_groups.through,
                            dispatch_uid="requirements_groups")
