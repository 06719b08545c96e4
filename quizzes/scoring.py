"""Scoring, as plain functions over a question's JSON data (a ``QuestionVersion.data``).

``score(question_data, response) -> Fraction`` in [0, 1] is all a caller needs (the quiz engine, the
courses app's lesson knowledge checks, the importers' round-trip tests). Nothing here touches the database.

Question data (one dict per version; percents are decimal strings so that JSON compares exactly)::

    common:    type, name, stem (HTML), image (id or None), general_feedback, explanation
    single:    choices [{id, text, fraction (percent), feedback}]
    multiple:  choices [...] + partial (bool): partial credit = sum of chosen fractions, floored at 0 and
               capped at 1; all-or-nothing = 1 only when exactly the choices with a positive fraction are chosen
    truefalse: correct (bool), feedback_true, feedback_false
    matching:  pairs [{id, prompt, answer}], distractors [answer...], partial (share of pairs right) or
               all-or-nothing
    ordering:  items [{id, text}] in the correct order, partial: (longest run in correct relative order − 1)
               / (n − 1), i.e. the longest common subsequence with the right order; all-or-nothing otherwise
    numeric:   answers [{id, value, tolerance, fraction, feedback}]; a response x matches when
               |x − value| ≤ tolerance (exact decimal arithmetic, boundaries included); ``value`` "*" matches
               any number; the best matching fraction counts. "3,5" is read as 3.5.
    shorttext: answers [{id, text, fraction, feedback}], case_sensitive, ignore_diacritics; the first
               matching answer counts; ``*`` in an accepted answer matches any run of characters

Responses: single → choice id; multiple → [choice ids]; truefalse → bool; matching → {pair id: answer};
ordering → [item ids]; numeric / shorttext → str. ``None`` (or an empty value) scores 0.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

TYPES = ("single", "multiple", "truefalse", "matching", "ordering", "numeric", "shorttext")
ZERO, ONE = Fraction(0), Fraction(1)


# -- helpers ---------------------------------------------------------------------------------------
def percent(value) -> str:
    """A fraction in percent as a canonical decimal string: Decimal("100.00000") → "100", -33.333330 → "-33.33333"."""
    d = Decimal(str(value)).normalize()
    text = format(d, "f")
    return "0" if text in ("-0", "") else text


def number_text(value) -> str:
    d = Decimal(str(value)).normalize()
    text = format(d, "f")
    return "0" if text == "-0" else text


def _fraction(pct) -> Fraction:
    return Fraction(Decimal(str(pct))) / 100


def clamp(value: Fraction) -> Fraction:
    return max(ZERO, min(ONE, value))


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese (and other) diacritics: NFD, drop combining marks; đ/Đ become d/D."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def normalize_text(text: str, *, case_sensitive: bool = False, ignore_diacritics: bool = False) -> str:
    text = " ".join(unicodedata.normalize("NFC", str(text)).split())
    if ignore_diacritics:
        text = strip_diacritics(text)
    if not case_sensitive:
        text = text.casefold()
    return text


def parse_number(text) -> Decimal | None:
    """Read a learner's number: spaces ignored, a lone comma is the decimal separator ("3,5" → 3.5)."""
    if text is None:
        return None
    s = str(text).strip().replace(" ", "").replace("\u00a0", "")
    if not s:
        return None
    if "," in s and "." not in s and s.count(",") == 1:
        s = s.replace(",", ".")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _lcs_length(a: list, b: list) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, start=1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def _wildcard_match(pattern: str, text: str) -> bool:
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, text, flags=re.DOTALL) is not None


# -- scoring ---------------------------------------------------------------------------------------
def score(question_data: dict, response: Any) -> Fraction:
    """The credit in [0, 1] for ``response`` to the question described by ``question_data``."""
    qtype = question_data.get("type")
    if qtype not in TYPES:
        raise ValueError(f"Unknown question type: {qtype!r}")
    if response is None or response == "" or response == [] or response == {}:
        return ZERO
    return clamp(_SCORERS[qtype](question_data, response))


def _score_single(data, response):
    for choice in data["choices"]:
        if choice["id"] == response:
            return _fraction(choice["fraction"])
    return ZERO


