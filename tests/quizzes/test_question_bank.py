"""Question bank (issue 16): the draft → ready → retired lifecycle, versions with who changed what, the preview as
the learner sees it, usage and item statistics (facility, discrimination) as Moodle computes them."""

import importlib
import math
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import rich_text

from lms.accounts.roles import EDITORS, MODERATORS
from quizzes import services
from quizzes.history import changes, question_history, state_of
from quizzes.models import Attempt, AttemptQuestion, BlueprintRow, Competence, Question
from quizzes.selectors import blueprint_pool
from quizzes.statistics import item_statistics, question_blueprint_rows, question_statistics, question_statistics_list

from .test_review import as_user, question_post

QUESTION_EDIT = "wagtailsnippets_quizzes_question:edit"


@pytest.fixture
def editor(make_user):
    return make_user(groups=[EDITORS], is_staff=True, full_name="Lê Thu Hà")


@pytest.fixture
def reviewer(make_user):
    return make_user(groups=[MODERATORS], is_staff=True, full_name="Phạm Quốc Bảo")


def _row(framework, code="4.2"):
    return BlueprintRow(competence=Competence.objects.get(framework=framework, code=code), level_min=1, level_max=8,
                        count=1)


# -- lifecycle ---------------------------------------------------------------------------------------
def test_only_ready_questions_are_drawn_and_retired_ones_stay_readable_in_old_attempts(
        client, framework, make_question, make_assessment, learner, make_user):
    ready = make_question("4.2", name="Sẵn sàng")
    make_question("4.2", name="Nháp", status=Question.Status.DRAFT)
    assert list(blueprint_pool(framework=framework, row=_row(framework))) == [ready]
    test = make_assessment(rows=(("4.2", 1, 8, 1),), review_policy="correct", review_after="at_once")
    attempt = services.attempt_start(assessment=test, user=learner)
    item = attempt.items.get()
    services.attempt_submit(attempt=attempt, user=learner)

    reviewer = make_user(is_staff=True, is_superuser=True)
    assert services.questions_retire(questions=Question.objects.filter(pk=ready.pk), user=reviewer) == 1
    ready.refresh_from_db()
    assert ready.status == "retired" and not ready.is_drawable
    assert list(blueprint_pool(framework=framework, row=_row(framework))) == []
    assert services.questions_approve(questions=Question.objects.all(), user=reviewer) == 1  # the draft only
    assert Question.objects.get(pk=ready.pk).status == "retired"
    # The old attempt keeps its version and its result page still shows the question.
    assert AttemptQuestion.objects.get(pk=item.pk).version.question_id == ready.pk
    html = as_user(client, learner).get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "Câu hỏi số 1?" in html


def test_retiring_needs_the_reviewers_right(make_question, editor):
    question = make_question("4.2")
    with pytest.raises(PermissionError):
        services.questions_retire(questions=Question.objects.filter(pk=question.pk), user=editor)


def test_migration_0017_renames_approved_to_ready_in_rows_and_revisions(make_question, make_user):
    question = make_question("4.2")
    Question.objects.filter(pk=question.pk).update(status="approved")
    revision = question.save_revision(user=make_user())
    Revision.objects.filter(pk=revision.pk).update(content={**revision.content, "status": "approved"})
    migration = importlib.import_module("quizzes.migrations.0017_question_lifecycle_and_version_authors")
    migration.approved_to_ready(apps, None)
    question.refresh_from_db()
    assert question.status == "ready"
    assert Revision.objects.get(pk=revision.pk).content["status"] == "ready"
    migration.ready_to_approved(apps, None)
    assert Question.objects.get(pk=question.pk).status == "approved"


