"""The installable web app (issue 20): manifest, icons and the service worker served by the project, from the
site root, never fetched by a page until a learner saves a course."""

import json
import re

from django.contrib.staticfiles import finders
from django.test import override_settings

from lms import pwa


def test_the_manifest_is_vietnamese_with_icons_that_exist(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Học vụ số" and data["short_name"] == "Học vụ số" and data["lang"] == "vi"
    assert data["start_url"] == "/" and data["display"] == "standalone"
    assert data["theme_color"] == pwa.THEME_COLOUR
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in data["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), icon["src"]


def test_the_worker_is_served_from_the_root_with_its_scope_and_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "workbox:core:7" in body and "workbox:precaching:7" in body  # Workbox from npm, built in
    precache = json.loads(re.search(r"self\.HVS_PRECACHE = (.*?);\n", body).group(1))
    urls = [entry["url"] for entry in precache]
    assert urls == ["/static/css/site.css", "/static/js/offline.js", "/learn/offline/"]
    assert all(entry["revision"] for entry in precache)
    again = client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_built_worker_is_the_build_of_its_source():
    """lms/pwa/worker.js is committed: it must end with worker.src.js as it is now (run `npm run build:sw`)."""
    built = pwa.WORKER.read_text(encoding="utf-8")
    source = pwa.WORKER.with_name("worker.src.js").read_text(encoding="utf-8")
    assert built.endswith(source)
    assert "sourceMappingURL" not in built


def test_pages_link_the_manifest_and_never_register_the_worker_themselves(client, learner):
    """The worker is registered by offline.js only for a learner who saves or has saved a course: no page names
    /sw.js, and the offline script is small (the lesson budget)."""
    client.force_login(learner)
    html = client.get("/learn/offline/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert "sw.js" not in html
    script = finders.find("js/offline.js")
    assert 'register("/sw.js"' in open(script, encoding="utf-8").read()
    assert len(open(script, "rb").read()) < 30_000


@override_settings(LANGUAGE_CODE="vi")
def test_the_offline_page_is_in_vietnamese(client):
    response = client.get("/learn/offline/")
    assert response.status_code == 200
    assert "Không có kết nối mạng" in response.content.decode()


def _function(source: str, name: str) -> str:
    """The text of ``function name() {…}`` in a script (braces counted), whitespace collapsed."""
    start = source.index(f"function {name}(")
    depth = 0
    for end in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[end], 0)
        if depth == 0:
            return " ".join(source[start:end + 1].split())
    raise AssertionError(f"function {name} is not closed")


def test_the_page_and_the_worker_open_the_outbox_the_same_way():
    """The outbox's IndexedDB (name, version, stores, keys) is opened by the page (static/js/offline.js) and by the
    worker (lms/pwa/worker.src.js), each with its own copy of ``db()``: the worker cannot load the page's script. A
    change to one copy without the other would leave the worker reading a queue the page no longer writes."""
    page = open(finders.find("js/offline.js"), encoding="utf-8").read()
    worker = pwa.WORKER.with_name("worker.src.js").read_text(encoding="utf-8")
    opener = _function(page, "db")
    assert 'indexedDB.open("hvs-offline", 1)' in opener
    assert 'createObjectStore("outbox", {keyPath: "key"})' in opener
    assert opener == _function(worker, "db")
