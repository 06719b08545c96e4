"""drf-spectacular hooks: the OpenAPI document describes /api/v1/ only (Wagtail's admin API is not part of it),
and declares the OAuth 2.0 client-credentials flow."""


def only_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
