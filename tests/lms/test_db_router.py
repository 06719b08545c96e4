"""Reports and exports read from the replica alias (lms/db_routers.py); learners' work and the job rows stay on
the primary. The "replica" here is a second connection to the test database, as a real one would hold the same
rows."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.db_routers import replica_reads
from reporting import queries
from reporting.models import ExportJob
from reporting.tasks import run_export_job
from tests.organisations.fixtures import *  # noqa: F403 - managers, units, people


@pytest.fixture
def replica(settings):
    """A second connection to the test database, registered as the "replica" alias for this test only."""
    from django.db.utils import load_backend

    default = connections["default"].settings_dict
    wrapper = load_backend(default["ENGINE"]).DatabaseWrapper({**default}, "replica")
    connections._connections.replica = wrapper
    settings.REPLICA_DATABASE = "replica"
    yield wrapper
    wrapper.close()
    delattr(connections._connections, "replica")


def selects(captured, table):
    """SELECTs whose main table is ``table`` (a join from another table does not count)."""
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]


@pytest.mark.django_db
def test_reads_inside_replica_reads_go_to_the_replica_except_the_jobs_own_rows(replica):
    from courses.models import Enrollment
    from lms.accounts.models import User

    assert User.objects.all().db == "default"
    with replica_reads():
        assert User.objects.all().db == "replica" and Enrollment.objects.all().db == "replica"
        assert ExportJob.objects.all().db == "default"
    assert Enrollment.objects.all().db == "default"


@pytest.mark.django_db
def test_without_a_replica_everything_stays_on_the_primary(settings):
    from lms.accounts.models import User

    settings.REPLICA_DATABASE = None
    with replica_reads():
        assert User.objects.all().db == "default"


@pytest.mark.django_db(transaction=True)
def test_the_export_task_reads_learners_from_the_replica_and_writes_the_job_on_the_primary(replica, manager_a,
                                                                                           person, tree, course, enrol):
    enrol(person(tree["C-A1"], full_name="Nguyễn Văn Một"), course)
    job = ExportJob.objects.create(owner=manager_a, format="csv", params=queries.Filters().to_params())
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as copy:
        rows = run_export_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.row_count == rows >= 1
    assert selects(copy, "accounts_user") or selects(copy, "courses_enrollment")
    assert not selects(primary, "accounts_user") and not selects(primary, "courses_enrollment")
    assert any('"reporting_exportjob"' in q["sql"] for q in primary.captured_queries)
    assert not any('"reporting_exportjob"' in q["sql"] for q in copy.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_the_managers_dashboard_reads_from_the_replica(client, replica, manager_a):
    client.force_login(manager_a)
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as copy:
        response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    assert copy.captured_queries and selects(copy, "organisations_unit")
    assert not selects(primary, "organisations_unit")
