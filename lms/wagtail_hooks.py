"""The project's Wagtail hooks."""

from wagtail import hooks

from lms import pagecache


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Wagtail pages are what the anonymous page cache may store (lms/pagecache.py)."""
    pagecache.mark_cacheable(request, page)
