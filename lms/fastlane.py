"""The fast lane for signed-in learners (issue 17): one cached page body for everyone (per page, publish
generation, language and text size) plus the small per-learner parts, filled by plain string assembly instead of
routing, Wagtail's serve chain and Django's template engine.

How a page gets into the fast lane
----------------------------------
- A template marks what depends on the learner: ``{% fastpart "name" expr1 expr2 %}…{% endfastpart %}``
  (``lms/templatetags/fastlane.py``). The expressions are *every* learner value the block reads; the block's
  output is stored per *variant*, the tuple of their values. Everything outside the parts must be the same for
  every signed-in learner who sees the page in that language and text size (the per-response CSRF token and CSP
  nonce excepted: they are cut out and filled in per response, as the anonymous page cache does).
- Parts may be nested: an outer part's variant holds the inner parts' holes, filled from their own variants. Per-row
  learner data is kept bounded this way: a card is an outer part keyed by its course, with inner parts keyed by
  small values (done/total, the next lesson), so the variants grow with courses + lessons, never with learners.
- Rows whose list and order depend on the learner (a course's lessons with their status, the learner's courses):
  ``{% fastrows "name" %}{% for … %}{% fastrow key state… %}…{% endfastrow %}{% endfor %}{% endfastrows %}``; each
  row is stored per tuple of its own values, and the handler gives the rows of each learner in their order
  (``Rows``): what is stored is bounded by rows × states, never by the number of learners.
- A page model declares that it may be served here by setting ``request._fastlane_kind = (kind, data)`` while it
  serves (a registered *kind*: ``register``; ``data`` is what its handler needs, pickled with the entry).
- On a miss the request takes the normal path with *capture* on: the parts emit markers, and the response is
  split into the shared body and the parts' variants. The handler is run on the same request and must compute
  the same values as the template saw (checked: a mismatch stores nothing and is logged), so a handler that
  disagrees with its template never serves a page.
- On a hit the handler computes the learner's values from the caches (learner entry, outline), each part's
  variant is looked up, and the page is assembled. Any variant not stored yet, any value the handler cannot
  compute, any unusual request: the normal path (which stores the missing variant).

Where it runs: ``lms.frontdoor.FrontDoorMiddleware``, before the middleware stack (its docstring says what it does
itself on a hit and when it takes the normal path). A hit skips the whole stack, URL resolving, Wagtail's routing
and serve chain, the page's context, template rendering and the visit's SQL write (visits are batched:
``courses.visits``). The entry keeps the final headers of the response it was stored from (the nonce cut out), so
headers are the same both ways by construction; ``X-Fast-Lane`` (``FASTLANE_DEBUG_HEADER``) says hit, miss or why
not.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.safestring import mark_safe

from lms import csrftoken, pagecache

logger = logging.getLogger("lms.fastlane")

TIMEOUT = 60 * 60
# In every entry's key: entries of an earlier release are never read by this one. Format 2 (the front door): the
# final headers of the whole stack, the nonce cut out of them; format 1 kept the inner headers only (no CSP).
FORMAT = 2
HOLE = "\x00"  # placeholders in a stored body: text HOLE name HOLE text …
MARK = "\x01"  # a part's place in a response being captured
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_handlers: dict = {}
_prefetchers: list = []  # (keys(user id), prime(user id, found), kinds): read with the entry, in one round trip


class Refused(Exception):
    """A handler cannot serve this learner from the fast lane (the normal path will)."""


def register(kind: str, handler) -> None:
    """``handler(request, user, data) -> (values, after)``: ``values`` maps each part expression to its value for
    this learner; ``after()`` (or ``None``) is called once the page is served (the visit). Raises ``Refused``."""
    _handlers[kind] = handler


def register_prefetch(keys, prime, kinds=None) -> None:
    """Cache keys of the signed-in user that a handler reads, fetched with the entry (``keys(user_id)``), then
    handed over (``prime(user_id, found)``). ``kinds``: the page kinds whose handlers read them (``None``: all);
    a lesson need not carry the home page's test cards."""
    kinds = frozenset(kinds) if kinds is not None else None
    if not any(known[0] is keys and known[1] is prime for known in _prefetchers):
        _prefetchers.append((keys, prime, kinds))


