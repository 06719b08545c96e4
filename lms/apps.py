from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Học vụ số"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from lms import pagecache
        from lms.cache import create_cache_table

        # Once per migrate (lms itself has no models, so it sends no post_migrate; contenttypes is always there).
        post_migrate.connect(create_cache_table, sender=self.apps.get_app_config("contenttypes"),
                             dispatch_uid="lms_create_cache_table")

        # Anything that changes which pages exist or what they show empties the anonymous page cache.
        page_published.connect(pagecache.invalidate, dispatch_uid="pagecache_published")
        page_unpublished.connect(pagecache.invalidate, dispatch_uid="pagecache_unpublished")
        post_page_move.connect(pagecache.invalidate, dispatch_uid="pagecache_moved")
        post_delete.connect(invalidate_on_page_delete, dispatch_uid="pagecache_deleted")


def invalidate_on_page_delete(sender, instance, **kwargs):
    # apps.py is imported before the models are ready: models (and modules importing them) only once it runs.
    from wagtail.models import Page

    from lms import pagecache

    if isinstance(instance, Page):
        pagecache.invalidate()
