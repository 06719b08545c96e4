"""Finding English UI words in a rendered admin page (issue 16), without flagging the content people typed.

The rule, made to be deterministic rather than clever:
- Only what a person reads counts: text nodes and the ``placeholder``, ``aria-label``, ``title`` and ``value`` of
  buttons; never scripts, styles, templates, SVG, ``<textarea>`` contents, rich text previews, ``hidden``
  elements (JavaScript fills them from the /admin/jsi18n/ catalogue, tested on its own) or an ``<option>`` whose
  label is its value (a time zone name).
- Content (page, image, document, collection and snippet titles, people's names, tags…) is taken out first: the
  walker passes every such string it finds in the database (``user_content``).
- A word is English when it is ASCII, at least three letters long, and cannot be a Vietnamese syllable written
  without its accents (``Save``, ``More``, ``Help``, ``draft``, ``and`` cannot; ``the`` can, it is left alone), or
  is one of the few English words that look like one (``True``, ``None``…). Acronyms, product names and
  identifiers (``H5P``, ``VNeID``, ``wagtail.admin``) are not words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Onset + vowel nucleus + coda of a Vietnamese syllable, accents stripped (đ already folded to d).
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x|"
_NUCLEI = ("uye|uya|ieu|yeu|uoi|uou|oai|oay|oeo|uay|uyu|"
           "ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|"
           "a|e|i|o|u|y")
_CODAS = "ng|nh|ch|c|m|n|p|t|"
VIETNAMESE_SYLLABLE = re.compile(rf"^(?:{_ONSETS})(?:{_NUCLEI})(?:{_CODAS})$")
# English words that can be read as an unaccented Vietnamese syllable but are English in a UI.
ENGLISH_LOOKALIKES = frozenset({"true", "none", "null", "hello", "ago", "home", "new", "tag", "tags", "go", "to",
                                "an", "in", "on", "no", "yes", "by", "the", "me", "my", "up", "type", "see"} - {
                                "an", "in", "to", "no", "me", "the", "by"})
# Words that are fine in a Vietnamese admin: product and format names, technical terms Vietnamese uses as is.
ALLOWED = frozenset(w.lower() for w in """
    Wagtail H5P VNeID Zalo Facebook Google YouTube Moodle GIFT Aiken Open Badges Word Excel PowerPoint email Email
    English Slug slug URL URLs SEO HTML JSON CSV XLSX XML PDF SVG PNG JPEG JPG GIF WebP AVIF HEIC ICO ZIP MP3 MP4 WebM
    OpenSearch Elasticsearch PostgreSQL SQLite Redis Chrome Chromium Firefox Safari iPhone Android iOS xAPI LRS
    Admin admin OTP SMS VNPT Viettel Mobifone Zalopay MoMo VNPay QR ID IDs API Markdown Draftail Unicode UTF
    Ed25519 JWT DID website web menu video
""".split())
SKIPPED_TAGS = {"script", "style", "template", "noscript", "svg", "textarea", "code", "pre", "head"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Containers whose contents are what an editor wrote (rich text, StreamField previews, H5P content).
CONTENT_CLASSES = ("rich-text", "richtext", "Draftail-Editor", "w-field__input--richtext", "h5p-content")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
IDENTIFIER = re.compile(r"\S*[._/@\\:=#]\S*[A-Za-z]\S*|\S*[0-9]\S*")


def is_english_word(word: str) -> bool:
    lower = word.lower().strip("'’")
    if len(lower) < 3 or lower in ALLOWED:
        return False
    if word.isupper() and len(word) <= 6:  # an acronym
        return False
    if lower in ENGLISH_LOOKALIKES:
        return True
    return not VIETNAMESE_SYLLABLE.match(lower.replace("đ", "d"))


def english_words(text: str) -> list[str]:
    text = IDENTIFIER.sub(" ", text)  # URLs, emails, dotted names, codes with digits
    return [word for word in WORD.findall(text) if word.isascii() and is_english_word(word)]


class VisibleText(HTMLParser):
    """The strings of a page a person reads (see the module docstring)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.strings: list[str] = []
        self.option_value: str | None = None

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class") or ""
        skipped = tag in SKIPPED_TAGS or any(c in classes for c in CONTENT_CLASSES) or "data-user-content" in attrs
        skipped = skipped or "hidden" in attrs  # not shown; what JavaScript puts there is in /admin/jsi18n/
        self.option_value = attrs.get("value") if tag == "option" else None
        if not (self.skipping or skipped):
            for name in ("placeholder", "aria-label", "title", "alt"):
                if attrs.get(name) and name != "alt":
                    self.strings.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.strings.append(attrs["value"])
        if tag not in VOID_TAGS:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "option" and data.strip() == (self.option_value or "").strip():
            return  # an option whose label is its value is data (a time zone name), not a UI word
        if not self.skipping and data.strip():
            self.strings.append(data)


def visible_strings(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return [" ".join(s.split()) for s in parser.strings if s.strip()]


def english_strings(html: str, user_content: list[str]) -> list[str]:
    """The visible strings of ``html`` that hold an English word once ``user_content`` is taken out."""
    found = []
    for string in visible_strings(html):
        text = IDENTIFIER.sub(" ", string)
        for content in user_content:
            if content in text:
                text = text.replace(content, " ")
        if english_words(text):
            found.append(string)
    return found
