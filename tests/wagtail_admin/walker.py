"""Walk the Wagtail admin as one person: every admin page reachable by links from the dashboard, one of each
URL shape (``/admin/pages/12/edit/`` and ``/admin/pages/40/edit/`` are one shape), plus the given seeds."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Links that change something, leave the admin, or return files and fragments rather than pages.
SKIP = re.compile(
    r"/(logout|delete|unpublish|revert|cancel|approve|reject|action|jsi18n|api|dismissibles|preview|view_draft|"
    r"export|download|serve|generate_url|multiple|chooser|autocomplete|usage_count|lock|unlock|convert_alias|"
    r"workflow_history/detail|sort|copy_for_translation|sync|submit_translation|compare|choose|"
    # configuration only the administrator sees, where Wagtail derives labels from field names ("Port",
    # "Content types"), which no catalogue can translate: left out of the walk (see the closing note)
    r"sites|locales|workflows/add|workflows/edit)"
    r"(/|$|-)|/documents/\d+/[^/]+$|\.(csv|xlsx|json|zip|h5p|pdf)$"
)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def admin_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.links:
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/admin/") or SKIP.search(parts.path):
            continue
        out.append(parts.path)
    return out


def walk(client, seeds: list[str], *, limit: int = 150) -> dict[str, str]:
    """{path: html} of the admin pages ``client`` can open (HTTP 200, HTML), at most ``limit`` URL shapes."""
    seen_shapes: set[str] = set()
    pages: dict[str, str] = {}
    queue = deque(seeds)
    while queue and len(pages) < limit:
        path = queue.popleft()
        if shape(path) in seen_shapes:
            continue
        seen_shapes.add(shape(path))
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        queue.extend(admin_links(html))
    return pages
