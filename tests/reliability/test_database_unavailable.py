"""A lost database gives a 503 with a clear message and ``Retry-After``, never a 500 (any database)."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError
from django.test import Client

from lms.views import DATABASE_UNAVAILABLE


@pytest.fixture
def failing_save(monkeypatch):
    from quizzes import services

    def lost(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "attempt_answers_save", lost)  # what the views call


@pytest.mark.django_db
def test_answer_save_during_outage_is_503_json_with_retry(failing_save, started_attempt):
    client = Client(raise_request_exception=False)
    client.force_login(started_attempt.user)
    response = client.post(f"/quizzes/attempt/{started_attempt.pk}/answer/", HTTP_ACCEPT="application/json",
                           data=json.dumps({"position": 1, "fields": {"q1": ["x"]}}), content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    assert response.json() == {"ok": False, "retry": True, "error": str(DATABASE_UNAVAILABLE)}


@pytest.mark.django_db
def test_page_during_outage_is_503_page(failing_save, started_attempt):
    client = Client(raise_request_exception=False)
    client.force_login(started_attempt.user)
    response = client.post(f"/quizzes/attempt/{started_attempt.pk}/", data={"positions": ["1"], "q1": ["x"]})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "tạm thời mất kết nối tới cơ sở dữ liệu" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_stay_500(monkeypatch, started_attempt):
    from quizzes import services

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "attempt_answers_save", broken)
    client = Client(raise_request_exception=False)
    client.force_login(started_attempt.user)
    response = client.post(f"/quizzes/attempt/{started_attempt.pk}/answer/", HTTP_ACCEPT="application/json",
                           data=json.dumps({"position": 1, "fields": {"q1": ["x"]}}), content_type="application/json")
    assert response.status_code == 500 and "Retry-After" not in response
