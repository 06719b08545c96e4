"""What the assistant refuses, and what it never keeps (pure functions).

**Refused**: help to defraud someone (write a scam message, fake a bank's page, take someone's OTP or account)
and answers to tests (the standard tests' questions are never indexed; nor are the lessons' knowledge checks,
``assistant.passages``). A question *about* scams — "tin nhắn này có phải lừa đảo không?", "how do I spot a
phishing link?" — is what the lessons are for, and is answered.

The patterns read the folded question (no diacritics, lower case), so they hold however it was typed.

**Never kept**: the question is logged with numbers of 4 digits or more (phone, identity card, account, OTP),
dates, email addresses, links and people's names masked (``redact``); no user, address or session is stored with
it.
"""

from __future__ import annotations

import re
import unicodedata

from lms.text import fold

SCAM = "scam"
TEST_ANSWERS = "test"

_HOW = r"(cach|lam sao|lam the nao|lam gi de|huong dan|chi (toi|minh|em)?|day|giup|viet|soan|tao|how (to|can i|do i|would i)|help me|write|create|make)"
_MAKE = r"(viet|soan|tao|lam|dung|thiet ke|write|draft|create|make|build|design)"
_OTHERS = r"(nguoi khac|nguoi ta|nguoi gia|nguoi lon tuoi|ba gia|ong gia|nan nhan|ban be|hang xom|khach hang|someone|people|victims?|elderly|old people|others)"
# A question about recognising, avoiding or reporting fraud is the lessons' subject, never refused.
_DEFENSIVE = re.compile(
    r"\b(nhan biet|phan biet|nhan dien|phong tranh|phong chong|bao ve|canh bao|to cao|trinh bao|bi lua|co phai|"
    r"spot|avoid being|protect|recogni[sz]e|detect|tell if|report|warn|been scammed|is (this|it) a)\b")
_SCAM_PATTERNS = [
    # "cách lừa tiền người già", "làm sao lừa đảo người khác", "how to scam old people"
    rf"\b{_HOW}\b.*\b(lua|lua dao|lua tien|gat|chiem doat|scam|defraud|trick)\b.*\b{_OTHERS}\b",
    # "viết tin nhắn giả danh ngân hàng", "tạo trang web giả", "write a phishing email"
    rf"\b{_MAKE}\b.*\b(tin nhan|email|thu|trang web|trang|website|kich ban|message|page|site|script)\b.*"
    r"\b(gia danh|gia mao|gia|lua dao|lua|phishing|fake|scam)\b",
    rf"\b{_MAKE}\b.*\b(phishing|gia danh|mao danh)\b",
    # "lấy mã OTP của người khác", "hack tài khoản Facebook của bạn gái", "steal someone's password"
    r"\b(lay|xin|danh cap|chiem|hack|bẻ khoa|be khoa|steal|get|crack|break into)\b.*\b(otp|mat khau|tai khoan|password|account|code)\b"
    rf".*\b(cua )?{_OTHERS}\b",
    r"\b(hack|be khoa|crack|break into)\b.*\b(tai khoan|facebook|zalo|account|nick)\b.*\b(cua|of)\b",
    # "rửa tiền", "mở tài khoản ảo để nhận tiền lừa"
    r"\b(cach|lam sao|how to)\b.*\b(rua tien|launder)\b",
]
_TESTS = r"(bai kiem tra|kiem tra chuan|bai thi|de thi|ky thi|kiem tra nhanh|quiz|test|exam)"
_TEST_PATTERNS = [
    rf"\b(dap an|loi giai|answers?|solutions?|cheat|gian lan|quay cop|nhac bai)\b.*\b{_TESTS}\b",
    rf"\bcau tra loi (cho |cua |trong )?{_TESTS}\b",
    rf"\b{_TESTS}\b.*\b(dap an|answers?|cheat|gian lan)\b",
    r"\b(chon dap an nao|dap an dung la|dap an la gi|which answer is (right|correct))\b",
]
_SCAM_RE = [re.compile(p) for p in _SCAM_PATTERNS]
_TEST_RE = [re.compile(p) for p in _TEST_PATTERNS]


