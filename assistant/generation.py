"""The optional generative step: a short answer written by a model from the retrieved passages, then checked.

Configured by ``ASSISTANT_LLM_URL`` (an OpenAI-compatible server: vLLM, Ollama, llama.cpp… — the base URL, such
as ``http://127.0.0.1:11434/v1``, or the full ``…/chat/completions``), ``ASSISTANT_LLM_MODEL`` and
``ASSISTANT_LLM_KEY`` (sent as ``Authorization: Bearer``). Without a URL there is no generative step.

The model is told to answer only from the numbered passages and to end each sentence with the number of the
passage it comes from (``[1]``). **Nothing it writes is shown unchecked** (``check``): every sentence must cite
at least one of the passages given, and be supported by what it cites:

- the sentence's content words (``assistant.analysis.terms``, syllables only) are found in the cited passages,
  at least ``SUPPORT`` of them;
- every number in the sentence is in a cited passage;
- it does not deny what the passage says or assert what it denies (a negation word on one side only).

One sentence that fails, a timeout, an error or an empty answer, and the extractive answer is shown instead.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from . import analysis

logger = logging.getLogger(__name__)

SUPPORT = 0.75
_CITATION = re.compile(r"\[(\d{1,2})\]")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = {"vi": {"khong", "chang", "chua"},
             "en": {"not", "no", "never", "don't", "doesn't", "isn't", "aren't", "won't", "can't", "cannot", "nor"}}

SYSTEM_PROMPT = {
    "vi": (
        "Bạn là trợ lý học tập của nền tảng Học vụ số. Chỉ trả lời bằng thông tin có trong các đoạn trích được "
        "đánh số. Viết 1–3 câu ngắn bằng tiếng Việt. Cuối mỗi câu ghi số đoạn trích làm căn cứ, ví dụ [1]. Nếu các "
        "đoạn trích không trả lời được câu hỏi, chỉ viết: KHÔNG_CÓ_CÂU_TRẢ_LỜI."
    ),
    "en": (
        "You are the learning assistant of the Học vụ số platform. Answer only with information found in the "
        "numbered passages. Write 1–3 short sentences in English. End each sentence with the number of the passage "
        "it is based on, for example [1]. If the passages do not answer the question, write only: NO_ANSWER."
    ),
}


@dataclass(frozen=True)
class Sentence:
    text: str
    citations: tuple[int, ...]
    supported: bool
    reason: str = ""


@dataclass(frozen=True)
class Checked:
    sentences: list[Sentence]

    @property
    def accepted(self) -> bool:
        return bool(self.sentences) and all(s.supported for s in self.sentences)


def configured() -> bool:
    return bool(getattr(settings, "ASSISTANT_LLM_URL", ""))


def endpoint() -> str:
    url = settings.ASSISTANT_LLM_URL.rstrip("/")
    return url if url.endswith("/chat/completions") else f"{url}/chat/completions"


def messages(question: str, passages: list[str], language: str) -> list[dict]:
    numbered = "\n\n".join(f"[{n}] {text}" for n, text in enumerate(passages, start=1))
    return [
        {"role": "system", "content": SYSTEM_PROMPT.get(language, SYSTEM_PROMPT["vi"])},
        {"role": "user", "content": f"{numbered}\n\n---\n{question}"},
    ]


def complete(question: str, passages: list[str], language: str) -> str:
    """The model's answer (``choices[0].message.content``), or ``""`` on any failure."""
    body = {
        "model": settings.ASSISTANT_LLM_MODEL,
        "messages": messages(question, passages, language),
        "temperature": 0,
        "max_tokens": 300,
    }
    headers = {"Content-Type": "application/json"}
    if settings.ASSISTANT_LLM_KEY:
        headers["Authorization"] = f"Bearer {settings.ASSISTANT_LLM_KEY}"
    request = urllib.request.Request(endpoint(), data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.ASSISTANT_LLM_TIMEOUT) as response:  # noqa: S310
            data = json.loads(response.read().decode("utf-8"))
        return str(data["choices"][0]["message"]["content"] or "").strip()
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        logger.warning("Assistant: the generative step failed (%s); the extractive answer is shown", exc)
        return ""


def claim_text(sentence: str) -> str:
    """A sentence without its citation marks: "Không đọc mã OTP [1]." → "Không đọc mã OTP."."""
    return re.sub(r"\s+([.!?,;:…])", r"\1", _CITATION.sub("", sentence)).strip()


def _negated(terms_text: str, language: str) -> bool:
    words = set(re.findall(r"[a-z']+", terms_text))
    return bool(words & _NEGATION.get(language, _NEGATION["vi"]))


def _window(passage: str, sentence_terms: set[str], language: str) -> str:
    """The sentence of ``passage`` sharing the most terms with the claim (where its negation is looked for)."""
    best, best_overlap = "", -1
    for part in _SENTENCE.split(passage):
        overlap = len(sentence_terms & set(analysis.terms(part, language)))
        if overlap > best_overlap:
            best, best_overlap = part, overlap
    return best


def check(answer: str, passages: list[str], language: str) -> Checked:
    """Split ``answer`` into sentences and decide, for each, whether the passages it cites support it."""
    from lms.text import fold

    sentences = []
    for raw in _SENTENCE.split(answer or ""):
        raw = raw.strip()
        if not raw or not re.search(r"\w", _CITATION.sub("", raw)):
            continue
        cited = tuple(int(n) for n in _CITATION.findall(raw))
        claim = claim_text(raw)
        valid = [n for n in cited if 1 <= n <= len(passages)]
        if not cited:
            sentences.append(Sentence(claim, cited, False, "no citation"))
            continue
        if len(valid) != len(cited):
            sentences.append(Sentence(claim, cited, False, "cites a passage that was not given"))
            continue
        source = "\n".join(passages[n - 1] for n in valid)
        claim_terms = {t for t in analysis.terms(claim, language) if "_" not in t}
        source_terms = set(analysis.terms(source, language))
        if not claim_terms:
            sentences.append(Sentence(claim, cited, False, "says nothing checkable"))
            continue
        share = len(claim_terms & source_terms) / len(claim_terms)
        if share < SUPPORT:
            sentences.append(Sentence(claim, cited, False, f"only {share:.0%} of its words are in the passages"))
            continue
        numbers = set(_NUMBER.findall(claim)) - set(_NUMBER.findall(source))
        if numbers:
            sentences.append(Sentence(claim, cited, False, f"numbers not in the passages: {', '.join(sorted(numbers))}"))
            continue
        window = _window(source, claim_terms, language)
        if _negated(fold(claim), language) != _negated(fold(window), language):
            sentences.append(Sentence(claim, cited, False, "negation differs from the passage"))
            continue
        sentences.append(Sentence(claim, cited, True))
    return Checked(sentences)


def generate(question: str, passages: list[str], language: str) -> tuple[str, Checked | None]:
    """``(text, check)`` when the model's answer passed the check; ``("", check or None)`` otherwise."""
    if not configured() or not passages:
        return "", None
    answer = complete(question, passages, language)
    if not answer or "KHÔNG_CÓ_CÂU_TRẢ_LỜI" in answer or "NO_ANSWER" in answer:
        return "", None
    checked = check(answer, passages, language)
    if not checked.accepted:
        logger.info("Assistant: generated answer rejected: %s",
                    "; ".join(s.reason for s in checked.sentences if not s.supported))
        return "", checked
    return " ".join(s.text for s in checked.sentences), checked
