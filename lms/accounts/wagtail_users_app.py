"""App config replacing ``wagtail.users`` so that Wagtail's user admin uses our forms (see wagtail_users.py)."""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "lms.accounts.wagtail_users.UserViewSet"
