"""The documented result rule: overall, per area, per competence, proficiency level, pass marks; the SVG."""

from quizzes.presenters import profile
from quizzes.results import ScoredItem, area_level, compute_result

AREAS = [(str(n), f"Miền {n}") for n in range(1, 7)]


def items(area, level, *scores, comp=None):
    return [ScoredItem(area_code=area, competence_code=comp or f"{area}.1", competence_name="N", level=level, score=s)
            for s in scores]


def test_area_level_rule():
    assert area_level([]) == 0
    assert area_level(items("1", 1, 1, 1) + items("1", 2, 1, 0) + items("1", 3, 0, 0)) == 2
    # cumulative ≥ 70 % but level 3 itself below 50 %: stays at 2
    assert area_level(items("1", 1, 1, 1, 1, 1) + items("1", 2, 1, 1) + items("1", 3, 0)) == 2
    # fails level 1 → 0, even if level 2 is right
    assert area_level(items("1", 1, 0, 0) + items("1", 2, 1)) == 0
    # missing levels are skipped
    assert area_level(items("1", 1, 1) + items("1", 2, 1) + items("1", 4, 1)) == 4
    # exactly on the threshold counts
    assert area_level(items("1", 1, 1, 1, 1, 1, 1, 1, 0.0) + items("1", 1, 1, 1, 0)) == 1


def test_compute_result_overall_areas_competences_and_pass_marks():
    scored = items("1", 1, 1, 1, comp="1.1") + items("1", 2, 0.5, comp="1.2") + items("4", 1, 0, 1, comp="4.2")
    result = compute_result(items=scored, areas=AREAS, pass_mark=60, area_pass_marks={"4": 60},
                            framework_code="TT02-2025", framework_version="2025.1")
    assert result["score"] == 70.0
    area1, area4 = result["areas"][0], result["areas"][3]
    assert len(result["areas"]) == 6
    assert (area1["score"], area1["questions"], area1["level"], area1["passed"]) == (83.33, 3, 2, None)
    assert (area4["score"], area4["passed"]) == (50.0, False)
    assert result["passed"] is False  # overall ok, area 4 below its own pass mark
    assert [c["code"] for c in result["competences"]] == ["1.1", "1.2", "4.2"]
    assert result["framework"] == {"code": "TT02-2025", "version": "2025.1"}
    ok = compute_result(items=scored, areas=AREAS, pass_mark=60, area_pass_marks={"4": 50},
                        framework_code="TT02-2025", framework_version="2025.1")
    assert ok["passed"] is True


def test_empty_attempt():
    result = compute_result(items=[], areas=AREAS, pass_mark=50, area_pass_marks={}, framework_code="X",
                            framework_version="1")
    assert result["score"] == 0 and result["passed"] is False


def test_profile_svg_has_six_areas(client, rf):
    from django.template.loader import render_to_string

    scored = items("1", 1, 1) + items("2", 1, 0) + items("6", 1, 0.5)
    result = compute_result(items=scored, areas=AREAS, pass_mark=50, area_pass_marks={},
                            framework_code="TT02-2025", framework_version="2025.1")
    svg = render_to_string("quizzes/_profile_chart.html", {"profile": profile(result)})
    assert svg.count('class="quiz-chart-row"') == 6
    assert "<title id=\"chart-title\">" in svg and "<desc id=\"chart-desc\">" in svg
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    p = profile(result)
    assert [r["code"] for r in p["weak"]][:1] == ["2"]
    assert p["weak"][0]["courses_url"].endswith("?area=2")
