from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Học vụ số"

    def ready(self):
        from django.contrib.auth.models import Group, Permission
        from django.db import models
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
        from django_filters import BooleanFilter
        from wagtail.admin.active_filters import register_filter_adapter_class
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.models import Locale, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from lms import authcache, notifications, pagecache, processcache, routecache
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
        # ... and so does a change of view restrictions (the route cache stores unrestricted pages only).
        for signal in (post_save, post_delete):
            signal.connect(routecache.invalidate_on_restriction_change, sender=PageViewRestriction,
                           dispatch_uid=f"routecache_restriction_{signal is post_save}")

        # The signed-in user with their permissions, from the cache (lms/authcache.py).
        user_model = self.apps.get_model(*self._user_model_label())
        for signal in (post_save, post_delete):
            signal.connect(authcache.forget_user, sender=user_model, dispatch_uid=f"authcache_user_{signal is post_save}")
            for model in (Group, Permission):
                signal.connect(authcache.new_generation, sender=model,
                               dispatch_uid=f"authcache_{model.__name__}_{signal is post_save}")
        for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(authcache.user_relations_changed, sender=through,
                                dispatch_uid=f"authcache_m2m_{through.__name__}")

        # Sites and locales, per process (lms/processcache.py).
        processcache.install()
        for signal in (post_save, post_delete):
            for model in (Locale, Site):
                signal.connect(processcache.forget, sender=model,
                               dispatch_uid=f"processcache_{model.__name__}_{signal is post_save}")

        # Moderation emails in the recipient's language, with their name, the comment and BASE_URL links (issue 16).
        notifications.connect()

        # Slugs typed or derived from a title in the admin are folded to ASCII (lms/slugs.py, issue 16).
        register_form_field_override(models.SlugField, override={"widget": SlugInput})
        # "Công bố: Có", not "Công bố: True", above a filtered admin listing (lms/admin_filters.py).
        register_filter_adapter_class(BooleanFilter, adapter_class=BooleanFilterAdapter)

    @staticmethod
    def _user_model_label() -> tuple[str, str]:
        from django.conf import settings

        return tuple(settings.AUTH_USER_MODEL.split("."))


def invalidate_on_page_delete(sender, instance, **kwargs):
    # apps.py is imported before the models are ready: models (and modules importing them) only once it runs.
    from wagtail.models import Page

    from lms import pagecache

    if isinstance(instance, Page):
        pagecache.invalidate()
