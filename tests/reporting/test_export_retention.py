"""Exports expire and their files are purged on a schedule (``manage.py run_scheduler``): the file leaves the
storage and the download refuses; files no job points at are swept too."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reporting.models import ExportJob
from reporting.queries import Filters

pytestmark = pytest.mark.django_db


def _done_job(owner):
    from reporting.services import export_job_run

    return export_job_run(job_id=ExportJob.objects.create(owner=owner, params=Filters().to_params()).pk)


def test_scheduler_purges_expired_export_and_download_refuses(client, tree, manager_a, person):
    person(tree["C-A1"], full_name="Lê Văn Tám")
    job = _done_job(manager_a)
    storage, name = job.file.storage, job.file.name
    client.force_login(manager_a)
    url = reverse("reporting:export_download", args=[job.pk])
    assert client.get(url).status_code == 200
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(url).status_code == 404  # refused as soon as it expires, before the purge
    call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert not storage.exists(name)
    assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert client.get(url).status_code == 404


def test_file_left_behind_by_a_deleted_job_is_swept(tree, manager_a):
    from reporting.services import export_files_purge_orphans

    job = _done_job(manager_a)
    storage, name = job.file.storage, job.file.name
    ExportJob.objects.filter(pk=job.pk).delete()  # as when its owner's account is deleted (CASCADE)
    assert storage.exists(name)
    assert export_files_purge_orphans() == 0  # younger than the retention period: left alone for now
    old = (timezone.now() - dt.timedelta(hours=100)).timestamp()
    os.utime(storage.path(name), (old, old))
    kept = _done_job(manager_a)
    os.utime(storage.path(kept.file.name), (old, old))
    assert export_files_purge_orphans() == 1
    assert not storage.exists(name) and storage.exists(kept.file.name)  # a job's own file waits for its expiry


def test_sweep_is_scheduled(settings):
    assert ("reporting.jobs.purge_orphan_export_files", 6 * 3600) in settings.PERIODIC_JOBS
    assert ("reporting.jobs.purge_expired_exports", 3600) in settings.PERIODIC_JOBS