def capturable(view):
    """Marks a Django view (not a Wagtail page) whose responses the fast lane may capture; the view declares its
    kind with ``request._fastlane_kind`` as a page does (and sets nothing when a response must not be stored)."""
    view.fastlane_capturable = True
    return view


def enabled() -> bool:
    return getattr(settings, "FASTLANE_ENABLED", False)


def handler(kind: str):
    return _handlers.get(kind)


def prefetch_keys(user_id, kind: str | None = None) -> list[str]:
    """The keys to read with a page of ``kind`` (every prefetcher's when the kind is not known yet)."""
    return [key for keys, _prime, kinds in _prefetchers if kind is None or kinds is None or kind in kinds
            for key in keys(user_id)]


def prime(user_id, found: dict, kind: str | None = None) -> None:
    for keys, prime_one, kinds in _prefetchers:
        if kind is None or kinds is None or kind in kinds:
            prime_one(user_id, {key: found[key] for key in keys(user_id) if key in found})


def entry_key(request, language: str) -> str:
    """The entry of this page for signed-in learners: scheme, host, path, language and text size."""
    text_size = "large" if request.COOKIES.get("textsize") == "large" else "normal"
    where = f"{request.scheme}://{request.get_host()}{request.path}"
    return f"fastlane{FORMAT}:{language}:{text_size}:{hashlib.sha256(where.encode()).hexdigest()[:32]}"


_sitewide: dict[tuple, list[str]] = {}
SITEWIDE_MAX = 256


def sitewide_part(key: tuple, render, csrf_token) -> str:
    """A ``{% fastpart … sitewide %}``'s output for ``key`` (name, language, variant): rendered by ``render()`` once
    per process and kept as the text between its CSRF inputs' values, which are filled with this response's
    ``csrf_token`` (the template's lazy token: read only when the part has a form)."""
    if csrf_token is None or str(csrf_token) == "NOTPROVIDED":  # no token in this context: as the tag renders it
        return render()
    segments = _sitewide.get(key)
    if segments is None:
        segments = CSRF_INPUT.sub(f"\\g<1>{HOLE}\\g<2>", render()).split(HOLE)
        if len(_sitewide) >= SITEWIDE_MAX:
            _sitewide.clear()
        _sitewide[key] = segments
    if len(segments) == 1:
        return mark_safe(segments[0])
    return mark_safe(str(csrf_token).join(segments))


def forget_sitewide() -> None:
    _sitewide.clear()


def freeze_value(value):
    """A part expression's value as a variant component: simple values only (an empty container is ``()``)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (dict, list, tuple, set, frozenset)) and not value:
        return ()
    if isinstance(value, (list, tuple)) and all(isinstance(item, (str, int)) for item in value):
        return tuple(value)
    text = getattr(value, "_proxy____cast", None)  # a lazy translation
    if callable(text):
        return str(value)
    raise Refused(f"value of type {type(value).__name__} is not a variant")


# --- capture (normal path) --------------------------------------------------------------------------------------


class Capture:
    """What the templates of one response reported: the parts (name, expressions, variant, output) and the
    knowledge-check forms (token and choice ids as drawn for this response)."""

    def __init__(self):
        self.token = secrets.token_hex(8)
        self.parts: list[tuple[str, tuple, tuple, str]] = []
        self.marked: list[str] = []  # per part, its output with the markers of the parts nested in it
        self.checks: list[dict] = []
        self.refused = False  # a part could not report its variant: this response is not stored
        self.rows: dict[int, tuple[int, list]] = {}  # part index -> (occurrence, [(variant, output)]): ``Rows``

    def mark(self, name: str, expressions: tuple, variant: tuple, output: str) -> str:
        """A part's output, which may hold the markers of parts inside it (rendered before it): kept as it is for
        ``store`` (``marked``), and with the inner parts' own output in their place for the learner's response."""
        self.marked.append(output)
        self.parts.append((name, expressions, variant, self.resolve(output)))
        return f"{MARK}{self.token}:{len(self.parts) - 1}{MARK}"

    def pattern(self) -> re.Pattern:
        return re.compile(re.escape(MARK) + self.token + r":(\d+)" + re.escape(MARK))

    def resolve(self, text: str) -> str:
        """The markers in ``text`` replaced by their parts' output."""
        if MARK not in text:
            return text
        return self.pattern().sub(lambda match: self.parts[int(match.group(1))][3], text)

    def holes(self, text: str) -> str:
        """The markers in ``text`` replaced by the holes of their parts (``part:<name>``), or of their rows
        (``rows:<name>:<occurrence>``, ``Rows``)."""
        if MARK not in text:
            return text

        def hole(match):
            index = int(match.group(1))
            if index in self.rows:
                return f"{HOLE}rows:{self.parts[index][0]}:{self.rows[index][0]}{HOLE}"
            return f"{HOLE}part:{self.parts[index][0]}{HOLE}"

        return self.pattern().sub(hole, text)

    def check_rendered(self, *, token: str, block_id: str, questions: list) -> None:
        """``questions``: per question, its ``(choice number, id)`` pairs in the order shown, and ``shuffle``."""
        self.checks.append({"token": token, "block_id": block_id, "questions": questions})


