"""Official settings change only through review (issue 14): a test's settings and blueprint are drafted by an
editor, approved by a Moderator other than their author (or an administrator), and every attempt keeps the
approved version it started under."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import ModelLogEntry, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from demo.bank import CIVIL_SERVANT_SLUG, load_demo_bank
from lms.accounts.roles import EDITORS, MODERATORS
from quizzes import services
from quizzes.models import MSG_OWN_CHANGE, Assessment, Attempt

EDIT = "wagtailsnippets_quizzes_assessment:edit"


# -- helpers -----------------------------------------------------------------------------------------
def full_credit(data):
    """A response that earns full credit for the question ``data`` (a version's JSON)."""
    qtype = data["type"]
    if qtype == "single":
        return next(c["id"] for c in data["choices"] if Decimal(c["fraction"]) == 100)
    if qtype == "multiple":
        return [c["id"] for c in data["choices"] if Decimal(c["fraction"]) > 0]
    if qtype == "truefalse":
        return bool(data["correct"])
    if qtype == "matching":
        return {p["id"]: p["answer"] for p in data["pairs"]}
    if qtype == "ordering":
        return [i["id"] for i in data["items"]]
    best = next(a for a in data["answers"] if Decimal(a["fraction"]) == 100)
    return best["value"] if qtype == "numeric" else best["text"].replace("*", "")


def answer_two_of_five_per_area(attempt, user):
    """40 % in every area and overall: a pass under a 10 % pass mark (areas need 40 %), a fail under 60 %."""
    done: dict[str, int] = {}
    for item in attempt.items.select_related("version__competence__area"):
        area = item.version.competence.area.code
        if done.get(area, 0) < 2:
            services.attempt_answer(attempt=attempt, user=user, position=item.position,
                                    response=full_credit(item.version.data))
            done[area] = done.get(area, 0) + 1


def edit_post(assessment, action=None, **changes):
    """The admin edit form of ``assessment`` as a browser would post it (its latest version, as the form shows
    it), with ``changes`` applied."""
    assessment = Assessment.objects.get(pk=assessment.pk).get_latest_revision_as_object()
    rows = [{"id": r.pk, "competence": r.competence_id or "", "area": r.area_id or "", "level_min": r.level_min,
             "level_max": r.level_max, "count": r.count} for r in assessment.blueprint_rows.all()]
    marks = [{"id": m.pk, "area": m.area_id, "pass_mark": m.pass_mark} for m in assessment.area_pass_marks.all()]
    data = {
        "title": assessment.title, "slug": assessment.slug, "framework": assessment.framework_id,
        "description": rich_text(str(assessment.description)),
        "time_limit_minutes": assessment.time_limit_minutes or "", "attempts_allowed": assessment.attempts_allowed,
        "pass_mark": assessment.pass_mark, "available_from": "", "available_until": "",
        "shuffle_questions": "on" if assessment.shuffle_questions else "",
        "shuffle_choices": "on" if assessment.shuffle_choices else "",
        "review_policy": assessment.review_policy, "review_after": assessment.review_after, "is_published": "on" if assessment.is_published else "",
        "blueprint_rows": inline_formset(changes.pop("blueprint_rows", rows), initial=len(rows)),
        "area_pass_marks": inline_formset(marks, initial=len(marks)),
    }
    data.update(changes)
    post = nested_form_data(data)
    post["population_groups"] = [str(group.pk) for group in assessment.population_groups.all()]
    if action:
        post[f"action-{action}"] = "on"
    return post


def approve_post(assessment):
    post = edit_post(assessment, action="workflow-action")
    post["workflow-action-name"] = "approve"
    return post


def pass_mark_now(slug=CIVIL_SERVANT_SLUG) -> Decimal:
    return Assessment.objects.get(slug=slug).pass_mark


# -- fixtures ----------------------------------------------------------------------------------------
@pytest.fixture
def civil(framework):
    load_demo_bank(verbosity=0)
    return Assessment.objects.get(slug=CIVIL_SERVANT_SLUG)


@pytest.fixture
def editor(make_user):
    return make_user(groups=[EDITORS], is_staff=True, full_name="Lê Thu Hà")


@pytest.fixture
def reviewer(make_user):
    return make_user(groups=[MODERATORS], is_staff=True, full_name="Phạm Quốc Bảo")


@pytest.fixture
def second_reviewer(make_user):
    return make_user(groups=[MODERATORS], is_staff=True, full_name="Trần Minh Châu")


def as_user(client, user):
    client.force_login(user)
    return client


# -- the incident ------------------------------------------------------------------------------------
def test_pass_mark_change_applies_only_after_review_and_old_attempts_keep_60(
        client, civil, editor, reviewer, make_user):
    assert civil.pass_mark == 60 and civil.live_revision_id
    learner = make_user()

    # The editor lowers the pass mark to 10 and submits it: nothing applies yet.
    response = as_user(client, editor).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "submit", pass_mark="10"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert pass_mark_now() == 60
    civil.refresh_from_db()
    assert civil.has_unpublished_changes and civil.latest_revision.as_object().pass_mark == 10
    assert civil.current_workflow_state.status == "in_progress"

    before = services.attempt_start(assessment=civil, user=learner)
    answer_two_of_five_per_area(before, learner)
    assert before.pass_mark == 60 and before.assessment_rules["pass_mark"] == "60.00"

    # A reviewer approves: the change applies to new attempts.
    response = as_user(client, reviewer).post(reverse(EDIT, args=[civil.pk]), approve_post(civil))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert pass_mark_now() == 10
    civil.refresh_from_db()
    assert before.assessment_revision_id != civil.live_revision_id

    closed, _ = services.attempt_close(attempt_id=before.pk)  # the attempt started under 60 closes after approval
    assert (closed.score, closed.passed, closed.result["pass_mark"]) == (40.0, False, 60.0)

    after = services.attempt_start(assessment=civil, user=make_user())
    answer_two_of_five_per_area(after, after.user)
    after, _ = services.attempt_close(attempt_id=after.pk)
    assert (after.score, after.passed, float(after.pass_mark)) == (40.0, True, 10.0)
    assert after.assessment_revision_id == civil.live_revision_id
    assert Attempt.objects.get(pk=before.pk).passed is False  # the old result never changes


def test_time_limit_attempts_and_blueprint_wait_for_review_too(client, civil, editor):
    rows = [{"id": r.pk, "competence": "", "area": r.area_id, "level_min": r.level_min, "level_max": r.level_max, "count": 1}
            for r in civil.blueprint_rows.all()]
    post = edit_post(civil, "submit", time_limit_minutes="5", attempts_allowed="99", blueprint_rows=rows)
    response = as_user(client, editor).post(reverse(EDIT, args=[civil.pk]), post)
    assert response.status_code == 302
    live = Assessment.objects.get(pk=civil.pk)
    assert (live.time_limit_minutes, live.attempts_allowed, live.question_count) == (45, 3, 30)
    draft = live.latest_revision.as_object()
    assert (draft.time_limit_minutes, draft.attempts_allowed, draft.question_count) == (5, 99, civil.blueprint_rows.count())


# -- who may approve ---------------------------------------------------------------------------------
def test_editor_has_no_publish_and_a_forged_publish_changes_nothing(client, civil, editor):
    as_user(client, editor)
    html = client.get(reverse(EDIT, args=[civil.pk])).content.decode()
    assert 'name="action-submit"' in html and 'name="action-publish"' not in html
    client.post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "publish", pass_mark="10"))
    assert pass_mark_now() == 60
    assert Assessment.objects.get(pk=civil.pk).latest_revision.as_object().pass_mark == 10  # kept as a draft