def _score_multiple(data, response):
    if isinstance(response, str):
        response = [response]
    chosen = set(response)
    known = {c["id"] for c in data["choices"]}
    chosen &= known  # ids that are not options of this question carry no credit (and no penalty)
    if data.get("partial", True):
        return sum((_fraction(c["fraction"]) for c in data["choices"] if c["id"] in chosen), ZERO)
    correct = {c["id"] for c in data["choices"] if Decimal(c["fraction"]) > 0}
    return ONE if chosen == correct else ZERO


def _score_truefalse(data, response):
    value = response
    if isinstance(response, str):
        value = {"true": True, "false": False}.get(response.strip().lower())
    if not isinstance(value, bool):
        return ZERO
    return ONE if value == bool(data["correct"]) else ZERO


def _score_matching(data, response):
    if not isinstance(response, dict) or not data["pairs"]:
        return ZERO
    right = sum(1 for p in data["pairs"] if str(response.get(p["id"], "")).strip() == p["answer"].strip())
    if data.get("partial", True):
        return Fraction(right, len(data["pairs"]))
    return ONE if right == len(data["pairs"]) else ZERO


def _score_ordering(data, response):
    correct = [i["id"] for i in data["items"]]
    if not isinstance(response, list | tuple):
        return ZERO
    seen, given = set(), []
    for item in response:
        if item in correct and item not in seen:
            seen.add(item)
            given.append(item)
    if given == correct:
        return ONE
    if not data.get("partial", True) or len(correct) < 2:
        return ZERO
    return Fraction(max(_lcs_length(given, correct) - 1, 0), len(correct) - 1)


def _match_numeric(data, response):
    value = parse_number(response)
    if value is None:
        return None
    best = None
    for answer in data["answers"]:
        if answer["value"] == "*":
            ok = True
        else:
            ok = abs(value - Decimal(answer["value"])) <= Decimal(answer.get("tolerance") or "0")
        if ok and (best is None or _fraction(answer["fraction"]) > _fraction(best["fraction"])):
            best = answer
    return best


def _score_numeric(data, response):
    best = _match_numeric(data, response)
    return _fraction(best["fraction"]) if best else ZERO


def _match_shorttext(data, response):
    opts = {"case_sensitive": data.get("case_sensitive", False), "ignore_diacritics": data.get("ignore_diacritics", False)}
    given = normalize_text(str(response), **opts)
    if not given:
        return None
    for answer in data["answers"]:
        if _wildcard_match(normalize_text(answer["text"], **opts), given):
            return answer
    return None


def _score_shorttext(data, response):
    best = _match_shorttext(data, response)
    return _fraction(best["fraction"]) if best else ZERO


_SCORERS = {
    "single": _score_single,
    "multiple": _score_multiple,
    "truefalse": _score_truefalse,
    "matching": _score_matching,
    "ordering": _score_ordering,
    "numeric": _score_numeric,
    "shorttext": _score_shorttext,
}


# -- feedback and correct answers ------------------------------------------------------------------
def feedback(question_data: dict, response: Any) -> list[str]:
    """Per-answer feedback for ``response`` (HTML or text, in order), without the general feedback."""
    qtype = question_data["type"]
    out: list[str] = []
    if response in (None, "", [], {}):
        return out
    if qtype in ("single", "multiple"):
        chosen = response if isinstance(response, list) else [response]
        out = [c["feedback"] for c in question_data["choices"] if c["id"] in chosen and c.get("feedback")]
    elif qtype == "truefalse":
        value = response if isinstance(response, bool) else str(response).lower() == "true"
        text = question_data.get("feedback_true" if value else "feedback_false")
        out = [text] if text else []
    elif qtype == "numeric":
        best = _match_numeric(question_data, response)
        out = [best["feedback"]] if best and best.get("feedback") else []
    elif qtype == "shorttext":
        best = _match_shorttext(question_data, response)
        out = [best["feedback"]] if best and best.get("feedback") else []
    return out


def correct_answers(question_data: dict) -> list[str]:
    """Human-readable right answers, for the review page."""
    qtype = question_data["type"]
    if qtype in ("single", "multiple"):
        return [c["text"] for c in question_data["choices"] if Decimal(c["fraction"]) > 0]
    if qtype == "truefalse":
        return ["Đúng" if question_data["correct"] else "Sai"]
    if qtype == "matching":
        return [f"{p['prompt']} → {p['answer']}" for p in question_data["pairs"]]
    if qtype == "ordering":
        return [i["text"] for i in question_data["items"]]
    if qtype == "numeric":
        out = []
        for a in question_data["answers"]:
            if Decimal(a["fraction"]) == 100:
                tol = Decimal(a.get("tolerance") or "0")
                out.append(a["value"] + (f" (± {number_text(tol)})" if tol else ""))
        return out
    if qtype == "shorttext":
        return [a["text"] for a in question_data["answers"] if Decimal(a["fraction"]) == 100]
    return []


