"""What the assistant refuses, and what it never keeps (pure functions).

**Refused**: help to defraud someone (write a scam message, fake a bank's page, take someone's OTP or account)
and answers to tests (the standard tests' questions are never indexed; nor are the lessons' knowledge checks,
``assistant.passages``). A question *about* scams — "tin nhắn này có phải lừa đảo không?", "how do I spot a
phishing link?" — is what the lessons are for, and is answered.

The patterns read the folded question (no diacritics, lower case), so they hold however it was typed.

**Never kept**: the question is logged with numbers of 4 digits or more (phone, identity card, account, OTP),
email addresses and links masked (``redact``); no user, address or session is stored with it.
"""

from __future__ import annotations

import re

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
_LINK = re.compile(r"(https?://|www\.)[^\s,;]+", re.I)
_NUMBER = re.compile(r"\+?\d[\d .-]{2,}\d")


def redact(question: str, *, limit: int = 300) -> str:
    """The question as logged: links, email addresses and numbers of 4 digits or more replaced."""
    text = _LINK.sub("[link]", question or "")
    text = _EMAIL.sub("[email]", text)
    text = _NUMBER.sub(lambda m: m.group(0) if len(re.sub(r"\D", "", m.group(0))) < 4 else "[số]", text)
    return " ".join(text.split())[:limit]