def capturing(request) -> Capture | None:
    return getattr(request, "_fastlane_capture", None)


def _freeze_text(text: str, request, capture: Capture, checks: dict) -> str:
    """Per-response values replaced by holes: CSRF token, CSP nonce, check tokens and choices."""
    text = CSRF_INPUT.sub(rf"\g<1>{HOLE}csrf{HOLE}\g<2>", text)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        text = text.replace(f'nonce="{nonce}"', f'nonce="{HOLE}nonce{HOLE}"')
    for check in capture.checks:
        if check["token"] not in text:
            continue
        block_id = check["block_id"]
        text = text.replace(f'name="token" value="{check["token"]}"', f'name="token" value="{HOLE}tok:{block_id}{HOLE}"')
        stored_questions = []
        for q_index, question in enumerate(check["questions"]):
            chunks: dict[int, list[str]] = {}
            for slot, (number, choice_id) in enumerate(question["choices"]):
                start = _label_start(text, choice_id)
                end = text.find("</label>", start) + len("</label>") if start >= 0 else -1
                if start < 0 or end < len("</label>"):
                    raise Refused("choice not found")
                chunk = text[start:end]
                chunks[number] = chunk.replace(choice_id, f"{HOLE}id{HOLE}").split(HOLE)
                text = f"{text[:start]}{HOLE}choice:{block_id}:{q_index}:{slot}{HOLE}{text[end:]}"
            if choice_id_left(text, question):
                raise Refused("choice id outside its label")
            stored_questions.append({"shuffle": question["shuffle"], "chunks": [chunks[n] for n in sorted(chunks)]})
        checks[block_id] = stored_questions
    return text


def _label_start(text: str, choice_id: str) -> int:
    at = text.find(f'-{choice_id}">')
    return text.rfind('<label class="choice"', 0, at) if at >= 0 else -1


def choice_id_left(text: str, question: dict) -> bool:
    return any(choice_id in text for _number, choice_id in question["choices"])


def _split(text: str) -> list[str]:
    return text.split(HOLE)


