"""/sitemap.xml for every language: Wagtail's sitemap covers the site's root page tree only, and each locale
has its own tree (the English home page is a translation beside the Vietnamese one)."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLocalesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Page.objects.none()
        for home in Page.objects.filter(translation_key=root.translation_key):
            trees = trees | home.get_descendants(inclusive=True)
        return trees.live().public().order_by("path").defer_streamfields().specific()
