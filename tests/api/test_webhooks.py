"""Webhooks against a real receiving HTTP server on loopback: signed deliveries (HMAC-SHA256, timestamped), retried
with backoff by the task worker's job, visible with their status, only for the clients that may see the learner,
and no duplicate after a worker dies mid-delivery."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Receiver:
    """A subscriber's endpoint: checks each signature as docs/api.md tells receivers to, fails the first
    ``fail`` requests with 500, and processes each delivery id once (as receivers are told to)."""

    def __init__(self):
        self.secret = ""
        self.fail = 0
        self.received: list[dict] = []
        self.processed: dict[str, dict] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp, signature = self.headers["X-Hvs-Timestamp"], self.headers["X-Hvs-Signature"]
                expected = "v1=" + hmac.new(receiver.secret.encode(), f"{stamp}.".encode() + body,
                                            hashlib.sha256).hexdigest()
                record = {"id": self.headers["X-Hvs-Delivery"], "event": self.headers["X-Hvs-Event"],
                          "valid": hmac.compare_digest(expected, signature) and abs(time.time() - int(stamp)) < 300,
                          "body": json.loads(body)}
                receiver.received.append(record)
                if receiver.fail > 0:
                    receiver.fail -= 1
                    self.send_response(500)
                else:
                    receiver.processed.setdefault(record["id"], record)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


class WorkerDied(BaseException):
    """The worker process stops (SIGKILL, OOM) right after the request went out, before recording anything."""


def _due_now(delivery):
    from api.models import WebhookDelivery

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.next_attempt_at.replace(
        year=2000), claimed_until=None)


def test_deliveries_are_signed_retried_with_backoff_and_visible(api, receiver, django_capture_on_commit_callbacks):
    from api import jobs
    from api.models import WebhookDelivery
    from certificates.services import certificate_revoke

    w = api.world
    token = api.token("a")
    created = api.call("POST", "/api/v1/webhooks/", token=token,
                       data={"url": receiver.url, "events": ["certificate.revoked", "certificate.issued"]})
    assert created.status_code == 201
    receiver.secret = created.data_json["secret"]
    token_b = api.token("b")
    other = api.call("POST", "/api/v1/webhooks/", token=token_b,
                     data={"url": receiver.url, "events": ["certificate.revoked"]}).data_json
    receiver.fail = 2
    started = time.time()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=w.cert_a, reason="Cấp nhầm")
    delivery = WebhookDelivery.objects.get(subscription_id=created.data_json["id"], event="certificate.revoked")
    assert not WebhookDelivery.objects.filter(subscription_id=other["id"]).exists()  # B does not see la1
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("pending", 1, 500)
    assert dt.timedelta(seconds=25) < delivery.next_attempt_at - delivery.created_at < dt.timedelta(seconds=40)

    assert jobs.send_due_webhooks() == 0  # not due yet: the backoff holds
    _due_now(delivery)
    assert jobs.send_due_webhooks() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 2)
    assert dt.timedelta(seconds=110) < delivery.next_attempt_at - dt.datetime.fromtimestamp(
        started, tz=dt.UTC) < dt.timedelta(seconds=180)
    _due_now(delivery)
    jobs.send_due_webhooks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("delivered", 3, 204)

    assert [r["id"] for r in receiver.received] == [str(delivery.pk)] * 3 and all(r["valid"] for r in receiver.received)
    body = receiver.processed[str(delivery.pk)]["body"]
    assert body["event"] == "certificate.revoked" and body["data"]["status"] == "revoked"
    assert body["data"]["serial"] == w.cert_a.display_serial and body["data"]["learner"] == w.la1.pk
    listed = api.call("GET", f"/api/v1/webhooks/{created.data_json['id']}/deliveries/", token=token).data_json
    assert [(d["id"], d["status"], d["attempts"]) for d in listed["results"]] == [(str(delivery.pk), "delivered", 3)]
    assert api.call("GET", f"/api/v1/webhooks/{created.data_json['id']}/deliveries/", token=token_b).status_code == 404
    assert jobs.send_due_webhooks() == 0 and len(receiver.received) == 3  # delivered: never sent again


def test_no_duplicate_after_a_worker_crash(api, receiver, django_capture_on_commit_callbacks, monkeypatch):
    import urllib.request

    from api import jobs, services
    from api.models import WebhookDelivery
    from certificates.services import certificate_issue_for_course

    w = api.world
    created = api.call("POST", "/api/v1/webhooks/", token=api.token("a"),
                       data={"url": receiver.url, "events": ["certificate.issued"]}).data_json
    receiver.secret = created["secret"]

    def send_then_die(request, timeout):
        with urllib.request.urlopen(request, timeout=timeout):
            pass
        raise WorkerDied

    # The event is queued (the worker has not taken it yet)...
    monkeypatch.setattr(services, "_enqueue", lambda ids: None)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue_for_course(user=w.la2, course=w.course)
    delivery = WebhookDelivery.objects.get(subscription_id=created["id"])
    # ...then the worker sends it and dies before it can record the answer
    with pytest.raises(WorkerDied):
        services.webhook_deliver(delivery_id=delivery.pk, opener=send_then_die)
    delivery.refresh_from_db()
    assert len(receiver.received) == 1 and delivery.status == "pending" and delivery.attempts == 0

    # The same event announced again (a second signal, a replayed job) makes no second delivery
    from api.receivers import on_certificate_issued
    from certificates.models import Certificate

    on_certificate_issued(sender=Certificate, certificate=Certificate.objects.get(user=w.la2, kind="course"))
    assert WebhookDelivery.objects.filter(subscription_id=created["id"]).count() == 1
    # While the dead worker's lease runs, nobody sends it; once it has run out, the job sends it again, same id
    assert jobs.send_due_webhooks() == 0
    WebhookDelivery.objects.filter(pk=delivery.pk).update(claimed_until=delivery.created_at)
    assert jobs.send_due_webhooks() == 1
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 1
    assert [r["id"] for r in receiver.received] == [str(delivery.pk)] * 2 and all(r["valid"] for r in receiver.received)
    assert list(receiver.processed) == [str(delivery.pk)]  # processed once
    assert jobs.send_due_webhooks() == 0 and len(receiver.received) == 2


def test_signature_check_refuses_a_changed_body_or_an_old_timestamp():
    from api.services import sign, verify_signature

    now = 1_800_000_000
    signature = sign("s3cret", str(now), b'{"a":1}')
    assert verify_signature("s3cret", str(now), b'{"a":1}', signature, now=now)
    assert not verify_signature("s3cret", str(now), b'{"a":2}', signature, now=now)
    assert not verify_signature("other", str(now), b'{"a":1}', signature, now=now)
    assert not verify_signature("s3cret", str(now), b'{"a":1}', signature, now=now + 301)


def test_a_requirement_met_is_announced_to_the_clients_that_see_the_learner(api, monkeypatch):
    from api import services
    from api.models import WebhookDelivery
    from api.receivers import on_attempt_closed

    w = api.world
    monkeypatch.setattr(services, "_enqueue", lambda ids: None)  # queued only: sending is tested above
    mine = api.call("POST", "/api/v1/webhooks/", token=api.token("a"),
                    data={"url": "http://127.0.0.1:9/h", "events": ["requirement.met"]}).data_json
    other = api.call("POST", "/api/v1/webhooks/", token=api.token("b"),
                     data={"url": "http://127.0.0.1:9/h", "events": ["requirement.met"]}).data_json
    on_attempt_closed(sender=type(w.attempts["la1"]), attempt=w.attempts["la1"])
    on_attempt_closed(sender=type(w.attempts["la1"]), attempt=w.attempts["la1"])  # announced twice: one delivery
    on_attempt_closed(sender=type(w.attempts["la2"]), attempt=w.attempts["la2"])  # failed: nothing met
    delivery = WebhookDelivery.objects.get(subscription_id=mine["id"])
    assert delivery.event == "requirement.met" and delivery.payload["requirement"] == w.requirement.pk
    assert delivery.payload["learner"] == w.la1.pk
    assert not WebhookDelivery.objects.filter(subscription_id=other["id"]).exists()
