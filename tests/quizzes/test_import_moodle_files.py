"""Files shaped exactly as Moodle 4.x exports them (``files/moodle_export.gift``, ``files/moodle_export.xml``)
import with the meaning their authors gave them: scores, tolerances, feedback, formats, categories, hidden
questions and penalties. Then the untagged → tagged → approved flow that decides what a test may draw."""

import importlib
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizzes.models import BlueprintRow, Competence, Question
from quizzes.scoring import feedback, score
from quizzes.selectors import blueprint_pool, untagged_categories
from quizzes.services import (
    MSG_APPROVE_FORBIDDEN,
    blueprint_draw,
    questions_approve,
    questions_tag_category,
)

from .conftest import FILES


def _import(name, *extra):
    call_command("import_questions", str(FILES / name), "--framework", "TT02-2025", *extra)
    return {q.name: q for q in Question.objects.all()}


def _data(question):
    return question.current_version.data


def _choice(data, text):
    return next(c["id"] for c in data["choices"] if c["text"] == text)


# -- GIFT as Moodle writes it ----------------------------------------------------------------------
def test_gift_export_of_moodle_imports_with_its_meaning(framework, capsys):
    bank = _import("moodle_export.gift", "--competence", "4.2", "--level", "2")
    out = capsys.readouterr().out
    assert "Đã nhập 11 câu hỏi (gift), bỏ qua 2" in out
    assert "BỎ QUA dòng 83 “Tự luận”" in out and "BỎ QUA dòng 87 “Mô tả”" in out  # description: skipped, not refused
    assert {q.status for q in bank.values()} == {"draft"} and {q.competence.code for q in bank.values()} == {"4.2"}

    # {#3:2~#Completely wrong}: 1…5 is right, anything else gets the wrong-answer feedback and 0
    tol = _data(bank["Sai số"])
    assert [score(tol, x) for x in ("1", "3", "5", "0.99", "5.01")] == [1, 1, 1, 0, 0]
    assert feedback(tol, "9") == ["Completely wrong"] and feedback(tol, "4") == []
    # {#2020..2030}: a range, boundaries included
    rng = _data(bank["Khoảng"])
    assert [score(rng, x) for x in ("2020", "2030", "2019.9", "2031")] == [1, 1, 0, 0]
    # several numeric answers with partial credit, a negative one (floored at 0) and general feedback
    pi = _data(bank["Nhiều đáp án số"])
    assert [score(pi, x) for x in ("3.1416", "3,14", "3.15", "3", "2")] == [1, Fraction(1, 2), Fraction(1, 2), 0, 0]
    assert feedback(pi, "3.1416") == ["Chính xác."] and feedback(pi, "7") == ["Không phải số pi."]
    assert pi["general_feedback"] == "<p>Pi ≈ 3,14159.</p>"

    # single choice with a 33.33333 % partial answer; escaped ":" and "=" in HTML attributes and answers
    one = _data(bank["Chọn một"])
    assert 'href="https://dichvucong.gov.vn"' in one["stem"]
    assert score(one, _choice(one, "https://dichvucong.gov.vn")) == 1
    assert float(score(one, _choice(one, "http://dichvucong.gov.vn"))) == pytest.approx(1 / 3, abs=1e-6)
    assert score(one, _choice(one, "http://dichvucong-gov.vn.co")) == 0
    assert feedback(one, _choice(one, "http://dichvucong-gov.vn.co")) == ["Giả mạo."]
    # no "=": several right answers, a wrong one takes credit away
    many = _data(bank["Nhiều lựa chọn"])
    strong = [_choice(many, "Tr0ng#Nha!2025"), _choice(many, "correct-horse-battery-staple")]
    assert score(many, strong) == 1 and score(many, strong[:1]) == Fraction(1, 2)
    assert score(many, [*strong[:1], _choice(many, "123456")]) == 0

    # {FALSE#wrong feedback#right feedback####general}; Moodle gives true/false a penalty of 1
    tf = bank["Đúng sai"]
    assert _data(tf)["correct"] is False and score(_data(tf), False) == 1 and score(_data(tf), True) == 0
    assert _data(tf)["feedback_true"] == "Không bao giờ chia sẻ OTP." and _data(tf)["feedback_false"] == "Đúng vậy."
    assert tf.penalty == 1 and _data(tf)["general_feedback"] == "<p>Ngân hàng không bao giờ hỏi OTP.</p>"

    short = _data(bank["Trả lời ngắn"])
    assert [score(short, x) for x in ("Hà Nội", "hà nội", "Ha Noi", "Sài Gòn")] == [1, 1, Fraction(1, 2), 0]
    assert feedback(short, "Sài Gòn") == ["Chưa đúng."]

    match = _data(bank["Ghép cặp"])
    assert [(p["prompt"], p["answer"]) for p in match["pairs"]] == [("VNeID", "Định danh"), ("VssID", "Bảo hiểm")]
    assert match["distractors"] == ["Trò chơi"]
    assert score(match, {"p1": "Định danh", "p2": "Trò chơi"}) == Fraction(1, 2)

    # escapes \: \{ \} \~ \= \# \\ and the [markdown], [plain], [moodle] formats
    esc = bank["Ký tự : đặc biệt"]
    assert esc.stem == "<p>Ký hiệu { }, ~, =, # và : trong <strong>GIFT</strong>?</p>"
    assert _data(esc)["answers"][0]["feedback"] == "Dùng \\ trước ký tự"
    assert bank["Văn bản thô"].stem == "<p>Thẻ &lt;b&gt; có nghĩa gì?</p>"
    assert bank["Định dạng moodle"].stem == "<p>Dòng một<br>Dòng hai</p>"

    # $CATEGORY with $course$/$system$ prefixes, remembered without them
    assert bank["Sai số"].category == "Default for Kỹ năng số/Số học"
    assert bank["Chọn một"].category == "Chung: ký hiệu"


