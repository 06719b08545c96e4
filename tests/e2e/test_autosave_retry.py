"""Autosave when the connection or the database is away: the page says so, retries by itself, and the answer
is stored once the server answers again (the connection faults themselves: tests/reliability/)."""

import re

import pytest
from playwright.sync_api import expect

from tests.quizzes.conftest import framework, make_assessment, make_question  # noqa: F401 - shared fixtures

from .test_standard_test import log_in

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_saves_are_retried_with_a_clear_message(live_server, phone_page, make_user, make_question,  # noqa: F811
                                                       make_assessment):  # noqa: F811
    from quizzes import services

    for _ in range(3):
        make_question("4.2", level=1)
    assessment = make_assessment(rows=(("4.2", 1, 1, 3),), slug="kiem-tra-mat-ket-noi")
    user = make_user()
    attempt = services.attempt_start(assessment=assessment, user=user)
    page = phone_page
    log_in(page.context, live_server, user)

    calls = []

    def flaky(route):
        calls.append(route.request.post_data_json)
        if len(calls) == 1:
            route.abort("connectionrefused")  # the network is down
        elif len(calls) == 2:  # the server is up, its database is not
            route.fulfill(status=503, headers={"Retry-After": "1"}, content_type="application/json",
                          body='{"ok": false, "retry": true, "error": "database"}')
        else:
            route.continue_()

    page.route(re.compile(r".*/answer/$"), flaky)
    page.goto(f"{live_server.url}/quizzes/attempt/{attempt.pk}/")
    first = page.locator("fieldset.quiz-question").first
    first.locator("label.choice").first.click()
    status = first.locator(".quiz-status")
    banner = page.locator("#quiz-connection")
    expect(status).to_contain_text("Tự thử lại sau")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("1 câu trả lời chưa được lưu")
    expect(status).to_have_text("Đã lưu", timeout=20_000)
    expect(banner).to_contain_text("Đã kết nối lại")
    assert len(calls) == 3 and calls[0] == calls[2]  # the same answer, sent again
    item = attempt.items.get(position=int(first.get_attribute("data-position")))
    sent = calls[2]["fields"][f"q{item.position}"][0]  # the page's opaque id of the choice (issue 12)
    assert sent != item.response and item.aliases["choices"][sent] == item.response
    assert len(item.history) == 1  # stored once
