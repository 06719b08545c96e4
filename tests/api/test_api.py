"""The open API: every answer is checked against the served OpenAPI document (``api.call``, tests/api/conftest.py);
a client bound to one ward reads and writes nothing of another; paging, filters, scopes, the call log, rates,
revocation, and the documented curl flow."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest


def ids(response):
    return [row["id"] for row in response.data_json["results"]]


def test_every_resource_answers_its_documented_shape_within_the_ward(api):
    w = api.world
    token = api.token("a")
    get = lambda url, **kw: api.call("GET", url, token=token, **kw)  # noqa: E731

    assert {row["code"] for row in get("/api/v1/units/").data_json["results"]} == {"API-A1", "API-A1X"}
    learners = get("/api/v1/learners/").data_json["results"]
    assert {row["id"] for row in learners} == {w.la1.pk, w.la2.pk}
    an = next(row for row in learners if row["id"] == w.la1.pk)
    assert an["full_name"] == "Lê Văn An" and an["email"] == "an@example.vn" and an["unit"] == "API-A1"
    assert get(f"/api/v1/learners/{w.la2.pk}/").data_json["unit"] == "API-A1X"

    enrolments = get("/api/v1/enrolments/").data_json["results"]
    assert {row["learner"] for row in enrolments} == {w.la1.pk, w.la2.pk}
    assert [row["learner"] for row in get("/api/v1/enrolments/?completed=true").data_json["results"]] == [w.la1.pk]

    results = get("/api/v1/test-results/").data_json["results"]
    assert {row["learner"]: row["passed"] for row in results} == {w.la1.pk: True, w.la2.pk: False}
    assert [area["level"] for area in results[0]["profile"]] == [2] * 6

    certificates = get("/api/v1/certificates/").data_json["results"]
    mine = next(row for row in certificates if row["id"] == w.cert_a.pk)
    assert mine["status"] == "valid" and mine["verification_url"].endswith(f"/verify/{mine['serial']}/")
    assert w.cert_b.pk not in {row["id"] for row in certificates}

    requirements = get("/api/v1/requirements/").data_json["results"]
    assert [row["id"] for row in requirements] == [w.requirement.pk]
    met = get(f"/api/v1/requirements/{w.requirement.pk}/met/").data_json["results"]
    assert [row["learner"] for row in met] == [w.la1.pk]

    statements = get("/api/v1/xapi/statements", headers={"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"})
    assert statements["X-Experience-API-Version"] == "1.0.3"
    actors = {s["actor"]["account"]["name"] for s in statements.data_json["statements"]}
    assert actors == {str(w.la1.pk), str(w.la2.pk)}
    verbs = {s["verb"]["id"].rsplit("/", 1)[1] for s in statements.data_json["statements"]}
    assert verbs == {"completed", "passed", "failed", "answered"}  # lessons, tests, H5P
    assert get("/api/v1/xapi/statements").status_code == 400  # the version header is required

    # Refusals are documented answers too
    assert api.call("GET", "/api/v1/learners/").status_code == 401
    assert get("/api/v1/learners/?cursor=not-a-cursor!").status_code == 400
    assert get("/api/v1/enrolments/?date_from=31-12-2026").status_code == 400


def test_a_client_of_one_ward_cannot_read_or_write_a_learner_of_another(api):
    from lms.accounts.models import User

    w = api.world
    token = api.token("b")
    outside = api.call("GET", f"/api/v1/learners/{w.la1.pk}/", token=token)
    nowhere = api.call("GET", "/api/v1/learners/999999999/", token=token)
    assert outside.status_code == nowhere.status_code == 404 and outside.body == nowhere.body
    other_unit = api.call("GET", "/api/v1/learners/?unit=API-A1", token=token)
    no_unit = api.call("GET", "/api/v1/learners/?unit=NO-SUCH", token=token)
    assert other_unit.status_code == no_unit.status_code == 400 and other_unit.body == no_unit.body
    for url in ("/api/v1/learners/", "/api/v1/enrolments/", "/api/v1/test-results/", "/api/v1/certificates/"):
        response = api.call("GET", url, token=token)
        body = response.body.decode()
        assert "Lê Văn An" not in body and "an@example.vn" not in body, url
    assert api.call("GET", f"/api/v1/requirements/{w.requirement.pk}/met/", token=token).status_code == 404
    statements = api.call("GET", "/api/v1/xapi/statements", token=token,
                          headers={"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}).data_json["statements"]
    assert {s["actor"]["account"]["name"] for s in statements} == {str(w.lb1.pk)}

    # Writing: la1 named with B's unit is invited (never changed); placed in A's unit, the row is refused
    rows = [{"full_name": "Ai Đó Khác", "email": "an@example.vn", "unit_code": "API-B1"},
            {"full_name": "Người Mới", "email": "moi@example.vn", "unit_code": "API-A1"}]
    report = api.call("POST", "/api/v1/roster/", token=token, data={"rows": rows, "valid_only": True}).data_json
    assert [row["action"] for row in report["rows"]] == ["invited", "refused"]
    assert report["rows"][1]["errors"] == ["Bạn không quản lý đơn vị này."]
    la1 = User.objects.get(pk=w.la1.pk)
    assert la1.full_name == "Lê Văn An" and la1.commune_id == w.units["API-A1"].pk
    assert "Lê Văn An" not in api.call("POST", "/api/v1/roster/", token=token, data={"rows": rows}).body.decode()


def test_roster_upsert_updates_the_wards_own_learner_with_the_roster_pages_rules(api):
    from lms.accounts.models import User

    w = api.world
    token = api.token("a")
    rows = [{"full_name": "Trần Thị Ánh Mai", "email": "anh@example.vn", "unit_code": "API-A1X"},
            {"full_name": "", "email": "x@example.vn", "unit_code": "API-A1"}]
    dry = api.call("POST", "/api/v1/roster/", token=token, data={"rows": rows, "dry_run": True}).data_json
    assert dry["imported"] is False and [r["action"] for r in dry["rows"]] == ["updated", "refused"]
    assert dry["rows"][1]["line"] == 2 and dry["rows"][1]["errors"] == ["Thiếu họ và tên."]
    refused = api.call("POST", "/api/v1/roster/", token=token, data={"rows": rows}).data_json
    assert refused["imported"] is False and User.objects.get(pk=w.la2.pk).full_name == "Trần Thị Ánh"
    done = api.call("POST", "/api/v1/roster/", token=token, data={"rows": rows, "valid_only": True}).data_json
    assert done["imported"] is True and done["counts"]["updated"] == 1
    assert User.objects.get(pk=w.la2.pk).full_name == "Trần Thị Ánh Mai"
    assert api.call("POST", "/api/v1/roster/", token=token, data={"rows": []}).status_code == 400


def test_fields_and_resources_follow_the_scopes(api):
    w = api.world
    narrow = api.token("narrow")
    learners = api.call("GET", "/api/v1/learners/", token=narrow).data_json["results"]
    assert learners and all(set(row) == {"id", "unit", "population_group", "joined_at"} for row in learners)
    for url in ("/api/v1/enrolments/", "/api/v1/certificates/", "/api/v1/test-results/", "/api/v1/requirements/"):
        assert api.call("GET", url, token=narrow).status_code == 403, url
    assert api.call("POST", "/api/v1/roster/", token=narrow, data={"rows": [{"full_name": "A"}]}).status_code == 403
    refused = api.call("POST", "/api/v1/webhooks/", token=narrow,
                       data={"url": "https://hr.example.vn/h", "events": ["certificate.issued"]})
    assert refused.status_code == 400
    # A token asked with fewer scopes carries only those
    reduced = api.token("a", scope="statements:read")
    assert api.call("GET", "/api/v1/enrolments/", token=reduced).status_code == 403
    assert "email" not in api.call("GET", f"/api/v1/learners/{w.la1.pk}/", token=reduced).data_json


def test_webhooks_in_production_go_to_public_hosts_only(api, settings):
    from django.core.exceptions import ValidationError

    from api.services import ERR_WEBHOOK_HOST, ERR_WEBHOOK_URL, webhook_subscribe

    settings.PRODUCTION = True
    client = api.world.clients["a"].client
    for url, message in (("http://127.0.0.1:9/hook", ERR_WEBHOOK_URL), ("https://127.0.0.1/hook", ERR_WEBHOOK_HOST),
                         ("https://10.1.2.3/hook", ERR_WEBHOOK_HOST), ("https://[::1]/hook", ERR_WEBHOOK_HOST)):
        with pytest.raises(ValidationError) as refused:
            webhook_subscribe(client=client, url=url, events=["certificate.issued"])
        assert refused.value.messages == [str(message)], url


def test_a_client_cannot_get_a_scope_it_was_not_given(api, client):
    import base64

    new = api.world.clients["narrow"]
    basic = base64.b64encode(f"{new.client_id}:{new.client_secret}".encode()).decode()
    response = client.post("/api/oauth/token/", {"grant_type": "client_credentials", "scope": "roster:write"},
                           HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 400 and response.json()["error"] == "invalid_scope"
    wrong = base64.b64encode(f"{new.client_id}:not-the-secret".encode()).decode()
    assert client.post("/api/oauth/token/", {"grant_type": "client_credentials"},
                       HTTP_AUTHORIZATION=f"Basic {wrong}").status_code == 401


def test_pages_follow_the_cursor_in_a_stable_order_and_filters_narrow(api):
    w = api.world
    token = api.token("a")
    seen, url = [], "/api/v1/learners/?limit=1"
    while url:
        page = api.call("GET", url, token=token).data_json
        assert len(page["results"]) <= 1
        seen += [row["id"] for row in page["results"]]
        url = f"/api/v1/learners/?limit=1&cursor={page['next']}" if page["next"] else None
    assert seen == sorted({w.la1.pk, w.la2.pk})
    assert ids(api.call("GET", "/api/v1/learners/?unit=API-A1X", token=token)) == [w.la2.pk]
    from lms.accounts.models import User
    from reporting.queries import learners as reporting_learners

    national = User.objects.create_superuser(email="quoc-gia-api@example.vn", password="Matkhau#2025")
    accounts = [new.client.account_id for new in w.clients.values()]
    counted = reporting_learners(national)  # a client's service account is nobody's learner, not the country's
    assert counted.filter(pk=w.la1.pk).exists() and not counted.filter(pk__in=accounts).exists()
    assert ids(api.call("GET", "/api/v1/learners/?group=adult", token=token)) == []
    assert ids(api.call("GET", "/api/v1/certificates/?updated_since=2999-01-01T00:00:00Z", token=token)) == []
    assert ids(api.call("GET", "/api/v1/enrolments/?date_to=2000-01-01", token=token)) == []
    assert len(ids(api.call("GET", "/api/v1/certificates/?status=valid", token=token))) == 2
    statements = api.call("GET", "/api/v1/xapi/statements?limit=2", token=token,
                          headers={"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}).data_json
    collected = list(statements["statements"])
    while statements["more"]:
        statements = api.call("GET", statements["more"], token=token,
                              headers={"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}).data_json
        collected += statements["statements"]
    assert len(collected) == len({s["id"] for s in collected}) == 5  # 2 lessons, 2 tests, 1 H5P statement


def test_every_call_is_logged_rate_limited_per_client_and_stopped_by_revocation(api, settings):
    from api.models import ApiCall
    from api.services import api_client_revoke

    w = api.world
    token = api.token("b")
    before = ApiCall.objects.count()
    api.call("GET", "/api/v1/learners/", token=token)
    api.call("GET", "/api/v1/enrolments/", token=token)
    api.call("GET", "/api/v1/learners/", token="not-a-token")
    calls = list(ApiCall.objects.order_by("-pk")[:3])[::-1]
    assert ApiCall.objects.count() == before + 3
    assert [(c.path, c.status, c.rows) for c in calls] == [
        ("/api/v1/learners/", 200, 1), ("/api/v1/enrolments/", 200, 1), ("/api/v1/learners/", 401, 0)]
    assert calls[0].client.pk == w.clients["b"].client.pk and calls[2].client is None
    token_calls = ApiCall.objects.filter(client=w.clients["b"].client, path="/api/oauth/token/")
    assert token_calls.exists() and not token_calls.exclude(status=200).exists()  # tokens handed out are logged

    settings.RATE_LIMITS_ENABLED = True
    client = w.clients["b"].client
    client.rate = "2/m"
    client.save(update_fields=["rate"])
    assert api.call("GET", "/api/v1/units/", token=token).status_code == 200
    assert api.call("GET", "/api/v1/units/", token=token).status_code == 200
    limited = api.call("GET", "/api/v1/units/", token=token)
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert api.call("GET", "/api/v1/units/", token=api.token("a")).status_code == 200  # another client's budget
    settings.RATE_LIMITS_ENABLED = False

    api_client_revoke(client=client)
    assert api.call("GET", "/api/v1/units/", token=token).status_code == 401  # its tokens are gone
    assert ApiCall.objects.filter(client=client, status=429).count() == 1


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def test_curl_examples_work(api):
    """The documented flow (docs/api.md, "Examples with curl"): a token, then a call, with the real curl against a
    server on loopback that shares the test's database connection."""
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connections

    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    script = re.search(r"<!-- curl-flow -->\s*```sh\n(.*?)```", text, re.S).group(1)
    connection = connections["default"]
    handler = WSGIHandler()

    def app(environ, start_response):
        connections["default"] = connection  # the test's transaction: the data set is not committed
        return handler(environ, start_response)

    server = make_server("127.0.0.1", 0, app, server_class=WSGIServer, handler_class=_Quiet)
    connection.inc_thread_sharing()
    for signal in (request_started, request_finished):  # as Django's test client: keep the shared connection open
        signal.disconnect(close_old_connections)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        new = api.world.clients["a"]
        script = script.replace("https://hocvuso.example", f"http://127.0.0.1:{server.server_port}")
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60, env={
            "PATH": "/usr/bin:/bin", "CLIENT_ID": new.client_id, "CLIENT_SECRET": new.client_secret})
    finally:
        server.shutdown()
        connection.dec_thread_sharing()
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    import json

    answer = json.loads(result.stdout)
    assert [row["learner"] for row in answer["results"]] == [api.world.la1.pk], result.stderr


def test_wagtails_admin_api_keeps_its_session_authentication(client, django_user_model, db):
    """The open API sets its authentication on its own views: REST framework's defaults, which Wagtail's admin API
    (the page explorer) relies on, stay as they are (a global OAuth-only default answered the explorer 401)."""
    admin = django_user_model.objects.create_superuser(email="quantri-api@example.vn", password="Matkhau#2025")
    client.force_login(admin)
    assert client.get("/admin/api/main/pages/?child_of=1").status_code == 200
