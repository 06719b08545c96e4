from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "assistant"
    verbose_name = _("Trợ lý học tập")

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import signals

        page_published.connect(signals.page_published, dispatch_uid="assistant_published")
        page_unpublished.connect(signals.page_unpublished, dispatch_uid="assistant_unpublished")
        post_page_move.connect(signals.page_moved, dispatch_uid="assistant_moved")
        post_delete.connect(signals.page_deleted, sender=Page, dispatch_uid="assistant_deleted")
