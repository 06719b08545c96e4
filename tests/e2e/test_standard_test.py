"""A civil servant takes the standard test on a phone: answers half, closes the page, comes back to the same
answers and remaining time, flags a question, presses "Nộp bài", sees the summary (answered, unanswered, flagged,
with links back), goes back to an unanswered question, then confirms; sees a six-area profile without the key
(attempts remain); a stale tab's second submit changes nothing."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def log_in(context, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])


def answer(fieldset):
    """Give some answer to one question, whatever its type, and wait for the server's acknowledgement."""
    if fieldset.locator("input[type=radio]").count():
        fieldset.locator("label.choice").first.click()
    elif fieldset.locator("input[type=checkbox]:not([name=flag])").count():
        fieldset.locator("label.choice").first.click()
    elif fieldset.locator("select").count():
        for select in fieldset.locator("select").all():
            select.select_option(index=1)
    else:
        box = fieldset.locator("input[type=text]")
        box.fill("3")
        box.blur()
    expect(fieldset.locator(".quiz-status")).to_have_text("Đã lưu")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # starts from the migrated framework and groups
def test_civil_servant_standard_test(live_server, phone_page, make_user):
    from demo.bank import CIVIL_SERVANT_SLUG, load_demo_bank
    from lms.organisations.models import PopulationGroup
    from quizzes.models import Attempt

    load_demo_bank()
    user = make_user(full_name="Trần Thị Thu Hà", population_group=PopulationGroup.objects.get(code="civil-servant"))
    page = phone_page
    context = page.context
    log_in(context, live_server, user)

    page.goto(f"{live_server.url}/quizzes/")
    first = page.locator(".quiz-list > li").first
    expect(first).to_contain_text("cán bộ, công chức, viên chức")
    expect(first).to_contain_text("Bài kiểm tra chuẩn cho nhóm của bạn")
    first.get_by_role("link").click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page).to_have_url(re.compile(r"/quizzes/attempt/\d+/$"))
    attempt_url = page.url
    questions = page.locator("fieldset.quiz-question")
    expect(questions).to_have_count(30)
    for n in range(15):
        answer(questions.nth(n))
    attempt = Attempt.objects.get(user=user)
    saved = {i.position: i.response for i in attempt.items.all() if i.response is not None}
    assert len(saved) == 15
    seconds_before = int(page.locator("#quiz-timer").get_attribute("data-seconds-left"))

    # The browser closes; the learner comes back through the test's page.
    page.close()
    page = context.new_page()
    page.goto(f"{live_server.url}/quizzes/{CIVIL_SERVANT_SLUG}/")
    page.get_by_role("link", name="Làm tiếp bài đang làm").click()
    expect(page).to_have_url(attempt_url)
    questions = page.locator("fieldset.quiz-question")
    expect(questions).to_have_count(30)
    seconds_after = int(page.locator("#quiz-timer").get_attribute("data-seconds-left"))
    assert seconds_before - 60 < seconds_after <= seconds_before <= 45 * 60
    expect(page.locator(".quiz-progress")).to_contain_text("15/30")
    for n in range(15):
        fs = questions.nth(n)
        filled = fs.locator("input:checked").count() + sum(
            1 for s in fs.locator("select").all() if s.input_value()) + sum(
            1 for t in fs.locator("input[type=text]").all() if t.input_value())
        assert filled, f"question {n + 1} lost its answer"

    # A second tab stays open on the attempt.
    stale = context.new_page()
    stale.goto(attempt_url)
    for n in range(15, 28):
        answer(questions.nth(n))
    # Flag question 3 to look at again (saved at once, like an answer).
    questions.nth(2).get_by_text("Đánh dấu để xem lại câu này trước khi nộp").click()
    expect(questions.nth(2).locator(".quiz-status")).to_have_text("Đã lưu")
    page.get_by_role("button", name="Nộp bài").click()
    # The summary: nothing is submitted yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("Trước khi nộp bài")
    summary = page.locator("#quiz-summary")
    expect(summary).to_contain_text("28 câu đã trả lời / 30")
    expect(summary).to_contain_text("2 câu chưa trả lời")
    expect(summary).to_contain_text("1 câu đã đánh dấu để xem lại")
    assert Attempt.objects.get(user=user).state == Attempt.State.IN_PROGRESS
    # Back to an unanswered question through its link, answer it, and come back to the summary.
    summary.get_by_role("link", name="Câu 29").click()
    expect(page).to_have_url(re.compile(r"/quizzes/attempt/\d+/#q-29$"))
    questions = page.locator("fieldset.quiz-question")
    answer(questions.nth(28))
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.locator("#quiz-summary")).to_contain_text("29 câu đã trả lời / 30")
    expect(page.locator(".callout")).to_contain_text("Còn 1 câu chưa trả lời")
    page.get_by_role("button", name="Xác nhận nộp bài").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả bài kiểm tra")
    # Standard test: profile and feedback now, the key once the three attempts are used.
    expect(page.locator(".quiz-review-later")).to_contain_text("khi đã dùng hết 3 lần làm bài")
    expect(page.get_by_text("Đáp án đúng:")).to_have_count(0)
    expect(page.locator("svg.quiz-chart .quiz-chart-row")).to_have_count(6)
    expect(page.locator(".quiz-profile-table tbody tr")).to_have_count(6)
    attempt.refresh_from_db()
    closed_at, score = attempt.closed_at, attempt.score
    assert attempt.state == Attempt.State.SUBMITTED and len(attempt.result["areas"]) == 6

    stale.get_by_role("button", name="Nộp bài").click()
    expect(stale.locator(".messages")).to_contain_text("đã được nộp trước đó")
    attempt.refresh_from_db()
    assert (attempt.closed_at, attempt.score, attempt.state) == (closed_at, score, Attempt.State.SUBMITTED)
    assert Attempt.objects.filter(user=user).count() == 1
