"""Sanitised rich text: every way in (GIFT, Moodle XML, Aiken, the editor's save, rows stored before) and every
way out (the attempt page, the result page) against the issue's payloads and OWASP's filter-evasion vectors
(``files/xss_vectors.txt``)."""

import importlib
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse

from quizzes.importers import aiken, gift, moodle_xml
from quizzes.models import Competence, Question, QuestionChoice
from quizzes.sanitize import clean_html, clean_plain, clean_rendered, clean_text, render

from .conftest import FILES

VECTORS = [line for line in (FILES / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("# ")]
SAFE_TAGS = {"p", "br", "hr", "div", "span", "strong", "b", "em", "i", "u", "s", "strike", "del", "ins", "mark",
             "small", "sub", "sup", "code", "kbd", "samp", "var", "pre", "blockquote", "q", "cite", "abbr", "dfn",
             "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup", "col",
             "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "a", "img"}
SAFE_ATTRS = {"href", "title", "lang", "dir", "src", "alt", "width", "height", "class", "start", "type",
              "reversed", "colspan", "rowspan", "headers", "scope", "span", "cite", "rel", "data-block-key"}
URL_ATTRS = {"href", "src", "cite"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_safe(html: str, *, stored: bool = False) -> None:
    """Only allow-listed tags and attributes, no event handler, URLs only http(s)/mailto/relative."""
    parser = _Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        allowed_tags = SAFE_TAGS | ({"embed"} if stored else set())
        assert tag in allowed_tags, (tag, html)
        for name, value in attrs.items():
            allowed = SAFE_ATTRS | ({"linktype", "id", "embedtype", "format", "url"} if stored else set())
            assert name in allowed and not name.startswith("on"), (tag, name, html)
            if name in URL_ATTRS and value:
                scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                assert scheme is None or scheme.group(1).lower() in ("http", "https", "mailto"), (name, value)
            if name == "id":
                assert value.isdigit(), html  # Wagtail's page/image ids only: no DOM clobbering
        if tag == "embed":
            assert attrs.get("embedtype") in ("image", "media") and "src" not in attrs
    lowered = html.lower()
    for needle in ("<script", "<svg", "<iframe", "<meta", "<style", "<object",
                   "<base", "<link", "<form", "<frame", "expression(", "<math", "<template", "<input"):
        assert needle not in lowered, (needle, html)


def test_the_vectors_file_is_representative():
    assert len(VECTORS) >= 30
    joined = "\n".join(VECTORS).lower()
    for needle in ("<svg onload", 'iframe src="javascript:', "http-equiv=refresh", "onerror", "&#x6a", "style=",
                   "<base href", "<object", "data:text/html"):
        assert needle in joined


@pytest.mark.parametrize("vector", VECTORS)
def test_every_vector_is_cleaned_for_storage_and_for_the_page(vector):
    stored = clean_html(vector)
    assert_safe(stored, stored=True)
    assert_safe(clean_rendered(vector))
    assert clean_html(stored) == stored  # cleaning is stable: a second save changes nothing


def test_the_issue_payloads_lose_exactly_the_dangerous_part():
    assert clean_html("<p>Chọn <svg onload=alert(1)>x</svg>đáp án</p>") == "<p>Chọn đáp án</p>"
    assert clean_html('<p>A</p><iframe src="javascript:alert(1)"></iframe>') == "<p>A</p>"
    assert clean_html("<meta http-equiv=refresh content=0;url=https://evil.example>Câu hỏi") == "Câu hỏi"
    assert clean_html('<img src=x onerror=alert(1) alt="Ảnh">') == '<img src="x" alt="Ảnh">'


def test_formatting_authors_use_is_kept():
    html = ('<p>Công thức H<sub>2</sub>O, x<sup>2</sup>, <strong>đậm</strong>, <em>nghiêng</em>, <code>ls</code></p>'
            '<ol start="3"><li>Một</li></ol><table><tr><th scope="col">A</th></tr><tr><td colspan="2">1</td></tr>'
            '</table><p><a href="https://dichvucong.gov.vn">Cổng</a> <a href="mailto:a@b.vn">thư</a></p>')
    cleaned = clean_html(html)
    for kept in ("<sub>2</sub>", "<sup>2</sup>", "<strong>đậm</strong>", "<code>ls</code>", 'start="3"',
                 'scope="col"', 'colspan="2"', 'href="https://dichvucong.gov.vn"', 'href="mailto:a@b.vn"'):
        assert kept in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_wagtail_storage_form_is_kept_and_expanded_then_cleaned(db):
    stored = clean_html('<p data-block-key="k1">Xem <a linktype="page" id="2">trang chủ</a></p>'
                        '<embed embedtype="image" id="999999" format="left" alt="Ảnh"/>')
    assert '<a linktype="page" id="2"' in stored and '<embed embedtype="image" id="999999"' in stored
    shown = render(stored)
    assert_safe(shown)
    assert "linktype" not in shown and "<embed" not in shown and "trang chủ" in shown


def test_plain_text_fields():
    assert clean_text("<p>Paris</p><script>alert(1)</script>") == "Paris"
    assert clean_text("a &lt; b &amp; c") == "a < b & c"
    assert clean_text("Hà\u202eNội\x00") == "HàNội"
    assert clean_plain("<b> là thẻ in đậm") == "<b> là thẻ in đậm"  # typed as text: shown escaped


# -- every way in ----------------------------------------------------------------------------------
PAYLOAD = '<p>Đề</p><svg onload=alert(1)></svg><iframe src="javascript:alert(1)"></iframe><img src=x onerror=alert(2)>'


def test_gift_html_is_cleaned():
    result = gift.parse(f"::X::[html]{PAYLOAD}{{=<b>Đúng</b><script>alert(3)</script> ~Sai#<img src\\=x onerror\\=a()>"
                        f"Sai rồi####<a href=\"javascript:alert(4)\">xem</a>}}")
    q = result.questions[0]
    assert_safe(q.stem) and assert_safe(q.general_feedback)
    assert q.stem == '<p>Đề</p><img src="x">'
    assert [c.text for c in q.choices] == ["Đúng", "Sai"] and q.choices[1].feedback == "Sai rồi"
    assert q.general_feedback == '<a rel="noopener noreferrer nofollow">xem</a>'


def test_moodle_xml_html_is_cleaned():
    xml = f"""<?xml version="1.0" encoding="UTF-8"?><quiz><question type="multichoice">
      <name><text>X</text></name>
      <questiontext format="html"><text><![CDATA[{PAYLOAD}]]></text></questiontext>
      <generalfeedback format="html"><text><![CDATA[<meta http-equiv=refresh content="0;url=https://e">Xem lại]]></text></generalfeedback>
      <answer fraction="100" format="html"><text><![CDATA[<p onclick="x()">A</p>]]></text><feedback format="html"><text><![CDATA[<script>x()</script>Đúng]]></text></feedback></answer>
      <answer fraction="0" format="html"><text>B</text></answer>
      <hocvuso_explanation><![CDATA[<iframe src="javascript:alert(1)"></iframe>Vì]]></hocvuso_explanation>
    </question></quiz>"""
    q = moodle_xml.parse(xml).questions[0]
    assert q.stem == '<p>Đề</p><img src="x">' and q.general_feedback == "Xem lại" and q.explanation == "Vì"
    assert q.choices[0].text == "A" and q.choices[0].feedback == "Đúng"


def test_aiken_text_is_escaped_not_interpreted():
    q = aiken.parse("<svg onload=alert(1)> là gì?\nA) Ảnh\nB) Mã độc\nANSWER: B\n").questions[0]
    assert q.stem == "<p>&lt;svg onload=alert(1)&gt; là gì?</p>"  # Aiken is plain text: shown as written


def test_editor_save_cleans(framework):
    q = Question(competence=Competence.objects.get(code="4.2"), level=1, qtype="single", name="X", stem=PAYLOAD,
                 general_feedback='<a href="javascript:alert(1)">x</a>', explanation="<style>*{}</style>Vì")
    q.choices = [QuestionChoice(text="A\u202e", fraction=100), QuestionChoice(text="<b>", fraction=0)]
    q.save()
    q.refresh_from_db()
    assert q.stem == '<p>Đề</p><img src="x">' and q.explanation == "Vì"
    assert q.general_feedback == '<a rel="noopener noreferrer nofollow">x</a>'
    assert [c.text for c in q.choices.all()] == ["A", "<b>"]
    assert q.current_version.data["stem"] == q.stem


def test_data_migration_cleans_rows_stored_before(make_question):
    q = make_question("4.2", level=1)
    Question.objects.filter(pk=q.pk).update(stem=PAYLOAD, explanation="<script>x()</script>Vì")
    version = q.current_version
    type(version).objects.filter(pk=version.pk).update(data={**version.data, "stem": PAYLOAD})
    migration = importlib.import_module("quizzes.migrations.0010_sanitise_question_html")
    migration.sanitise(apps, None)
    q.refresh_from_db()
    version.refresh_from_db()
    assert q.stem == '<p>Đề</p><img src="x">' and q.explanation == "Vì"
    assert version.data["stem"] == q.stem and version.data["choices"] == q.current_version.data["choices"]


# -- every way out ---------------------------------------------------------------------------------
def test_pages_show_only_the_cleaned_form(make_question, make_assessment, learner, client):
    """A version stored around the model (as before the sanitiser) still reaches the page cleaned."""
    q = make_question("4.2", level=1)
    version = q.current_version
    evil = {**version.data, "stem": PAYLOAD + "<meta http-equiv=refresh content=0>",
            "explanation": '<svg onload="alert(5)"></svg>Giải thích'}
    type(version).objects.filter(pk=version.pk).update(data=evil)
    Question.objects.filter(pk=q.pk).update(stem=evil["stem"], explanation=evil["explanation"])
    assessment = make_assessment(rows=(("4.2", 1, 1, 1),), slug="xss", review_policy="correct", review_after="at_once")
    client.force_login(learner)
    response = client.post(reverse("quizzes:start", args=[assessment.slug]))
    attempt_url = response["Location"]
    page = client.get(attempt_url).content.decode()
    stem = re.search(r'<div class="quiz-stem"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert stem == '<p>Đề</p><img src="x">'
    for needle in ("onload", "onerror", "javascript:", "<svg onload", "<iframe", "http-equiv", "alert("):
        assert needle not in page
    attempt_id = int(re.search(r"/attempt/(\d+)/", attempt_url).group(1))
    client.post(reverse("quizzes:submit", args=[attempt_id]), {"confirm": "1"})
    result = client.get(reverse("quizzes:result", args=[attempt_id])).content.decode()
    assert "Giải thích" in result or "Đề" in result
    for needle in ("onload", "onerror", "javascript:", "<svg onload", "<iframe", "http-equiv", "alert("):
        assert needle not in result
