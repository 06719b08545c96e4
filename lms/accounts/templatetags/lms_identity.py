"""``{% national_identity_provider as identity %}``: the configured national identity provider (id and name), or
``None`` when OIDC_ISSUER is unset (the sign-in page then shows no such button)."""

from types import SimpleNamespace

from django import template
from django.conf import settings

from lms.accounts import identity

register = template.Library()


@register.simple_tag
def national_identity_provider():
    if not identity.is_configured():
        return None
    apps = settings.SOCIALACCOUNT_PROVIDERS.get(identity.PROVIDER, {}).get("APPS", [])
    app = next((a for a in apps if a.get("provider_id") == identity.config()["PROVIDER_ID"]), None)
    if app is None:
        return None
    return SimpleNamespace(provider_id=app["provider_id"], name=app.get("name") or "VNeID")
