"""The xAPI endpoint: login, CSRF, size cap, JSON and statement shape, server-side actor, best score kept."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from courses.h5p.models import H5PResult, H5PStatement
from courses.h5p.xapi import BAD_JSON, LOGIN_REQUIRED, RATE_LIMITED, SUBCONTENT_EXTENSION, TOO_LARGE

pytestmark = pytest.mark.django_db
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"


def statement(raw=5, maximum=10, *, verb=ANSWERED, completion=True, success=None, sub=False, **extra):
    data = {
        "actor": {"mbox": "mailto:someone-else@example.com", "name": "Forged"},
        "verb": {"id": verb, "display": {"en-US": "answered"}},
        "object": {"id": "http://example.test/h5p/1", "definition": {"extensions": {}}},
        "result": {"score": {"raw": raw, "max": maximum, "min": 0, "scaled": raw / maximum}, "completion": completion},
    }
    if success is not None:
        data["result"]["success"] = success
    if sub:
        data["object"]["definition"]["extensions"][SUBCONTENT_EXTENSION] = "abc"
    data.update(extra)
    return {"statement": data}


@pytest.fixture(autouse=True)
def _placed(activity):
    """The endpoint takes statements only for activities placed in a live lesson (tests/security/test_xapi_scope.py)."""
    from tests.h5p.placement import place_in_lesson

    place_in_lesson(activity)


@pytest.fixture
def csrf_client(learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    client.get("/")  # any page with a form sets the CSRF cookie
    return client


def post(client, activity, body, *, token=None, raw=False):
    headers = {"HTTP_X_CSRFTOKEN": token} if token else {}
    payload = body if raw else json.dumps(body)
    return client.post(reverse("h5p:xapi", args=[activity.pk]), payload, content_type="application/json", **headers)


def token_of(client):
    cookie = client.cookies.get("csrftoken")
    if cookie is None:
        from django.middleware.csrf import _get_new_csrf_string

        client.cookies["csrftoken"] = _get_new_csrf_string()
        cookie = client.cookies["csrftoken"]
    return cookie.value


def test_anonymous_gets_401(client, activity):
    response = post(client, activity, statement())
    assert response.status_code == 401
    assert response.json()["error"] == str(LOGIN_REQUIRED)
    assert not H5PStatement.objects.exists()


def test_csrf_required(csrf_client, activity):
    assert post(csrf_client, activity, statement()).status_code == 403
    response = post(csrf_client, activity, statement(), token=token_of(csrf_client))
    assert response.status_code == 201, response.content


def test_get_not_allowed(client, learner, activity):
    client.force_login(learner)
    assert client.get(reverse("h5p:xapi", args=[activity.pk])).status_code == 405


def test_size_cap(client, learner, activity, settings):
    settings.H5P_XAPI_MAX_BYTES = 1024
    client.force_login(learner)
    response = post(client, activity, statement(padding="x" * 2000))
    assert response.status_code == 413
    assert response.json()["error"] == str(TOO_LARGE)
    assert not H5PStatement.objects.exists()


def test_bad_json(client, learner, activity):
    client.force_login(learner)
    response = post(client, activity, "{nope", raw=True)
    assert response.status_code == 400
    assert response.json()["error"] == str(BAD_JSON)


@pytest.mark.parametrize(
    "mutate, detail",
    [
        (lambda s: s["statement"].pop("verb"), "verb.id"),
        (lambda s: s["statement"]["verb"].update(id="javascript:alert(1)"), "verb.id"),
        (lambda s: s["statement"]["result"]["score"].update(scaled=3), "result.score.scaled"),
        (lambda s: s["statement"]["result"]["score"].update(raw="9"), "result.score.raw"),
        (lambda s: s["statement"]["result"]["score"].update(raw=11, scaled=1), "result.score.raw"),
        (lambda s: s["statement"]["result"].update(completion="yes"), "result.completion"),
        (lambda s: s["statement"].update(result=[1]), "result"),
    ],
)
def test_bad_shape(client, learner, activity, mutate, detail):
    client.force_login(learner)
    body = statement()
    mutate(body)
    response = post(client, activity, body)
    assert response.status_code == 400
    assert detail in response.json()["error"]
    assert not H5PStatement.objects.exists()


def test_unknown_activity_404(client, learner):
    client.force_login(learner)
    assert client.post("/h5p/xapi/999999/", "{}", content_type="application/json").status_code == 404


def test_actor_is_the_logged_in_learner(client, learner, activity):
    client.force_login(learner)
    assert post(client, activity, statement()).status_code == 201
    stored = H5PStatement.objects.get()
    assert stored.user == learner
    assert stored.statement["actor"]["account"]["name"] == str(learner.pk)
    assert "mbox" not in json.dumps(stored.statement)
    assert "Forged" not in json.dumps(stored.statement)
    assert stored.statement["id"] == str(stored.uuid)


def test_best_score_is_kept(client, learner, activity):
    client.force_login(learner)
    assert post(client, activity, statement(5)).json()["best_percent"] == 50
    assert post(client, activity, statement(3)).json()["best_percent"] == 50
    assert post(client, activity, statement(8, success=True)).json()["best_percent"] == 80
    assert post(client, activity, statement(2)).json()["best_percent"] == 80
    result = H5PResult.objects.get(user=learner, activity=activity)
    assert (result.best_scaled, result.best_raw, result.best_max) == (0.8, 8, 10)
    assert result.completed and result.success
    assert H5PStatement.objects.count() == 4


def test_scaled_computed_from_raw_and_max(client, learner, activity):
    client.force_login(learner)
    body = statement(3, 4)
    del body["statement"]["result"]["score"]["scaled"]
    assert post(client, activity, body).json()["best_percent"] == 75


def test_sub_content_statements_do_not_score(client, learner, activity):
    client.force_login(learner)
    response = post(client, activity, statement(10, sub=True))
    assert response.status_code == 201
    assert response.json()["best_percent"] is None
    assert H5PStatement.objects.get().sub_content
    assert not H5PResult.objects.exists()


def test_statement_without_result_is_stored_only(client, learner, activity):
    client.force_login(learner)
    body = statement()
    body["statement"].pop("result")
    body["statement"]["verb"]["id"] = "http://adlnet.gov/expapi/verbs/attempted"
    assert post(client, activity, body).status_code == 201
    assert not H5PResult.objects.exists()


def test_rate_limited(client, learner, activity, settings):
    settings.H5P_XAPI_RATE_PER_MINUTE = 2
    client.force_login(learner)
    assert post(client, activity, statement()).status_code == 201
    assert post(client, activity, statement()).status_code == 201
    response = post(client, activity, statement())
    assert response.status_code == 429
    assert response.json()["error"] == str(RATE_LIMITED)
    assert H5PStatement.objects.count() == 2
