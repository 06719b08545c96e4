"""``manage.py load_demo``: idempotent, live pages, a real site root, screenshots with alt text, translations."""

import copy
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site

from courses.models import CourseIndexPage, CoursePage, HomePage, LessonPage, ModulePage
from demo.courses import COURSES
from demo.loader import HOME_SLUG, DemoDataError, load_demo

from . import fixture_course

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # demo accounts, fast


def counts():
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "revisions": Revision.objects.count(),
        "locales": Locale.objects.count(),
        "sites": Site.objects.count(),
    }


def block_ids():
    return {lesson.pk: [block.id for block in lesson.body] for lesson in LessonPage.objects.all()}


def test_second_run_adds_nothing_and_keeps_block_ids():
    call_command("load_demo", verbosity=0)
    first, ids = counts(), block_ids()
    call_command("load_demo", verbosity=0)
    assert counts() == first  # no new page, image, user or revision
    assert first["pages"] > 3 and first["images"] > 0
    # Knowledge-check answers are stored against block ids: re-loading must not change them.
    assert block_ids() == ids


def test_pages_are_live_and_the_site_root_is_the_home_page():
    call_command("load_demo", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.slug == HOME_SLUG
    # Wagtail's "Welcome to your new Wagtail site!" page is gone.
    assert not Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").exists()
    index = CourseIndexPage.objects.get(slug="khoa-hoc", locale__language_code="vi")
    assert index.get_parent().pk == site.root_page.pk
    for model in (HomePage, CourseIndexPage, CoursePage, ModulePage, LessonPage):
        pages = model.objects.all()
        assert pages.exists()
        assert all(page.live and not page.has_unpublished_changes for page in pages), model.__name__
    assert CoursePage.objects.filter(locale__language_code="vi").count() == len(COURSES)

    # Course 1 and its taxonomy.
    course = CoursePage.objects.get(slug="ky-nang-so-co-ban", locale__language_code="vi")
    assert course.topic.slug == "ky-nang-so"
    assert course.level == "basic"
    assert course.cover_image is not None
    assert "2.3" in {c.code for c in course.competences.all()}
    assert "farmer" in {g.code for g in course.population_groups.all()}
    assert course.lessons().count() >= 4


def test_lesson_content_is_valid_and_screenshots_have_alt_text():
    call_command("load_demo", verbosity=0)
    lesson = LessonPage.objects.get(slug="kich-hoat-vneid-muc-do-2", locale__language_code="vi")
    kinds = [block.block_type for block in lesson.body]
    assert {"heading", "paragraph", "callout", "steps", "knowledge_check"} <= set(kinds)
    steps = next(block for block in lesson.body if block.block_type == "steps")
    screenshots = [step["screenshot"] for step in steps.value["steps"] if step["screenshot"]]
    assert screenshots
    for image in screenshots:
        assert image.contextual_alt_text and not image.decorative
        assert image.collection.name == "Demo"
        assert image.file.size < 40 * 1024

    # Every demo lesson passes the blocks' own validation (a correct choice per question, alt text…).
    for lesson in LessonPage.objects.all():
        lesson.body.stream_block.clean(lesson.body)
        for check in lesson.knowledge_checks():
            for question in check.value["questions"]:
                assert len(question["choices"]) >= 2
                assert all(choice["feedback"] for choice in question["choices"]), lesson.url_path


def test_a_course_with_translation_en_gets_an_english_tree(monkeypatch):
    monkeypatch.setattr("demo.loader.COURSES", [fixture_course.COURSE])
    call_command("load_demo", "--courses-only", verbosity=0)
    en = Locale.objects.get(language_code="en")

    course = CoursePage.objects.get(slug="khoa-thu-nghiem", locale__language_code="vi")
    course_en = course.get_translation(en)
    assert course_en.live and course_en.title == "Test course"
    assert course_en.topic_id == course.topic_id
    assert course_en.get_parent().specific.title == "Courses"
    assert HomePage.objects.get(locale=en).title == "Digital Literacy for All"

    lesson = LessonPage.objects.get(slug="bai-mat-khau", locale__language_code="vi")
    lesson_en = lesson.get_translation(en)
    assert lesson_en.live and lesson_en.title == "Strong passwords"
    assert lesson_en.get_parent().specific.title == "Chapter 1"
    # Same block ids in both languages, so progress and knowledge-check answers line up.
    assert [b.id for b in lesson_en.body] == [b.id for b in lesson.body]
    steps_en = next(b for b in lesson_en.body if b.block_type == "steps")
    shot = steps_en.value["steps"][0]["screenshot"]
    assert shot.contextual_alt_text == "Settings screen with a change-password button"  # Vietnamese picture, English alt
    steps_vi = next(b for b in lesson.body if b.block_type == "steps")
    assert shot.pk == steps_vi.value["steps"][0]["screenshot"].pk

    before = counts()
    call_command("load_demo", "--courses-only", verbosity=0)
    assert counts() == before


def test_content_changes_are_applied_in_place():
    course = copy.deepcopy(fixture_course.COURSE)
    load_demo([course], with_extras=False)
    lesson = LessonPage.objects.get(slug="bai-mat-khau", locale__language_code="vi")
    pages = Page.objects.count()

    course["modules"][0]["lessons"][0]["title"] = "Mật khẩu thật mạnh"
    course["modules"][0]["lessons"][0]["body"][1] = ("paragraph", "<p>Nội dung mới.</p>")
    course["translation_en"]["modules"][0]["lessons"][0]["title"] = "Really strong passwords"
    load_demo([course], with_extras=False)

    assert Page.objects.count() == pages
    lesson.refresh_from_db()
    assert lesson.title == "Mật khẩu thật mạnh" and lesson.live and not lesson.has_unpublished_changes
    assert "Nội dung mới" in str(lesson.body[1].value)
    assert lesson.get_translation(Locale.objects.get(language_code="en")).title == "Really strong passwords"


def test_a_translation_with_missing_lessons_is_refused():
    course = copy.deepcopy(fixture_course.COURSE)
    course["translation_en"]["modules"][0]["lessons"] = []
    with pytest.raises(DemoDataError):
        load_demo([course], with_extras=False)


def test_unknown_competence_is_a_clear_error():
    course = copy.deepcopy(fixture_course.COURSE)
    course["competences"] = ["9.9"]
    with pytest.raises(DemoDataError, match="9.9"):
        load_demo([course], with_extras=False)


def test_command_prints_a_summary(monkeypatch):
    monkeypatch.setattr("demo.loader.COURSES", [fixture_course.COURSE])
    out = io.StringIO()
    call_command("load_demo", "--courses-only", stdout=out)
    assert "khóa học" in out.getvalue() and "bài học" in out.getvalue()


def test_reordered_data_reorders_both_languages():
    course = copy.deepcopy(fixture_course.COURSE)
    second = copy.deepcopy(course["modules"][0])
    second["slug"] = "chuong-2"
    second["lessons"][0]["slug"] = "bai-2"
    course["modules"].append(second)
    course["translation_en"]["modules"].append(copy.deepcopy(course["translation_en"]["modules"][0]))
    load_demo([course], with_extras=False)

    course["modules"].reverse()
    course["translation_en"]["modules"].reverse()
    load_demo([course], with_extras=False)

    en = Locale.objects.get(language_code="en")
    page = CoursePage.objects.get(slug="khoa-thu-nghiem", locale__language_code="vi")
    assert [p.slug for p in page.get_children()] == ["chuong-2", "chuong-1"]
    assert [p.slug for p in page.get_translation(en).get_children()] == ["chuong-2", "chuong-1"]
    assert [lesson.slug for lesson in page.lessons()] == ["bai-2", "bai-mat-khau"]


def test_inserting_a_block_keeps_the_knowledge_check_id_and_prunes_unused_pictures():
    course = copy.deepcopy(fixture_course.COURSE)
    load_demo([course], with_extras=False)
    lesson = LessonPage.objects.get(slug="bai-mat-khau", locale__language_code="vi")
    check_id = lesson.knowledge_checks()[0].id
    images_before = get_image_model().objects.count()

    body = course["modules"][0]["lessons"][0]["body"]
    body.insert(0, ("paragraph", "<p>Đoạn mở đầu mới.</p>"))
    course["modules"][0]["lessons"][0]["body"] = [block for block in body if block[0] != "image"]
    en_body = course["translation_en"]["modules"][0]["lessons"][0]["body"]
    course["translation_en"]["modules"][0]["lessons"][0]["body"] = [block for block in en_body if block[0] != "image"]
    load_demo([course], with_extras=False)

    lesson.refresh_from_db()
    assert lesson.knowledge_checks()[0].id == check_id
    assert get_image_model().objects.count() == images_before - 2  # the illustration, in both languages
