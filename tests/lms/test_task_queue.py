"""The production task queue: mail goes through it, and a task whose worker died is run again, then failed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from lms.tasks import WORKER_LOST, requeue_stale_tasks

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def stale_task(*, minutes_ago, runs):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    started = timezone.now() - timedelta(minutes=minutes_ago)
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, args_kwargs={"args": [1], "kwargs": {}},
        task_path="certificates.tasks.generate_certificate_pdf", backend_name="default", run_after=started,
        started_at=started, worker_ids=[f"worker-{n}" for n in range(runs)],
    )


def test_a_task_left_running_by_a_dead_worker_is_queued_again_then_failed(settings):
    from django_tasks import TaskResultStatus

    settings.TASKS_STALE_MINUTES, settings.TASKS_MAX_ATTEMPTS = 30, 3
    lost_once = stale_task(minutes_ago=45, runs=1)
    lost_thrice = stale_task(minutes_ago=45, runs=3)
    still_working = stale_task(minutes_ago=5, runs=1)

    assert requeue_stale_tasks() == {"requeued": 1, "failed": 1}

    for row in (lost_once, lost_thrice, still_working):
        row.refresh_from_db()
    assert lost_once.status == TaskResultStatus.READY and lost_once.started_at is None
    assert lost_once.run_after <= timezone.now()
    assert lost_thrice.status == TaskResultStatus.FAILED and lost_thrice.exception_class_path == WORKER_LOST
    assert "3 of 3" in lost_thrice.traceback
    assert still_working.status == TaskResultStatus.RUNNING
    assert requeue_stale_tasks() == {"requeued": 0, "failed": 0}


def test_the_stale_task_job_is_scheduled(settings):
    assert ("lms.tasks.requeue_stale_tasks", 300) in settings.PERIODIC_JOBS


def queued_message():
    message = EmailMultiAlternatives(
        "Xác nhận địa chỉ email", "Mã của bạn: 1234", "Học vụ số <no-reply@hocvuso.local>", ["hocvien@example.vn"],
        reply_to=["hotro@hocvuso.vn"], headers={"X-Tag": "xac-nhan"},
    )
    message.attach_alternative("<p>Mã của bạn: <b>1234</b></p>", "text/html")
    message.attach("huong-dan.txt", "Hướng dẫn", "text/plain")
    return message


def test_mail_is_a_task_that_the_worker_delivers(settings):
    from django_tasks_db.models import DBTaskResult

    from lms.mail import deliver_email

    settings.TASKS = DATABASE_BACKEND
    settings.EMAIL_BACKEND = "lms.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert queued_message().send() == 1
    assert mail.outbox == []  # nothing sent inside the request

    row = DBTaskResult.objects.get(task_path="lms.mail.deliver_email")
    assert deliver_email.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]) == 1
    [sent] = mail.outbox
    assert sent.subject == "Xác nhận địa chỉ email" and sent.to == ["hocvien@example.vn"]
    assert sent.reply_to == ["hotro@hocvuso.vn"] and sent.extra_headers["X-Tag"] == "xac-nhan"
    assert sent.alternatives[0][0] == "<p>Mã của bạn: <b>1234</b></p>"
    assert sent.attachments[0][0] == "huong-dan.txt" and sent.attachments[0][1] in ("Hướng dẫn", "Hướng dẫn".encode())


def test_inline_tasks_send_mail_at_once(settings):
    settings.EMAIL_BACKEND = "lms.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert queued_message().send() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].body == "Mã của bạn: 1234"
