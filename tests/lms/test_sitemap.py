"""/sitemap.xml lists the courses and lessons of every language, and no module (modules redirect)."""

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
        assert f"<loc>{page.full_url}</loc>" in body, page.url
    assert "/en/" in english.url and english.url in body
    for module in ModulePage.objects.all():
        assert f"<loc>{module.full_url}</loc>" not in body
