from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    """After ``migrate`` (and test-database flushes), refresh role permissions once, when the last app has
    migrated: by then every app's permissions exist, including snippet models' (see roles.ensure_roles)."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is None or app_config is not with_models[-1] or using != "default":
        return
    from django.db import connection

    if "auth_group" not in connection.introspection.table_names():
        return
    from .roles import ensure_roles

    ensure_roles()


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        from django.core.checks import register

        from .checks import sms_gateway_check

        register(sms_gateway_check)
        post_migrate.connect(_ensure_roles_after_migrate, dispatch_uid="lms.accounts.ensure_roles")

        from django.contrib.auth.signals import user_login_failed

        from .lockout import count_failed_login

        user_login_failed.connect(count_failed_login, dispatch_uid="lms.accounts.count_failed_login")
