"""One data set for the whole package (built once, rolled back at the end): two wards in two provinces, learners
with enrolments, test results, certificates, lesson and H5P statements, a requirement, and three clients:
``a`` (ward C-A1, every scope), ``b`` (ward C-B1, every scope), ``narrow`` (ward C-A1, statements:read only).

Every API response the tests read goes through ``call``, which validates it against the OpenAPI document the
platform serves (``/api/v1/schema/``), with every documented object closed (no field beyond the documented ones).
"""

from __future__ import annotations

import base64
import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import transaction
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


def _build():
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from api.services import api_client_create
    from certificates.services import certificate_issue_for_attempt, certificate_issue_for_course
    from courses.h5p.models import H5PActivity, H5PLibrary, H5PStatement
    from courses.models import CoursePage, Enrollment, LessonCompletion, LessonPage, Topic
    from lms.accounts.models import User
    from lms.organisations.models import PopulationGroup, Requirement, Unit
    from lms.organisations.roster import place_fields
    from lms.organisations.services import unit_create
    from quizzes.models import Assessment, Attempt, Framework

    K = Unit.Kind
    pa = unit_create(parent=None, code="API-PA", name="Tỉnh An Thử", kind=K.PROVINCE)
    pb = unit_create(parent=None, code="API-PB", name="Tỉnh Bình Thử", kind=K.PROVINCE)
    a1 = unit_create(parent=pa, code="API-A1", name="Phường Một", kind=K.COMMUNE)
    ax = unit_create(parent=a1, code="API-A1X", name="UBND phường Một", kind=K.AGENCY)
    b1 = unit_create(parent=pb, code="API-B1", name="Phường Bắc Một", kind=K.COMMUNE)
    units = {u.code: Unit.objects.get(pk=u.pk) for u in (pa, pb, a1, ax, b1)}
    civil = PopulationGroup.objects.get(code="civil-servant")

    def person(unit, name, email, **fields):
        return User.objects.create_user(email=email, password=None, full_name=name, population_group=civil,
                                        phone=fields.pop("phone", None), birth_year=1990,
                                        **place_fields(units[unit]), **fields)

    la1 = person("API-A1", "Lê Văn An", "an@example.vn", phone="+84912000001")
    la2 = person("API-A1X", "Trần Thị Ánh", "anh@example.vn")
    lb1 = person("API-B1", "Phạm Văn Bình", "binh@example.vn", phone="+84912000002")

    Locale.objects.get_or_create(language_code="vi")
    topic, _ = Topic.objects.get_or_create(slug="api-topic", defaults={"name": "Kỹ năng số"})
    course = Page.get_first_root_node().add_child(instance=CoursePage(title="Kỹ năng số cơ bản", slug="api-course",
                                                                      summary="Tóm tắt", topic=topic))
    course = CoursePage.objects.get(pk=course.pk)
    lesson = course.add_child(instance=LessonPage(title="Bài 1", slug="bai-1", summary="S", estimated_minutes=5))
    test = Assessment.objects.create(framework=Framework.objects.get(code="TT02-2025"), title="Bài kiểm tra chuẩn",
                                     slug="api-chuan", pass_mark=60, is_published=True)
    now = timezone.now()
    for user in (la1, la2, lb1):
        Enrollment.objects.create(user=user, course=course)
        LessonCompletion.objects.create(user=user, lesson=lesson)
    Enrollment.objects.filter(user__in=[la1, lb1]).update(completed_at=now)

    def attempt(user, score):
        return Attempt.objects.create(
            assessment=test, user=user, state=Attempt.State.SUBMITTED, started_at=now - dt.timedelta(minutes=20),
            closed_at=now, framework_code="TT02-2025", framework_version="1", pass_mark=60, review_policy="own",
            score=score, passed=score >= 60,
            result={"score": score, "areas": [{"code": str(i), "name": f"Miền {i}", "level": 2, "percent": score,
                                               "passed": None} for i in range(1, 7)]})

    attempts = {"la1": attempt(la1, 80), "lb1": attempt(lb1, 90), "la2": attempt(la2, 40)}
    cert_a, _ = certificate_issue_for_attempt(attempt=attempts["la1"])
    cert_b, _ = certificate_issue_for_attempt(attempt=attempts["lb1"])
    certificate_issue_for_course(user=la1, course=course)
    library = H5PLibrary.objects.create(machine_name="H5P.TrueFalse", major_version=1, minor_version=8,
                                        patch_version=0, runnable=True, path="libraries/H5P.TrueFalse-1.8")
    activity = H5PActivity.objects.create(title="Trò chơi", main_library=library, h5p_json={})
    H5PStatement.objects.create(user=la1, activity=activity, verb="http://adlnet.gov/expapi/verbs/answered",
                                statement={"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                                           "object": {"id": "http://example.test/h5p/activity/1"}})
    requirement = Requirement.objects.create(
        title="Bắt buộc: bài kiểm tra chuẩn", content_type=ContentType.objects.get_for_model(Assessment),
        object_id=test.pk, unit=units["API-PA"], deadline=dt.date(2027, 6, 30))
    every = ["completions:read", "certificates:read", "roster:write", "statements:read"]
    clients = {
        "a": api_client_create(name="HR phường Một", unit=units["API-A1"], scopes=every),
        "b": api_client_create(name="HR phường Bắc", unit=units["API-B1"], scopes=every),
        "narrow": api_client_create(name="LRS", unit=units["API-A1"], scopes=["statements:read"]),
    }
    return SimpleNamespace(units=units, la1=la1, la2=la2, lb1=lb1, course=course, lesson=lesson, test=test,
                           attempts=attempts, cert_a=cert_a, cert_b=cert_b, requirement=requirement,
                           clients=clients, activity=activity)


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            data = _build()
            yield data
            transaction.set_rollback(True)


@pytest.fixture
def api(world, db, client, settings):
    """``api.token(name)`` → a bearer token for client ``name``; ``api.call(method, url, token=..., **kw)`` → the
    response, checked against the served OpenAPI document."""
    settings.RATE_LIMITS_ENABLED = False
    schema = client.get("/api/v1/schema/?format=json").json()
    for component in schema["components"]["schemas"].values():
        if component.get("type") == "object" and "properties" in component:
            component.setdefault("additionalProperties", False)
    registry = Registry().with_resource("urn:api", Resource.from_contents(schema, default_specification=DRAFT202012))

    def token(name, scope=None):
        new = world.clients[name]
        basic = base64.b64encode(f"{new.client_id}:{new.client_secret}".encode()).decode()
        data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
        response = client.post("/api/oauth/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")
        assert response.status_code == 200, response.content
        return response.json()["access_token"]

    def template_of(path):
        path = path.split("?")[0]
        for template in schema["paths"]:
            parts, wanted = template.split("/"), path.split("/")
            if len(parts) == len(wanted) and all(p == w or p.startswith("{") for p, w in zip(parts, wanted, strict=True)):
                return template
        raise AssertionError(f"{path} is not in the OpenAPI document")

    def call(method, url, *, token=None, data=None, headers=None, **extra):
        headers = dict(headers or {})
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        send = getattr(client, method.lower())
        if data is not None:
            response = send(url, data, content_type="application/json", **headers, **extra)
        else:
            response = send(url, **headers, **extra)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        response.body = body
        operation = schema["paths"][template_of(url)][method.lower()]
        documented = operation["responses"].get(str(response.status_code))
        assert documented is not None, f"{method} {url} answered {response.status_code}, not documented: {body[:300]}"
        if response.status_code != 204:
            import json

            pointer = f"/paths/{template_of(url).replace('~', '~0').replace('/', '~1')}/{method.lower()}/responses/" \
                      f"{response.status_code}/content/application~1json/schema"
            validator = Draft202012Validator({"$ref": f"urn:api#{pointer}"}, registry=registry,
                                             format_checker=Draft202012Validator.FORMAT_CHECKER)
            response.data_json = json.loads(body)
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.data_json)]
            assert not errors, f"{method} {url} does not match the OpenAPI document: {errors[:5]}"
        return response

    return SimpleNamespace(token=token, call=call, schema=schema, world=world)
