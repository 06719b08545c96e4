"""The journey over HTTP: pages, POST endpoints (PRG), catalogue filters and search, structured data."""

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from courses import services, visits
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrollment,
    HomePage,
    KnowledgeCheckSubmission,
    LessonCompletion,
    LessonPage,
    ModulePage,
)

from .conftest import RIGHT_ANSWERS, check_block_id

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld_of(response):
    return [json.loads(block) for block in JSONLD.findall(response.content.decode())]


class PageTreeTests(WagtailPageTestCase):
    def test_parent_and_child_types(self):
        from wagtail.models import Page

        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage, LessonPage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage, ModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())


# --- Reading as anyone ------------------------------------------------------------------------------


def test_anonymous_reads_catalogue_course_and_lesson(client, course_tree):
    course = course_tree["course"]
    response = client.get(reverse("catalogue"), follow=True)
    assert response.status_code == 200
    assert course.title in response.content.decode()

    response = client.get(course.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{reverse('account_login')}?next={course.url}" in html
    assert "Bắt đầu học" not in html

    response = client.get(course_tree["lessons"][0].url)
    assert response.status_code == 200
    assert not Enrollment.objects.exists()


def test_anonymous_post_enrol_redirects_to_login_with_next_back_to_the_course(client, course_tree):
    course = course_tree["course"]
    response = client.post(reverse("course_enrol", args=[course.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert response.url.endswith(f"?next={quote(course.url)}")
    assert not Enrollment.objects.exists()


def test_friendly_404_for_missing_pages_and_ids(client, course_tree, learner):
    response = client.get("/khoa-hoc/khong-co-khoa-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in response.content.decode()
    client.force_login(learner)
    response = client.post(reverse("course_enrol", args=[999999]))
    assert response.status_code == 404
    assert "Xem danh mục khóa học" in response.content.decode()
    lesson = course_tree["lessons"][1]
    response = client.post(reverse("lesson_check", args=[999999, "abc"]))
    assert response.status_code == 404
    response = client.post(reverse("lesson_complete", args=[999999]))
    assert response.status_code == 404
    assert lesson.pk  # the tree exists; only the ids were wrong


def test_module_redirects_and_sitemap_lists_courses_and_lessons_only(client, build_course):
    tree = build_course(module=True)
    module = tree["module"]
    assert client.get(module.url).status_code == 302
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    # On the address the sitemap was fetched from (the test client's host), not the Wagtail Site's (issue 15).
    assert f"<loc>http://testserver{tree['course'].url}</loc>" in xml
    for lesson in tree["lessons"]:
        assert f"<loc>http://testserver{lesson.url}</loc>" in xml
    assert f"{module.url}</loc>" not in xml


def test_json_ld_on_course_and_lesson_pages(client, course_tree):
    course, lesson = course_tree["course"], course_tree["lessons"][0]
    (data,) = jsonld_of(client.get(course.url))
    assert data["@type"] == "Course"
    assert data["name"] == course.title
    assert data["provider"] == {"@type": "Organization", "name": "Học vụ số"}
    assert data["inLanguage"] == "vi"
    assert data["timeRequired"] == "PT30M"  # its three lessons of 10 minutes, not the course's typed 45 (issue 15)
    assert data["educationalLevel"] == "Cơ bản"

    (data,) = jsonld_of(client.get(lesson.url))
    assert data["@type"] == "LearningResource"
    assert data["isPartOf"]["name"] == course.title
    assert data["timeRequired"] == "PT10M"
    assert data["learningResourceType"] == "lesson"


def test_json_ld_cannot_close_the_script_element(client, build_course):
    tree = build_course(title="Khóa </script><script>alert(1)</script>")
    html = client.get(tree["course"].url).content.decode()
    assert "<script>alert(1)" not in html
    (data,) = jsonld_of(client.get(tree["course"].url))
    assert data["name"] == "Khóa </script><script>alert(1)</script>"


def test_iso_duration():
    from courses.jsonld import iso_duration

    assert [iso_duration(m) for m in (45, 60, 90, 0)] == ["PT45M", "PT1H", "PT1H30M", None]


# --- The learner's journey --------------------------------------------------------------------------


def test_a_double_click_on_bat_dau_hoc_still_shows_the_confirmation(client, course_tree, learner):
    """A double click sends two POSTs and the browser shows only the second's page; the second used to say nothing
    (the message went with the abandoned first page: seen in a CI browser journey). An old enrolment says nothing."""
    course = course_tree["course"]
    client.force_login(learner)
    url = reverse("course_enrol", args=[course.pk])
    said = f"Bạn đã ghi danh khóa học “{course.title}”. Chúc bạn học tốt!"
    client.post(url)  # the first page is abandoned with its message unread: said once, not twice
    assert [str(m) for m in get_messages(client.post(url).wsgi_request)] == [said]
    client.cookies.pop("messages", None)  # the first page was read after all: the second says it again
    client.session.pop("_messages", None)
    assert [str(m) for m in get_messages(client.post(url).wsgi_request)] == [said]
    client.get(course.url)  # read
    Enrollment.objects.filter(user=learner).update(enrolled_at=timezone.now() - dt.timedelta(minutes=5))
    assert [str(m) for m in get_messages(client.post(url).wsgi_request)] == []
    assert Enrollment.objects.filter(user=learner).count() == 1


def test_enrol_check_and_complete_with_post_redirect_get(client, course_tree, learner):
    course, lessons = course_tree["course"], course_tree["lessons"]
    client.force_login(learner)
    assert "Bắt đầu học" in client.get(course.url).content.decode()

    response = client.post(reverse("course_enrol", args=[course.pk]))
    assert response.status_code == 302 and response.url == lessons[0].url
    client.post(reverse("course_enrol", args=[course.pk]))
    assert Enrollment.objects.filter(user=learner).count() == 1

    response = client.post(reverse("lesson_complete", args=[lessons[0].pk]))
    assert response.url == lessons[1].url

    # Lesson 2 has a check: moving on before passing it leaves it incomplete and says what is missing (issue 15).
    response = client.post(reverse("lesson_complete", args=[lessons[1].pk]))
    assert response.url == lessons[2].url  # a free course: the learner moves on
    said = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert said.startswith(f"Bài “{lessons[1].title}” chưa hoàn thành") and "“Kiểm tra nhanh”" in said
    assert "chưa hoàn thành" in client.get(lessons[1].url).content.decode()  # the lesson's end says it too
    assert not LessonCompletion.objects.filter(lesson=lessons[1]).exists()

    page = client.get(lessons[1].url).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    block_id = check_block_id(lessons[1])
    url = reverse("lesson_check", args=[lessons[1].pk, block_id])
    assert re.search(r'name="q0" value="[0-9a-f]{16}"', page) and 'name="q0" value="1"' not in page
    data = {"token": token, **{f"q{q}": [services.check_choice_id(token, block_id, q, int(n)) for n in RIGHT_ANSWERS[str(q)]]
                               for q in (0, 1)}}
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.endswith(f"#check-{block_id}-result")
    client.post(url, data)  # the same form posted twice
    assert KnowledgeCheckSubmission.objects.filter(user=learner).count() == 1

    page = client.get(lessons[1].url).content.decode()
    assert 'aria-live="polite"' in page and "Đạt" in page
    assert "Cơ quan nhà nước không bao giờ hỏi mã OTP" in page  # the explanation is shown after answering
    assert LessonCompletion.objects.filter(lesson=lessons[1]).exists()  # passing the check completed the lesson
    response = client.post(reverse("lesson_complete", args=[lessons[2].pk]), follow=True)
    assert "Chúc mừng" in response.content.decode()
    assert Enrollment.objects.get(user=learner).completed_at is not None
    html = client.get(course.url).content.decode()
    assert "Học lại" in html and 'id="certificate"' in html


def test_course_page_shows_progress_and_continue(client, course_tree, learner):
    course, lessons = course_tree["course"], course_tree["lessons"]
    services.enrol(user=learner, course=course)
    services.complete_lesson(user=learner, lesson=lessons[0])
    client.force_login(learner)
    response = client.get(course.url)
    html = response.content.decode()
    assert 'value="33"' in html and "1/3" in html and "33%" in html
    assert f"Tiếp tục bài: {lessons[1].title}" in html
    assert 'aria-current="step"' in html
    assert "private" in response["Cache-Control"]


def test_opening_a_lesson_does_not_enrol_and_offers_bat_dau_hoc(client, course_tree, learner):
    """Issue 15: opening a lesson page enrolled the visitor. It is readable, with a "Bắt đầu học" form that brings
    the learner back to it; nothing is recorded before."""
    client.force_login(learner)
    lesson = course_tree["lessons"][2]
    html = client.get(lesson.url).content.decode()
    assert "Bài 3/3" in html and 'rel="prev"' in html and course_tree["lessons"][1].url in html
    assert not Enrollment.objects.exists()
    assert "Bắt đầu học" in html and f'name="lesson" value="{lesson.pk}"' in html
    response = client.post(reverse("course_enrol", args=[course_tree["course"].pk]), {"lesson": lesson.pk})
    assert response.url == lesson.url and Enrollment.objects.filter(user=learner).count() == 1
    client.get(lesson.url)
    visits.flush()  # with Redis the visit reaches the database in the next batch (courses/visits.py)
    assert Enrollment.objects.get(user=learner).last_lesson_id == lesson.pk


def test_my_learning_and_home_continue(client, build_course, learner):
    first = build_course()
    second = build_course(title="Dùng VNeID", lessons=1, check_in=0)
    services.enrol(user=learner, course=second["course"])
    services.complete_lesson(user=learner, lesson=second["lessons"][0])
    services.enrol(user=learner, course=first["course"])
    services.complete_lesson(user=learner, lesson=first["lessons"][0])
    client.force_login(learner)
    html = client.get(reverse("my_learning")).content.decode()
    assert "Bắt buộc đối với tôi" in html
    in_progress, completed = html.split("Đã hoàn thành")[0], html.split("Đã hoàn thành")[1]
    assert first["course"].title in in_progress
    assert f"Tiếp tục bài: {first['lessons'][1].title}" in in_progress
    assert second["course"].title in completed
    html = client.get(first["home"].url).content.decode()
    assert "Học tiếp từ chỗ bạn dừng" in html and first["lessons"][1].url in html


def test_my_learning_requires_login(client):
    response = client.get(reverse("my_learning"))
    assert response.status_code == 302 and reverse("account_login") in response.url


# --- Catalogue ------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(build_course):
    from courses.models import Topic
    from lms.organisations.models import PopulationGroup
    from quizzes.models import Competence

    safety = build_course(title="Phòng chống lừa đảo", lessons=1, check_in=0)["course"]
    safety.competences.set([Competence.objects.get(framework__is_default=True, code="4.2")])
    safety.population_groups.set([PopulationGroup.objects.get(code="adult")])
    safety.save_revision().publish()
    ai = build_course(
        title="Trí tuệ nhân tạo cho công chức", lessons=1, check_in=0, level="intermediate",
        topic=Topic.objects.get(slug="tri-tue-nhan-tao"), summary="Dùng trợ lý AI để soạn văn bản.",
    )
    ai["course"].competences.set([Competence.objects.get(framework__is_default=True, code="6.2")])
    ai["course"].population_groups.set([PopulationGroup.objects.get(code="civil-servant")])
    ai["course"].save_revision().publish()
    lesson = ai["lessons"][0]
    lesson.title = "Viết lời nhắc cho ChatGPT"
    lesson.save_revision().publish()
    return {"index": ai["index"], "safety": safety, "ai": ai["course"]}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", {"safety", "ai"}),
        ("topic=tri-tue-nhan-tao", {"ai"}),
        ("level=basic", {"safety"}),
        ("area=4", {"safety"}),
        ("area=6&level=intermediate", {"ai"}),
        ("group=civil-servant", {"ai"}),
        ("group=adult&topic=tri-tue-nhan-tao", set()),
        ("q=Phòng chống", {"safety"}),
        ("q=soạn văn bản", {"ai"}),
        ("q=ChatGPT", {"ai"}),  # found through one of its lessons
        ("q=ChatGPT&group=adult", set()),
        ("level=nonsense", {"safety", "ai"}),  # an invalid filter is ignored
        # Typed without diacritics (issue 15), đ as d, any case: the folded copy of the text is searched
        ("q=lua dao", {"safety", "ai"}),  # the AI course's lessons speak of "lừa đảo" too
        ("q=PHONG CHONG", {"safety"}),
        ("q=phòng chong", {"safety"}),
        ("q=gia danh co quan", {"safety", "ai"}),  # in the lessons' bodies (a StreamField)
        ("q=tri tue nhan tao", {"ai"}),
        ("q=soan van ban", {"ai"}),
        ("q=viet loi nhac", {"ai"}),  # in a lesson's title
        ("q=cong chuc&group=adult", set()),
    ],
)
def test_catalogue_filters_and_search(client, catalogue, query, found):
    html = client.get(f"{catalogue['index'].url}?{query}").content.decode()
    shown = {key for key in ("safety", "ai") if f'href="{catalogue[key].url}"' in html}
    assert shown == found
    if not found:
        assert "Không có khóa học nào" in html and "Xóa bộ lọc" in html


def test_catalogue_url_keeps_its_query_across_the_redirect(client, catalogue):
    """A test result recommends ``/learn/courses/?area=6``: the filter survives the redirect (issue 15)."""
    response = client.get("/learn/courses/?area=6&level=intermediate")
    assert response.status_code == 302
    assert response["Location"] == f"{catalogue['index'].url}?area=6&level=intermediate"
    html = client.get(response["Location"]).content.decode()
    assert f'href="{catalogue["ai"].url}"' in html and f'href="{catalogue["safety"].url}"' not in html
    assert client.get("/learn/courses/")["Location"] == catalogue["index"].url


def test_fold():
    from lms.text import fold

    assert fold("Phòng chống LỪA ĐẢO qua điện thoại") == "phong chong lua dao qua dien thoai"
    assert fold("Ứng dụng trí tuệ nhân tạo") == "ung dung tri tue nhan tao"
    assert fold("") == ""


def test_catalogue_form_is_a_labelled_get_form(client, catalogue):
    html = client.get(catalogue["index"].url).content.decode()
    assert re.search(r'<form method="get"', html)
    for name in ("q", "topic", "level", "area", "group"):
        assert f'<label for="id_{name}">' in html
    assert "Ứng dụng trí tuệ nhân tạo" in html  # areas of the default framework


# --- Budgets --------------------------------------------------------------------------------------


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_lessons(client, build_course, learner, django_assert_max_num_queries):
    small = build_course(lessons=3, check_in=0, module=True)
    large = build_course(lessons=10, check_in=0, module=True)
    for tree in (small, large):
        services.enrol(user=learner, course=tree["course"])
        services.complete_lesson(user=learner, lesson=tree["lessons"][0])
    client.force_login(learner)
    for tree in (small, large):  # warm caches (site root paths, content types, routes and outlines per publish)
        client.get(tree["course"].url)
        client.get(tree["lessons"][1].url)
    course_queries = _count_queries(client, small["course"].url)
    lesson_queries = _count_queries(client, small["lessons"][1].url)
    with django_assert_max_num_queries(course_queries):
        client.get(large["course"].url)
    client.get(large["lessons"][7].url)  # the first visit records it as the last lesson (one more write)
    with django_assert_max_num_queries(lesson_queries):
        client.get(large["lessons"][7].url)


def test_lesson_page_weight(client, course_tree, learner):
    client.force_login(learner)
    html = client.get(course_tree["lessons"][1].url).content
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").stat().st_size
    assert len(html) + css < 150 * 1024
    assert b"<script src" not in html  # no front-end framework


@pytest.mark.parametrize("name", ["lesson_complete", "lesson_check"])
def test_anonymous_post_on_a_lesson_redirects_to_login(client, course_tree, name):
    lesson = course_tree["lessons"][1]
    args = [lesson.pk] if name == "lesson_complete" else [lesson.pk, check_block_id(lesson)]
    response = client.post(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={quote(lesson.url)}"
    assert not KnowledgeCheckSubmission.objects.exists() and not LessonCompletion.objects.exists()


def test_knowledge_check_form_is_accessible_and_fresh_per_render(client, course_tree, learner):
    client.force_login(learner)
    lesson = course_tree["lessons"][1]
    first, second = (client.get(lesson.url).content.decode() for _ in range(2))
    token = re.compile(r'name="token" value="([0-9a-f]{32})"')
    assert token.search(first).group(1) != token.search(second).group(1)
    assert first.count("<fieldset") == 2 and first.count("<legend>") == 2
    assert 'type="radio"' in first and 'type="checkbox"' in first
    assert 'aria-live="polite"' in first


def test_knowledge_check_block_preview_renders_without_a_lesson():
    from courses.blocks import KnowledgeCheckBlock

    block = KnowledgeCheckBlock()
    html = block.render(block.get_preview_value())
    assert "<fieldset" in html and "Không bao giờ" in html


def test_switching_language_on_a_lesson_lands_on_its_translation(client, course_tree, learner):
    from wagtail.models import Locale

    en = Locale.objects.create(language_code="en")
    for key in ("home", "index", "course"):
        course_tree[key].copy_for_translation(en).save_revision().publish()
    lesson = course_tree["lessons"][0]
    for other in course_tree["lessons"]:
        other.copy_for_translation(en).save_revision().publish()
    lesson_en = lesson.get_translation(en)
    services.enrol(user=learner, course=course_tree["course"])
    services.complete_lesson(user=learner, lesson=lesson)

    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    next_url = re.search(r'name="next" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.url == lesson_en.url
    # …and back: from the English lesson to the Vietnamese one.
    html = client.get(lesson_en.url).content.decode()
    next_url = re.search(r'name="next" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(reverse("set_language"), {"language": "vi", "next": next_url})
    assert response.url == lesson.url
    html = client.get(lesson_en.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="33"' in html  # the progress made in Vietnamese


def test_new_pages_can_be_previewed_before_they_are_saved(client, rf, course_tree, make_user):
    """As Wagtail's “preview on add” does: an unsaved page with a realistic tree position."""
    from wagtail.models import Page

    from .conftest import lesson_body

    editor = make_user(is_staff=True, is_superuser=True)
    client.force_login(editor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    for parent, page in (
        (course_tree["index"], CoursePage(title="Khóa mới", slug="khoa-moi", summary="Tóm tắt")),
        (course_tree["course"], LessonPage(title="Bài mới", slug="bai-moi", body=lesson_body(with_check=True))),
    ):
        page.depth = parent.depth + 1
        page.path = Page._get_children_path_interval(parent.path)[1]
        page.locale = parent.locale
        page.set_url_path(parent)
        request = rf.get("/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={session}")
        response = page.make_preview_request(original_request=request)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert page.title in html and "Đăng xuất" in html  # rendered for the signed-in editor


def test_topics_are_an_ordered_snippet_in_the_admin(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.get(reverse("wagtailsnippets_courses_topic:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Kỹ năng số cơ bản") < html.index("Trí tuệ nhân tạo") < html.index("An toàn trên mạng")


def test_catalogue_is_paginated_and_keeps_the_filters(client, build_course, monkeypatch):
    from courses import selectors

    monkeypatch.setattr(selectors, "CATALOGUE_PAGE_SIZE", 2)
    trees = [build_course(title=f"Khóa {n}", lessons=1, check_in=0) for n in range(3)]
    index = trees[0]["index"]
    html = client.get(f"{index.url}?level=basic").content.decode()
    assert "3 khóa học" in html and "Trang 1/2" in html
    assert 'href="?level=basic&amp;p=2"' in html
    html = client.get(f"{index.url}?level=basic&p=2").content.decode()
    assert trees[2]["course"].url in html and trees[0]["course"].url not in html


def test_knowledge_check_names_choices_by_opaque_ids_per_render(client, course_tree, learner):
    """Issue 12: a check's choices carry ids drawn per render (not the author's 0, 1, 2…), in a shuffled order;
    the author's index or a guess counts for nothing; the server maps the ids back with the form's token."""
    lesson = course_tree["lessons"][1]
    client.force_login(learner)
    block_id = check_block_id(lesson)
    url = reverse("lesson_check", args=[lesson.pk, block_id])
    renders = []
    for _ in range(24):  # a chance of (1/n)^23 that n choices never move: ~1e-7 for two
        page = client.get(lesson.url).content.decode()
        token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
        values = re.findall(r'name="q0" value="([^"]+)"', page)
        assert all(re.fullmatch(r"[0-9a-f]{16}", v) for v in values)
        assert "correct" not in page.split('class="check-form"')[1].split("</form>")[0].replace("question-correct", "")
        renders.append((token, values))
    assert len({v for _, values in renders for v in values}) == sum(len(v) for _, v in renders)  # never repeated
    right = [services.check_choice_id(t, block_id, 0, int(RIGHT_ANSWERS["0"][0])) for t, _ in renders]
    assert len({values.index(r) for (_, values), r in zip(renders, right, strict=True)}) > 1  # shuffled
    token = renders[-1][0]
    client.post(url, {"token": token, "q0": RIGHT_ANSWERS["0"], "q1": RIGHT_ANSWERS["1"]})  # the author's indexes
    assert not KnowledgeCheckSubmission.objects.filter(user=learner, passed=True).exists()


def test_course_duration_is_the_same_on_the_catalogue_and_the_course_page(client, build_course):
    """The catalogue card and the course page both show the lessons' total (issue 15: a course typed as 45 minutes
    whose lesson list adds up to 30 said 45 on both while its lessons said otherwise)."""
    import re

    tree = build_course(lessons=3, estimated_minutes=45)
    catalogue = client.get(tree["index"].url).content.decode()
    card = catalogue[catalogue.index(tree["course"].title):]
    course_page = client.get(tree["course"].url).content.decode()
    header = course_page[course_page.index('class="course-header"'):]
    assert re.search(r"(\d+) phút", card).group(1) == re.search(r"(\d+) phút", header).group(1) == "30"