def refusal(question: str) -> str:
    """``SCAM``, ``TEST_ANSWERS`` or ``""`` (answer it)."""
    text = " ".join(re.findall(r"[a-z0-9]+", fold(question)))
    if not _DEFENSIVE.search(text) and any(p.search(text) for p in _SCAM_RE):
        return SCAM
    if any(p.search(text) for p in _TEST_RE):
        return TEST_ANSWERS
    return ""


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_DATE = re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}(\s*/\s*\d{2,4})?\b|\b\d{1,2}[.-]\d{1,2}[.-]\d{2,4}\b")
# Vietnamese family names (the most common cover nine people in ten), folded: a capitalised run of words that
# starts with one is taken for a person's name ("Nguyễn Văn An", "chị Trần Thị Bích"). A few places that start
# like a name are kept ("Hà Nội"): the question stays readable for the editors.
_SURNAMES = frozenset(fold(name) for name in (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương Lâm "
    "Phùng Mai Tô Hà Tạ Lương Đinh Cao Lưu Thái Châu Quách Hứa Kiều Triệu Lại Mạc Chu Khổng Tăng Thân Nông "
    "Lò Quàng Giáp Âu Doãn Kim Lục Ông Tống Từ Viên Vi Hầu Diệp Phí La Nghiêm Hàn").split())
_PLACES = frozenset(fold(name) for name in (
    "Hà Nội", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Cao Bằng", "Lâm Đồng", "Hồ Chí Minh", "Lai Châu", "Hồ Gươm",
    "Hồ Tây", "Hà Đông", "Kim Mã", "Hoàng Mai", "Lý Sơn", "Cao Lãnh", "Tô Lịch", "Lê Lợi", "Trần Hưng Đạo"))
# "tên tôi là …", "tôi tên …", "my name is …": the words after it are a name when capitalised or when the first is
# a family name (typed without capitals or diacritics).
_INTRO = re.compile(r"\b(?:ten (?:toi|minh|em|con|chau|cua (?:toi|minh|em)|(?:me|bo|ba|ong) (?:toi|em))(?: la)?|"
                    r"(?:toi|minh|em|con|chau) ten(?: la)?|ho (?:va )?ten(?: la)?|my name is|i am called)\s*:?\s*")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LINK = re.compile(r"(https?://|www\.)[^\s,;]+", re.I)
_NUMBER = re.compile(r"\+?\d[\d .-]{2,}\d")


def redact(question: str, *, limit: int = 300) -> str:
    """The question as logged: links, email addresses, dates, numbers of 4 digits or more and people's names
    replaced (``_names``)."""
    text = _LINK.sub("[link]", question or "")
    text = _EMAIL.sub("[email]", text)
    text = _DATE.sub("[ngày]", text)
    text = _NUMBER.sub(lambda m: m.group(0) if len(re.sub(r"\D", "", m.group(0))) < 4 else "[số]", text)
    text = _names(" ".join(text.split()))
    return text[:limit]


def _names(text: str) -> str:
    """People's names replaced by ``[tên]``: a run of up to four capitalised words starting with a family name
    (not a place of ``_PLACES``), and up to four words after an introduction ("tên tôi là …", "my name is …")
    when they are capitalised or start with a family name. Over-masking is accepted: a log loses a word, never
    keeps a name."""
    text = unicodedata.normalize("NFC", text)
    words = list(_WORD.finditer(text))
    folded = [fold(match.group(0)) for match in words]
    folded_text = "".join((fold(ch) or " ")[0] for ch in text)  # one character per character: offsets agree
    intro_ends = {match.end() for match in _INTRO.finditer(folded_text)}
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        after_intro = words[index].start() in intro_ends
        capital = words[index].group(0)[:1].isupper()
        starts_name = folded[index] in _SURNAMES and (capital or after_intro)
        if starts_name or (after_intro and capital):
            last = index
            while (last + 1 < len(words) and last - index < 3 and _adjacent(text, words[last], words[last + 1])
                   and (words[last + 1].group(0)[:1].isupper() or (after_intro and not capital))):
                last += 1
            run = " ".join(folded[index:last + 1])
            if (last > index or after_intro) and not any(run.startswith(place) for place in _PLACES):
                spans.append((words[index].start(), words[last].end()))
                index = last + 1
                continue
        index += 1
    for start, end in reversed(spans):
        text = text[:start] + "[tên]" + text[end:]
    return text


def _adjacent(text: str, first, second) -> bool:
    """Two words separated by one space only (a comma or a full stop ends a name)."""
    return text[first.end():second.start()] == " "
