"""/sitemap.xml lists the courses and lessons of every language, and no module (modules redirect), on the address
the sitemap was fetched from (issue 15: it listed http://localhost/… whatever the port)."""

import pytest
from django.core.management import call_command

from courses.models import CoursePage, LessonPage, ModulePage


def test_sitemap_lists_both_languages(client, db):
    call_command("load_demo", "--courses-only", verbosity=0)
    english = CoursePage.objects.filter(locale__language_code="en").first()
    assert english is not None, "the demo has one course translated to English"

    response = client.get("/sitemap.xml")
    body = response.content.decode()

    assert response.status_code == 200
    for page in [*CoursePage.objects.live(), *LessonPage.objects.live()]:
        assert f"<loc>http://testserver{page.url}</loc>" in body, page.url
    assert "/en/" in english.url and english.url in body
    for module in ModulePage.objects.all():
        assert f"<loc>http://testserver{module.url}</loc>" not in body


def test_sitemap_locations_follow_the_served_address(client, db, settings):
    """Served on another port (``make run PORT=8080``) the sitemap lists that address, not the Wagtail Site's
    ``localhost:80``; a host outside ALLOWED_HOSTS is refused before any link is built from it."""
    call_command("load_demo", "--courses-only", verbosity=0)
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.BASE_URL_SET = False
    body = client.get("/sitemap.xml", headers={"host": "127.0.0.1:8080"}).content.decode()
    locations = [line for line in body.split("<loc>")[1:]]
    assert locations and all(loc.startswith("http://127.0.0.1:8080/") for loc in locations), locations[:3]
    assert "http://localhost/" not in body

    assert client.get("/sitemap.xml", headers={"host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:9000"])
def test_sitemap_uses_base_url_when_it_is_set(client, db, settings, host):
    call_command("load_demo", "--courses-only", verbosity=0)
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.BASE_URL_SET, settings.BASE_URL = True, "https://hocvuso.example.vn"
    body = client.get("/sitemap.xml", headers={"host": host}).content.decode()
    assert "<loc>https://hocvuso.example.vn/" in body and host not in body
