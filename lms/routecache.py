"""Wagtail's routing of a page URL from the cache, per publish: the site, the page found (its specific object,
with its parent, its course and its locale already read) and the fact that no view restriction applies, in one
cache read instead of 5–9 queries per request. Used by every visitor the anonymous page cache does not serve:
signed-in learners above all.

- Key: host, port, the active language and the path Wagtail routes. The entry records the anonymous page cache's
  *generation* (``lms.pagecache``): any publish, unpublish, move or delete of a page, or a change of a view
  restriction, starts a new one, so an entry never outlives the tree it was read from. The generation and the
  entry are read together (``get_many``), one round trip.
- What is stored is the route as Wagtail computed it, taken before the page serves anyone (so nothing of a
  learner is in it), pickled; each request gets its own copy.
- Only pages without view restrictions are stored; the stored page answers ``get_view_restrictions`` with
  nothing (``CachedRouteMixin``) instead of two queries.
- The cache unreachable (no generation): Wagtail routes as usual.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404

from lms import pagecache

TIMEOUT = 60 * 60


def route_key(request, path: str) -> str:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    where = f"{request._get_raw_host()}|{request.get_port()}|{language}|{path}"
    return "routecache:" + hashlib.sha256(where.encode()).hexdigest()[:32]


def _prepare(page, request) -> None:
    """Read, before storing, what serving the page asks of the database whoever the visitor is."""
    page.locale  # noqa: B018 - loads the relation, stored with the page
    parent = page.get_parent()
    if parent is not None:
        parent.specific  # noqa: B018 - a cached property, stored with the parent
    course = getattr(page, "course", None)
    if callable(course):
        course()
    for _block in getattr(page, "body", None) or ():
        pass  # the body's blocks as Python values (images and other chooser values read in bulk), stored converted
    prepare = getattr(page, "prepare_for_route_cache", None)
    if callable(prepare):
        prepare()
    translation_url = getattr(page, "translation_url", None)
    if callable(translation_url):
        translation_url(request)  # kept on the page by courses.models.PersonalPageMixin


class CachedRouteMixin:
    """For page models: a page restored from the route cache has no view restriction (it would not be stored)."""

    def get_view_restrictions(self):
        if getattr(self, "_routecache_unrestricted", False):
            from wagtail.models import PageViewRestriction  # function-level: see RouteCacheMiddleware.__init__

            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class RouteCacheMiddleware:
    """Sets ``request._wagtail_site`` and ``request._wagtail_route_for_request`` (which Wagtail reads first) from
    the cache for GET/HEAD requests of Wagtail pages."""

    def __init__(self, get_response):
        # Function-level: this module is imported by courses.models (CachedRouteMixin) while the apps load, before
        # wagtail.views may import its models.
        from wagtail import views as wagtail_views

        self.get_response = get_response
        self.serve = wagtail_views.serve

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not self.serve or request.method not in ("GET", "HEAD"):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        key = route_key(request, path)
        found = cache.get_many([pagecache.GENERATION_KEY, key])
        generation = found.get(pagecache.GENERATION_KEY)
        entry = found.get(key)
        if generation is None:
            generation = pagecache.current_generation()
            if generation is None:
                return None  # the cache is unreachable
        if entry is not None and entry[0] == generation:
            site, route = entry[1]
            request._wagtail_site = site
            request._wagtail_route_for_request = route
            if route is not None:
                route[0]._routecache_unrestricted = True
            return None
        from wagtail.models import Page, Site  # function-level: see __init__

        try:
            route = Page.route_for_request(request, path)
        except Http404:
            return None
        site = Site.find_for_request(request)
        if route is None or site is None:
            return None
        page = route[0]
        if not isinstance(page, CachedRouteMixin) or page.get_view_restrictions().exists():
            return None
        _prepare(page, request)
        cache.set(key, (generation, (site, route)), TIMEOUT)
        page._routecache_unrestricted = True  # just checked (set after storing: a stored page gets it when read)
        return None


def invalidate_on_restriction_change(**_kwargs) -> None:
    """A view restriction was added, changed or removed: routes stored as unrestricted are out of date."""
    pagecache.invalidate()
