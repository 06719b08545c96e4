"""Words of a passage or a question, as the index compares them (pure functions, no Django).

Vietnamese is written in syllables separated by spaces ("mật khẩu", "xác thực hai lớp"); a word is usually two
syllables. So a text gives two kinds of terms:

- each syllable **folded** (``lms.text.fold``: no tones, no hats, đ → d, lower case), so that *mat khau* typed on
  a phone without a Vietnamese keyboard finds *mật khẩu*;
- each pair of neighbouring syllables (``mat_khau``), which tells "mật khẩu" from a passage that has "mật" and
  "khẩu" apart, and ranks the passage that has the learner's very words first.

Function words ("là", "của", "làm sao", "thế nào") are dropped. Whether a syllable is a function word is decided
on its accented form when the text has one ("thế" is dropped, "thẻ" — a bank card — is kept; both fold to
*the*), and on a list of folded forms when the learner typed without diacritics.

Everyday and abbreviated words of questions (*mk*, *đt*, *app*, *ck*, *2fa*, *ko*) are rewritten into the words
lessons use (``EVERYDAY``) before the analysis; the passages are analysed as written.

English (the ``en`` lessons) uses the same pairs, lower case, a stop list and a light suffix stripping
(*passwords* → *password*, *scams* → *scam*, *calling* → *call*).
"""

from __future__ import annotations

import re
import unicodedata

from lms.text import fold

_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*")
_HAS_MARK = re.compile(r"[^\x00-\x7f]")

# Vietnamese function words, accented (decided on the accented form of a syllable).
VI_STOP_ACCENTED = frozenset("""
và là của có không các những một như để cho với thì mà ở trong khi nếu được này đó ấy gì nào sao thế
làm tôi mình bạn em anh chị ông bà ơi à ạ nhé vậy hả hở nha nhỉ chứ cần phải hay hoặc từ ra vào lên
rất quá qua về cũng đã đang sẽ vừa rồi nữa chưa mới tất cả nhiều ít hơn nhất bị thể nên vì do bởi
khác cái con chiếc điều người ta họ chúng mọi thật thôi đâu giờ lúc luôn chỉ vẫn còn đi đến
tới sau trước giúp muốn biết hỏi xin gồm nhau theo trên dưới đều hãy đừng lại rằng thường nhờ
""".split())
# The same, for syllables typed without diacritics: only forms that are function words whatever their tone
# could be, plus the question words learners type most (*lam sao*, *the nao*, *co khong*).
VI_STOP_FOLDED = frozenset("""
va la cua co khong cac nhung mot nhu de cho voi thi o trong khi neu duoc nay do ay gi nao sao the lam toi
minh em chi ong oi a nhe vay ha nha nhi chu phai hay hoac ra vao len rat qua ve cung da se vua roi
nua chua tat ca nhieu it hon nhat bi nen boi khac con chiec dieu nguoi ta that gio luc luon chi van di den
toi sau truoc giup muon biet hoi xin nhau theo tren duoi deu hay rang k ko hok hong khong j z
""".split())

