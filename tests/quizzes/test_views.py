"""The learner's pages through Django's test client: list, intro, start, resume, answer, submit, result."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt
from quizzes.services import MSG_ATTEMPT_CLOSED, MSG_NOT_IN_ATTEMPT

from .answers import public_id, right_fields


@pytest.fixture
def setup(make_question, make_assessment, learner, client):
    for level in (1, 1, 2):
        make_question("1.1", level=level)
    make_question("4.2", level=1, qtype="truefalse", correct_true=False)
    make_question("4.2", level=1, qtype="multiple")
    assessment = make_assessment(rows=(("1.1", 1, 2, 3), ("4.2", 1, 1, 2)), slug="chuan")
    client.force_login(learner)
    return assessment


def start(client, assessment):
    response = client.post(reverse("quizzes:start", args=[assessment.slug]))
    assert response.status_code == 302
    return Attempt.objects.get(pk=int(re.search(r"/attempt/(\d+)/", response["Location"]).group(1)))


def test_list_puts_my_group_standard_test_first(make_assessment, make_user, client, make_question):
    from lms.organisations.models import PopulationGroup

    make_question("1.1")
    group = PopulationGroup.objects.get(code="civil-servant")
    make_assessment(rows=(("1.1", 1, 8, 1),), slug="a", title="A – chung")
    mine = make_assessment(rows=(("1.1", 1, 8, 1),), slug="z", title="Z – công chức")
    mine.population_groups.add(group)
    mine.save()  # a ParentalManyToManyField is written on save
    make_assessment(rows=(("1.1", 1, 8, 1),), slug="hidden", title="Nháp", is_published=False)
    client.force_login(make_user(population_group=group))
    page = client.get(reverse("quizzes:list")).content.decode()
    assert page.index("Z – công chức") < page.index("A – chung")
    assert "Nháp" not in page and "Bài kiểm tra chuẩn cho nhóm của bạn" in page


def test_list_shows_an_attempt_in_progress_with_time_left_and_continue(setup, client):
    """Issue 15: an attempt in progress is shown in the test list (and on the home page)."""
    list_url = reverse("quizzes:list")
    assert "Tiếp tục làm bài" not in client.get(list_url).content.decode()
    attempt = start(client, setup)
    html = client.get(list_url).content.decode()
    assert "Bạn đang làm dở bài này." in html and "Còn 30 phút." in html
    assert f'href="{reverse("quizzes:attempt", args=[attempt.pk])}">Tiếp tục làm bài</a>' in html
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(minutes=4, seconds=10))
    assert "Còn 5 phút." in client.get(list_url).content.decode()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))  # time is up
    assert "Tiếp tục làm bài" not in client.get(list_url).content.decode()


def test_standard_tests_are_linked_from_the_header(setup, client):
    html = client.get(reverse("profile")).content.decode()  # any page: the header is base.html's
    assert f'<a href="{reverse("quizzes:list")}">Bài kiểm tra</a>' in html


def test_intro_anonymous_asks_to_log_in(setup, client):
    client.logout()
    page = client.get(reverse("quizzes:detail", args=["chuan"])).content.decode()
    assert "Đăng nhập để làm bài" in page


def test_start_resume_answer_submit(setup, client):
    attempt = start(client, setup)
    page = client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and html.count("<fieldset") == 5 and "<legend>" in html
    assert 'aria-live="polite"' in html and 'data-seconds-left="' in html
    # autosave (JSON)
    item = attempt.items.filter(version__qtype="single").first()
    url = reverse("quizzes:answer", args=[attempt.pk])
    shown = public_id(item, "choices", item.choice_order[0])
    payload = {"position": item.position, "fields": {f"q{item.position}": [shown]}}
    response = client.post(url, json.dumps(payload), content_type="application/json")
    assert response.status_code == 200 and response.json()["ok"] and response.json()["message"] == "Đã lưu"
    assert 1700 < response.json()["seconds_left"] <= 1800
    assert set(response.json()) == {"ok", "position", "saved_at", "seconds_left", "message"}  # nothing on correctness
    item.refresh_from_db()
    assert item.response == item.choice_order[0]
    # resume: starting again goes back to the same attempt, answer still there
    assert start(client, setup).pk == attempt.pk
    html = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert re.search(rf'value="{shown}" checked', html)
    # foreign question
    response = client.post(url, json.dumps({"position": 42, "fields": {}}), content_type="application/json")
    assert response.status_code == 400 and response.json()["error"] == str(MSG_NOT_IN_ATTEMPT)
    response = client.post(url, "not json", content_type="application/json")
    assert response.status_code == 400
    # submit: the summary first, then the confirmation
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]))
    assert response.status_code == 200 and "Xác nhận nộp bài" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]), {"confirm": "1"})
    assert response["Location"] == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    result = client.get(response["Location"]).content.decode()
    assert result.count('class="quiz-chart-row"') == 6 and "<table" in result
    assert "?area=" in result
    # after close: answers refused with 409 and a message
    response = client.post(url, json.dumps(payload), content_type="application/json")
    assert response.status_code == 409 and response.json()["error"] == str(MSG_ATTEMPT_CLOSED)
    # a stale tab submitting again changes nothing
    closed_at, score = attempt.closed_at, attempt.score
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]), {"positions": ["1"], "q1": [shown], "confirm": "1"},
                           follow=True)
    assert "đã được nộp trước đó" in response.content.decode()
    attempt.refresh_from_db()
    assert (attempt.closed_at, attempt.score) == (closed_at, score)


def test_whole_form_without_js(setup, client):
    attempt = start(client, setup)
    items = {i.position: i for i in attempt.items.select_related("version")}
    form = {"positions": [str(p) for p in items]}
    for item in items.values():
        form.update(right_fields(item))
    response = client.post(reverse("quizzes:attempt", args=[attempt.pk]), {**form, "save": "2"})
    assert response.status_code == 302 and response["Location"].endswith("#q-2")
    response = client.post(reverse("quizzes:attempt", args=[attempt.pk]), {**form, "finish": "1"})
    assert response["Location"] == reverse("quizzes:submit", args=[attempt.pk])  # the summary, not yet closed
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS
    client.post(reverse("quizzes:submit", args=[attempt.pk]), {"confirm": "1"})
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.score == 100.0 and attempt.passed


def test_other_learner_cannot_see_attempt(setup, client, make_user):
    attempt = start(client, setup)
    client.force_login(make_user())
    assert client.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("quizzes:submit", args=[attempt.pk])).status_code == 404


def test_time_out_on_access(setup, client):
    attempt = start(client, setup)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=10))
    response = client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert response["Location"] == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.TIMED_OUT


def test_start_unavailable(setup, client):
    setup.available_until = timezone.now() - timedelta(days=1)
    setup.save()
    response = client.post(reverse("quizzes:start", args=[setup.slug]), follow=True)
    assert "hiện không mở" in response.content.decode()
    assert not Attempt.objects.exists()


def test_home_page_shows_my_group_test_first_and_my_attempt_in_progress(make_assessment, make_user, client,
                                                                        make_question):
    """Issue 15: the standard tests on the home page, the learner's own group's first, with *Tiếp tục làm bài*."""
    from wagtail.models import Page, Site

    from courses.models import HomePage
    from lms.organisations.models import PopulationGroup

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Học vụ số", slug="home-tests"))
    home.save_revision().publish()
    Site.objects.filter(is_default_site=True).update(root_page=home)
    make_question("1.1")
    group = PopulationGroup.objects.get(code="civil-servant")
    make_assessment(rows=(("1.1", 1, 8, 1),), slug="a", title="A – chung")
    mine = make_assessment(rows=(("1.1", 1, 8, 1),), slug="z", title="Z – công chức")
    mine.population_groups.add(group)
    mine.save()
    html = client.get("/").content.decode()  # anonymous: the tests, in title order
    assert html.index("A – chung") < html.index("Z – công chức") and reverse("quizzes:list") in html
    client.force_login(make_user(population_group=group))
    start(client, mine)
    html = client.get("/").content.decode()
    assert html.index("Z – công chức") < html.index("A – chung")
    assert "Bài kiểm tra chuẩn cho nhóm của bạn" in html and "Tiếp tục làm bài" in html and "Còn 30 phút." in html


def test_assistant_is_closed_while_a_standard_test_is_open(setup, client):
    """The learning assistant quotes the lessons a standard test is about: not on the test's pages, and refused
    (from another tab, or a URL typed by hand) while the learner's attempt is open; back once it is submitted."""
    ask = reverse("assistant:ask")
    closed = "Trợ lý tạm đóng trong lúc bạn làm bài kiểm tra chuẩn"
    assert closed not in client.get(ask, {"q": "làm sao kích hoạt VNeID mức 2"}).content.decode()
    attempt = start(client, setup)
    page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert "assistant-box" not in page and reverse("assistant:ask") not in page
    summary = client.get(reverse("quizzes:submit", args=[attempt.pk])).content.decode()
    assert "assistant-box" not in summary
    for fragment in ("", "1"):
        html = client.get(ask, {"q": "làm sao kích hoạt VNeID mức 2", "fragment": fragment}).content.decode()
        assert closed in html and "assistant-quotes" not in html
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]), {"confirm": "1"})
    assert response.status_code == 302
    assert closed not in client.get(ask, {"q": "làm sao kích hoạt VNeID mức 2"}).content.decode()


def test_an_attempt_past_its_deadline_does_not_close_the_assistant(setup, client, learner):
    from quizzes import selectors

    attempt = start(client, setup)
    assert selectors.has_attempt_in_progress(user=learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    assert not selectors.has_attempt_in_progress(user=learner)
