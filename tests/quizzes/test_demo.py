"""The demo bank imports through the GIFT importer, covers the framework, and the standard tests can be taken."""

from collections import Counter

from demo.bank import ADULT_SLUG, CIVIL_SERVANT_SLUG, load_demo_bank
from quizzes import services
from quizzes.models import Assessment, Question


def test_demo_bank_is_idempotent_and_covers_six_areas(framework):
    first = load_demo_bank()
    second = load_demo_bank()
    assert first["imported"] >= 60 and second["imported"] == 0
    assert Question.objects.count() == first["questions"]
    areas = Counter(Question.objects.values_list("competence__area__code", flat=True))
    assert sorted(areas) == ["1", "2", "3", "4", "5", "6"]
    assert all(n >= 8 for n in areas.values())
    per_area_competences = Counter()
    for area, _comp in set(Question.objects.values_list("competence__area__code", "competence__code")):
        per_area_competences[area] += 1
    assert all(n >= 2 for n in per_area_competences.values())
    assert set(Question.objects.values_list("level", flat=True)) == {1, 2, 3, 4}
    assert len(set(Question.objects.values_list("qtype", flat=True))) >= 6
    assert Assessment.objects.count() == 2


def test_standard_tests_draw_and_score(framework, make_user):
    from lms.organisations.models import PopulationGroup

    load_demo_bank()
    civil = Assessment.objects.get(slug=CIVIL_SERVANT_SLUG)
    adult = Assessment.objects.get(slug=ADULT_SLUG)
    assert (civil.question_count, civil.time_limit_minutes) == (30, 45)
    assert (adult.question_count, adult.time_limit_minutes) == (20, 30)
    assert set(civil.population_groups.values_list("code", flat=True)) == {"civil-servant", "leader", "teacher", "union"}
    user = make_user(population_group=PopulationGroup.objects.get(code="civil-servant"))
    attempt = services.attempt_start(assessment=civil, user=user)
    items = list(attempt.items.select_related("version__competence__area"))
    assert len(items) == 30
    assert Counter(i.version.competence.area.code for i in items) == {a: 5 for a in "123456"}
    attempt, _ = services.attempt_submit(attempt=attempt, user=user)
    assert len(attempt.result["areas"]) == 6 and attempt.passed is False