def test_reviewer_cannot_approve_their_own_change(client, civil, reviewer):
    as_user(client, reviewer)
    html = client.get(reverse(EDIT, args=[civil.pk])).content.decode()
    assert 'name="action-publish"' not in html  # reviewers approve others' changes; they never publish directly

    # Direct publish (a forged button) is refused with the reason; the change stays a draft.
    response = client.post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "publish", pass_mark="10"), follow=True)
    assert str(MSG_OWN_CHANGE) in response.content.decode()
    assert pass_mark_now() == 60

    # Submitted for review, the reviewer is offered no approval, and a forged approval changes nothing.
    client.post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "submit", pass_mark="10"))
    civil.refresh_from_db()
    html = client.get(reverse(EDIT, args=[civil.pk])).content.decode()
    assert 'data-workflow-action-url' not in html or "approve" not in html
    assert civil.current_workflow_task.specific.get_actions(civil, reviewer) == []
    client.post(reverse(EDIT, args=[civil.pk]), approve_post(civil))
    assert pass_mark_now() == 60
    # …even by the model's API, which every route ends in.
    with pytest.raises(PermissionDenied):
        civil.latest_revision.publish(user=reviewer)
    assert pass_mark_now() == 60
    assert civil.current_workflow_state.status == "in_progress"


