"""How much a learner's phone stores when a demo course is saved for offline learning (issue 20), and what the service
worker costs once (itself and its precache). No load: one learner, in-process (Django's test client), on a throwaway
SQLite database with the demo loaded.

    .venv/bin/python bench/offline_size.py [--json]

For each demo course: the lessons saved, the bytes of the course page and the lessons' offline copies (HTML as
sent, before gzip, and gzipped as the site would send it), the images in the phone rendition, the documents marked
offline, and the videos (only saved on request: listed apart). The figures are in ``docs/offline.md``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> None:
    var = tempfile.mkdtemp(prefix="bench-offline-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ["TESTING"] = "1"
    os.environ["LMS_VAR_DIR"] = var
    os.environ.pop("DATABASE_URL", None)
    os.environ["REDIS_URL"] = ""
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.RATE_LIMITS_ENABLED = False
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def measure() -> dict:
    from django.contrib.staticfiles import finders
    from django.test import Client

    from courses import services
    from courses.models import CoursePage
    from lms.accounts.models import User

    learner = User.objects.create_user(email="offline-bench@example.vn", password="Matkhau#2025",
                                       full_name="Người học ngoại tuyến")
    client = Client()
    client.force_login(learner)
    once = {}
    for url in ["/sw.js", "/static/css/site.css", "/static/js/offline.js", "/learn/offline/", "/manifest.webmanifest"]:
        if url.startswith("/static/"):  # whitenoise serves collected files only: read the source file
            data = Path(finders.find(url.removeprefix("/static/"))).read_bytes()
        else:
            data = body(client.get(url))
        once[url] = {"bytes": len(data), "gzip": len(gzip.compress(data))}
    courses = []
    for course in CoursePage.objects.live().filter(locale__language_code="vi").order_by("path"):
        services.enrol(user=learner, course=course)
        manifest = client.get(f"/learn/offline/courses/{course.pk}/").json()
        pages = [manifest["course"]["url"], manifest["fallback"]] + [
            lesson["copy"] for lesson in manifest["lessons"] if lesson["open"]]
        html = [body(client.get(url)) for url in pages]
        images = [len(body(client.get(item["url"]))) for item in manifest["images"]]
        documents = [len(body(client.get(item["url"]))) for item in manifest["documents"]]
        videos = sum(item["bytes"] or 0 for item in manifest["videos"])
        total = sum(len(h) for h in html) + sum(images) + sum(documents)
        courses.append({
            "course": course.title,
            "lessons": sum(1 for lesson in manifest["lessons"] if lesson["open"]),
            "pages_bytes": sum(len(h) for h in html),
            "pages_gzip": sum(len(gzip.compress(h)) for h in html),
            "images": len(images), "images_bytes": sum(images),
            "documents": len(documents), "documents_bytes": sum(documents),
            "videos": len(manifest["videos"]), "videos_bytes": videos,
            "stored_bytes": total,
        })
    return {"worker_once": once, "courses": courses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    setup()
    result = measure()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print("Once per device (the worker and what it precaches), bytes / gzipped:")
    for url, size in result["worker_once"].items():
        print(f"  {url:28} {size['bytes']:>8} / {size['gzip']:>7}")
    print()
    print(f"{'Course':44} {'lessons':>7} {'pages':>9} {'(gzip)':>8} {'images':>12} {'docs':>10} {'stored':>10} "
          f"{'videos (on request)':>20}")
    for c in result["courses"]:
        print(f"{c['course'][:44]:44} {c['lessons']:>7} {c['pages_bytes']:>9} {c['pages_gzip']:>8} "
              f"{c['images']:>3}:{c['images_bytes']:>8} {c['documents']:>2}:{c['documents_bytes']:>7} "
              f"{c['stored_bytes']:>10} {c['videos']:>3}:{c['videos_bytes']:>16}")


if __name__ == "__main__":
    main()
