from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Học vụ số"

    def ready(self):
        from django.db import models
        from django.db.models.signals import post_delete, post_migrate
        from django_filters import BooleanFilter
        from wagtail.admin.active_filters import register_filter_adapter_class
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from lms import notifications, pagecache
        from lms.admin_filters import BooleanFilterAdapter
        from lms.cache import create_cache_table
        from lms.slug_widget import SlugInput

        # Once per migrate (lms itself has no models, so it sends no post_migrate; contenttypes is always there).
        post_migrate.connect(create_cache_table, sender=self.apps.get_app_config("contenttypes"),
                             dispatch_uid="lms_create_cache_table")

        # Anything that changes which pages exist or what they show empties the anonymous page cache.
        page_published.connect(pagecache.invalidate, dispatch_uid="pagecache_published")
        page_unpublished.connect(pagecache.invalidate, dispatch_uid="pagecache_unpublished")
        post_page_move.connect(pagecache.invalidate, dispatch_uid="pagecache_moved")
        post_delete.connect(invalidate_on_page_delete, dispatch_uid="pagecache_deleted")

        # Moderation emails in the recipient's language, with their name, the comment and BASE_URL links (issue 16).
        notifications.connect()

        # Slugs typed or derived from a title in the admin are folded to ASCII (lms/slugs.py, issue 16).
        register_form_field_override(models.SlugField, override={"widget": SlugInput})
        # "Công bố: Có", not "Công bố: True", above a filtered admin listing (lms/admin_filters.py).
        register_filter_adapter_class(BooleanFilter, adapter_class=BooleanFilterAdapter)


def invalidate_on_page_delete(sender, instance, **kwargs):
    # apps.py is imported before the models are ready: models (and modules importing them) only once it runs.
    from wagtail.models import Page

    from lms import pagecache

    if isinstance(instance, Page):
        pagecache.invalidate()
