"""django-oauth-toolkit's scopes backend: a client may ask for, and gets by default, only the scopes an
administrator gave it (``ApiClient.scopes``); a revoked client gets none."""

from __future__ import annotations

from oauth2_provider.scopes import BaseScopes

from .models import SCOPES


class ClientScopes(BaseScopes):
    def get_all_scopes(self):
        return {code: str(text) for code, text in SCOPES.items()}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        client = getattr(application, "api_client", None) if application is not None else None
        if client is None or not client.active:
            return []
        return [scope for scope in client.scopes if scope in SCOPES]

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)
