"""The one sanitiser for question content (nh3, a maintained Rust HTML sanitiser built on html5ever).

Rich-text fields of a question (stem, general feedback, explanation) are HTML; choice texts and per-answer
feedback are plain text (shown escaped by the templates). Every way in (the GIFT, Moodle XML and Aiken
importers, the Wagtail editor, ``Question.save``) passes them through this module, and the templates show
rich text only through ``{{ value|quiz_html }}`` (``templatetags/quiz_html.py``), which cleans once more after
Wagtail has expanded its internal links and images. Migration ``0009_sanitise_question_html`` cleaned the rows
stored before.

Two policies:

* ``clean_html`` (stored form): the formatting a question needs (paragraphs, emphasis, lists, tables, code,
  sub/superscript, headings, links, images) plus Wagtail's own storage form (``<a linktype="page" id="3">``,
  ``<embed embedtype="image" id="5" format="left" alt="…">``, ``data-block-key``). No scripts, styles, event
  handlers, forms, frames, objects, SVG/MathML, ``<meta>``/``<base>``/``<link>``; URLs only http(s), mailto
  and relative; no ``data:`` or ``javascript:``. Links get ``rel="noopener noreferrer nofollow"``.
* ``clean_rendered`` (what reaches a page): the same without Wagtail's storage attributes (``linktype``,
  ``id``, ``embed``), applied after ``expand_db_html`` so that no ``id`` (DOM clobbering) and nothing a
  rewriter produced escapes the policy.
"""

from __future__ import annotations

import functools
import html as html_lib
import re

import nh3
from wagtail.rich_text import expand_db_html

_TEXT_TAGS = {
    "p", "br", "hr", "div", "span", "strong", "b", "em", "i", "u", "s", "strike", "del", "ins", "mark", "small",
    "sub", "sup", "code", "kbd", "samp", "var", "pre", "blockquote", "q", "cite", "abbr", "dfn",
    "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption", "a", "img",
}
_BLOCK_KEY = {"data-block-key"}
_RENDER_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title", "lang"},
    "img": {"src", "alt", "title", "width", "height"},  # class: see _IMG_CLASSES
    "abbr": {"title"},
    "ol": {"start", "type", "reversed"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "*": {"lang", "dir", "title"},
}
_STORED_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: attrs | _BLOCK_KEY for tag, attrs in _RENDER_ATTRIBUTES.items()},
    "a": _RENDER_ATTRIBUTES["a"] | {"linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
    "p": _BLOCK_KEY, "h2": _BLOCK_KEY, "h3": _BLOCK_KEY, "h4": _BLOCK_KEY, "h5": _BLOCK_KEY, "h6": _BLOCK_KEY,
    "li": _BLOCK_KEY, "blockquote": _RENDER_ATTRIBUTES["blockquote"] | _BLOCK_KEY,
}
_URL_SCHEMES = {"http", "https", "mailto"}
# Elements removed with everything inside them (their text would be junk, e.g. a script's source).
_DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "svg", "math", "textarea",
                      "select", "title", "xmp", "noembed", "noframes", "frameset", "plaintext"}
_IMG_CLASSES = {"img": {"richtext-image", "left", "right", "full-width"}}
# Control characters other than tab/newline and the bidirectional overrides (“Trojan Source” text spoofing).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "embed" and attribute == "embedtype" and value not in ("image", "media"):
        return None
    if attribute in ("id", "width", "height", "colspan", "rowspan", "span", "start") and not value.isdigit():
        return None
    return value


_EMBED_RE = re.compile(r"<embed\b([^>]*?)/?>")


def clean_html(value: str | None) -> str:
    """HTML safe to store and to show (Wagtail's rich-text storage form kept)."""
    if not value:
        return ""
    cleaned = nh3.clean(
        _CONTROL_RE.sub("", str(value)), tags=_TEXT_TAGS | {"embed"}, clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_STORED_ATTRIBUTES, attribute_filter=_attribute_filter, url_schemes=_URL_SCHEMES,
        allowed_classes=_IMG_CLASSES, link_rel="noopener noreferrer nofollow", strip_comments=True,
    ).strip()
    # Wagtail finds its embeds as ``<embed …/>``; one without a known ``embedtype`` (filtered out) is dropped.
    return _EMBED_RE.sub(lambda m: f"<embed{m.group(1)}/>" if "embedtype=" in m.group(1) else "", cleaned)


def clean_rendered(value: str | None) -> str:
    """HTML as it may reach a page (after Wagtail's ``expand_db_html``)."""
    if not value:
        return ""
    return nh3.clean(
        _CONTROL_RE.sub("", str(value)), tags=_TEXT_TAGS, clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_RENDER_ATTRIBUTES, attribute_filter=_attribute_filter, url_schemes=_URL_SCHEMES,
        allowed_classes=_IMG_CLASSES, link_rel="noopener noreferrer nofollow", strip_comments=True,
    ).strip()


def clean_text(value: str | None) -> str:
    """Plain text (choices, per-answer feedback, matching answers): tags removed with nh3 (a script's or
    style's content dropped, not kept as text), entities decoded, control and bidi-override characters
    removed. Templates escape it when they show it."""
    if not value:
        return ""
    text = str(value)
    if "<" in text or "&" in text:
        text = re.sub(r"(?i)<br\s*/?>|</p\s*>", "\n", text)
        text = html_lib.unescape(nh3.clean(text, tags=set(), clean_content_tags=_DROP_WITH_CONTENT))
    return _CONTROL_RE.sub("", text).strip()


def clean_plain(value: str | None) -> str:
    """Text typed as text (an editor's choice row): only control and bidi-override characters removed."""
    return _CONTROL_RE.sub("", str(value or ""))


def render(value: str | None) -> str:
    """Stored rich text → the HTML a page shows: Wagtail's links and images expanded, then cleaned again.

    Without a Wagtail link or embed (``linktype``/``embedtype``, expanded from the database) the result depends
    on the text alone and is kept per process (``_render_pure``): an attempt page shows 30 stems and their
    feedback, the same few hundred texts for every learner."""
    if not value:
        return ""
    value = str(value)
    if "linktype" in value or "embedtype" in value:
        return clean_rendered(expand_db_html(clean_html(value)))
    return _render_pure(value)


@functools.lru_cache(maxsize=4096)
def _render_pure(value: str) -> str:
    return clean_rendered(clean_html(value))
