"""The project's English catalogue (locale/en/LC_MESSAGES/django.po): complete, well-formed, and used by the pages.

The UI strings are written in Vietnamese in the source; English is the second locale. The page tests compile the
committed .po to a temporary folder and point LOCALE_PATHS at it, so they do not depend on ``make test`` having
compiled the .mo files first (and never write into the working tree).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Locale

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# printf-style placeholders as Python's % operator reads them ("%(name)s", "%d", "%%").
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")
NAMED_PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
HTML_TAG = re.compile(r"<[^>]+>")
# Letters that only Vietnamese text uses here: ă â đ ê ô ơ ư, the accented vowels and the whole
# "Latin Extended Additional" block (ạ ả ấ … ỹ).
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝĩũĨŨ\u1ea0-\u1ef9]")
# Vietnamese that legitimately stays in English: the product name, the language picker's own label, and the
# Vietnamese examples in hints (a full name, a place name, the issuing ministry's abbreviation).
ALLOWED_VIETNAMESE = ("Học vụ số", "Tiếng Việt", "Nguyễn Thị Lan", "Hà Nội", "BGDĐT")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_PATH))


def msgstrs(entry):
    """(source, translation) pairs of an entry: one for a plain message, one per plural form."""
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
        return [(entry.msgid, forms[0])] + [(entry.msgid_plural, form) for form in forms[1:]]
    return [(entry.msgid, entry.msgstr)]


# --- The catalogue itself ---------------------------------------------------------------------------------------


def test_catalogue_header(catalogue):
    assert catalogue.metadata["Language"] == "en"
    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=2;")
    assert not catalogue.metadata_is_fuzzy


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    assert len(catalogue) > 100
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert [e.msgid for e in catalogue.obsolete_entries()] == []
    for entry in catalogue:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
        for _source, translation in msgstrs(entry):
            assert translation.strip(), entry.msgid


def test_translations_are_english(catalogue):
    """No Vietnamese left in a translation, except the product name "Học vụ số" and the examples in hints."""
    for entry in catalogue:
        for _source, translation in msgstrs(entry):
            rest = translation
            for allowed in ALLOWED_VIETNAMESE:
                rest = rest.replace(allowed, "")
            assert not VIETNAMESE.search(rest), (entry.msgid, translation)


def test_placeholders_and_markup_are_kept(catalogue):
    for entry in catalogue:
        pattern = PLACEHOLDER if "python-format" in entry.flags else NAMED_PLACEHOLDER
        for source, translation in msgstrs(entry):
            assert sorted(pattern.findall(translation)) == sorted(pattern.findall(source)), (source, translation)
            assert sorted(HTML_TAG.findall(translation)) == sorted(HTML_TAG.findall(source)), (source, translation)
            # gettext's rule (msgfmt -c): a leading or trailing newline in the source is kept in the translation.
            assert source.startswith("\n") == translation.startswith("\n"), source
            assert source.endswith("\n") == translation.endswith("\n"), source


def test_python_format_translations_format_like_their_source(catalogue):
    """Formatting every python-format translation with the source's own names works (no KeyError, no stray %)."""
    for entry in catalogue:
        if "python-format" not in entry.flags:
            continue
        for source, translation in msgstrs(entry):
            names = set(re.findall(r"%\(([^)]*)\)", source))
            if names:
                translation % {name: 1 for name in names}
            else:
                translation % tuple(1 for token in PLACEHOLDER.findall(source) if token != "%%")


def test_domain_terms(catalogue):
    """The glossary the team agreed on for the English locale."""
    translations = {entry.msgid: entry.msgstr for entry in catalogue if not entry.msgid_plural}
    expected = {
        "Học tập của tôi": "My learning",
        "Kiểm tra nhanh": "Quick check",
        "Xã, phường": "Commune/ward",
        "Đăng nhập": "Log in",
        "Mật khẩu": "Password",
    }
    for msgid, msgstr in expected.items():
        if msgid in translations:
            assert translations[msgid] == msgstr
    assert any("Digital Literacy for All" in msgstr for msgstr in translations.values())


# --- Pages rendered in English -------------------------------------------------------------------------------------


@pytest.fixture
def english_catalogue(tmp_path):
    """The committed .po compiled to a temporary LOCALE_PATHS (the override also resets Django's catalogue cache)."""
    target = tmp_path / "locale" / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    polib.pofile(str(PO_PATH)).save_as_mofile(str(target / "django.mo"))
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        yield


class _VisibleText(HTMLParser):
    """Text a visitor sees or hears: text nodes and the labelling attributes, outside <script> and <style>."""

    ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}

    def __init__(self):
        super().__init__()
        self.chunks, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        self.chunks += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def untranslated(html):
    """Visible Vietnamese text on a page that the committed catalogue translates: its English was not used.

    Only strings already in the catalogue count, so a string another engineer adds to a template later does not
    fail these tests before the next extraction (the catalogue tests above cover completeness)."""
    known = {entry.msgid.strip() for entry in polib.pofile(str(PO_PATH)) if "%" not in entry.msgid}
    parser = _VisibleText()
    parser.feed(html)
    left = []
    for chunk in parser.chunks:
        if not VIETNAMESE.search(chunk):
            continue
        pieces = {chunk, chunk.rstrip(":").strip(), *(piece.strip() for piece in re.split(r"[·|›‹←→]", chunk))}
        if pieces & known:
            left.append(chunk)
    return left


@pytest.mark.django_db
def test_login_page_in_english(client, english_catalogue):
    response = client.get("/en/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Log in" in html and "Password" in html and "Forgot your password?" in html
    assert "Email or phone number" in html
    assert untranslated(html) == []


@pytest.mark.django_db
def test_signup_page_in_english(client, english_catalogue):
    html = client.get("/en/accounts/signup/").content.decode()
    assert "Create an account" in html and "Full name" in html and "Confirm password" in html
    assert untranslated(html) == []


@pytest.mark.django_db
def test_vietnamese_stays_the_default(client, english_catalogue):
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="vi"' in html
    assert "Đăng nhập" in html and "Mật khẩu" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_not_found_page_in_english(client, english_catalogue):
    response = client.get("/en/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "This page could not be found" in html
    assert untranslated(html) == []


@pytest.mark.django_db
def test_demo_pages_in_english(client, english_catalogue, settings):
    """The demo's English tree: home, catalogue, a course and a lesson show English chrome around English content."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", "--courses-only", verbosity=0)
    from courses.models import CourseIndexPage, CoursePage, HomePage

    en = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=en)
    index = CourseIndexPage.objects.get(locale=en)
    course = CoursePage.objects.filter(locale=en, live=True).first()
    assert course is not None
    lesson = course.lessons().first() if hasattr(course, "lessons") else None

    home_html = client.get(home.url).content.decode()
    assert home.url.startswith("/en/")
    assert "Skip to main content" in home_html and "Digital Literacy for All" in home_html

    index_response = client.get(index.url)
    assert index_response.status_code == 200
    index_html = index_response.content.decode()
    assert "Search and filter courses" in index_html
    assert re.search(r"\d+ courses?\b", index_html)

    course_response = client.get(course.url)
    assert course_response.status_code == 200
    course_html = course_response.content.decode()
    assert "Course content" in course_html and "Log in to start learning" in course_html

    pages = [home_html, index_html, course_html]
    if lesson is not None:
        lesson_response = client.get(lesson.url)
        assert lesson_response.status_code == 200
        pages.append(lesson_response.content.decode())
    for html in pages:
        assert '<html lang="en"' in html
        assert untranslated(html) == []
