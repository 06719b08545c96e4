from django.conf import settings

from lms.organisations.permissions import can_view_reports as check


def site(request):
    """Values every page template needs. ``CAN_VIEW_REPORTS`` is a callable, so that only pages that show the
    navigation of a logged-in user pay for the permission check."""

    def can_view_reports() -> bool:
        return check(getattr(request, "user", None))

    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "LANGUAGE_CHOICES": settings.LANGUAGES,  # each language named in itself, never translated
        "LARGE_TEXT": request.COOKIES.get("textsize") == "large",
        "CAN_VIEW_REPORTS": can_view_reports,
        "PHONE_LOGIN": "phone" in settings.ACCOUNT_LOGIN_METHODS,
    }