def test_reviewer_cannot_approve_a_change_they_made_during_review(client, civil, editor, reviewer):
    as_user(client, editor).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "submit", pass_mark="10"))
    civil.refresh_from_db()
    # The reviewer edits the submitted version (to 5) and then tries to approve it: it is now their change.
    as_user(client, reviewer).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, pass_mark="5"))
    civil.refresh_from_db()
    assert civil.current_workflow_task.specific.get_actions(civil, reviewer) == []
    client.post(reverse(EDIT, args=[civil.pk]), approve_post(civil))
    assert pass_mark_now() == 60


def test_reviewer_queue_lists_others_changes_only(client, civil, editor, reviewer, second_reviewer):
    from wagtail.models import TaskState

    as_user(client, reviewer).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "submit", pass_mark="10"))
    assert not TaskState.objects.reviewable_by(reviewer).exists()
    assert TaskState.objects.reviewable_by(second_reviewer).count() == 1
    assert not TaskState.objects.reviewable_by(editor).exists()
    as_user(client, second_reviewer).post(reverse(EDIT, args=[civil.pk]), approve_post(civil))
    assert pass_mark_now() == 10


def test_administrator_may_publish_their_own_change(client, civil, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    response = as_user(client, admin).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "publish", pass_mark="65"))
    assert response.status_code == 302
    assert pass_mark_now() == 65


def test_a_rejected_change_never_applies(client, civil, editor, reviewer):
    as_user(client, editor).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "submit", pass_mark="10"))
    civil.refresh_from_db()
    post = edit_post(civil, "workflow-action")
    post["workflow-action-name"] = "reject"
    as_user(client, reviewer).post(reverse(EDIT, args=[civil.pk]), post)
    civil.refresh_from_db()
    assert civil.current_workflow_state.status == "needs_changes"
    assert pass_mark_now() == 60


def test_re_saving_the_same_rules_is_not_a_change_of_ones_own(civil, editor, reviewer):
    """A reviewer approving from the edit form saves the version again first: the browser renumbers the rows
    (the editor's revision had none: found by tests/e2e/test_official_settings_review.py) and renews rich-text
    block keys. That is not the reviewer's change; a real change is."""
    from quizzes.models import review_is_own_change

    draft = civil.get_latest_revision_as_object()
    draft.pass_mark = Decimal("10")
    for row in draft.blueprint_rows.all():
        row.sort_order = None
    draft.save_revision(user=editor)
    again = Assessment.objects.get(pk=civil.pk).get_latest_revision_as_object()
    for n, row in enumerate(again.blueprint_rows.all()):
        row.sort_order = n
    resaved = again.save_revision(user=reviewer)
    civil.refresh_from_db()
    assert not review_is_own_change(obj=civil, revision=resaved, user=reviewer)
    assert review_is_own_change(obj=civil, revision=resaved, user=editor)
    again.pass_mark = Decimal("5")
    changed = again.save_revision(user=reviewer)
    assert review_is_own_change(obj=civil, revision=changed, user=reviewer)


