"""An existing user who has not answered the current privacy notice answers it before anything else.

``ask_for_consent_on_login`` (Django's ``user_logged_in``: the site's log-in by password, email link or phone
code, and the Wagtail admin's log-in) sets ``SESSION_KEY`` when the person has no consent to
``notices.CURRENT_VERSION``; until they answer, every page but the notice itself, the consent page, log-out and
static files redirects to the consent page (with ``next``). Sign-up records consent on the form, so a new account
is never asked twice. A log-in without an HTTP request behind it (the test client's ``force_login``, a shell) has
no path and sets nothing.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .services import has_current_consent

SESSION_KEY = "privacy_consent_due"


def ask_for_consent_on_login(sender, request, user, **kwargs):
    if request is None or not getattr(request, "path", "") or not hasattr(request, "session"):
        return

    if not has_current_consent(user):
        request.session[SESSION_KEY] = True


class ConsentRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) and request.user.is_authenticated:
            if not self._allowed(request.path):
                target = reverse("privacy:consent")
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = [reverse("privacy:consent"), reverse("privacy:notice"), reverse("account_logout")]
        prefixes = [settings.STATIC_URL, "/i18n/", "/healthz", "/csp-report/", "/favicon"]
        for url in allowed:
            # The same page in every language (the URLs are inside i18n_patterns).
            tail = url.split("/accounts/", 1)[-1]
            if path.endswith("/accounts/" + tail) or path == url:
                return True
        return any(prefix and path.startswith(prefix) for prefix in prefixes)