EN_STOP = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being am do does did
doing have has had having i me my we our you your he she it its they them their this that these those
what which who whom whose how why when where can could should would will shall may might must not no
so than too very just about into over under again there here any some all each both few more most
other such only own same then once also please tell explain know want need get got let lets us up out
way ways thing things really much many one after before someone something anyone anything said saying say says while since still even
""".split())

# Everyday and shortened words in questions → the words the lessons use (folded, matched on whole words).
EVERYDAY_VI = {
    "mk": "mat khau", "pass": "mat khau", "password": "mat khau", "pw": "mat khau",
    "dt": "dien thoai", "dthoai": "dien thoai", "smartphone": "dien thoai thong minh",
    "sdt": "so dien thoai",
    "app": "ung dung", "apps": "ung dung", "ud": "ung dung",
    "ck": "chuyen khoan", "tk": "tai khoan", "acc": "tai khoan", "nick": "tai khoan",
    "2fa": "xac thuc hai lop", "otp": "ma otp",
    "cccd": "can cuoc", "cmnd": "can cuoc", "cmt": "can cuoc",
    "fb": "facebook", "face": "facebook", "gg": "google",
    "dvc": "dich vu cong", "chatbot": "tro ly ao",
    "wifi": "wi fi", "link": "duong link", "web": "trang web", "website": "trang web",
    "scam": "lua dao", "hack": "danh cap tai khoan", "hacker": "ke gian",
    "virus": "phan mem doc hai", "qr": "ma qr", "code": "ma",
    "nganhang": "ngan hang", "bank": "ngan hang", "banking": "ngan hang",
    "vneid": "vneid", "zalo": "zalo", "lol": "", "ok": "", "oke": "",
}
EVERYDAY_EN = {
    "2fa": "two factor authentication", "otp": "otp code", "pwd": "password", "pw": "password",
    "app": "app", "wifi": "wi fi", "ai": "artificial intelligence ai", "id": "identity id",
    "pic": "picture", "pics": "pictures", "phone": "phone", "cell": "phone", "mobile": "phone",
}

_EN_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def _en_stem(word: str) -> str:
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, repl in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                stem = stem[:-1]  # "stopped" → "stop"
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return stem
    return word


def words(text: str) -> list[str]:
    """The words of ``text`` in reading order (NFC, lower case, accents kept)."""
    composed = unicodedata.normalize("NFC", text or "").lower()
    return _WORD.findall(composed)


def has_diacritics(text: str) -> bool:
    return bool(_HAS_MARK.search(unicodedata.normalize("NFC", text or "")))


def _vi_units(text: str, *, everyday: bool) -> list[str | None]:
    """Folded syllables of ``text`` with ``None`` where a function word was (it breaks pairs)."""
    units: list[str | None] = []
    for word in words(text):
        for part in re.split(r"[.'’]", word):
            if not part:
                continue
            folded = fold(part)
            accented = folded != part
            if everyday and not accented and folded in EVERYDAY_VI:
                units.extend(EVERYDAY_VI[folded].split() or [None])
                continue
            if (part in VI_STOP_ACCENTED) if accented else (folded in VI_STOP_FOLDED or part in VI_STOP_ACCENTED):
                units.append(None)
            else:
                units.append(folded)
    return units


def _en_units(text: str, *, everyday: bool) -> list[str | None]:
    units: list[str | None] = []
    for word in words(text):
        word = fold(word).replace("’", "'").split("'")[0]
        if everyday and word in EVERYDAY_EN:
            units.extend(_en_stem(w) for w in EVERYDAY_EN[word].split() if w not in EN_STOP)
            continue
        units.append(None if word in EN_STOP or not word else _en_stem(word))
    return units


def terms(text: str, language: str, *, question: bool = False) -> list[str]:
    """Index terms of ``text``: content syllables (or English stems) and pairs of neighbouring ones
    (``"mat_khau"``). ``question`` also rewrites everyday words (``EVERYDAY_VI``, ``EVERYDAY_EN``)."""
    units = _en_units(text, everyday=question) if language == "en" else _vi_units(text, everyday=question)
    found = [u for u in units if u]
    found += [f"{a}_{b}" for a, b in zip(units, units[1:], strict=False) if a and b and a != b]
    return found


def guess_language(text: str, default: str) -> str:
    """``en`` for a question written in English on a Vietnamese page (no diacritics and two or more English
    function words), ``vi`` for one with Vietnamese diacritics on an English page, else ``default``."""
    if has_diacritics(text):
        return "vi"
    english = sum(1 for word in words(text) if word in EN_STOP)
    vietnamese = sum(1 for word in words(text) if word in VI_STOP_FOLDED and word not in EN_STOP)
    if english >= 2 and english > vietnamese:
        return "en"
    if vietnamese >= 2 and vietnamese > english:
        return "vi"
    return default
