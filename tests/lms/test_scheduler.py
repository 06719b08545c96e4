"""Scheduled publishing: a revision with a go-live date in the past is published by the scheduler's job."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from courses.models import CourseIndexPage, HomePage


def test_scheduled_page_goes_live_when_the_scheduler_runs(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu-test"))
    index = CourseIndexPage(title="Khóa học sắp ra mắt", slug="sap-ra-mat", live=False)
    home.add_child(instance=index)
    revision = index.save_revision()
    revision.publish()  # publish() with a future go_live_at schedules instead of publishing
    index.refresh_from_db()
    assert index.live  # sanity: a plain publish is immediate

    index.unpublish()
    index.go_live_at = timezone.now() + timedelta(hours=1)
    revision = index.save_revision(approved_go_live_at=index.go_live_at)
    index.refresh_from_db()
    assert not index.live

    # Let the hour pass: move the scheduled date (on the revision and in its content) into the past.
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("run_scheduler", "--once")

    index.refresh_from_db()
    assert index.live
    assert CourseIndexPage.objects.live().filter(pk=index.pk).exists()
