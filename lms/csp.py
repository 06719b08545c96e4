"""Content-Security-Policy (django-csp 4): a strict policy for the site, a relaxed one for the admins.

The site: scripts only from this origin or with the request's nonce (``<script nonce="{{ request.csp_nonce }}">``),
no plugins, no ``<base>`` tricks, forms post only here, framed only by this site (Wagtail preview, H5P). Styles:
``<style>`` and stylesheets from here or with the nonce; ``style="…"`` attributes are allowed (embed wrappers,
the H5P player's layout), which cannot run code. Video embeds may come from the providers in ``CSP_FRAME_HOSTS``.

The Wagtail admin and the Django admin (and the H5P preview, an admin page) get ``CSP_ADMIN_DIRECTIVES``: Wagtail's
admin still uses inline scripts and styles. Violations are reported to ``/csp-report/`` and logged.
"""

from __future__ import annotations

import json
import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lms import ratelimit

logger = logging.getLogger("lms.csp")

MAX_REPORT_BYTES = 16 * 1024


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ())))


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin policy on the admin paths (unless a view set its own)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = dict(settings.CSP_ADMIN_DIRECTIVES)
        elif not report_only and (origin := identity_provider_origin()):
            # Signing in or linking with the national identity: the form's redirect goes to the provider.
            parts.update = {**(parts.update or {}), "form-action": [origin]}
        return parts


def identity_provider_origin() -> str | None:
    """The national identity provider's origin (scheme://host[:port]) when one is configured (OIDC_ISSUER)."""
    from urllib.parse import urlsplit

    issuer = getattr(settings, "OIDC", {}).get("ISSUER")
    if not issuer:
        return None
    parts = urlsplit(issuer)
    return f"{parts.scheme}://{parts.netloc}"


@csrf_exempt  # browsers send reports without cookies or tokens; nothing is changed but the log
@require_POST
def csp_report(request):
    """``POST /csp-report/``: a browser's report of a blocked resource; logged (bounded), answered 204."""
    refused = ratelimit.check(request, "csp_report", per="ip")
    if refused is not None:
        return HttpResponse(status=204)  # drop silently: a report storm must not fill the log
    body = request.read(MAX_REPORT_BYTES + 1)[:MAX_REPORT_BYTES]
    try:
        report = json.loads(body.decode("utf-8", "replace")).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if isinstance(report, dict):
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            str(report.get("violated-directive") or report.get("effective-directive"))[:100],
            str(report.get("blocked-uri"))[:200], str(report.get("document-uri"))[:200],
        )
    return HttpResponse(status=204)
