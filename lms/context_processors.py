from django.conf import settings


def site(request):
    """Values every page template needs."""
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "LARGE_TEXT": request.COOKIES.get("textsize") == "large",
    }
