"""The lesson block renders the self-hosted player, the threshold and the learner's best score."""

import json
import re

import pytest
from django.test import RequestFactory

from courses.h5p.blocks import H5PActivityBlock
from courses.h5p.models import H5PResult

pytestmark = pytest.mark.django_db


def render(activity, user, **value):
    from django.utils import translation

    block = H5PActivityBlock()
    request = RequestFactory().get("/bai-hoc/")
    request.user = user
    data = {"activity": activity.pk, "title": "", "required": True, "pass_percent": 60} | value
    with translation.override("vi"):
        return block.render(block.to_python(data), context={"request": request})


def config(html):
    match = re.search(r'<script id="h5p-\d+-config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_block_renders_player_config(activity, learner):
    html = render(activity, learner)
    assert "Cần đạt ít nhất 60% để hoàn thành bài." in html
    assert "h5p/h5p-lesson.js" in html
    data = config(html)
    assert data["options"]["h5pJsonPath"] == f"/h5p/files/content/{activity.pk}"
    assert data["options"]["librariesPath"] == "/h5p/files/libraries"
    assert data["options"]["frameJs"].endswith("h5p/player/frame.bundle.js")
    assert data["xapiUrl"] == f"/h5p/xapi/{activity.pk}/"
    assert data["language"] == "vi" and data["options"]["translations"]["H5P"]["fullscreen"] == "Toàn màn hình"
    assert "cdn" not in html.lower()


def test_block_shows_best_score_and_pass(activity, learner):
    H5PResult.objects.create(user=learner, activity=activity, best_scaled=0.75, completed=True)
    html = render(activity, learner)
    assert "Điểm cao nhất của bạn: 75%" in html and "Đã đạt" in html
    html = render(activity, learner, pass_percent=80)
    assert "Chưa đạt" in html


def test_content_base_url_setting(activity, learner, settings):
    settings.H5P_CONTENT_BASE_URL = "https://h5p.example.test"
    data = config(render(activity, learner))
    assert data["options"]["h5pJsonPath"] == f"https://h5p.example.test/content/{activity.pk}"
    assert data["options"]["librariesPath"] == "https://h5p.example.test/libraries"


def test_deleted_activity_renders_nothing_and_does_not_gate(activity, learner):
    from types import SimpleNamespace

    from courses.h5p.selectors import activities_passed

    block = H5PActivityBlock()
    value = block.to_python({"activity": activity.pk, "title": "", "required": True, "pass_percent": 60})
    activity.delete()
    value = block.to_python({"activity": value["activity"].pk, "title": "", "required": True, "pass_percent": 60})
    assert value["activity"] is None
    assert block.render(value, context={}).strip() == ""
    assert activities_passed(learner, SimpleNamespace(body=[SimpleNamespace(block_type="h5p", id="x", value=value)]))