def response_text(question_data: dict, response: Any) -> list[str]:
    """The learner's answer in words (for the review page)."""
    if response in (None, "", [], {}):
        return []
    qtype = question_data["type"]
    if qtype in ("single", "multiple"):
        chosen = response if isinstance(response, list) else [response]
        return [c["text"] for c in question_data["choices"] if c["id"] in chosen]
    if qtype == "truefalse":
        value = response if isinstance(response, bool) else str(response).lower() == "true"
        return ["Đúng" if value else "Sai"]
    if qtype == "matching":
        return [f"{p['prompt']} → {response.get(p['id'], '')}" for p in question_data["pairs"]]
    if qtype == "ordering":
        texts = {i["id"]: i["text"] for i in question_data["items"]}
        return [texts[i] for i in response if i in texts]
    return [str(response)]


# -- building data from a Question, and the learner's view -----------------------------------------
def question_data_from_question(question) -> dict:
    """The JSON snapshot of a ``quizzes.models.Question`` (its unsaved choice rows included)."""
    rows = list(question.choices.all())
    data: dict[str, Any] = {
        "type": question.qtype,
        "name": question.name,
        "stem": str(question.stem or ""),
        "image": question.image_id,
        "general_feedback": str(question.general_feedback or ""),
        "explanation": str(question.explanation or ""),
    }
    qtype = question.qtype
    if qtype in ("single", "multiple"):
        data["choices"] = [
            {"id": f"c{n}", "text": r.text, "fraction": percent(r.fraction), "feedback": r.feedback}
            for n, r in enumerate(rows, start=1)
        ]
        if qtype == "multiple":
            data["partial"] = bool(question.partial_credit)
    elif qtype == "truefalse":
        data["correct"] = bool(question.correct_true)
        data["feedback_true"] = rows[0].feedback if rows else ""
        data["feedback_false"] = rows[1].feedback if len(rows) > 1 else ""
    elif qtype == "matching":
        pairs = [r for r in rows if r.text.strip()]
        data["pairs"] = [{"id": f"p{n}", "prompt": r.text, "answer": r.match_text} for n, r in enumerate(pairs, 1)]
        data["distractors"] = [r.match_text for r in rows if not r.text.strip() and r.match_text.strip()]
        data["partial"] = bool(question.partial_credit)
    elif qtype == "ordering":
        data["items"] = [{"id": f"i{n}", "text": r.text} for n, r in enumerate(rows, start=1)]
        data["partial"] = bool(question.partial_credit)
    elif qtype == "numeric":
        data["answers"] = [
            {"id": f"a{n}", "value": r.text.strip() if r.text.strip() == "*" else number_text(parse_number(r.text) or 0),
             "tolerance": number_text(r.tolerance or 0), "fraction": percent(r.fraction), "feedback": r.feedback}
            for n, r in enumerate(rows, start=1)
        ]
    elif qtype == "shorttext":
        data["answers"] = [
            {"id": f"a{n}", "text": r.text.strip(), "fraction": percent(r.fraction), "feedback": r.feedback}
            for n, r in enumerate(rows, start=1)
        ]
        data["case_sensitive"] = bool(question.case_sensitive)
        data["ignore_diacritics"] = bool(question.ignore_diacritics)
    return data


def default_choice_order(question_data: dict) -> list[str]:
    """The order options are shown in before any shuffle: the author's (true/false: Đúng, Sai)."""
    qtype = question_data["type"]
    if qtype in ("single", "multiple"):
        return [c["id"] for c in question_data["choices"]]
    if qtype == "truefalse":
        return ["true", "false"]
    if qtype == "matching":
        return matching_options(question_data)
    if qtype == "ordering":
        ids = [i["id"] for i in question_data["items"]]
        return ids[1:] + ids[:1]  # the editor's preview: not the right order
    return []