def test_the_issue_gift_line_imports():
    """The numeric question that made Moodle's own GIFT file be refused whole."""
    from quizzes.importers import gift

    result = gift.parse("::Q::What is 3 plus or minus 2?{#3:2~#Completely wrong}")
    assert not result.errors
    data = {"type": "numeric", "answers": [
        {"id": f"a{n}", "value": c.text, "tolerance": str(c.tolerance), "fraction": str(c.fraction),
         "feedback": c.feedback} for n, c in enumerate(result.questions[0].choices, 1)]}
    assert score(data, "4.5") == 1 and score(data, "6") == 0 and feedback(data, "6") == ["Completely wrong"]


# -- Moodle XML as Moodle writes it ----------------------------------------------------------------
def test_xml_export_of_moodle_imports_with_its_meaning(framework, capsys):
    bank = _import("moodle_export.xml", "--competence", "1.1", "--level", "3")
    out = capsys.readouterr().out
    assert "Đã nhập 6 câu hỏi (moodle-xml), bỏ qua 4" in out
    for skipped in ("“Có đơn vị”", "“Có ảnh”: Câu hỏi dùng tệp đính kèm “khoa.png”", "“Tự luận”", "“Giới thiệu”"):
        assert skipped in out

    mc = bank["Tin nhắn lừa đảo"]
    data = _data(mc)
    assert mc.stem == '<p dir="ltr">Tin nhắn nào là <strong>lừa đảo</strong>?</p>'  # style="" removed
    assert [c["text"] for c in data["choices"]] == ['"Tài khoản bị khóa, bấm vào link"',
                                                   '"Trúng thưởng, gửi phí nhận quà"', '"Lịch hẹn khám bệnh ngày mai"']
    assert [c["fraction"] for c in data["choices"]] == ["100", "33.33333", "0"]
    assert data["choices"][0]["feedback"] == "Đúng."
    assert data["general_feedback"] == "<p>Ngân hàng không gửi đường link yêu cầu đăng nhập.</p>"
    assert mc.penalty == Decimal("0.3333333")

    multi = bank["Mật khẩu mạnh"]
    assert multi.qtype == "multiple" and multi.partial_credit and multi.penalty == Decimal("0.1")
    tf = _data(bank["OTP"])
    assert tf["correct"] is False and tf["feedback_true"] == "Không bao giờ đọc OTP cho ai."

    num = _data(bank["Sai số"])
    assert [score(num, x) for x in ("5", "1", "6.5", "-1", "8")] == [1, 1, Fraction(1, 2), Fraction(1, 2), 0]
    assert feedback(num, "8") == ["Completely wrong"] and feedback(num, "6.5") == ["Gần đúng."]

    short = bank["Thủ đô"]  # <hidden>1</hidden>, <usecase>1</usecase>, markdown text and general feedback
    assert short.is_active is False and short.case_sensitive
    assert short.stem == "<p>Thủ đô của <strong>Việt Nam</strong>?</p>"
    assert short.general_feedback == "<p>Hà Nội là <em>thủ đô</em>.</p>"
    assert [score(_data(short), x) for x in ("Hà Nội", "hà nội", "Ha Noi")] == [1, 0, Fraction(1, 2)]

    match = _data(bank["Ghép cặp"])
    assert [p["prompt"] for p in match["pairs"]] == ["VNeID", "VssID"] and match["distractors"] == ["Trò chơi"]

    assert bank["Tin nhắn lừa đảo"].category == "Default for Kỹ năng số/An toàn"
    assert bank["Sai số"].category == "Default for Kỹ năng số/Tính toán"
    assert bank["Thủ đô"].category == "Ngân hàng chung"


