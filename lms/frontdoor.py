"""The front door (issue 17): stored pages answered before the middleware stack, for anonymous visitors (the page
cache, ``lms/pagecache.py``) and for signed-in learners (the fast lane, ``lms/fastlane.py``).

Why here. On a quiet 2-core machine a bare view *inside* the project's 17 middleware answered 1,784 requests/s
where a minimal Django app answered 7,254: the stack alone took three quarters of the capacity, so no page served
from inside it could reach the issue's goals (70% of the minimal app for an anonymous cached page, 25% signed in).
The front door sits second, right inside gzip, and on a hit does itself, with Django's own functions, the little
that the stack would have done for a stored page:

- **Language**: from the path as ``LocaleMiddleware`` decides it for the ``i18n_patterns`` URLs
  (``prefix_default_language=False``: a prefix, or the default language). An entry is only stored when the stack
  chose that same language, for a Wagtail page or a ``fastlane.capturable`` view (both under ``i18n_patterns``).
- **CSRF**: Django's ``CsrfViewMiddleware`` reads the cookie (``process_request``), ``lms.csrftoken.get_token``
  (Django's algorithm, faster random draws) masks the secret for the page's forms, and ``process_response`` sets
  the cookie again, exactly as on the normal path.
- **CSP nonce**: a new one per response (as django-csp draws it); the stored headers and body have holes for it.
- **Session and user** (signed in): one cache round trip reads the generation, the page's entry and the session
  (cache-backed session engines only); a second reads the user's authcache entry and the learner's progress
  entry. The user is accepted as Django's ``get_user`` would: the backend is still configured and the session's
  hash matches. The session is not changed, so the stack would not have saved it either.
- **Everything else** (security headers, ``X-Frame-Options``, ``Vary``, ``Content-Language``, the CSP header): the
  final headers of the response the stack produced when the entry was stored, with the nonce cut out.

The normal path is taken, and stores the entry when it may, whenever a hit cannot be sure to be the page the stack
would give: not GET (HEAD too for anonymous visitors), an excluded prefix (static, media, admin, API), a query
string (signed in), a messages cookie, a CSRF cookie Django would replace, a session with anything but the sign-in
keys (messages, the privacy-consent flag, a half-finished sign-in…), no cached session or user, an HTTPS
redirect due, the cache unreachable, no entry of this generation, a handler refusing, a variant not stored yet.
"""

from __future__ import annotations

import base64
import os
from importlib import import_module

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache, caches
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.crypto import constant_time_compare

from lms import authcache, csrftoken, fastlane, localpages, pagecache

CACHED_SESSION_ENGINES = frozenset({"django.contrib.sessions.backends.cached_db",
                                    "django.contrib.sessions.backends.cache"})
# What a signed-in learner's session may hold for a hit; anything else (messages, the consent flag, a sign-in
# in progress) sends the request down the normal path.
SIGN_IN_KEYS = frozenset({auth.SESSION_KEY, auth.BACKEND_SESSION_KEY, auth.HASH_SESSION_KEY,
                          "account_authentication_methods", "_session_expiry"})
EXCLUDED_PREFIXES = ("/static/", "/media/", "/admin/", "/django-admin/", "/api/", "/h5p/", "/healthz",
                     "/csp-report/", "/.well-known/", "/favicon")
SESSION_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def new_nonce() -> str:
    return base64.b64encode(os.urandom(16)).decode("ascii")  # as django-csp draws it


