"""Importers (GIFT, Aiken, Moodle XML), the import command's exit status, and the XML round trip."""

import pytest
from django.core.management import CommandError, call_command

from quizzes.importers import aiken, gift, moodle_xml
from quizzes.models import Question
from quizzes.scoring import score

from .conftest import FILES


def read(name):
    return (FILES / name).read_text(encoding="utf-8")


def test_gift_parses_every_supported_construct():
    result = gift.parse(read("valid.gift"))
    assert not result.errors
    by_name = {q.name: q for q in result.questions}
    assert [p.name for p in result.skipped] == ["Đánh giá"]
    assert result.skipped[0].location == "dòng 35"
    mc = by_name["Mật khẩu mạnh"]
    assert mc.qtype == "single" and mc.stem.startswith("<p>Mật khẩu nào <b>mạnh</b>")
    assert [c.text for c in mc.choices] == ["Tr0ng#Nha!2025", "123456", "matkhau"]
    assert [int(c.fraction) for c in mc.choices] == [100, 0, -50]
    assert mc.choices[1].feedback == "Quá dễ đoán."
    assert mc.general_feedback == "Mật khẩu mạnh dài ít nhất 12 ký tự."  # [html] like its question: as written
    assert mc.category == "TT02-2025/4.2/L2" and mc.competence_tag() == ("TT02-2025", "4.2", 2)
    tf = by_name["Xác thực hai lớp"]
    assert tf.qtype == "truefalse" and tf.correct_true
    assert tf.choices[0].feedback == "Chính xác." and tf.choices[1].feedback == "Sai rồi."
    assert by_name["Dấu hiệu lừa đảo"].qtype == "multiple"
    short = by_name["Thủ đô"]
    assert short.qtype == "shorttext" and short.ignore_diacritics and not short.case_sensitive
    assert [(c.text, int(c.fraction)) for c in short.choices] == [("Hà Nội", 100), ("Ha Noi city", 50)]
    pi = by_name["Số pi"]
    assert pi.qtype == "numeric" and str(pi.choices[0].tolerance) == "0.005"
    rng = by_name["Khoảng"].choices[0]
    assert (rng.text, rng.tolerance) == ("3", 2)
    match = by_name["Ghép ứng dụng"]
    assert match.qtype == "matching" and match.choices[1].match_text == "Thanh toán"
    esc = by_name["Dấu đặc biệt : escapes"]
    assert "{ và }" in esc.stem and "~ và =" in esc.stem
    assert "_____" in by_name["Từ còn thiếu"].stem


def test_gift_broken_lists_line_numbers():
    result = gift.parse(read("broken.gift"))
    assert len(result.questions) == 1
    assert [e.location for e in result.errors] == ["dòng 5", "dòng 7", "dòng 9"]
    assert "không có “}”" in result.errors[0].reason
    assert "không phải là số" in result.errors[2].reason


def test_aiken():
    result = aiken.parse(read("valid.aiken.txt"))
    assert not result.errors and len(result.questions) == 2
    q = result.questions[1]
    assert q.qtype == "single" and [int(c.fraction) for c in q.choices] == [0, 100, 0]
    broken = aiken.parse(read("broken.aiken.txt"))
    assert len(broken.questions) == 1
    assert [(e.location, e.reason) for e in broken.errors] == [
        ("dòng 6", "Thiếu dòng “ANSWER: …” sau các lựa chọn."),
        ("dòng 10", "Đáp án D không có trong các lựa chọn."),
    ]


def test_moodle_xml():
    result = moodle_xml.parse(read("valid.xml"))
    assert not result.errors
    assert [(s.location, s.name) for s in result.skipped] == [
        ("câu hỏi số 7", "Tự luận"), ("câu hỏi số 8", "Cloze"), ("câu hỏi số 9", "Mô tả")]
    first, multi, tf, match, short, num = result.questions
    assert first.category == "TT02-2025/2.5/L1"  # Moodle's context prefix and "top" removed
    assert first.choices[0].text == "Viết ngắn gọn, lịch sự"  # HTML answer stored as text
    assert str(first.choices[1].fraction) == "-33.33333"
    assert first.general_feedback == "Tôn trọng mọi người."  # format="html": as written
    assert multi.qtype == "multiple" and "<strong>các</strong>" in multi.stem  # markdown → HTML
    assert tf.qtype == "truefalse" and tf.correct_true is False and tf.choices[0].feedback.startswith("Không")
    assert match.qtype == "matching" and match.category == "Khác"
    assert [c.match_text for c in match.choices if not c.text] == ["Quảng cáo"]  # distractor
    assert short.qtype == "shorttext" and not short.case_sensitive
    assert num.qtype == "numeric" and num.choices[0].tolerance == 0.5