# -- versions: who changed what ------------------------------------------------------------------------
def test_each_version_records_its_author_and_reviewer_and_the_history_shows_the_difference(
        client, make_question, editor, reviewer):
    question = make_question("4.2", name="Mật khẩu")
    choices = [{"id": c.pk, "text": c.text if n else "Tr0ng#Nha!2025", "match_text": "",
                "fraction": 100 if n == 1 else 0, "tolerance": 0, "feedback": ""}
               for n, c in enumerate(question.choices.all())]
    response = as_user(client, editor).post(reverse(QUESTION_EDIT, args=[question.pk]),
                                            question_post(question, "submit", choices=choices, level=3))
    assert response.status_code == 302, response.content.decode()[:2000]
    response = as_user(client, reviewer).post(reverse(QUESTION_EDIT, args=[question.pk]),
                                              {**question_post(question, "workflow-action"),
                                               "workflow-action-name": "approve"})
    assert response.status_code == 302
    v2 = question.versions.get(number=2)
    assert (v2.author, v2.published_by) == (editor, reviewer) and v2.revision is not None

    question.refresh_from_db()
    history = question_history(question)
    newest = history["versions"][0]
    parts = {c.part: c for c in newest["changes"]}
    assert parts["Lựa chọn"].removed == ["Đúng (100 %)", "Sai (0 %)"]
    assert parts["Lựa chọn"].added == ["Tr0ng#Nha!2025 (0 %)", "Sai (100 %)"]
    assert parts["Đáp án đúng"].removed == ["Đúng"] and parts["Đáp án đúng"].added == ["Sai"]
    assert parts["Năng lực, bậc"].removed == ["4.2 · bậc 1"] and parts["Năng lực, bậc"].added == ["4.2 · bậc 3"]
    assert "Đề bài" not in parts
    # Each save in the admin: the editor's changed the choices and the level; the reviewer's (the approval from
    # the edit form saves the form again) changed nothing.
    assert [s["user"] for s in history["saves"]] == [reviewer, editor]
    assert history["saves"][0]["changes"] == [] and history["saves"][0]["live"]
    assert {c.part for c in history["saves"][1]["changes"]} == {"Lựa chọn", "Đáp án đúng", "Năng lực, bậc"}

    html = as_user(client, reviewer).get(reverse("wagtailsnippets_quizzes_question:versions",
                                                 args=[question.pk])).content.decode()
    assert "v2" in html and "Lê Thu Hà" in html and "Phạm Quốc Bảo" in html and "Tr0ng#Nha!2025" in html


def test_saving_the_form_again_before_its_editors_start_is_no_new_version(client, make_question, editor, reviewer):
    """A question written in the admin has its version from the editor's first save; a reviewer who approves it from
    the edit form saves the form again first. A browser that sends the form before its rich-text editors have
    started posts each empty field as the server rendered it: one empty paragraph under a random block key
    (``rich_text("")`` is that rendering). That is no change: no new version, and the version's author stays the
    editor (the question-bank journey credited the reviewer in one full SQLite run in three)."""
    question = make_question("4.2", name="Mật khẩu", status=Question.Status.DRAFT)
    Question.objects.filter(pk=question.pk).update(live=False)  # written in the admin, never published
    question.versions.update(author=editor)  # as the editor's first save records it (QuestionAdminForm)
    question.refresh_from_db()
    question.save_revision(user=editor)
    empty = rich_text("")
    assert '"text": ""' in empty and '"key"' in empty  # one empty block under a random key, not nothing

    response = as_user(client, editor).post(reverse(QUESTION_EDIT, args=[question.pk]),
                                            question_post(question, "submit", general_feedback=empty))
    assert response.status_code == 302, response.content.decode()[:2000]
    response = as_user(client, reviewer).post(reverse(QUESTION_EDIT, args=[question.pk]),
                                              {**question_post(question, "workflow-action", general_feedback=empty,
                                                               explanation=rich_text("")),
                                               "workflow-action-name": "approve"})
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert question.live and question.status == Question.Status.READY
    versions = list(question.versions.order_by("number").values_list("number", "author__full_name",
                                                                      "published_by__full_name"))
    assert versions == [(1, "Lê Thu Hà", "Phạm Quốc Bảo")]  # before the fix: a v2 and a v3, the reviewer's
    assert question.current_version.data["general_feedback"] == "" == question.current_version.data["explanation"]


