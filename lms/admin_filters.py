"""A yes/no filter of an admin listing shows as "Công bố: Có", not "Công bố: True" (issue 16): Wagtail's generic
active-filter chip prints ``str(value)`` for a ``BooleanFilter``. Registered in ``lms.apps``."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import ActiveFilter, BaseFilterAdapter

YES = _("Có")
NO = _("Không")


class BooleanFilterAdapter(BaseFilterAdapter):
    def get_active_filters(self):
        if self.value is None:
            return
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            str(YES if self.value else NO),
            self.get_url_without_filter_param(self.name),
        )
