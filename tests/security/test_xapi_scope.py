"""Issue 14, hole 7: ``POST /h5p/xapi/<id>/`` accepted any ``object.id`` and activities placed in no published
lesson. The platform now writes the object id itself (``courses.h5p.xapi.activity_iri``) and accepts statements
only for activities the learner can open (``courses.h5p.placement.activity_open_for``): placed in a live lesson
of a live course, behind no view restriction that refuses them."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from courses.h5p.models import H5PResult, H5PStatement
from courses.h5p.xapi import NOT_OPEN, SUBCONTENT_EXTENSION
from tests.h5p.builders import build, upload
from tests.h5p.placement import place_in_lesson


def _statement(object_id="http://evil.example/other-activity", *, sub=None, parent="http://evil.example/p"):
    extensions = {SUBCONTENT_EXTENSION: sub} if sub else {}
    return {"statement": {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": object_id, "definition": {"extensions": extensions}},
        "context": {"contextActivities": {"parent": [{"id": parent}], "category": [
            {"id": "http://h5p.org/libraries/H5P.MultiChoice-1.16"}, {"id": "http://evil.example/cat"}]}},
        "result": {"score": {"raw": 1, "max": 1, "scaled": 1.0}, "completion": True, "success": True},
    }}


@pytest.fixture
def activity(db, settings, tmp_path):
    from courses.h5p.services import h5p_import

    settings.H5P_ROOT = str(tmp_path / "h5p")
    settings.H5P_LRS_ENDPOINT = ""
    return h5p_import(source=upload(build()), title="Hoạt động thử")


def _post(client, activity, body):
    return client.post(f"/h5p/xapi/{activity.pk}/", json.dumps(body), content_type="application/json")


def test_an_activity_in_no_lesson_is_refused(client, learner, activity):
    client.force_login(learner)
    response = _post(client, activity, _statement())
    assert response.status_code == 404 and response.json()["error"] == str(NOT_OPEN)
    assert not H5PStatement.objects.exists() and not H5PResult.objects.exists()


@pytest.mark.parametrize(("lesson_live", "course_live"), [(False, True), (True, False)])
def test_an_activity_of_an_unpublished_lesson_or_course_is_refused(client, learner, activity, lesson_live,
                                                                   course_live):
    place_in_lesson(activity, publish_lesson=lesson_live, publish_course=course_live)
    client.force_login(learner)
    assert _post(client, activity, _statement()).status_code == 404
    assert not H5PStatement.objects.exists()


def test_a_lesson_restricted_to_a_group_refuses_others(client, learner, make_user, activity):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    lesson = place_in_lesson(activity)
    staff_only = Group.objects.create(name="Chỉ cán bộ")
    restriction = PageViewRestriction.objects.create(page=lesson.get_parent(), restriction_type="groups")
    restriction.groups.add(staff_only)
    client.force_login(learner)
    assert _post(client, activity, _statement()).status_code == 404
    member = make_user(groups=["Chỉ cán bộ"])
    client.force_login(member)
    assert _post(client, activity, _statement()).status_code == 201


def test_the_platform_writes_the_object_id(client, learner, activity):
    place_in_lesson(activity)
    client.force_login(learner)
    assert _post(client, activity, _statement()).status_code == 201
    assert _post(client, activity, _statement(sub="0b7e5f7c-1d2e-4a44-9f63-7c2f0d1f1a11")).status_code == 201
    whole, part = H5PStatement.objects.order_by("pk")
    iri = f"{settings.BASE_URL}/h5p/activity/{activity.pk}"
    assert whole.statement["object"]["id"] == iri
    assert part.statement["object"]["id"] == f"{iri}?subContentId=0b7e5f7c-1d2e-4a44-9f63-7c2f0d1f1a11"
    assert part.statement["context"]["contextActivities"]["parent"] == [{"id": iri, "objectType": "Activity"}]
    assert whole.statement["context"]["contextActivities"]["category"] == [
        {"id": "http://h5p.org/libraries/H5P.MultiChoice-1.16", "objectType": "Activity"}]
    assert "evil.example" not in json.dumps([whole.statement, part.statement])
    assert H5PResult.objects.get(user=learner, activity=activity).completed


def test_a_sub_content_id_that_is_not_an_id_is_refused(client, learner, activity):
    place_in_lesson(activity)
    client.force_login(learner)
    for sub in ("../x", "a" * 65, "http://evil.example/x"):
        assert _post(client, activity, _statement(sub=sub)).status_code == 400
    assert _post(client, activity, _statement(sub=["x"])).status_code == 400
    assert not H5PStatement.objects.exists()


def test_publishing_the_lesson_opens_the_activity_at_once(client, learner, activity):
    client.force_login(learner)
    lesson = place_in_lesson(activity, publish_lesson=False)
    assert _post(client, activity, _statement()).status_code == 404  # the refusal is cached…
    lesson.save_revision().publish()
    assert _post(client, activity, _statement()).status_code == 201  # …and forgotten on publish
    lesson.refresh_from_db()
    lesson.unpublish()
    assert _post(client, activity, _statement()).status_code == 404
