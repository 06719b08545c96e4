"""/sitemap.xml for every language: Wagtail's sitemap covers the site's root page tree only, and each locale
has its own tree (the English home page is a translation beside the Vietnamese one).

Locations are on the address the sitemap was fetched from (``lms.addresses.request_base_url``: ``BASE_URL`` when
set, else the request's host as validated by ``ALLOWED_HOSTS``), not on the Wagtail ``Site`` record, whose
``localhost:80`` listed ``http://localhost/…`` whatever port the platform was served on."""

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from lms.addresses import request_base_url


class AllLocalesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Page.objects.none()
        for home in Page.objects.filter(translation_key=root.translation_key):
            trees = trees | home.get_descendants(inclusive=True)
        return trees.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        base = request_base_url(self.request)
        for url in urls:
            parts = urlsplit(url["location"])
            url["location"] = base + parts.path + (f"?{parts.query}" if parts.query else "")
            for alternate in url.get("alternates", []):
                parts = urlsplit(alternate["location"])
                alternate["location"] = base + parts.path
        return urls
