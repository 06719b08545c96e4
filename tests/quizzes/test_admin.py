"""Wagtail admin: bank listing with filters, create with choices, preview, blueprint check at save, import/export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from quizzes.models import Assessment, Competence, CompetenceArea, Question

from .conftest import FILES


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_bank_listing_with_filters(admin_client, make_question):
    make_question("4.2", level=1, name="Câu an toàn")
    make_question("1.1", level=3, name="Câu tìm kiếm")
    url = reverse("wagtailsnippets_quizzes_question:list")
    area4 = CompetenceArea.objects.get(code="4", framework__code="TT02-2025")
    html = admin_client.get(url, {"competence__area": area4.pk}).content.decode()
    assert "Câu an toàn" in html and "Câu tìm kiếm" not in html
    html = admin_client.get(url, {"level": 3, "qtype": "single"}).content.decode()
    assert "Câu tìm kiếm" in html and "Câu an toàn" not in html


def test_framework_is_viewable_and_extendable(admin_client):
    html = admin_client.get(reverse("wagtailsnippets_quizzes_framework:list")).content.decode()
    assert "TT02-2025" in html
    assert admin_client.get(reverse("wagtailsnippets_quizzes_competence:list")).status_code == 200
    assert admin_client.get(reverse("wagtailsnippets_quizzes_framework:add")).status_code == 200


def _question_post(**overrides):
    data = {
        "name": "Mật khẩu mạnh", "competence": Competence.objects.get(code="4.2").pk, "level": 2, "qtype": "single",
        "category": "", "stem": rich_text("<p>Mật khẩu nào mạnh nhất?</p>"), "general_feedback": rich_text(""),
        "explanation": rich_text(""), "partial_credit": "on", "correct_true": "on", "is_active": "on",
        "status": "ready",
        "choices": inline_formset([
            {"text": "Tr0ng#Nha!2025", "match_text": "", "fraction": "100", "tolerance": "0", "feedback": "Đúng"},
            {"text": "123456", "match_text": "", "fraction": "0", "tolerance": "0", "feedback": "Dễ đoán"},
        ]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_create_question_in_admin_makes_a_version(admin_client, framework):
    response = admin_client.post(reverse("wagtailsnippets_quizzes_question:add"), _question_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(name="Mật khẩu mạnh")
    assert question.versions.count() == 1
    assert question.status == "ready" and question.approved_by.is_superuser and question.approved_at
    data = question.current_version.data
    assert [c["text"] for c in data["choices"]] == ["Tr0ng#Nha!2025", "123456"]


def test_admin_refuses_single_choice_without_a_right_answer(admin_client, framework):
    post = _question_post(choices=inline_formset([
        {"text": "a", "match_text": "", "fraction": "50", "tolerance": "0", "feedback": ""},
        {"text": "b", "match_text": "", "fraction": "0", "tolerance": "0", "feedback": ""}]))
    response = admin_client.post(reverse("wagtailsnippets_quizzes_question:add"), post)
    assert response.status_code == 200
    assert "100%" in response.content.decode()
    assert not Question.objects.exists()


def test_preview_as_the_learner_sees_it(rf, make_question, make_user):
    question = make_question("4.2", level=1, stem="<p>Xem trước?</p>")
    request = rf.get("/")
    request.user = make_user()
    response = question.serve_preview(request, "")
    html = response.render().content.decode()
    assert "Xem trước?" in html and 'type="radio"' in html and "fraction" not in html


def _assessment_post(count=None, rows=None, **fields):
    """``rows``: (level_min, level_max, count) of competence 4.2; ``count`` alone: one level-1 row."""
    rows = rows or [(1, 1, count)]
    return nested_form_data({
        "title": "Thử", "slug": "thu", "framework": Competence.objects.get(code="4.2").framework_id,
        "description": rich_text(""), "time_limit_minutes": "30", "attempts_allowed": "0", "pass_mark": "50",
        "available_from": "", "available_until": "", "shuffle_questions": "on", "shuffle_choices": "on",
        "review_policy": "own", "review_after": "at_once", "is_published": "on",
        "blueprint_rows": inline_formset([{"competence": Competence.objects.get(code="4.2").pk, "area": "",
                                           "level_min": str(lo), "level_max": str(hi), "count": str(n)}
                                          for lo, hi, n in rows]),
        "area_pass_marks": inline_formset([]),
        **fields,
    })


def test_assessment_blueprint_checked_at_save(admin_client, make_question):
    make_question("4.2", level=1)
    make_question("4.2", level=1)
    response = admin_client.post(reverse("wagtailsnippets_quizzes_assessment:add"), _assessment_post(3))
    assert response.status_code == 200
    assert "cần 3 câu nhưng ngân hàng chỉ có 2 câu" in response.content.decode()
    assert not Assessment.objects.exists()
    response = admin_client.post(reverse("wagtailsnippets_quizzes_assessment:add"), _assessment_post(2))
    assert response.status_code == 302
    assert Assessment.objects.get(slug="thu").question_count == 2


def test_blueprint_refused_when_the_draw_cannot_support_the_level_rule(admin_client, make_question):
    from django.utils.html import escape

    from quizzes.forms import MSG_REVIEW_NEVER
    from quizzes.services import MSG_AREA_LEVEL_GAP, MSG_ROW_LEVEL_RANGE

    for level in (1, 1, 2, 2, 3, 3):
        make_question("4.2", level=level)
    url = reverse("wagtailsnippets_quizzes_assessment:add")
    # A row over several levels: each draw would put a different number of questions at each level.
    html = admin_client.post(url, _assessment_post(rows=[(1, 3, 3)])).content.decode()
    assert escape(str(MSG_ROW_LEVEL_RANGE) % {"row": "4.2, bậc 1–3"}) in html
    # Levels 1 and 3 without 2.
    html = admin_client.post(url, _assessment_post(rows=[(1, 1, 1), (3, 3, 1)])).content.decode()
    assert escape(str(MSG_AREA_LEVEL_GAP) % {"area": "4", "levels": "1, 3", "missing": "2"}) in html
    # The key "after the last attempt" of a test with unlimited attempts and no closing time: never shown.
    html = admin_client.post(url, _assessment_post(rows=[(1, 1, 1)], review_after="last_attempt")).content.decode()
    assert escape(str(MSG_REVIEW_NEVER)) in html
    assert not Assessment.objects.exists()
    response = admin_client.post(url, _assessment_post(rows=[(1, 1, 2), (2, 2, 2), (3, 3, 1)]))
    assert response.status_code == 302 and Assessment.objects.get().question_count == 5


def test_import_upload_and_export(admin_client, framework):
    url = reverse("quizzes_admin_import")
    assert admin_client.get(url).status_code == 200
    upload = SimpleUploadedFile("bank.gift", (FILES / "valid.gift").read_bytes())
    response = admin_client.post(url, {"file": upload, "framework": "TT02-2025", "format": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "Đã nhập" in html and "dòng 35" in html
    assert Question.objects.count() == 9
    broken = SimpleUploadedFile("broken.gift", (FILES / "broken.gift").read_bytes())
    html = admin_client.post(url, {"file": broken, "framework": "TT02-2025"}).content.decode()
    assert "dòng 5" in html and Question.objects.count() == 9
    response = admin_client.get(reverse("quizzes_admin_export"), {"framework": "TT02-2025"})
    assert response["Content-Type"].startswith("application/xml")
    assert b"<quiz>" in response.content and b"$course$/top/TT02-2025/4.2/L2" in response.content


def test_import_needs_permission(client, learner):
    client.force_login(learner)
    assert client.get(reverse("quizzes_admin_import")).status_code in (302, 403)


def test_preview_from_the_edit_form(admin_client, framework):
    url = reverse("wagtailsnippets_quizzes_question:preview_on_add")
    response = admin_client.post(url, _question_post())
    assert response.json()["is_valid"] is True
    html = admin_client.get(url).content.decode()
    assert "Mật khẩu nào mạnh nhất?" in html and "Tr0ng#Nha!2025" in html and 'type="radio"' in html


def test_an_editor_without_the_approval_right_creates_drafts(client, make_user, make_question):
    """Even when the POST says "approved" (the field is not shown to them), and for a copy of an approved one."""
    from django.contrib.auth.models import Permission

    editor = make_user(is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "add_question", "change_question", "view_question"]))
    client.force_login(editor)
    original = make_question("4.2", level=2, name="Gốc")
    copy_page = client.get(reverse("wagtailsnippets_quizzes_question:copy", args=[original.pk])).content.decode()
    assert "Gốc" in copy_page and 'name="status"' not in copy_page
    response = client.post(reverse("wagtailsnippets_quizzes_question:add"), _question_post(name="Bản sao"))
    assert response.status_code == 302, response.content.decode()[:2000]
    copy = Question.objects.get(name="Bản sao")
    assert (copy.status, copy.approved_by) == ("draft", None)
    original.refresh_from_db()
    assert original.status == "ready"