def matching_options(question_data: dict) -> list[str]:
    seen: list[str] = []
    for text in [p["answer"] for p in question_data["pairs"]] + list(question_data.get("distractors", [])):
        if text not in seen:
            seen.append(text)
    return sorted(seen, key=normalize_text)


# -- opaque identifiers ----------------------------------------------------------------------------
# What the page names a choice, a matching pair or option, or an ordering item by: random tokens drawn per
# attempt and kept on the attempt (``AttemptQuestion.aliases`` = {kind: {public id: internal}}), so that
# nothing in the HTML, the field names or the autosave JSON says which option is which in the author's list.
ALIAS_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ALIAS_LENGTH = 12  # 56^12 ≈ 10^21: not guessable, and never the same twice in practice
ALIAS_KINDS = ("choices", "pairs", "options", "items")


# ``bytes.translate`` turns random bytes into alias characters: the 224 byte values below 4 × 56 map four each
# onto the 56 characters (uniform), the 32 above are dropped (rejection, so no character is favoured).
_ALIAS_TABLE = bytes(ord(ALIAS_ALPHABET[b % len(ALIAS_ALPHABET)]) if b < 4 * len(ALIAS_ALPHABET) else 0
                     for b in range(256))
_ALIAS_REJECT = bytes(range(4 * len(ALIAS_ALPHABET), 256))


