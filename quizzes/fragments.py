"""The attempt page's questions, assembled from parts compiled once per question version and language (issue 17).

A start at 8:00 renders the 30-question attempt page for each of 200 learners; through the template
(``templates/quizzes/_question.html``, 30 includes) that was about two thirds of a start's CPU, to print the same
stems and option texts again and again. A ``QuestionVersion`` never changes, so what the template prints from it
(its stem through ``quiz_html``, every option's escaped text, and the interface's own words in the active
language) is compiled once per process for each (version, language) and kept (``compiled``, at most
``MAX_ENTRIES``); a page assembles each question from it with what belongs to the attempt: its position, the
attempt's order of the options, their opaque public ids (``AttemptQuestion.aliases``), the saved answer and the
flag (``question_html``). The markup is the template's, byte for byte (``tests/quizzes/test_fragments.py``
renders every question type in every state both ways and compares them); the editor's preview still uses the
template.

What is never in a compiled part: the attempt's ids, its order, an answer, and anything of the key (fractions,
the right option, feedback, the right order): the parts hold each option's text under its internal id, and only
public ids are printed, as ``scoring.learner_view`` does. A stem with a Wagtail link or embed (expanded from the
database, so it may change without a new version) is compiled on every page and not kept; so is a question's
image (its rendition is read as the template's ``{% image %}`` reads it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from html import escape as _escape

from django.template import engines
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from .sanitize import render as render_rich_text
from .scoring import _Names, default_choice_order

MAX_ENTRIES = 4096
_compiled: dict[tuple, Compiled] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Compiled:
    """What a question version prints, in one language, whoever the learner."""

    qtype: str
    head: str  # the stem's <div> (the fieldset's opening and legend are per position)
    image: int | None  # the image's id; its tag is rendered per page
    texts: dict = field(default_factory=dict)  # kind → {internal id: escaped text}
    order: tuple = ()  # the options' default order (attempts without a stored order)
    words: dict = field(default_factory=dict)  # the interface's words, in this language, ready to print


def forget() -> None:
    """Drop every compiled question (tests: a rolled-back test's version ids are the next test's)."""
    with _lock:
        _compiled.clear()


_FORM_TEXTS = (  # the attempt form's data-* attributes: what attempt.js says while saving, offline, at time's end
    ("saved", gettext_noop("Đã lưu")), ("saving", gettext_noop("Đang lưu…")),
    ("error", gettext_noop("Chưa lưu được, hãy thử lại.")), ("timeup", gettext_noop("Hết giờ. Bài đang được nộp…")),
    ("minute", gettext_noop("Còn 1 phút.")), ("five", gettext_noop("Còn 5 phút.")),
    ("ten", gettext_noop("Còn 10 phút.")), ("under", gettext_noop("Còn chưa đến %(n)s phút.")),
    ("retry", gettext_noop("Chưa lưu được (mất kết nối). Tự thử lại sau %(s)s giây…")),
    ("offline", gettext_noop("Mất kết nối: %(n)s câu trả lời chưa được lưu. Hệ thống đang tự thử lại, xin đừng đóng "
                             "trang. Khi nộp bài, mọi câu trả lời trên trang đều được gửi đi.")),
    ("recovered", gettext_noop("Đã kết nối lại: mọi câu trả lời đã được lưu.")),
    ("offline-now", gettext_noop("Bạn đang ngoại tuyến (mất mạng). Câu trả lời vẫn được giữ trên trang này, xin đừng "
                                 "đóng trang: khi có mạng trở lại, bài làm tiếp tục và các câu trả lời được lưu tự "
                                 "động.")),
    ("offline-submit", gettext_noop("Bài sẽ nộp được khi có mạng.")),
)
_form_texts: dict[str, str] = {}


def form_texts() -> str:
    """The attempt form's ``data-…-text`` attributes in the active language, built once per language (13
    ``{% translate %}`` tags of every attempt page before)."""
    language = get_language()
    text = _form_texts.get(language)
    if text is None:
        text = mark_safe("\n      ".join(f'data-{name}-text="{escape(_(message))}"' for name, message in _FORM_TEXTS))
        _form_texts[language] = text
    return text


def compiled(version_id: int, data: dict | None, language: str | None = None) -> Compiled | None:
    """The compiled parts of ``version_id`` in ``language`` (default: the active one): kept ones, else compiled from
    ``data`` (``None`` when not kept and no ``data``: the caller reads the version's data and calls again)."""
    language = language or get_language() or ""
    key = (version_id, language)
    found = _compiled.get(key)
    if found is not None or data is None:
        return found
    entry = compile_question(data)
    if not _links_from_database(data.get("stem")):
        with _lock:
            if len(_compiled) >= MAX_ENTRIES:
                _compiled.clear()  # rare (a bank of thousands of versions × languages): start again
            _compiled[key] = entry
    return entry


def _links_from_database(stem) -> bool:
    stem = str(stem or "")
    return "linktype" in stem or "embedtype" in stem


def compile_question(data: dict) -> Compiled:
    """The parts of one version's question in the active language (see the module's docstring)."""
    qtype = data["type"]
    texts: dict[str, dict[str, str]] = {}
    if qtype in ("single", "multiple"):
        texts["choices"] = {c["id"]: escape(c["text"]) for c in data["choices"]}
    elif qtype == "truefalse":
        texts["choices"] = {"true": escape(_("Đúng")), "false": escape(_("Sai"))}
    elif qtype == "matching":
        texts["pairs"] = {p["id"]: escape(p["prompt"]) for p in data["pairs"]}
        texts["options"] = {}  # an option's text is its key: escaped when printed
    elif qtype == "ordering":
        texts["items"] = {i["id"]: escape(i["text"]) for i in data["items"]}
    words = {
        "legend": _("Câu %(n)s"),  # blocktranslate: the words as they are, the number escaped
        "multiple": conditional_escape(_("Chọn tất cả các đáp án đúng.")),
        "choose": conditional_escape(_("– Chọn –")),
        "ordering": conditional_escape(_("Chọn thứ tự đúng cho từng mục (1 là đầu tiên).")),
        "rank": _("Thứ %(r)s"),
        "numeric": conditional_escape(_("Câu trả lời (số)")),
        "text": conditional_escape(_("Câu trả lời")),
        "flag": conditional_escape(_("Đánh dấu để xem lại câu này trước khi nộp")),
        "save": conditional_escape(_("Lưu")),
        "saved": conditional_escape(_("Đã lưu")),
    }
    return Compiled(qtype=qtype, head=render_rich_text(data.get("stem")), image=data.get("image"), texts=texts,
                    order=tuple(default_choice_order(data)), words=words)


_IMAGE = None


def image_html(image) -> str:
    """The question's image as the template's ``{% image item.image width-800 %}`` prints it."""
    global _IMAGE
    if _IMAGE is None:
        _IMAGE = engines["django"].from_string("{% load wagtailimages_tags %}{% image image width-800 %}")
    return _IMAGE.render({"image": image})


def _value(value) -> str:
    """A value as ``{{ value }}`` prints it (localised, escaped); a small whole number is its digits."""
    if type(value) is int and 0 <= value < 1000:
        return str(value)
    return conditional_escape(localize(value))


def question_html(c: Compiled, *, position: int, total: int | None, choice_order, aliases, response, flagged: bool,
                  image: str = "") -> str:
    """One question of the attempt page, as ``quizzes/_question.html`` renders ``presenters.item_view`` of it."""
    names = _Names(aliases)
    w = c.words
    pos = str(position)
    p = f"q{pos}"
    order = list(choice_order or c.order)
    out = [f'\n<fieldset class="quiz-question" id="q-{pos}" data-position="{pos}" data-prefix="{p}" '
           f'aria-describedby="{p}-stem">\n  <legend>{w["legend"] % {"n": _value(position)}}',
           f" / {_value(total)}" if total else "",
           f'</legend>\n  <div class="quiz-stem" id="{p}-stem">{c.head}</div>\n  {image}\n  \n  ']
    qtype = c.qtype
    if qtype in ("single", "multiple", "truefalse"):
        texts = c.texts["choices"]
        if qtype == "truefalse":
            keys = [i for i in order if i in texts] or ["true", "false"]
            checked = [] if response is None else ["true" if response else "false"]
        else:
            keys = [i for i in order if i in texts]
            checked = response if isinstance(response, list) else [response]
        kind = "checkbox" if qtype == "multiple" else "radio"
        out.append(f'\n    <p class="help">{w["multiple"]}</p>\n    ' if qtype == "multiple" else "\n    ")
        for key in keys:
            out.append(f'<label class="choice"><input type="{kind}" name="{p}" '
                       f'value="{_escape(names.public("choices", key))}"{" checked" if key in checked else ""}> '
                       f'<span>{texts[key]}</span></label>')
        out.append("\n  ")
    elif qtype == "matching":
        given = response if isinstance(response, dict) else {}
        options = [(_escape(names.public("options", text)), _escape(text)) for text in order]
        public = {text: names.public("options", text) for text in order}
        out.append("\n    ")
        for key, prompt in c.texts["pairs"].items():
            pid = _escape(names.public("pairs", key))
            selected = _escape(public.get(given.get(key, ""), ""))
            out.append(f'\n      <div class="field"><label for="{p}-{pid}">{prompt}</label>\n'
                       f'        <select id="{p}-{pid}" name="{p}-{pid}">\n'
                       f'          <option value="">{w["choose"]}</option>\n          ')
            out.extend(f'<option value="{oid}"{" selected" if oid == selected else ""}>{text}</option>'
                       for oid, text in options)
            out.append("\n        </select></div>\n    ")
        out.append("\n  ")
    elif qtype == "ordering":
        texts = c.texts["items"]
        keys = [i for i in order if i in texts]
        ranks: dict[str, int | None] = {}
        if isinstance(response, list) and response:
            rank = {item_id: n for n, item_id in enumerate(response, start=1)}
            keys.sort(key=lambda i: rank.get(i, 99))
            ranks = {k: (n if k in rank else None) for n, k in enumerate(keys, start=1)}
        choose = f'\n          <option value="">{w["choose"]}</option>\n          '
        rank_words = [(str(r), w["rank"] % {"r": _value(r)}) for r in range(1, len(keys) + 1)]
        out.append(f'\n    <p class="help">{w["ordering"]}</p>\n    <ol class="quiz-order">\n    ')
        for key in keys:
            iid = _escape(names.public("items", key))
            mine = ranks.get(key)
            out.append(f'\n      <li><label for="{p}-{iid}">{texts[key]}</label>\n'
                       f'        <select id="{p}-{iid}" name="{p}-{iid}" class="quiz-rank">{choose}')
            out.extend(f'<option value="{r}"{" selected" if mine is not None and r == str(mine) else ""}>{text}'
                       f'</option>' for r, text in rank_words)
            out.append("\n        </select></li>\n    ")
        out.append("\n    </ol>\n  ")
    elif qtype == "numeric":
        out.append(f'\n    <label for="{p}-input">{w["numeric"]}</label>\n    <input type="text" inputmode="decimal" '
                   f'id="{p}-input" name="{p}" value="{_value(response or "")}" autocomplete="off">\n  ')
    else:
        out.append(f'\n    <label for="{p}-input">{w["text"]}</label>\n    <input type="text" id="{p}-input" '
                   f'name="{p}" value="{_value(response or "")}" autocomplete="off" maxlength="500">\n  ')
    answered = response not in (None, "", [], {})
    out.append(f'\n  \n  \n  <input type="hidden" name="positions" value="{pos}">\n'
               f'  <label class="quiz-flag"><input type="checkbox" name="flag" value="{pos}"'
               f'{" checked" if flagged else ""}> <span>{w["flag"]}</span></label>\n'
               f'  <div class="quiz-save">\n'
               f'    <button type="submit" name="save" value="{pos}" class="button button-small button-secondary '
               f'quiz-save-button">{w["save"]}</button>\n'
               f'    <span class="quiz-status" role="status" aria-live="polite" id="{p}-status">'
               f'{w["saved"] if answered else ""}</span>\n  </div>\n  \n</fieldset>\n')
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped or compiled from cleaned HTML
