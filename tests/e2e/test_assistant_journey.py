"""Issue 22: a learner asks the assistant inside a lesson, sees the quoted passages with their links (in place,
through the lazily loaded script), rates the answer, and follows a quote to its step in the lesson."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_ask_inside_a_lesson_follow_a_quote_and_thumb_up(live_server, demo_site, phone_page):
    from assistant import selectors
    from assistant.models import Question
    from courses.models import LessonPage

    selectors.forget()
    lesson = LessonPage.objects.get(slug="nhan-dien-lua-dao-qua-mang", locale__language_code="vi")
    page = phone_page
    scripts = []
    page.on("request", lambda request: scripts.append(request.url) if request.url.endswith("assistant.js") else None)
    page.goto(f"{live_server.url}{lesson.url}")
    assert scripts == []  # nothing of the assistant is downloaded until someone asks

    box = page.locator(".assistant-box")
    question = box.get_by_label(re.compile("^Câu hỏi về khóa học"))
    question.focus()
    question.fill("nhận được tin nhắn từ số lạ kèm đường link thì làm gì")
    page.wait_for_function("() => !!document.querySelector('script[src*=\"assistant.js\"]')")
    # Loaded is not yet running: Enter before the script runs opens the answer page (seen after other journeys).
    page.wait_for_selector("html[data-assistant-ready]", state="attached")
    question.press("Enter")

    result = box.locator(".assistant-result")
    quotes = result.locator(".assistant-quotes > li")
    expect(quotes.first).to_be_visible()
    assert page.url.startswith(f"{live_server.url}{lesson.url}")  # answered in place, no page change
    expect(result).to_have_attribute("aria-live", "polite")
    first_link = quotes.first.locator(".assistant-source a")
    href = first_link.get_attribute("href")
    assert re.search(r"#b-[0-9a-f-]+$", href), href
    expect(result.locator(".assistant-next a")).to_be_visible()

    result.get_by_role("button", name=re.compile("Có ích$")).click()
    expect(result.get_by_role("status")).to_contain_text("Cảm ơn bạn đã góp ý")
    assert Question.objects.get().rating == 1

    first_link.click()
    anchor = href.split("#", 1)[1]
    page.wait_for_url(re.compile(re.escape(anchor) + "$"))
    target = page.locator(f"#{anchor}")
    expect(target).to_be_in_viewport()
