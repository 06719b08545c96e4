"""The attempt page's questions assembled from parts compiled once per version and language (``quizzes.fragments``,
issue 17): the same bytes as the template for every type and state, a new version or another language gives new
HTML, nothing of the key in it, and a page costs the same few queries whatever its number of questions."""

import random
import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from quizzes import fragments, presenters, services
from quizzes.models import Attempt, AttemptQuestion, Question
from quizzes.scoring import correct_answers, default_choice_order, make_aliases


@pytest.fixture(autouse=True)
def _forget():
    fragments.forget()
    yield
    fragments.forget()


TRICKY = 'a <b>&amp; "quoted" \'single\' </script>'

DATA = [
    {"type": "single", "stem": "<p>Chọn <strong>một</strong>?</p>", "image": None,
     "choices": [{"id": "c1", "text": "Đúng " + TRICKY, "fraction": "100", "feedback": "Hay lắm"},
                 {"id": "c2", "text": "Sai", "fraction": "0", "feedback": ""},
                 {"id": "c3", "text": "Cũng sai <i>", "fraction": "0", "feedback": ""}]},
    {"type": "multiple", "stem": "<p>Chọn nhiều</p>", "partial": True,
     "choices": [{"id": "c1", "text": "A", "fraction": "50", "feedback": ""},
                 {"id": "c2", "text": "B & C", "fraction": "50", "feedback": ""},
                 {"id": "c3", "text": "D", "fraction": "-100", "feedback": ""}]},
    {"type": "truefalse", "stem": "<p>Trời xanh?</p>", "correct": True, "feedback_true": "", "feedback_false": ""},
    {"type": "matching", "stem": "<p>Ghép</p>", "partial": True,
     "pairs": [{"id": "p1", "prompt": "Thủ đô <VN>", "answer": "Hà Nội"},
               {"id": "p2", "prompt": "Thủ đô Pháp", "answer": 'Paris "FR"'}],
     "distractors": ["Berlin & co"]},
    {"type": "ordering", "stem": "<p>Xếp</p>", "partial": True,
     "items": [{"id": "i1", "text": "Một"}, {"id": "i2", "text": "Hai <2>"}, {"id": "i3", "text": "Ba"}]},
    {"type": "numeric", "stem": "<p>Bao nhiêu?</p>",
     "answers": [{"id": "a1", "value": "3.5", "tolerance": "0", "fraction": "100", "feedback": ""}]},
    {"type": "shorttext", "stem": "<p>Tên?</p>", "case_sensitive": False, "ignore_diacritics": True,
     "answers": [{"id": "a1", "text": "Hà Nội", "fraction": "100", "feedback": ""}]},
]


def _responses(data, aliases):
    """Saved answers of every shape the page meets for this type (none, some, odd ones)."""
    qtype = data["type"]
    if qtype == "single":
        return [None, "c2", "", "zz"]
    if qtype == "multiple":
        return [None, [], ["c1"], ["c1", "c3"]]
    if qtype == "truefalse":
        return [None, True, False]
    if qtype == "matching":
        return [None, {}, {"p1": "Hà Nội"}, {"p1": "Berlin & co", "p2": 'Paris "FR"'}]
    if qtype == "ordering":
        return [None, [], ["i3", "i1"], ["i2", "i3", "i1"]]
    return [None, "", "3,5", TRICKY]


def _template(data, *, position, total, order, aliases, response, flagged):
    item = SimpleNamespace(version=SimpleNamespace(data=data), choice_order=order, aliases=aliases,
                           response=response, position=position, flagged=flagged)
    return render_to_string("quizzes/_question.html", {"item": presenters.item_view(item), "total": total})


def _assembled(data, *, position, total, order, aliases, response, flagged, version_id=1):
    part = fragments.compiled(version_id, data)
    return fragments.question_html(part, position=position, total=total, choice_order=order, aliases=aliases,
                                   response=response, flagged=flagged)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_type_in_every_state_is_the_templates_markup_byte_for_byte(language, db):
    rng = random.Random(17)
    with translation.override(language):
        for version_id, data in enumerate(DATA, start=1):
            for aliases in ({}, make_aliases(data, rng)):
                for shuffled in (False, True):
                    order = default_choice_order(data)
                    if shuffled:
                        rng.shuffle(order)
                    for response in _responses(data, aliases):
                        for flagged in (False, True):
                            state = {"position": rng.randint(1, 40), "total": rng.choice([30, None]),
                                     "order": order if shuffled else [], "aliases": aliases,
                                     "response": response, "flagged": flagged}
                            expected = _template(data, **state)
                            assert _assembled(data, version_id=version_id, **state) == expected, (data["type"], state)


def test_the_demo_bank_is_the_templates_markup_in_both_languages(db):
    from demo.bank import load_demo_bank
    from quizzes.models import QuestionVersion

    load_demo_bank(verbosity=0)
    rng = random.Random(8)
    versions = list(QuestionVersion.objects.all())
    assert {v.qtype for v in versions} >= {"single", "multiple", "truefalse", "matching"}
    for language in ("vi", "en"):
        with translation.override(language):
            for v in versions:
                order = default_choice_order(v.data)
                rng.shuffle(order)
                state = {"position": 7, "total": 30, "order": order, "aliases": make_aliases(v.data, rng),
                         "response": None, "flagged": False}
                assert _assembled(v.data, version_id=v.pk, **state) == _template(v.data, **state), v.pk