def test_a_change_stays_its_authors_when_someone_else_saves_it_again(client, civil, reviewer, second_reviewer,
                                                                     editor):
    """Laundering: the reviewer's change re-saved and submitted by an editor is still the reviewer's."""
    as_user(client, reviewer).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, pass_mark="10"))
    as_user(client, editor).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "submit"))
    civil.refresh_from_db()
    assert civil.current_workflow_state.requested_by == editor
    assert civil.current_workflow_task.specific.get_actions(civil, reviewer) == []
    as_user(client, reviewer).post(reverse(EDIT, args=[civil.pk]), approve_post(civil))
    assert pass_mark_now() == 60
    as_user(client, second_reviewer).post(reverse(EDIT, args=[civil.pk]), approve_post(civil))
    assert pass_mark_now() == 10


# -- history -----------------------------------------------------------------------------------------
def test_history_shows_who_changed_what_and_who_approved(client, civil, editor, reviewer):
    as_user(client, editor).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "submit", pass_mark="10"))
    civil.refresh_from_db()
    as_user(client, reviewer).post(reverse(EDIT, args=[civil.pk]), approve_post(civil))

    logs = ModelLogEntry.objects.for_instance(civil)
    actions = {(e.action, e.user_id) for e in logs}
    assert ("wagtail.edit", editor.pk) in actions
    assert ("wagtail.workflow.start", editor.pk) in actions
    assert ("wagtail.workflow.approve", reviewer.pk) in actions
    assert ("wagtail.publish", reviewer.pk) in actions

    edited = Revision.objects.for_instance(civil).filter(user=editor).latest("created_at")
    assert edited.as_object().pass_mark == 10
    # The history page and the comparison of the two versions are in the admin.
    history = as_user(client, reviewer).get(reverse("wagtailsnippets_quizzes_assessment:history", args=[civil.pk]))
    html = history.content.decode()
    assert history.status_code == 200 and "Lê Thu Hà" in html and "Phạm Quốc Bảo" in html
    first = Revision.objects.for_instance(civil).order_by("created_at").first()
    compare = client.get(reverse("wagtailsnippets_quizzes_assessment:revisions_compare",
                                 args=[civil.pk, first.pk, edited.pk]))
    assert compare.status_code == 200 and "10" in compare.content.decode()


# -- what an attempt records -------------------------------------------------------------------------
def test_attempt_records_every_rule_of_the_test(make_question, make_assessment, learner):
    from quizzes.models import AreaPassMark, CompetenceArea

    for _ in range(2):
        make_question("4.2")
    test = make_assessment(pass_mark=70, attempts_allowed=2)
    test.area_pass_marks = [AreaPassMark(area=CompetenceArea.objects.get(code="4", framework=test.framework),
                                         pass_mark=50)]
    test.save()
    attempt = services.attempt_start(assessment=test, user=learner)
    rules = attempt.assessment_rules
    fields = {f.name for f in Assessment._meta.concrete_fields if not f.primary_key} - Assessment.RULES_EXCLUDE
    assert fields <= set(rules), fields - set(rules)  # generic: a new field is recorded without code changes
    assert {"pk", "blueprint_rows", "area_pass_marks", "population_groups"} <= set(rules)
    assert rules["pass_mark"] == "70.00" and rules["time_limit_minutes"] == 30 and rules["attempts_allowed"] == 2
    assert [(r["competence_code"], r["count"]) for r in rules["blueprint_rows"]] == [("4.2", 2)]
    assert [(m["area_code"], m["pass_mark"]) for m in rules["area_pass_marks"]] == [("4", "50.00")]
    assert "description" not in rules
    assert attempt.rule("pass_mark") == "70.00"