def test_moodle_xml_broken_and_malformed():
    result = moodle_xml.parse(read("broken.xml"))
    assert [e.location for e in result.errors] == ["câu hỏi số 2", "câu hỏi số 3"]
    assert moodle_xml.parse(read("malformed.xml")).errors[0].location == "tệp XML"


def test_xml_refuses_entities():
    evil = '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>'
    assert moodle_xml.parse(evil).errors


# -- the command -----------------------------------------------------------------------------------
def test_command_imports_gift(framework, capsys):
    call_command("import_questions", str(FILES / "valid.gift"), "--framework", "TT02-2025")
    assert Question.objects.count() == 9
    assert "BỎ QUA dòng 35" in capsys.readouterr().out
    q = Question.objects.get(name="Thủ đô")
    assert (q.competence.code, q.level, q.versions.count()) == ("1.1", 1, 1)


def test_command_strict_makes_skips_errors(framework):
    with pytest.raises(CommandError):
        call_command("import_questions", str(FILES / "valid.gift"), "--framework", "TT02-2025", "--strict")
    assert Question.objects.count() == 0


@pytest.mark.parametrize("name", ["broken.gift", "broken.xml", "broken.aiken.txt", "malformed.xml"])
def test_any_broken_question_imports_nothing(framework, name, capsys):
    with pytest.raises(CommandError, match="không nhập câu hỏi nào"):
        call_command("import_questions", str(FILES / name), "--framework", "TT02-2025", "--competence", "4.2",
                     "--level", "1")
    assert Question.objects.count() == 0
    assert "LỖI" in capsys.readouterr().err


def test_missing_competence_imports_untagged_drafts(framework, capsys):
    call_command("import_questions", str(FILES / "valid.aiken.txt"), "--framework", "TT02-2025")
    assert "2 câu chưa gắn năng lực" in capsys.readouterr().out
    assert list(Question.objects.values_list("competence", "status")) == [(None, "draft"), (None, "draft")]
    assert not Question.objects.first().versions.exists()  # no version until tagged


def test_xml_with_default_competence(framework):
    call_command("import_questions", str(FILES / "valid.xml"), "--framework", "TT02-2025",
                 "--competence", "2.4", "--level", "2")
    assert Question.objects.filter(competence__code="2.5", level=1).count() == 3  # from the category
    assert Question.objects.filter(competence__code="2.4", level=2).count() == 3  # the default


def _exit_status(*argv):
    """The exit status ``manage.py import_questions …`` would have: Django's ``run_from_argv`` exits with a
    ``CommandError``'s ``returncode`` (1) and with 0 otherwise. (Running ``run_from_argv`` itself here would
    close the test database connection.)"""
    try:
        call_command("import_questions", *argv)
    except CommandError as exc:
        return exc.returncode
    return 0


def test_exit_status(framework, tmp_path):
    assert _exit_status(str(FILES / "valid.aiken.txt"), "--framework", "TT02-2025", "--competence", "4.2",
                        "--level", "1") == 0
    assert _exit_status(str(FILES / "broken.gift"), "--framework", "TT02-2025") == 1
    assert _exit_status(str(FILES / "valid.gift"), "--framework", "TT02-2025", "--strict") == 1  # a skip
    assert _exit_status(str(FILES / "valid.gift"), "--framework", "TT02-2025") == 0  # skips allowed
    empty = tmp_path / "empty.gift"
    empty.write_text("// nothing\n", encoding="utf-8")
    assert _exit_status(str(empty), "--framework", "TT02-2025") == 1  # nothing imported
    assert Question.objects.count() == 2 + 9