def test_hidden_question_is_never_drawn_even_when_approved(framework, make_user):
    _import("moodle_export.xml", "--competence", "1.1", "--level", "3")
    questions_approve(questions=Question.objects.all(), user=make_user(is_superuser=True))
    row = BlueprintRow(competence=Competence.objects.get(code="1.1"), level_min=1, level_max=8, count=1)
    assert "Thủ đô" not in {q.name for q in blueprint_pool(framework=framework, row=row)}
    assert blueprint_pool(framework=framework, row=row).count() == 5


def test_penalty_and_hidden_round_trip_through_the_export(framework, tmp_path):
    _import("moodle_export.xml", "--competence", "1.1", "--level", "3")
    before = {q.name: (q.penalty, q.is_active) for q in Question.objects.all()}
    out = tmp_path / "bank.xml"
    call_command("export_questions", "--format", "moodle-xml", "--output", str(out), "--framework", "TT02-2025")
    assert "<penalty>0.1000000</penalty>" in out.read_text(encoding="utf-8")
    Question.objects.all().delete()
    call_command("import_questions", str(out), "--framework", "TT02-2025", "--strict")
    assert {q.name: (q.penalty, q.is_active) for q in Question.objects.all()} == before


def test_exit_status_counts_imports_not_skips(framework, tmp_path):
    only_skips = tmp_path / "skips.gift"
    only_skips.write_text("::E::Viết một đoạn.{}\n\n::D::Chỉ là mô tả.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Không có câu hỏi nào để nhập"):
        call_command("import_questions", str(only_skips), "--framework", "TT02-2025")
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_questions", str(FILES / "moodle_export.xml"), "--framework", "TT02-2025",
                     "--level", "2")  # --level without --competence
    assert not Question.objects.exists()


# -- untagged → tagged → approved ------------------------------------------------------------------
def test_untagged_questions_are_listed_by_category_and_never_drawn(framework, make_user):
    _import("moodle_export.gift")  # no competence codes, no --competence
    assert not Question.objects.filter(competence__isnull=False).exists()
    assert untagged_categories() == [
        {"category": "Chung: ký hiệu", "count": 8, "drafts": 8},
        {"category": "Default for Kỹ năng số/Số học", "count": 3, "drafts": 3},
    ]
    competence = Competence.objects.get(code="2.1")
    row = BlueprintRow(competence=competence, level_min=1, level_max=8, count=1)
    with pytest.raises(ValidationError):
        blueprint_draw(framework=framework, rows=[row])

    assert questions_tag_category(category="Default for Kỹ năng số/Số học", competence=competence, level=2) == 3
    tagged = Question.objects.filter(competence=competence)
    assert tagged.count() == 3 and {q.level for q in tagged} == {2} and all(q.versions.count() == 1 for q in tagged)
    assert untagged_categories() == [{"category": "Chung: ký hiệu", "count": 8, "drafts": 8}]
    with pytest.raises(ValidationError):  # tagged, but still drafts
        blueprint_draw(framework=framework, rows=[row])

    editor = make_user(is_staff=True)
    with pytest.raises(PermissionError, match=str(MSG_APPROVE_FORBIDDEN)):
        questions_approve(questions=tagged, user=editor)
    reviewer = make_user(is_staff=True)
    reviewer.user_permissions.add(Permission.objects.get(codename="approve_question"))
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    assert questions_approve(questions=tagged, user=reviewer) == 3
    assert {q.approved_by_id for q in tagged.all()} == {reviewer.pk}
    assert len(blueprint_draw(framework=framework, rows=[row])) == 1
    # the 8 untagged ones stay out of every draw, approved or not
    questions_approve(questions=Question.objects.filter(competence__isnull=True), user=reviewer)
    area_row = BlueprintRow(area=competence.area, level_min=1, level_max=8, count=4)
    with pytest.raises(ValidationError):
        blueprint_draw(framework=framework, rows=[area_row])


def test_tagging_a_category_with_nothing_left_says_so(framework):
    with pytest.raises(ValidationError, match="không còn câu hỏi nào chưa gắn năng lực"):
        questions_tag_category(category="Không có", competence=Competence.objects.get(code="2.1"), level=1)


def test_migration_approves_the_questions_that_were_live(make_question):
    q = make_question("4.2", status="draft")
    importlib.import_module("quizzes.migrations.0007_approve_existing_questions").approve_existing(apps, None)
    q.refresh_from_db()
    assert q.status == "approved"  # the value of the time; migration 0017 renames it "ready"


