"""Forwarding to an external LRS, against a tiny HTTP server on 127.0.0.1 started by the test."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from courses.h5p.models import H5PStatement
from courses.h5p.services import statement_record
from courses.h5p.tasks import forward_statement

pytestmark = pytest.mark.django_db


class LRS:
    def __init__(self, status=200):
        self.status = status
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": json.loads(body)})
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'["ok"]')

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/xapi/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def lrs(settings):
    server = LRS()
    settings.H5P_LRS_ENDPOINT = server.url
    settings.H5P_LRS_USERNAME = "hocvuso"
    settings.H5P_LRS_PASSWORD = "bí-mật"
    yield server
    server.close()


SCORED = {
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
    "result": {"score": {"raw": 9, "max": 10, "scaled": 0.9}, "completion": True},
}


def test_statement_forwarded_with_headers_and_auth(lrs, learner, activity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        recorded = statement_record(user=learner, activity=activity, data=SCORED)
    assert len(lrs.requests) == 1
    request = lrs.requests[0]
    assert request["path"] == "/xapi/statements"
    assert request["headers"]["x-experience-api-version"] == "1.0.3"
    expected = base64.b64encode("hocvuso:bí-mật".encode()).decode()
    assert request["headers"]["authorization"] == f"Basic {expected}"
    assert request["body"]["id"] == str(recorded.statement.uuid)
    assert request["body"]["actor"]["account"]["name"] == str(learner.pk)
    statement = H5PStatement.objects.get()
    assert statement.lrs_status == "sent" and statement.lrs_attempts == 1 and statement.lrs_sent_at


def test_failures_are_retried_then_marked_failed(lrs, learner, activity, settings, django_capture_on_commit_callbacks):
    lrs.status = 500
    settings.H5P_LRS_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        statement_record(user=learner, activity=activity, data=SCORED)
    assert len(lrs.requests) == 3
    statement = H5PStatement.objects.get()
    assert statement.lrs_status == "failed" and statement.lrs_attempts == 3
    assert "500" in statement.lrs_error
    # Once the LRS is back, a new run sends it.
    lrs.status = 200
    assert forward_statement.call(statement.pk) == "sent"
    assert len(lrs.requests) == 4


def test_unreachable_lrs_marks_failed(settings, learner, activity, django_capture_on_commit_callbacks):
    server = LRS()
    settings.H5P_LRS_ENDPOINT = server.url
    server.close()  # nothing listens any more
    with django_capture_on_commit_callbacks(execute=True):
        statement_record(user=learner, activity=activity, data=SCORED)
    assert H5PStatement.objects.get().lrs_status == "failed"


def test_no_endpoint_no_forwarding(learner, activity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        statement_record(user=learner, activity=activity, data=SCORED)
    assert callbacks == []
    assert H5PStatement.objects.get().lrs_status == ""


def test_periodic_job_retries_failed(lrs, learner, activity, settings, django_capture_on_commit_callbacks):
    from courses.h5p.jobs import retry_lrs_forwarding

    lrs.status = 503
    settings.H5P_LRS_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        statement_record(user=learner, activity=activity, data=SCORED)
    assert H5PStatement.objects.get().lrs_status == "failed"
    lrs.status = 200
    assert retry_lrs_forwarding() == 1
    assert H5PStatement.objects.get().lrs_status == "sent"
    assert retry_lrs_forwarding() == 0


def test_periodic_job_idle_without_endpoint(settings):
    from courses.h5p.jobs import retry_lrs_forwarding

    settings.H5P_LRS_ENDPOINT = ""
    assert retry_lrs_forwarding() == 0
