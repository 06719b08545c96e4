"""Words, numbers and dates (issue 15): no English left in the Vietnamese pages nor Vietnamese in the English ones,
one date format per language, each language named in itself, a home title without the site name twice, a result
chart that neither cuts its labels nor colours a short bar green, and compressed HTML within the lesson budget."""

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from quizzes import presenters, selectors

ROOT = Path(__file__).resolve().parents[2]
DAY = timezone.make_aware(dt.datetime(2026, 12, 5, 14, 30))
LESSON_BUDGET = 150 * 1024  # the heaviest lesson with its CSS and JS, as transferred (gzip)


# --- Dates -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "day", "moment"), [
    ("vi", "05/12/2026", "14:30 05/12/2026"),
    ("en", "5 Dec 2026", "5 Dec 2026, 14:30"),
])
def test_one_date_format_per_language(language, day, moment):
    """The same day read 12/05/2026 (English default), 05-12-2026 (Vietnamese default) and 05/12/2026 (templates'
    literal patterns); now each language has one format, used through its name."""
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATETIME_FORMAT" }}')
    with translation.override(language), timezone.override("Asia/Ho_Chi_Minh"):
        assert template.render(Context({"d": DAY})) == f"{day}|{day}|{moment}"


def test_templates_name_their_date_formats():
    """A literal pattern in a template (|date:"d/m/Y") ignores the language: every date goes through a named format
    (machine-readable ISO in datetime attributes is fine)."""
    literal = re.compile(r"""\|date:["'](?!SHORT_DATE_FORMAT|DATE_FORMAT|SHORT_DATETIME_FORMAT|DATETIME_FORMAT|Y-m-d|c["'])[^"']*["']""")
    offenders = [f"{path.relative_to(ROOT)}: {m.group(0)}"
                 for path in ROOT.rglob("*.html") if not {".venv", "node_modules", "var"} & set(path.parts)
                 for m in literal.finditer(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders


# --- Words -----------------------------------------------------------------------------------------------------

@pytest.fixture
def demo_courses(db):
    call_command("load_demo", "--courses-only", verbosity=0)


def test_language_picker_and_home_title(client, demo_courses):
    """Each language is named in itself in both UIs ("Tiếng Anh"/"Vietnamese" before); the home page's title is
    the site name once ("Học vụ số · Học vụ số" before)."""
    for path in ("/", "/en/"):
        html = client.get(path).content.decode()
        options = re.findall(r'<option value="(vi|en)" lang="\1"[^>]*>([^<]+)</option>', html)
        assert options == [("vi", "Tiếng Việt"), ("en", "English")], (path, options)
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title.count(settings.WAGTAIL_SITE_NAME) == 1, title
    assert re.search(r"<title>(.*?)</title>", client.get("/").content.decode()).group(1) == settings.WAGTAIL_SITE_NAME


def test_forbidden_page_speaks_the_learners_language(client, learner):
    client.force_login(learner)
    response = client.get("/manage/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "403 Forbidden" not in body and "Bạn không có quyền xem trang này" in body and '<html lang="vi"' in body


def test_csrf_failure_page_is_vietnamese(db):
    response = Client(enforce_csrf_checks=True).post(reverse("text_size"), {"size": "large"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Forbidden" not in body and "CSRF verification failed" not in body
    assert "Trang đã mở quá lâu" in body


def test_allauth_leftovers_are_vietnamese():
    """django-allauth has no Vietnamese catalogue: its field labels reached the error summary in English
    ("Code: Mã không đúng.")."""
    from allauth.account.forms import VerifyPhoneForm

    with translation.override("vi"):
        form = VerifyPhoneForm(data={"code": "000000"}, user=None, phone="+84912345678", code="123456")
        assert str(form.fields["code"].label) == "Mã xác minh"
        for msgid in ("Password", "Incorrect code.", "You must type the same password each time."):
            assert translation.gettext(msgid) != msgid
    with translation.override("en"):
        assert translation.gettext("Code") == "Code"


def test_result_names_areas_in_the_active_language(framework):
    stored = {"framework": {"code": framework.code}, "areas": [{"code": "4", "name": "An toàn số"}],
              "competences": [{"code": "4.2", "name": "Bảo vệ dữ liệu cá nhân"}]}
    with translation.override("en"):
        shown = presenters.localized_result(stored, selectors.framework_labels(framework_code=framework.code))
    area = framework.areas.get(code="4")
    assert area.name_en and shown["areas"][0]["name"] == area.name_en
    assert shown["competences"][0]["name"] == framework.competences.get(code="4.2").name_en
    with translation.override("vi"):
        shown = presenters.localized_result(stored, selectors.framework_labels(framework_code=framework.code))
    assert shown["areas"][0]["name"] == area.name


@pytest.fixture
def framework(db):
    from quizzes.models import Framework

    return Framework.objects.get(code="TT02-2025")


# --- The result chart ------------------------------------------------------------------------------------------

def _result(areas, pass_mark=60.0):
    return {"score": 70.0, "pass_mark": pass_mark, "passed": False, "areas": [
        {"code": str(n), "name": f"Miền {n}", "questions": 4, "score": score, "pass_mark": mark,
         "passed": None if mark is None else score >= mark, "level": 1} for n, (score, mark) in enumerate(areas, 1)]}


def test_full_bar_label_stays_inside_the_chart():
    profile = presenters.profile(_result([(100.0, None), (100.0, 50.0)]))
    for row in profile["rows"]:
        assert row["text_x"] + 44 <= profile["view_width"], (row["text_x"], profile["view_width"])  # "100%" ≈ 36–44 px


def test_a_bar_short_of_its_line_is_not_green():
    """An area with no minimum of its own is drawn against the test's pass mark: 40% against 60% was green."""
    rows = presenters.profile(_result([(40.0, None), (80.0, None), (45.0, 50.0), (55.0, 50.0)]))["rows"]
    assert [r["low"] for r in rows] == [True, False, True, False]


# --- Compression and the lesson budget --------------------------------------------------------------------------

def _lesson_paths():
    from courses.models import LessonPage

    return [lesson.url for lesson in LessonPage.objects.live()]


def test_html_is_compressed_and_the_heaviest_lesson_stays_within_150_kb(client, demo_courses):
    """HTML went uncompressed (a 19.8 KB lesson). Now gzip, with BREACH padding; the budget counts the HTML (gzip)
    + the CSS and JS it loads (gzip, as whitenoise serves them) + its images (as stored)."""
    from django.contrib.staticfiles import finders

    path = _lesson_paths()[0]
    first = client.get(path, headers={"accept-encoding": "gzip, deflate, br"})
    second = client.get(path, headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    assert gzip.decompress(first.content).startswith(b"<!doctype html>")
    # Django 5.2 pads each gzip header with random bytes ("Heal the BREACH"): the header (before the deflate
    # stream) differs in length or content from one response to the next.
    assert first.content[:3] == second.content[:3] == b"\x1f\x8b\x08"  # gzip magic, deflate
    assert first.content[3] & 0x08  # FNAME set: the random-bytes "file name"
    assert len(first.content) < len(gzip.decompress(first.content)) / 2

    weights = {}
    for path in _lesson_paths():
        response = client.get(path, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200, path
        html = gzip.decompress(response.content).decode()
        total = len(response.content)
        assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(r'<script[^>]+src="([^"]+)"', html)
        for url in assets:
            found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
            assert found, url
            total += len(gzip.compress(Path(found).read_bytes()))
        for url in re.findall(r'<img[^>]+src="([^"]+)"', html):
            if url.startswith(settings.MEDIA_URL):
                total += (Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)).stat().st_size
        weights[path] = total
    heaviest = max(weights, key=weights.get)
    print(f"heaviest demo lesson {heaviest}: {weights[heaviest] / 1024:.1f} KB")
    assert weights[heaviest] <= LESSON_BUDGET, weights