def test_changes_name_each_part_in_words(make_question):
    question = make_question("4.2", stem="<p>Cũ?</p>")
    before = state_of(question)
    question.stem = "<p>Mới <b>hơn</b>?</p>"
    after = state_of(question)
    [change] = changes(before, after)
    assert (change.part, change.removed, change.added) == ("Đề bài", ["Cũ?"], ["Mới hơn ?"])


# -- preview as the learner sees it ---------------------------------------------------------------------
def test_preview_shows_the_question_as_in_a_test_with_opaque_ids_and_the_key_below(client, make_question, editor):
    question = make_question("4.2", stem="<p>Mật khẩu nào mạnh nhất?</p>")
    url = reverse("wagtailsnippets_quizzes_question:learner_preview", args=[question.pk])
    pages = [as_user(client, editor).get(url).content.decode() for _ in range(2)]
    learner_parts = [re.search(r'<fieldset class="quiz-question".*?</fieldset>', p, re.S).group(0) for p in pages]
    for part in learner_parts:
        values = re.findall(r'name="q1" value="([^"]+)"', part)
        assert len(values) == 3 and all(len(v) == 12 for v in values)
        assert "c1" not in values and "fraction" not in part and "100" not in part
        assert "Mật khẩu nào mạnh nhất?" in part
    assert learner_parts[0] != learner_parts[1]  # fresh ids each time, as each attempt
    key = pages[0].split('id="preview-key"', 1)[1]
    assert "<li>Đúng</li>" in key


def test_preview_needs_the_right_to_see_questions(client, make_question, learner):
    question = make_question("4.2")
    url = reverse("wagtailsnippets_quizzes_question:learner_preview", args=[question.pk])
    assert as_user(client, learner).get(url).status_code in (302, 403)


# -- usage and statistics -----------------------------------------------------------------------------
def test_item_statistics_on_a_hand_computed_example():
    """Question A scored 1, 1, 0, 0 in four attempts whose rest of the test scored 1, .5, .5, .25:
    facility 50 %; r = .375 / sqrt(1 × .296875) = 0.6882; SD = sqrt(1/3)."""
    facility, discrimination, sd = item_statistics([(1, 1), (1, 0.5), (0, 0.5), (0, 0.25)])
    assert facility == 50
    assert discrimination == pytest.approx(68.8247, abs=1e-3)
    assert sd == pytest.approx(100 / math.sqrt(3))
    assert item_statistics([]) == (None, None, None)
    assert item_statistics([(1, 0.5), (1, 0.2)])[1] is None  # no spread: no discrimination


def _attempt(test, user, scores: dict, state=Attempt.State.SUBMITTED):
    attempt = Attempt.objects.create(assessment=test, user=user, started_at=timezone.now() - timedelta(hours=1),
                                     framework_code="TT02-2025", framework_version="1", pass_mark=50,
                                     review_policy="correct", state=state)
    for position, (question, score) in enumerate(scores.items(), start=1):
        AttemptQuestion.objects.create(attempt=attempt, position=position, version=question.current_version,
                                       score=score, response="x" if score else None)
    return attempt


@pytest.fixture
def three_questions(make_question, make_assessment, make_user):
    a, b, c = (make_question("4.2", name=n) for n in ("A", "B", "C"))
    test = make_assessment(rows=(("4.2", 1, 8, 3),))
    return a, b, c, test


