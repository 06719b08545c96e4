"""The signed-in user and their permissions from the cache: one cache read per request instead of three queries
(the user row, then their own and their groups' permissions for the header's *Quản lý* link and the admin).

``CachedUserAuthenticationMiddleware`` replaces Django's ``AuthenticationMiddleware``. ``request.user`` is still
lazy; when read, the session's user id selects the entry ``authcache:user:<id>``, read together with the
*generation* (``get_many``: one round trip). The entry holds the user object as Django's backend returned it, with
its permission sets already computed (``ModelBackend``'s per-object caches, pickled with it).

- A hit is checked as Django checks a session (``django.contrib.auth.get_user``): the backend named by the session
  is still configured and the session's hash matches the cached user's password; anything else goes through
  Django's own ``get_user`` (which logs out a session whose password changed).
- Freshness: saving or deleting a user drops their entry; changing their groups or direct permissions drops it
  too; changing a group's permissions, a group or a permission starts a new generation (every entry out of date).
  Changes that bypass ``save()`` (``QuerySet.update`` on users) are not seen until ``TIMEOUT``: the project's
  code changes users through ``save()``.
- The cache unreachable: no generation, so every request reads the database as before.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

GENERATION_KEY = "authcache:generation"
TIMEOUT = 15 * 60
# Attributes computed per request on the user object that must not be stored with it (a manager's scope reads
# their assignments, which change without touching the user).
_TRANSIENT = ("_results_scope",)


def user_key(user_id) -> str:
    return f"authcache:user:{user_id}"


def _generation(found: dict) -> int | None:
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)  # still None: the cache is unreachable
    return generation


def get_user(request):
    """``django.contrib.auth.get_user`` through the cache (see the module)."""
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = request.session[auth.BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    key = user_key(user_id)
    found = cache.get_many([GENERATION_KEY, key])
    generation = _generation(found)
    entry = found.get(key)
    if entry is not None and generation is not None and entry[0] == generation:
        user = entry[1]
        session_hash = request.session.get(auth.HASH_SESSION_KEY)
        if session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
            user.backend = backend_path
            return user
    user = auth.get_user(request)
    if user.is_authenticated and generation is not None:
        user.get_all_permissions()  # fills the backend's permission caches on the object, stored with it
        for name in _TRANSIENT:
            user.__dict__.pop(name, None)
        cache.set(key, (generation, user), TIMEOUT)
    return user


def _lazy_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class CachedUserAuthenticationMiddleware(AuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _lazy_user(request))


# --- invalidation (signal receivers, connected in lms.apps) ----------------------------------------


def forget_user(sender=None, instance=None, **kwargs) -> None:
    """A user was saved or deleted: their entry is out of date."""
    if instance is not None and instance.pk is not None:
        cache.delete(user_key(instance.pk))


def user_relations_changed(sender=None, instance=None, reverse=False, pk_set=None, model=None, **kwargs) -> None:
    """``m2m_changed`` of a user's groups or permissions: drop the users concerned (all of them when a group or
    permission is the side that changed)."""
    if kwargs.get("action") not in ("post_add", "post_remove", "post_clear"):
        return
    user_model = auth.get_user_model()
    if not reverse and isinstance(instance, user_model):
        forget_user(instance=instance)
    else:
        new_generation()


def new_generation(**_kwargs) -> None:
    """Every entry out of date (a group's permissions changed, a group or a permission was saved or deleted)."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