def new_aliases(rng, count: int) -> list[str]:
    """``count`` opaque tokens (``rng``: a ``random.Random``; production passes a ``random.SystemRandom``): each
    character uniform over the alphabet and independent, drawn from ``rng.randbytes`` and mapped in C
    (``bytes.translate``) rather than one draw and twelve divisions per token (a start makes about 100)."""
    need = count * ALIAS_LENGTH
    text = ""
    while len(text) < need:
        raw = rng.randbytes((need - len(text)) * 8 // 7 + 8)  # 7 in 8 bytes are kept on average
        text += raw.translate(_ALIAS_TABLE, _ALIAS_REJECT).decode("ascii")
    return [text[i:i + ALIAS_LENGTH] for i in range(0, need, ALIAS_LENGTH)]


def new_alias(rng) -> str:
    """One opaque token (``new_aliases``)."""
    return new_aliases(rng, 1)[0]


def make_aliases(question_data: dict, rng) -> dict[str, dict[str, str]]:
    """Fresh public ids for every option of the question: ``{kind: {public id: internal id or answer text}}``."""
    qtype = question_data["type"]
    internal: dict[str, list[str]] = {}
    if qtype in ("single", "multiple"):
        internal["choices"] = [c["id"] for c in question_data["choices"]]
    elif qtype == "truefalse":
        internal["choices"] = ["true", "false"]
    elif qtype == "matching":
        internal["pairs"] = [p["id"] for p in question_data["pairs"]]
        internal["options"] = matching_options(question_data)
    elif qtype == "ordering":
        internal["items"] = [i["id"] for i in question_data["items"]]
    tokens = iter(new_aliases(rng, sum(len(keys) for keys in internal.values())))
    out: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    for kind, keys in internal.items():
        out[kind] = {}
        for key in keys:
            token = next(tokens)
            while token in used:  # 56^12: never in practice, but a clash would merge two options
                token = new_alias(rng)
            used.add(token)
            out[kind][token] = key
    return out


class _Names:
    """Public ↔ internal names of one attempt question. Without aliases (attempts started before opaque ids,
    the editor's preview) the internal ids are the public ones."""

    def __init__(self, aliases: dict | None):
        self.aliases = aliases or {}
        self.to_public = {kind: {v: k for k, v in m.items()} for kind, m in self.aliases.items()}

    def public(self, kind: str, key: str) -> str:
        if not self.aliases:
            return key
        return self.to_public.get(kind, {}).get(key, "")

    def internal(self, kind: str, public: str) -> str | None:
        if not self.aliases:
            return public
        return self.aliases.get(kind, {}).get(public)


def learner_view(question_data: dict, choice_order: list | None, aliases: dict | None = None) -> dict:
    """What the learner may see: options in the attempt's order under their public ids, no fractions, no right
    answers. Each option also carries ``key`` (its internal id) for the server's own use (marking the saved
    answer); templates never print it."""
    qtype = question_data["type"]
    names = _Names(aliases)
    order = choice_order or default_choice_order(question_data)
    view: dict[str, Any] = {"type": qtype, "stem": question_data["stem"], "image": question_data.get("image")}
    if qtype in ("single", "multiple"):
        by_id = {c["id"]: c for c in question_data["choices"]}
        view["choices"] = [{"id": names.public("choices", i), "key": i, "text": by_id[i]["text"]}
                           for i in order if i in by_id]
    elif qtype == "truefalse":
        labels = {"true": "Đúng", "false": "Sai"}
        tf_order = [i for i in order if i in labels] or ["true", "false"]
        view["choices"] = [{"id": names.public("choices", i), "key": i, "text": labels[i]} for i in tf_order]
    elif qtype == "matching":
        view["prompts"] = [{"id": names.public("pairs", p["id"]), "key": p["id"], "text": p["prompt"]}
                           for p in question_data["pairs"]]
        view["options"] = [{"id": names.public("options", text), "key": text, "text": text} for text in order]
    elif qtype == "ordering":
        by_id = {i["id"]: i for i in question_data["items"]}
        view["items"] = [{"id": names.public("items", i), "key": i, "text": by_id[i]["text"]}
                         for i in order if i in by_id]
    return view


def form_field_names(question_data: dict, prefix: str, aliases: dict | None = None) -> dict[str, int]:
    """Every form field a question may send, with how many values each may carry (bounded requests)."""
    qtype = question_data["type"]
    names = _Names(aliases)
    if qtype == "multiple":
        return {prefix: len(question_data["choices"])}
    if qtype == "matching":
        return {f"{prefix}-{names.public('pairs', p['id'])}": 1 for p in question_data["pairs"]}
    if qtype == "ordering":
        return {f"{prefix}-{names.public('items', i['id'])}": 1 for i in question_data["items"]}
    return {prefix: 1}


MAX_ANSWER_CHARS = 500


def _storable(value: str) -> str:
    """What a browser may send but the database cannot store: NUL (PostgreSQL's jsonb refuses ``\\u0000``) and
    lone surrogates (from JSON ``\\ud800``). NUL is dropped, a lone surrogate becomes “?”, and values are cut to
    ``MAX_ANSWER_CHARS``."""
    value = str(value).replace("\x00", "")[:MAX_ANSWER_CHARS]
    return value.encode("utf-8", "replace").decode("utf-8")


def parse_form_response(question_data: dict, prefix: str, getlist, aliases: dict | None = None) -> Any:
    """Turn submitted form fields (``getlist(name) -> list[str]``) named after ``prefix`` into a response.

    ``aliases``: the attempt question's public ids (see ``make_aliases``); with them, only public ids are
    understood (an author's id such as ``c1`` sent by a guesser is no answer)."""
    raw_getlist = getlist
    names = _Names(aliases)

    def getlist(name):
        return [_storable(v) for v in raw_getlist(name) if v is not None]

    qtype = question_data["type"]
    values = [v for v in getlist(prefix) if v is not None]
    if qtype == "single":
        key = names.internal("choices", values[0]) if values and values[0] else None
        known = {c["id"] for c in question_data["choices"]}
        return key if key in known else None
    if qtype == "multiple":
        known = {c["id"] for c in question_data["choices"]}
        keys = [names.internal("choices", v) for v in dict.fromkeys(values)]
        return [k for k in keys if k in known]
    if qtype == "truefalse":
        key = names.internal("choices", values[0]) if values else None
        if key not in ("true", "false"):
            return None
        return key == "true"
    if qtype == "matching":
        out = {}
        known = set(matching_options(question_data))
        for pair in question_data["pairs"]:
            picked = getlist(f"{prefix}-{names.public('pairs', pair['id'])}")
            text = names.internal("options", picked[0]) if picked and picked[0] else None
            if text is not None and (text in known or not aliases):
                out[pair["id"]] = text
        return out or None
    if qtype == "ordering":
        ranked = []
        for index, item in enumerate(question_data["items"]):
            picked = getlist(f"{prefix}-{names.public('items', item['id'])}")
            try:
                rank = int(picked[0]) if picked else None
            except (TypeError, ValueError):
                rank = None
            if rank is not None:
                ranked.append((rank, index, item["id"]))
        if not ranked:
            return None
        return [item_id for _, _, item_id in sorted(ranked)]
    text = values[0].strip() if values and values[0] else ""
    return text[:MAX_ANSWER_CHARS] or None