def test_demo_bank_arrives_approved(framework):
    from demo.bank import load_demo_bank

    load_demo_bank()
    assert Question.objects.exists() and not Question.objects.exclude(status="ready").exists()


# -- the admin page --------------------------------------------------------------------------------
@pytest.fixture
def editor_client(client, make_user):
    editor = make_user(is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "add_question", "change_question", "view_question"]))
    client.force_login(editor)
    return client


def test_review_page_tags_a_category_and_only_reviewers_approve(framework, editor_client, make_user, client):
    _import("moodle_export.gift")
    url = reverse("quizzes_admin_review")
    page = editor_client.get(url).content.decode()
    assert "Default for Kỹ năng số/Số học" in page and "Chung: ký hiệu" in page
    assert "Duyệt luôn các câu này" not in page  # an editor without the permission is not offered approval
    competence = Competence.objects.get(code="5.1")
    response = editor_client.post(url, {"action": "tag", "category": "Chung: ký hiệu", "competence": competence.pk,
                                        "level": 3, "approve": "on"}, follow=True)
    assert "Đã gắn 8 câu" in response.content.decode()
    assert str(MSG_APPROVE_FORBIDDEN) in response.content.decode()  # asked to approve without the right
    assert Question.objects.filter(competence=competence, level=3, status="draft").count() == 8
    editor_client.post(url, {"action": "approve", "category": "Chung: ký hiệu"})
    assert Question.objects.filter(status="ready").count() == 0

    reviewer = make_user(is_staff=True, is_superuser=True)
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert "Duyệt 8 câu" in page
    response = client.post(url, {"action": "approve", "category": "Chung: ký hiệu"}, follow=True)
    assert "Đã duyệt 8 câu hỏi" in response.content.decode()
    assert Question.objects.filter(status="ready", approved_by=reviewer).count() == 8
    listing = client.get(reverse("wagtailsnippets_quizzes_question:list"), {"untagged": "true"}).content.decode()
    assert "Sai số" in listing and "Chọn một" not in listing


def test_review_page_needs_the_bank_permission(framework, client, make_user):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("quizzes_admin_review")).status_code in (302, 403)


def test_bulk_approve_from_the_bank_listing(framework, make_question, editor_client, client, make_user):
    drafts = [make_question("4.2", status="draft") for _ in range(2)]
    url = reverse("wagtail_bulk_action", args=("quizzes", "question", "approve_questions"))
    query = "?" + "&".join(f"id={q.pk}" for q in drafts)
    page = editor_client.get(url + query).content.decode()
    assert str(MSG_APPROVE_FORBIDDEN) in page  # listed as "no access"
    editor_client.post(url + query, {})
    assert Question.objects.filter(status="draft").count() == 2

    reviewer = make_user(is_staff=True, is_superuser=True)
    client.force_login(reviewer)
    assert "Duyệt 2 câu hỏi?" in client.get(url + query).content.decode()
    client.post(url + query, {})
    assert Question.objects.filter(status="ready", approved_by=reviewer, pk__in=[q.pk for q in drafts]).count() == 2


def test_bulk_confirmations_speak_of_their_own_action(framework, make_question, client, make_user):
    """Approve and retire share one confirmation page: each shows its own title, question and button, and only the
    approval names the selected questions no test can draw (no competence)."""
    tagged = make_question("4.2", status="draft", name="Câu có năng lực")
    untagged = make_question("4.2", status="draft", name="Câu chưa gắn")
    Question.objects.filter(pk=untagged.pk).update(competence=None)
    client.force_login(make_user(is_staff=True, is_superuser=True))
    query = f"?id={tagged.pk}&id={untagged.pk}"

    def confirmation(action):
        return client.get(reverse("wagtail_bulk_action", args=("quizzes", "question", action)) + query).content.decode()

    approve, retire = confirmation("approve_questions"), confirmation("retire_questions")
    assert "Duyệt 2 câu hỏi? Từ nay các bài kiểm tra có thể rút các câu này" in approve
    assert "Câu chưa gắn</a> · Chưa gắn năng lực" in approve and "Câu có năng lực</a> ·" not in approve
    assert "Ngừng dùng 2 câu hỏi? Các bài kiểm tra sẽ không rút các câu này nữa" in retire
    assert "Chưa gắn năng lực" not in retire and "Duyệt 2 câu hỏi" not in retire
    assert re.search(r'<button type="submit" class="button[^"]*">\s*Ngừng dùng\s*</button>', retire)
    client.post(reverse("wagtail_bulk_action", args=("quizzes", "question", "retire_questions")) + query, {})
    assert set(Question.objects.filter(pk__in=[tagged.pk, untagged.pk]).values_list("status", flat=True)) == {
        "retired"}
