"""Issue 16: moderation emails in the recipient's language, by full name, with BASE_URL links, the reviewer's
comment, the real go-live time of a scheduled page, and "it is live" only once it is."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.users.models import UserProfile

BASE_URL = "https://hocvuso.example.vn"
FOREIGN_HOSTS = ("localhost", "127.0.0.1", "example.com")


@pytest.fixture
def moderation(build_course, make_user, settings, compiled_catalogues):
    settings.BASE_URL = BASE_URL
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
    tree = build_course(lessons=1)
    editor = make_user(full_name="Nguyễn Văn Thống", groups=["Editors"], email="thong@example.vn")
    reviewer = make_user(full_name="Phạm Quốc Bảo", groups=["Moderators"], email="bao@example.vn")
    return {"lesson": tree["lessons"][0], "editor": editor, "reviewer": reviewer}


def submit(lesson, editor, **fields):
    for name, value in fields.items():
        setattr(lesson, name, value)
    lesson.save_revision(user=editor)
    workflow_state = lesson.current_workflow_state
    if workflow_state and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        workflow_state.resume(user=editor)
    else:
        lesson.get_workflow().start(lesson, editor)
    lesson.refresh_from_db()
    return lesson.current_workflow_state.current_task_state


def sent_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def links(message):
    return re.findall(r"https?://\S+", message.body)


def assert_public_links(message):
    assert links(message), message.body
    for link in links(message):
        assert link.startswith(BASE_URL + "/"), link
    assert not any(host in message.body for host in FOREIGN_HOSTS), message.body


def test_submission_reaches_the_reviewer_in_vietnamese_by_full_name(moderation):
    lesson, editor, reviewer = moderation["lesson"], moderation["editor"], moderation["reviewer"]
    mail.outbox.clear()
    submit(lesson, editor)
    [message] = sent_to(reviewer)
    assert lesson.title in message.subject and "Cần duyệt" in message.subject
    assert message.body.startswith("Chào anh/chị Phạm Quốc Bảo,")
    assert "Nguyễn Văn Thống đã gửi" in message.body
    assert_public_links(message)
    assert f"{BASE_URL}/admin/pages/{lesson.pk}/edit/" in message.body
    assert "Hello" not in message.body and "submitted" not in message.body


def test_changes_requested_carry_the_comment(moderation):
    lesson, editor, reviewer = moderation["lesson"], moderation["editor"], moderation["reviewer"]
    task_state = submit(lesson, editor)
    mail.outbox.clear()
    task_state.specific.task.specific.on_action(task_state, reviewer, "reject", comment="Thêm ví dụ về tin nhắn giả.")
    [message] = sent_to(editor)
    assert message.subject == f"Cần chỉnh sửa: “{lesson.title}”"
    assert message.body.startswith("Chào anh/chị Nguyễn Văn Thống,")
    assert "Phạm Quốc Bảo đã yêu cầu chỉnh sửa" in message.body
    assert "Thêm ví dụ về tin nhắn giả." in message.body
    assert_public_links(message)


def test_scheduled_approval_says_when_and_the_live_mail_waits_for_the_page(moderation):
    lesson, editor, reviewer = moderation["lesson"], moderation["editor"], moderation["reviewer"]
    go_live = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    lesson.unpublish()
    task_state = submit(lesson, editor, go_live_at=go_live)
    mail.outbox.clear()
    task_state.specific.task.specific.on_action(task_state, reviewer, "approve", comment="Rõ ràng, dễ hiểu.")
    lesson.refresh_from_db()
    assert not lesson.live
    [approved] = sent_to(editor)
    local = timezone.localtime(go_live, dt.timezone(dt.timedelta(hours=7)))
    assert f"lúc {local:%H:%M} ngày {local:%d/%m/%Y} (giờ Việt Nam)" in approved.body, approved.body
    assert "Rõ ràng, dễ hiểu." in approved.body
    assert "đã được xuất bản:" not in approved.body  # not announced as live before it is
    assert_public_links(approved)

    # The scheduler's turn before the time: nothing; after it: the page goes live and the editor hears of it.
    mail.outbox.clear()
    call_command("publish_scheduled", verbosity=0)
    assert sent_to(editor) == []
    later = go_live + dt.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):  # the scheduler's turn after the time
        call_command("publish_scheduled", verbosity=0)
    lesson.refresh_from_db()
    assert lesson.live
    [live] = sent_to(editor)
    assert live.subject == f"Đã xuất bản: “{lesson.title}”"
    assert live.body.startswith("Chào anh/chị Nguyễn Văn Thống,")
    assert f"{BASE_URL}{lesson.get_url()}" in live.body
    assert_public_links(live)


def test_an_english_speaking_editor_gets_english(moderation):
    lesson, editor, reviewer = moderation["lesson"], moderation["editor"], moderation["reviewer"]
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    task_state = submit(lesson, editor)
    mail.outbox.clear()
    task_state.specific.task.specific.on_action(task_state, reviewer, "reject", comment="Thêm ví dụ.")
    [message] = sent_to(editor)
    assert message.body.startswith("Hello Nguyễn Văn Thống,")
    assert "Changes requested" in message.subject
    assert "Thêm ví dụ." in message.body
    assert "Nhận xét" not in message.body