def test_question_statistics_from_closed_attempts_only(three_questions, make_user):
    a, b, c, test = three_questions
    for sa, sb, sc in ((1, 1, 1), (1, 0, 1), (0, 1, 0), (0, 0, 0.5)):
        _attempt(test, make_user(), {a: sa, b: sb, c: sc})
    _attempt(test, make_user(), {a: 1, b: 1, c: 1}, state=Attempt.State.IN_PROGRESS)  # drawn, not counted
    stats = question_statistics(question_ids=[a.pk, b.pk, c.pk])
    assert (stats[a.pk].drawn, stats[a.pk].attempts, stats[a.pk].answered) == (5, 4, 2)
    assert stats[a.pk].facility == 50 and stats[c.pk].facility == 62.5
    assert stats[a.pk].discrimination == pytest.approx(68.8247, abs=1e-3)
    ordered = question_statistics_list(questions=Question.objects.all(), ordering="-facility")
    assert [r["question"].name for r in ordered] == ["C", "A", "B"]


def test_statistics_take_the_same_number_of_queries_whatever_the_number_of_attempts(three_questions, make_user):
    a, b, c, test = three_questions

    def count():
        with CaptureQueriesContext(connection) as ctx:
            question_statistics_list(questions=Question.objects.all(), ordering="discrimination")
        return len(ctx.captured_queries)

    _attempt(test, make_user(), {a: 1, b: 0, c: 1})
    few = count()
    for n in range(12):
        _attempt(test, make_user(), {a: n % 2, b: n % 3 and 1, c: 0.5})
    assert count() == few <= 3


def test_usage_lists_the_blueprint_rows_that_can_draw_the_question(make_question, make_assessment):
    question = make_question("4.2", level=2)
    by_competence = make_assessment(rows=(("4.2", 1, 3, 1),), slug="nang-luc", title="Theo năng lực")
    by_area = make_assessment(rows=(("4", 2, 2, 1),), slug="mien", title="Theo miền")
    make_assessment(rows=(("4.2", 3, 8, 1),), slug="bac-cao", title="Bậc cao")
    make_assessment(rows=(("1.1", 1, 8, 1),), slug="khac", title="Năng lực khác")
    assert {r.assessment for r in question_blueprint_rows(question)} == {by_competence, by_area}


def test_question_edit_page_and_statistics_list_show_usage(client, three_questions, make_user):
    a, b, c, test = three_questions
    for sa, sb, sc in ((1, 1, 1), (1, 0, 1), (0, 1, 0), (0, 0, 0.5)):
        _attempt(test, make_user(), {a: sa, b: sb, c: sc})
    admin = make_user(is_staff=True, is_superuser=True)
    html = as_user(client, admin).get(reverse(QUESTION_EDIT, args=[a.pk])).content.decode()
    assert "Bài kiểm tra thử" in html and "Độ phân biệt (%)" in html and ">69<" in html and ">50<" in html
    html = client.get(reverse("wagtailsnippets_quizzes_question:statistics"), {"ordering": "-facility"}).content.decode()
    assert html.index(">C<") < html.index(">A<") < html.index(">B<")


def test_a_question_written_in_the_admin_names_its_author_and_who_made_it_ready(client, framework, editor, reviewer):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    post = nested_form_data({
        "name": "Câu mới", "competence": Competence.objects.get(code="4.2").pk, "level": 1, "qtype": "single",
        "category": "", "stem": rich_text("<p>Câu mới?</p>"), "general_feedback": rich_text(""),
        "explanation": rich_text(""), "partial_credit": "on", "correct_true": "on", "is_active": "on",
        "choices": inline_formset([
            {"text": "Đúng", "match_text": "", "fraction": "100", "tolerance": "0", "feedback": ""},
            {"text": "Sai", "match_text": "", "fraction": "0", "tolerance": "0", "feedback": ""}]),
    })
    response = as_user(client, editor).post(reverse("wagtailsnippets_quizzes_question:add"), post)
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(name="Câu mới")
    assert question.status == "draft" and question.current_version.author == editor
    question.get_latest_revision().publish(user=reviewer)
    question.refresh_from_db()
    version = question.current_version
    assert question.status == "ready" and question.versions.count() == 1
    assert (version.author, version.published_by) == (editor, reviewer)