def test_a_test_never_approved_cannot_be_taken(client, framework, make_question, editor, learner):
    from quizzes.models import Competence

    make_question("4.2")
    post = nested_form_data({
        "title": "Chưa duyệt", "slug": "chua-duyet", "framework": framework.pk, "description": rich_text(""),
        "time_limit_minutes": "30", "attempts_allowed": "0", "pass_mark": "50", "available_from": "",
        "available_until": "", "shuffle_questions": "on", "shuffle_choices": "on", "review_policy": "own", "review_after": "at_once",
        "is_published": "on",
        "blueprint_rows": inline_formset([{"competence": Competence.objects.get(code="4.2").pk, "area": "",
                                           "level_min": "1", "level_max": "1", "count": "1"}]),
        "area_pass_marks": inline_formset([]),
    })
    response = as_user(client, editor).post(reverse("wagtailsnippets_quizzes_assessment:add"), post)
    assert response.status_code == 302
    draft = Assessment.objects.get(slug="chua-duyet")
    assert not draft.live
    as_user(client, learner)
    assert client.get(reverse("quizzes:detail", args=["chua-duyet"])).status_code == 404
    with pytest.raises(services.AttemptError):
        services.attempt_start(assessment=draft, user=learner)


# -- questions ---------------------------------------------------------------------------------------
QUESTION_EDIT = "wagtailsnippets_quizzes_question:edit"


def question_post(question, action=None, **changes):
    question = question.__class__.objects.get(pk=question.pk).get_latest_revision_as_object()
    choices = [{"id": c.pk, "text": c.text, "match_text": c.match_text, "fraction": c.fraction,
                "tolerance": c.tolerance, "feedback": c.feedback} for c in question.choices.all()]
    data = {
        "name": question.name, "status": question.status, "competence": question.competence_id, "level": question.level,
        "qtype": question.qtype, "category": question.category, "stem": rich_text(str(question.stem)),
        "general_feedback": rich_text(str(question.general_feedback)),
        "explanation": rich_text(str(question.explanation)), "partial_credit": "on", "correct_true": "on",
        "is_active": "on", "choices": inline_formset(changes.pop("choices", choices), initial=len(choices)),
    }
    data.update(changes)
    post = nested_form_data(data)
    if action:
        post[f"action-{action}"] = "on"
    return post


def test_question_edit_is_drawn_only_after_approval(client, make_question, make_assessment, editor, reviewer,
                                                     make_user):
    question = make_question("4.2", name="Mật khẩu")
    test = make_assessment(rows=(("4.2", 1, 8, 1),))
    v1 = question.current_version
    # The editor makes the wrong option the right one, and submits it.
    choices = [{"id": c.pk, "text": c.text, "match_text": "", "fraction": 100 if n == 1 else 0, "tolerance": 0,
                "feedback": ""} for n, c in enumerate(question.choices.all())]
    response = as_user(client, editor).post(reverse(QUESTION_EDIT, args=[question.pk]),
                                            question_post(question, "submit", choices=choices))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert question.versions.count() == 1  # no new version before approval
    before = services.attempt_start(assessment=test, user=make_user())
    assert before.items.get().version == v1

    # A reviewer (not the editor, who wrote it) approves: the next attempt draws the new version.
    response = as_user(client, reviewer).post(reverse(QUESTION_EDIT, args=[question.pk]),
                                              {**question_post(question, "workflow-action"),
                                               "workflow-action-name": "approve"})
    assert response.status_code == 302
    question.refresh_from_db()
    v2 = question.current_version
    assert v2.number == 2 and v2.data["choices"][1]["fraction"] == "100"
    after = services.attempt_start(assessment=test, user=make_user())
    assert after.items.get().version == v2
    assert Attempt.objects.get(pk=before.pk).items.get().version == v1


def test_question_created_in_admin_is_not_drawn_until_approved(client, framework, editor):
    from quizzes.models import Competence, Question
    from quizzes.selectors import blueprint_pool

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
    assert not question.live
    from quizzes.models import BlueprintRow

    pool = blueprint_pool(framework=framework, row=BlueprintRow(competence=question.competence, level_min=1,
                                                                  level_max=8, count=1))
    assert question not in pool


def test_admin_lists_tests_with_their_review_status(client, civil, editor):
    as_user(client, editor).post(reverse(EDIT, args=[civil.pk]), edit_post(civil, "submit", pass_mark="10"))
    response = client.get(reverse("wagtailsnippets_quizzes_assessment:list"), {"live": "true"})
    assert response.status_code == 200
    assert civil.title in response.content.decode()