def test_unknown_framework(framework):
    with pytest.raises(CommandError):
        call_command("import_questions", str(FILES / "valid.gift"), "--framework", "NOPE")


# -- round trip ------------------------------------------------------------------------------------
def _snapshot():
    return sorted(
        ((q.competence.code, q.level, q.name, q.current_version.data) for q in Question.objects.all()),
        key=lambda t: (t[0], t[1], t[2]),
    )


def _strip(rows):
    # the name is in the data too; ids are positional, so the whole data must match
    return [(c, lvl, n, {k: v for k, v in d.items() if k != "image"}) for c, lvl, n, d in rows]


def test_round_trip_gift_aiken_xml(framework, tmp_path):
    call_command("import_questions", str(FILES / "valid.gift"), "--framework", "TT02-2025")
    call_command("import_questions", str(FILES / "valid.aiken.txt"), "--framework", "TT02-2025",
                 "--competence", "4.3", "--level", "3")
    call_command("import_questions", str(FILES / "valid.xml"), "--framework", "TT02-2025",
                 "--competence", "2.4", "--level", "2")
    # an ordering question made in the admin round-trips too
    from decimal import Decimal

    from quizzes.models import Competence, QuestionChoice
    q = Question(competence=Competence.objects.get(code="5.1"), level=2, qtype="ordering", name="Các bước",
                 stem="<p>Sắp xếp</p>", partial_credit=False)
    q.choices = [QuestionChoice(text=t) for t in ("Mở", "Đăng nhập", "Nộp")]
    q.save()
    q2 = Question(competence=Competence.objects.get(code="5.1"), level=2, qtype="multiple", name="AON",
                  stem="<p>Chọn</p>", partial_credit=False, explanation="Vì thế.")
    q2.choices = [QuestionChoice(text="a", fraction=Decimal(100)), QuestionChoice(text="b", fraction=Decimal(100)),
                  QuestionChoice(text="c")]
    q2.save()
    before = _snapshot()
    out = tmp_path / "bank.xml"
    call_command("export_questions", "--format", "moodle-xml", "--output", str(out), "--framework", "TT02-2025")
    Question.objects.all().delete()
    call_command("import_questions", str(out), "--framework", "TT02-2025", "--strict")
    after = _snapshot()
    assert _strip(after) == _strip(before)
    # and they score the same
    data = {n: d for _, _, n, d in after}
    assert score(data["Thủ đô"], "ha noi") == 1
    assert score(data["Các bước"], ["i2", "i1", "i3"]) == 0


def test_gift_more_constructs():
    text = """
::Nhiều đáp án số::Pi bằng bao nhiêu?{#
  =3.14:0.01 # Chính xác
  =%50%3:0.5 # Gần đúng
}

::Sai::[markdown]**Mật khẩu** 123456 là mật khẩu mạnh.{F}

::Một phần::Chọn đáp án tốt nhất{=Tốt nhất ~%50%Tạm được ~Sai # Không đúng}

::Tất cả hoặc không [all-or-nothing]::Chọn các ý đúng{~%50%A ~%50%B ~%-100%C}

::Thiếu vế::Ghép{=A -> 1 =B}
"""
    result = gift.parse(text)
    by_name = {q.name: q for q in result.questions}
    num = by_name["Nhiều đáp án số"]
    assert [(c.text, str(c.tolerance), int(c.fraction), c.feedback) for c in num.choices] == [
        ("3.14", "0.01", 100, "Chính xác"), ("3", "0.5", 50, "Gần đúng")]
    tf = by_name["Sai"]
    assert tf.qtype == "truefalse" and tf.correct_true is False and "<strong>Mật khẩu</strong>" in tf.stem
    single = by_name["Một phần"]
    assert single.qtype == "single" and [int(c.fraction) for c in single.choices] == [100, 50, 0]
    assert single.choices[2].feedback == "Không đúng"
    aon = by_name["Tất cả hoặc không"]
    assert aon.qtype == "multiple" and aon.partial is False
    assert [e.name for e in result.errors] == ["Thiếu vế"]