def _page(client, attempt):
    response = client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_version_of_a_question_shows_its_new_text_and_old_attempts_keep_theirs(
        make_question, make_assessment, make_user, client):
    question = make_question("4.2", level=1, stem="<p>Phiên bản một</p>")
    assessment = make_assessment(rows=(("4.2", 1, 1, 1),))
    first = make_user()
    client.force_login(first)
    old = services.attempt_start(assessment=assessment, user=first)
    assert "Phiên bản một" in _page(client, old)

    question.stem = "<p>Phiên bản hai</p>"
    question.save()  # a new QuestionVersion; the pool follows the bank
    second = make_user()
    client.force_login(second)
    new = services.attempt_start(assessment=assessment, user=second)
    page = _page(client, new)
    assert "Phiên bản hai" in page and "Phiên bản một" not in page
    client.force_login(first)
    assert "Phiên bản một" in _page(client, old)  # the attempt keeps the version it drew (kept parts)


def test_each_language_gets_its_own_words(make_question, make_assessment, make_user, client):
    make_question("4.2", level=1, qtype="truefalse", correct_true=True)
    assessment = make_assessment(rows=(("4.2", 1, 1, 1),))
    learner = make_user()
    client.force_login(learner)
    attempt = services.attempt_start(assessment=assessment, user=learner)
    vi = _page(client, attempt)
    assert "Đánh dấu để xem lại câu này trước khi nộp" in vi and ">Đúng</span>" in vi
    with translation.override("en"):
        url = reverse("quizzes:attempt", args=[attempt.pk])
    en = client.get(url).content.decode()
    assert "Đánh dấu để xem lại" not in en and "Đúng</span>" not in en
    assert ">Correct</span>" in en and "Flag this question" in en
    version_id = attempt.items.get().version_id
    assert {key for key in fragments._compiled if key[0] == version_id} == {(version_id, "vi"), (version_id, "en")}


def test_the_page_gives_nothing_of_the_key_and_only_public_ids(make_question, make_assessment, make_user, client):
    make_question("4.2", level=1, qtype="single")
    assessment = make_assessment(rows=(("4.2", 1, 1, 1),))
    learner = make_user()
    client.force_login(learner)
    attempt = services.attempt_start(assessment=assessment, user=learner)
    page = _page(client, attempt)
    item = attempt.items.select_related("version").get()
    values = re.findall(r'name="q1" value="([^"]*)"', page)
    assert sorted(values) == sorted(item.aliases["choices"])  # the public ids, and no internal one
    for internal in item.aliases["choices"].values():
        assert f'value="{internal}"' not in page
    data = item.version.data
    for choice in data["choices"]:
        assert choice["fraction"] not in re.findall(r'value="([^"]*)"', page)
    assert correct_answers(data)  # the key exists…
    key_id = next(c["id"] for c in data["choices"] if float(c["fraction"]) > 0)
    assert f'"{key_id}"' not in page  # …and its id is nowhere in the page
    # the shown order is the attempt's, not the bank's (right answer first in the fixture)
    shown = [item.aliases["choices"][v] for v in values]
    assert shown == [i for i in item.choice_order]


def test_the_page_costs_the_same_queries_for_2_and_30_questions(make_question, make_assessment, make_user, client,
                                                                 django_assert_max_num_queries):
    counts = {}
    for size in (2, 30):
        for _ in range(size):
            make_question("4.3", level=2)
        assessment = make_assessment(rows=(("4.3", 2, 2, size),), slug=f"t{size}")
        learner = make_user()
        client.force_login(learner)
        attempt = services.attempt_start(assessment=assessment, user=learner)
        _page(client, attempt)  # compiles the versions
        fragments.forget()  # and once more with every part compiled again from the cached versions
        url = reverse("quizzes:attempt", args=[attempt.pk])
        from django.db import connection

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[size] = len(ctx)
        Question.objects.filter(competence__code="4.3").update(is_active=False)
    assert counts[2] == counts[30]
    with django_assert_max_num_queries(counts[30]):
        client.get(url)


def test_answers_and_flags_show_on_the_page(make_question, make_assessment, make_user, client):
    make_question("4.2", level=1, qtype="single")
    make_question("4.2", level=1, qtype="truefalse", correct_true=False)
    assessment = make_assessment(rows=(("4.2", 1, 1, 2),))
    learner = make_user()
    client.force_login(learner)
    attempt = services.attempt_start(assessment=assessment, user=learner)
    item = AttemptQuestion.objects.get(attempt=attempt, position=1)
    public = next(iter(item.aliases["choices"]))
    url = reverse("quizzes:answer", args=[attempt.pk])
    r = client.post(url, {"position": 1, "fields": {"q1": [public], "flag": ["1"]}}, content_type="application/json")
    assert r.json()["ok"]
    page = _page(client, attempt)
    assert f'value="{public}" checked' in page
    assert 'name="flag" value="1" checked' in page and 'name="flag" value="2">' in page
    assert Attempt.objects.get(pk=attempt.pk).state == Attempt.State.IN_PROGRESS


def test_the_attempt_forms_texts_are_kept_per_language():
    from django.utils import translation

    from quizzes.fragments import form_texts

    with translation.override("vi"):
        vi = form_texts()
    with translation.override("en"):
        en = form_texts()
    assert 'data-saving-text="Đang lưu…"' in vi and 'data-saving-text="Saving…"' in en
    assert 'data-retry-text="Chưa lưu được (mất kết nối). Tự thử lại sau %(s)s giây…"' in vi
    for texts in (vi, en):  # 13 attributes, each value quoted and escaped
        assert re.fullmatch(r'(\s*data-[a-z-]+-text="[^"<>]*"){13}', texts)