def store(request, response, body: str | HttpResponse, *, key: str, generation, old: dict | None) -> dict | None:
    """Split a captured response into the shared body and the parts' variants, and store them (merged with the
    variants already stored for the same body). Returns the entry stored, or ``None``."""
    capture = capturing(request)
    kind, data = request._fastlane_kind
    handler = _handlers.get(kind)
    if not isinstance(body, str):
        body = response.content.decode(response.charset or "utf-8")
    try:
        if handler is None or HOLE in body or capture.refused:
            raise Refused("no handler, or a NUL in the page")
        values, _after = handler(request, request.user, data)
        checks: dict = {}
        parts: dict[str, tuple] = {}
        rows: dict[str, tuple] = {}
        found = {}
        for index, (name, expressions, variant, _output) in enumerate(capture.parts):
            if index in capture.rows:
                Rows.store(request, capture, index, values, rows, checks)
                continue
            expected = tuple(freeze_value(values[expression]) for expression in expressions)
            if expected != variant:
                logger.warning("fast lane: part %s of %s saw %r, the handler computes %r", name, kind, variant, expected)
                raise Refused("handler disagrees with the template")
            found[f"{MARK}{capture.token}:{index}{MARK}"] = name
            frozen = _split(_freeze_text(capture.holes(capture.marked[index]), request, capture, checks))
            if name in parts and parts[name][0] != expressions:
                raise Refused("one part name, two expression lists")
            parts[name] = (expressions, {**parts.get(name, (None, {}))[1], variant: frozen})
        shared = _split(_freeze_text(capture.holes(body), request, capture, checks))
    except (Refused, KeyError, IndexError) as error:
        logger.debug("fast lane: not stored (%s)", error)
        return None
    headers = pagecache.freeze_headers(request, response)
    if old is not None and old.get("generation") == generation and old.get("body") == shared \
            and old.get("headers") == headers:
        for name, (expressions, variants) in parts.items():
            before = old["parts"].get(name)
            if before is not None and before[0] == expressions:
                parts[name] = (expressions, {**before[1], **variants})
        for name, before in old.get("rows", {}).items():  # rows inside a part variant not shown this time too
            expressions, variants = rows.get(name, (before[0], {}))
            if before[0] == expressions:
                rows[name] = (expressions, {**before[1], **variants})
        checks = {**old.get("checks", {}), **checks}
    elif old is not None and old.get("generation") == generation and old.get("body") != shared:
        logger.warning("fast lane: the shared body of %s differs between two learners (an undeclared value?)", kind)
    entry = {"generation": generation, "kind": kind, "data": data, "body": shared, "headers": headers,
             "charset": response.charset or "utf-8", "parts": parts, "rows": rows, "checks": checks,
             "csrf_cookie": settings.CSRF_COOKIE_NAME in response.cookies}
    cache.set(key, entry, TIMEOUT)
    return entry



# --- a hit ------------------------------------------------------------------------------------------------------


choice_id = None  # the knowledge checks' public choice ids (``courses.services.check_choice_id``, set by courses)


def new_check_token() -> str:
    return uuid4().hex  # as ``courses.blocks.KnowledgeCheckBlock`` draws it


def _check_ids(block_id: str, token: str, questions: list) -> list[list[str]]:
    return [[choice_id(token, block_id, q, n) for n in range(len(question["chunks"]))]
            for q, question in enumerate(questions)]


class _Filler:
    def __init__(self, request, entry: dict, values: dict):
        self.request = request
        self.entry = entry
        self.values = values
        self._csrf = None
        self._checks: dict = {}

    def csrf(self) -> str:
        if self._csrf is None:
            self._csrf = csrftoken.get_token(self.request)
        return self._csrf

    def check(self, block_id: str):
        if block_id not in self._checks:
            questions = self.entry["checks"][block_id]
            token = new_check_token()
            ids = _check_ids(block_id, token, questions)
            orders = []
            for q, question in enumerate(questions):
                numbers = list(range(len(question["chunks"])))
                if question["shuffle"]:
                    numbers.sort(key=lambda n, q=q: ids[q][n])
                orders.append(numbers)
            self._checks[block_id] = (token, ids, orders)
        return self._checks[block_id]

    def fill(self, segments: list[str], out: list[str]) -> None:
        hole = False
        for segment in segments:
            if not hole:
                out.append(segment)
            elif segment == "csrf":
                out.append(self.csrf())
            elif segment == "nonce":
                out.append(str(self.request.csp_nonce))
            elif segment.startswith("part:"):
                expressions, variants = self.entry["parts"][segment[5:]]
                variant = tuple(freeze_value(self.values[expression]) for expression in expressions)
                self.fill(variants[variant], out)  # KeyError: not stored yet
            elif segment.startswith("rows:"):
                Rows.fill(self, segment[5:], out)  # KeyError: a row's variant not stored yet
            elif segment.startswith("tok:"):
                out.append(self.check(segment[4:])[0])
            elif segment.startswith("choice:"):
                _kind, block_id, q, slot = segment.split(":")
                token, ids, orders = self.check(block_id)
                number = orders[int(q)][int(slot)]
                chunk = self.entry["checks"][block_id][int(q)]["chunks"][number]
                choice = ids[int(q)][number]
                out.extend(choice if index % 2 else text for index, text in enumerate(chunk))
            else:
                raise KeyError(segment)
            hole = not hole


