"""The platform's own address, for links (issue 15, "Words, numbers and dates").

Two kinds of links, two sources:

- **Stored or signed links** (a certificate's verification URL, its QR code and printed URL, the Open Badge's
  ``id`` and issuer ``did:web``, links in mails and SMS, xAPI ids) come from ``settings.BASE_URL`` only: the
  ``BASE_URL`` environment variable when it is set, otherwise the address the server was started on
  (``SERVED_URL``, which ``make run`` passes as ``http://HOST:PORT``). They are made without a request, so a forged
  ``Host`` header can never end up in a credential the platform signs, nor differ between a certificate issued
  by a web worker and one issued by the task worker.
- **Links shown on a page and nowhere else** (the sitemap, the share field of a certificate) follow the address
  the visitor actually used, when ``BASE_URL`` is not set: ``request.get_host()``, which Django validates against
  ``ALLOWED_HOSTS`` (a host not listed is refused with 400 before any view runs), so the worst a client can do is
  pick another name the operator allowed. The anonymous page cache keys pages by host too (``lms/pagecache.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost


def base_url() -> str:
    """The address for links that are stored, signed or sent (never from a request)."""
    return settings.BASE_URL.rstrip("/")


def request_base_url(request) -> str:
    """The address for links shown on this page: ``BASE_URL`` when set, else the validated host of the request."""
    if getattr(settings, "BASE_URL_SET", False) or request is None:
        return base_url()
    try:
        host = request.get_host()  # validated against ALLOWED_HOSTS
    except DisallowedHost:
        return base_url()
    return f"{request.scheme}://{host}"


def absolute_on_page(request, path: str) -> str:
    """``path`` (``/verify/…``) as an absolute URL for the page answering ``request``."""
    return request_base_url(request) + path