def language_of(request) -> str:
    """The language ``LocaleMiddleware`` activates for an ``i18n_patterns`` URL of this project."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


class FrontDoorMiddleware:
    def __init__(self, get_response):
        from wagtail import views as wagtail_views  # function-level: the apps are loaded by now

        self.get_response = get_response
        self._serve = wagtail_views.serve
        self._csrf = CsrfViewMiddleware(get_response)  # Django's own cookie reading and writing, for hits
        self._excluded = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL, *EXCLUDED_PREFIXES) if p)
        self._session_store = import_module(settings.SESSION_ENGINE).SessionStore

    # --- the door -----------------------------------------------------------------------------------------------

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(self._excluded):
            return self.get_response(request)
        if getattr(settings, "SECURE_SSL_REDIRECT", False) and not request.is_secure():
            return self.get_response(request)  # SecurityMiddleware redirects it
        if request.COOKIES.get("messages") or settings.CSRF_USE_SESSIONS:  # an emptied cookie may linger: no message
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self._signed_in(request)
        if settings.PAGE_CACHE_ENABLED:
            return self._anonymous(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Capture only what Wagtail serves and the views marked ``fastlane.capturable`` (never an admin page, a
        download or a stream)."""
        pending = request.__dict__.pop("_fastlane_pending", None)
        if pending is not None and (view_func is self._serve or getattr(view_func, "fastlane_capturable", False)):
            request._fastlane_capture = pending
        return None

    def _csrf_ok(self, request) -> bool:
        """The CSRF cookie as Django reads it; False when Django would replace it (the normal path does that)."""
        before = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        self._csrf.process_request(request)
        return before is None or request.META.get("CSRF_COOKIE") == before

    def _finish(self, request, response, *, csrf_cookie: bool):
        if csrf_cookie and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            csrftoken.get_token(request)  # the normal path set the cookie for this page (its forms)
        response["Content-Length"] = str(len(response.content))  # as CommonMiddleware does
        return self._csrf.process_response(request, response)

    # --- anonymous visitors: the page cache ---------------------------------------------------------------------

    def _anonymous(self, request):
        language = language_of(request)
        key = pagecache.page_key(request, language)
        generation = localpages.recent_generation()  # within PAGE_CACHE_LOCAL_SECONDS: no network at all
        stored = localpages.get(key, generation)
        if stored is None:
            found = cache.get_many([pagecache.GENERATION_KEY, key]) or {}  # None: the cache is unreachable
            generation = found.get(pagecache.GENERATION_KEY)
            if generation is None:
                generation = pagecache.current_generation()
                if generation is None:
                    return self.get_response(request)
            localpages.generation_read(generation)
            stored = found.get(key)
            if stored is not None and (stored.get("generation") != generation or "segments" not in stored):
                stored = None  # out of date, or stored by an older release
            if stored is not None:
                localpages.put(key, generation, stored)
        if stored is not None and self._csrf_ok(request):
            translation.activate(language)  # as LocaleMiddleware leaves it (an error page after this is in it)
            request.csp_nonce = new_nonce()
            response = pagecache.thaw(request, stored)
            response["X-Page-Cache"] = "hit"
            return self._finish(request, response, csrf_cookie=stored.get("csrf_cookie", False))
        request._page_cache_key = key
        response = self.get_response(request)
        if pagecache.response_is_cacheable(request, response) and getattr(request, "LANGUAGE_CODE", None) == language:
            cache.set(key, pagecache.freeze(request, response, generation), timeout=settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    # --- signed-in learners: the fast lane ----------------------------------------------------------------------

    def _signed_in(self, request):
        if not fastlane.enabled():
            return self.get_response(request)
        if request.method != "GET":
            return self.get_response(request)
        if request.META.get("QUERY_STRING"):
            return self._debug(self.get_response(request), "query string")
        language = language_of(request)
        key = fastlane.entry_key(request, language)
        session_key = request.COOKIES[settings.SESSION_COOKIE_NAME]
        session_cache_key = self._session_cache_key(session_key)
        shared_cache = settings.SESSION_CACHE_ALIAS == "default"
        local = localpages.newest(key)  # this process's copy: its generation is checked against Redis's below
        keys = [pagecache.GENERATION_KEY] if local is not None else [pagecache.GENERATION_KEY, key]
        if session_cache_key is not None and shared_cache:
            keys.append(session_cache_key)
        known_user = localpages.session_user(session_key)  # seen here before: the user's keys in this round trip
        if known_user is not None:
            keys += self._user_keys(known_user, local["kind"] if local is not None else None)
        found = cache.get_many(keys) or {}
        generation = found.get(pagecache.GENERATION_KEY)
        if generation is None:
            generation = pagecache.current_generation()
            if generation is None:
                return self._debug(self.get_response(request), "cache unreachable")
        localpages.set_request_generation(generation)
        try:
            return self._signed_in_page(request, key=key, generation=generation, local=local, found=found,
                                        session_key=session_key, session_cache_key=session_cache_key,
                                        shared_cache=shared_cache, known_user=known_user, language=language)
        finally:
            localpages.set_request_generation(None)

    def _signed_in_page(self, request, *, key, generation, local, found, session_key, session_cache_key,
                        shared_cache, known_user, language):
        entry = localpages.get(key, generation) if local is not None else found.get(key)
        if local is not None and entry is None:
            entry = found[key] = cache.get(key)  # published since: this process's copy is out of date
        if entry is not None and entry.get("generation") != generation:
            entry = None
        if entry is not None and entry is not local:
            localpages.put(key, generation, entry)
        reason = "miss"
        if entry is not None:
            if session_cache_key is not None and not shared_cache:
                found[session_cache_key] = caches[settings.SESSION_CACHE_ALIAS].get(session_cache_key)
            session = found.get(session_cache_key) if session_cache_key is not None else None
            response, reason = self._hit(request, entry, session_key, session, language,
                                         found if known_user is not None else None)
            if response is not None:
                return self._debug(response, "hit")
        return self._miss(request, key=key, generation=generation, language=language, reason=reason)

    def _session_cache_key(self, session_key: str) -> str | None:
        if settings.SESSION_ENGINE not in CACHED_SESSION_ENGINES:
            return None
        if not 8 <= len(session_key) <= 64 or not SESSION_KEY_CHARS.issuperset(session_key):
            return None
        return self._session_store.cache_key_prefix + session_key

    def _hit(self, request, entry: dict, session_key: str, session, language: str, found: dict | None):
        """The page from the stored entry, or ``(None, reason)``."""
        if not isinstance(session, dict):
            return None, "session not cached"
        if not SIGN_IN_KEYS.issuperset(session):
            return None, "session holds more than the sign-in"
        user = self._user(session, found, entry["kind"])
        if user is None:
            return None, "user not cached"
        localpages.remember_session(session_key, user.pk)
        handler = fastlane.handler(entry["kind"])
        if handler is None:
            return None, "no handler"
        if not self._csrf_ok(request):
            return None, "csrf cookie"
        store = self._session_store(session_key)
        store._session_cache = session  # read above in the same round trip as the page (Django's load() does this)
        request.session = store
        request.user = request._cached_user = user
        request.LANGUAGE_CODE = language
        request.csp_nonce = new_nonce()
        try:
            translation.activate(language)  # as LocaleMiddleware does: the handler's lazy texts, an error page
            values, after = handler(request, user, entry["data"])
            response = fastlane.assemble(request, entry, values)
        except (fastlane.Refused, KeyError) as error:
            # The stack answers: what this attempt set on the request is its own business again.
            request.__dict__.pop("_cached_user", None)
            request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
            return None, f"refused: {error}" if isinstance(error, fastlane.Refused) else "variant"
        if after is not None:
            after()
        return self._finish(request, response, csrf_cookie=entry.get("csrf_cookie", False)), "hit"

    @staticmethod
    def _user_keys(user_id, kind: str | None) -> list[str]:
        return [authcache.GENERATION_KEY, authcache.user_key(user_id), *fastlane.prefetch_keys(user_id, kind)]

    def _user(self, session: dict, found: dict | None, kind: str):
        """The signed-in user from the authcache, accepted as ``django.contrib.auth.get_user`` accepts one.
        ``found``: the user's keys, read with the session when this process knew whose session it is; read now
        otherwise (or when the session turns out to be someone else's: then ``found`` is not theirs)."""
        user_id = session.get(auth.SESSION_KEY)
        backend = session.get(auth.BACKEND_SESSION_KEY)
        session_hash = session.get(auth.HASH_SESSION_KEY)
        if user_id is None or backend not in settings.AUTHENTICATION_BACKENDS or not session_hash:
            return None
        user_key = authcache.user_key(user_id)
        if found is None or user_key not in found:
            found = cache.get_many(self._user_keys(user_id, kind)) or {}
        cached = found.get(user_key)
        generation = found.get(authcache.GENERATION_KEY)
        if cached is None or generation is None or cached[0] != generation:
            return None
        user = cached[1]
        if str(user.pk) != str(user_id) or not constant_time_compare(session_hash, user.get_session_auth_hash()):
            return None
        user.backend = backend
        fastlane.prime(user.pk, found, kind)
        return user

    def _miss(self, request, *, key: str, generation, language: str, reason: str):
        request._fastlane_pending = fastlane.Capture()  # turned on for Wagtail pages and capturable views only
        response = self.get_response(request)
        request.__dict__.pop("_fastlane_pending", None)
        capture = request.__dict__.pop("_fastlane_capture", None)
        if capture is None:
            return self._debug(response, "not a page")
        marked = fastlane.restore(response, capture) if capture.parts else response
        if (getattr(request, "_fastlane_kind", None) is not None and response.status_code == 200
                and not response.streaming and response.get("Content-Type", "").startswith("text/html")
                and request.user.is_authenticated and fastlane.only_csrf_cookie(response)
                and getattr(request, "LANGUAGE_CODE", None) == language):
            request._fastlane_capture = capture
            try:  # merged with the variants other learners' requests stored (read now: a miss is rare)
                stored = fastlane.store(request, response, marked, key=key, generation=generation, old=cache.get(key))
            finally:
                del request._fastlane_capture
            if stored is not None:
                localpages.put(key, generation, stored)
        return self._debug(response, reason)

    @staticmethod
    def _debug(response, reason: str):
        if getattr(settings, "FASTLANE_DEBUG_HEADER", False):
            response["X-Fast-Lane"] = reason
        return response