class Rows:
    """Repeated parts: ``{% fastrows "name" %}{% for … %}{% fastrow expr… %}…{% endfastrow %}{% endfor %}{% endfastrows %}``
    (``lms/templatetags/fastlane.py``). Each row's output is stored per *row variant*, the tuple of its own
    expressions' values (its key, e.g. the lesson's id, and its small state), so what is stored is bounded by rows ×
    states, never by learners; which rows a learner gets, and in which order, comes from the handler at each hit:
    ``values[name]`` is a list per occurrence of the name in the page (in page order) of lists of rows, each row a
    dict of its expressions' values. The rows are joined without the text between them (whitespace only: the tag
    refuses anything else), on both paths alike. Entry: ``entry["rows"][name] = (expressions, {variant: segments})``;
    a hole ``rows:name:occurrence`` in the body or in a part."""

    @staticmethod
    def mark(capture: Capture, name: str, expressions: tuple, rows: list[tuple[tuple, str]]) -> str:
        occurrence = sum(1 for index in capture.rows if capture.parts[index][0] == name)
        capture.rows[len(capture.parts)] = (occurrence, rows)
        return capture.mark(name, expressions, (), "".join(output for _variant, output in rows))

    @staticmethod
    def restore(capture: Capture, text: str) -> str:
        """Markers of rows replaced by the rows' text (what the learner gets)."""
        return capture.resolve(text)

    @staticmethod
    def variants(expressions: tuple, rows: list[dict]) -> list[tuple]:
        return [tuple(freeze_value(row[expression]) for expression in expressions) for row in rows]

    @staticmethod
    def store(request, capture: Capture, index: int, values: dict, stored: dict, checks: dict) -> None:
        name, expressions, _variant, _output = capture.parts[index]
        occurrence, rows = capture.rows[index]
        expected = Rows.variants(expressions, values[name][occurrence])
        if expected != [variant for variant, _output in rows]:
            logger.warning("fast lane: rows %s saw %r, the handler computes %r", name,
                           [variant for variant, _output in rows], expected)
            raise Refused("handler disagrees with the template")
        if not rows:
            return  # nothing to store (and no expressions to compare)
        if name in stored and stored[name][0] != expressions:
            raise Refused("one rows name, two expression lists")
        variants = stored.get(name, (expressions, {}))[1]
        for variant, output in rows:
            if MARK in output:
                raise Refused("a part inside a row")  # not supported: the row would be stored with its marker
            variants[variant] = _split(_freeze_text(output, request, capture, checks))
        stored[name] = (expressions, variants)

    @staticmethod
    def fill(filler: _Filler, hole: str, out: list[str]) -> None:
        name, occurrence = hole.rsplit(":", 1)
        try:
            rows = filler.values[name][int(occurrence)]
        except (IndexError, TypeError) as error:
            raise KeyError(hole) from error
        if not rows:
            return
        expressions, variants = filler.entry.get("rows", {})[name]
        for variant in Rows.variants(expressions, rows):
            filler.fill(variants[variant], out)


def assemble(request, entry: dict, values: dict) -> HttpResponse:
    out: list[str] = []
    _Filler(request, entry, values).fill(entry["body"], out)
    response = HttpResponse("".join(out).encode(entry["charset"]))
    pagecache.thaw_headers(response, entry["headers"], str(request.csp_nonce))
    return response


def restore(response, capture: Capture) -> str | HttpResponse:
    """The markers out of the response the learner gets: each part's own output in its place. Returns the marked
    body (for ``store``)."""
    if response.streaming or not hasattr(response, "content"):
        return response
    charset = response.charset or "utf-8"
    body = response.content.decode(charset)
    pattern = re.escape(MARK) + capture.token + r":(\d+)" + re.escape(MARK)
    response.content = re.sub(pattern, lambda match: capture.parts[int(match.group(1))][3], body).encode(charset)
    return body


def only_csrf_cookie(response) -> bool:
    """The response sets no cookie but the CSRF one (set again on every hit, as ``CsrfViewMiddleware`` does)."""
    return set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
