"""Pictures for the demo content, drawn with Pillow: course covers, phone-screen mock-ups and flat illustrations.

No downloads and no system packages required: the text font is the first one found that has Vietnamese glyphs
(DejaVu Sans, Noto Sans, Liberation Sans, Arial…); without one, Pillow's built-in font is used and the text
loses its diacritics rather than showing empty boxes. Output is palette PNG, deterministic for the same input
and font, and small (a few KB to ~30 KB).
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_FONT_DIRS = [
    str(Path(__file__).resolve().parents[1] / "lms" / "fonts"),  # Noto Sans shipped with the project
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/Library/Fonts",
    "/System/Library/Fonts/Supplemental",
    "C:/Windows/Fonts",
]
_REGULAR = ["NotoSans-Regular.ttf", "DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf"]
_BOLD = ["NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf"]
_PROBE = "ỹ"
VERSION = 2  # bump when the drawing code changes, so that load_demo redraws the pictures  # a letter only fonts with real Vietnamese coverage have


def _covers_vietnamese(font) -> bool:
    def render(text):
        im = Image.new("L", (40, 40))
        ImageDraw.Draw(im).text((4, 4), text, font=font, fill=255)
        return im.tobytes()

    try:
        return render(_PROBE) != render("\U0010fffd")  # an unassigned code point: the font's "missing" box
    except Exception:  # noqa: BLE001 - a font that cannot render the probe is simply not used
        return False


@cache
def _font_path(bold: bool) -> str | None:
    for name in _BOLD if bold else _REGULAR:
        for folder in _FONT_DIRS:
            path = Path(folder) / name
            if path.is_file():
                try:
                    font = ImageFont.truetype(str(path), 20)
                except OSError:
                    continue
                if _covers_vietnamese(font):
                    return str(path)
    return None if not bold else _font_path(False)


def font_name() -> str:
    """Which font the pictures are drawn with ("" for Pillow's built-in one)."""
    return Path(_font_path(False) or "").name


def has_vietnamese_font() -> bool:
    return _font_path(False) is not None


@cache
def font(size: int, bold: bool = False):
    path = _font_path(bold)
    if path:
        return ImageFont.truetype(path, size)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 or no FreeType: a fixed bitmap font
        return ImageFont.load_default()


def fold(text: str) -> str:
    """Vietnamese text without diacritics (đ → d): what to draw when no font has the glyphs."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _t(text: str) -> str:
    return text if has_vietnamese_font() else fold(text)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True
    )
    return out.getvalue()


def _hex(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return tuple(int(color[i : i + 2], 16) for i in (0, 2, 4))


def _mix(color, other, amount: float):
    return tuple(round(a + (b - a) * amount) for a, b in zip(color, other, strict=True))


def _wrap(draw: ImageDraw.ImageDraw, text: str, fnt, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if not line or draw.textlength(candidate, font=fnt) <= width:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


# --- Icons: a few flat shapes, drawn in a box ------------------------------------------------------------------


def _icon(draw: ImageDraw.ImageDraw, kind: str, box: tuple[int, int, int, int], fg, bg):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx, cy = x0 + w // 2, y0 + h // 2
    s = min(w, h)
    lw = max(3, s // 18)
    if kind == "phone":
        pw, ph = s * 0.5, s * 0.9
        draw.rounded_rectangle((cx - pw / 2, cy - ph / 2, cx + pw / 2, cy + ph / 2), radius=s // 10, fill=fg)
        draw.rounded_rectangle(
            (cx - pw / 2 + lw * 1.5, cy - ph / 2 + lw * 3, cx + pw / 2 - lw * 1.5, cy + ph / 2 - lw * 4),
            radius=s // 30, fill=bg,
        )
        draw.ellipse((cx - lw * 1.2, cy + ph / 2 - lw * 3.2, cx + lw * 1.2, cy + ph / 2 - lw * 0.8), fill=bg)
    elif kind == "id":
        cw, ch = s * 0.95, s * 0.6
        draw.rounded_rectangle((cx - cw / 2, cy - ch / 2, cx + cw / 2, cy + ch / 2), radius=s // 14, fill=fg)
        draw.ellipse((cx - cw * 0.4, cy - ch * 0.3, cx - cw * 0.08, cy + ch * 0.1), fill=bg)
        draw.rounded_rectangle((cx - cw * 0.44, cy + ch * 0.12, cx - cw * 0.04, cy + ch * 0.38), radius=s // 20, fill=bg)
        for i in range(3):
            yy = cy - ch * 0.25 + i * ch * 0.22
            draw.rounded_rectangle((cx + cw * 0.02, yy, cx + cw * (0.42 - 0.1 * (i == 2)), yy + lw * 1.6), radius=lw, fill=bg)
    elif kind == "qr":
        q = s * 0.85
        ox, oy = cx - q / 2, cy - q / 2
        draw.rectangle((ox, oy, ox + q, oy + q), fill=bg)
        cell = q / 11
        # Three finder squares in the corners, a scatter of modules elsewhere: reads as "a QR code".
        for fx, fy in ((0, 0), (8, 0), (0, 8)):
            draw.rectangle((ox + fx * cell, oy + fy * cell, ox + (fx + 3) * cell, oy + (fy + 3) * cell), fill=fg)
            draw.rectangle((ox + (fx + 0.5) * cell, oy + (fy + 0.5) * cell, ox + (fx + 2.5) * cell, oy + (fy + 2.5) * cell), fill=bg)
            draw.rectangle((ox + (fx + 1) * cell, oy + (fy + 1) * cell, ox + (fx + 2) * cell, oy + (fy + 2) * cell), fill=fg)
        modules = "4,0 5,1 6,0 4,2 6,3 1,4 3,4 4,4 5,5 7,4 9,4 10,5 0,6 2,6 4,6 6,6 8,6 5,7 7,7 9,7 4,8 6,9 8,8 10,8 5,10 7,10 9,10 10,10 4,10 8,9"
        for pair in modules.split():
            c, r = (int(v) for v in pair.split(","))
            draw.rectangle((ox + c * cell, oy + r * cell, ox + (c + 1) * cell, oy + (r + 1) * cell), fill=fg)
    elif kind in ("shield", "lock"):
        if kind == "shield":
            top, bottom = cy - s * 0.45, cy + s * 0.45
            draw.polygon(
                [(cx, top), (cx + s * 0.4, top + s * 0.15), (cx + s * 0.35, cy + s * 0.15), (cx, bottom),
                 (cx - s * 0.35, cy + s * 0.15), (cx - s * 0.4, top + s * 0.15)],
                fill=fg,
            )
            draw.line([(cx - s * 0.17, cy), (cx - s * 0.03, cy + s * 0.14), (cx + s * 0.2, cy - s * 0.14)], fill=bg, width=lw * 2)
        else:
            draw.arc((cx - s * 0.25, cy - s * 0.45, cx + s * 0.25, cy + s * 0.05), 180, 360, fill=fg, width=lw * 2)
            draw.line([(cx - s * 0.25 + lw, cy - s * 0.2), (cx - s * 0.25 + lw, cy - s * 0.05)], fill=fg, width=lw * 2)
            draw.line([(cx + s * 0.25 - lw, cy - s * 0.2), (cx + s * 0.25 - lw, cy - s * 0.05)], fill=fg, width=lw * 2)
            draw.rounded_rectangle((cx - s * 0.38, cy - s * 0.08, cx + s * 0.38, cy + s * 0.45), radius=s // 12, fill=fg)
            draw.ellipse((cx - lw * 2, cy + s * 0.1, cx + lw * 2, cy + s * 0.1 + lw * 4), fill=bg)
    elif kind == "ai":
        r = s * 0.12
        nodes = [(cx - s * 0.32, cy - s * 0.28), (cx + s * 0.32, cy - s * 0.28), (cx, cy),
                 (cx - s * 0.32, cy + s * 0.3), (cx + s * 0.32, cy + s * 0.3)]
        for a in nodes:
            draw.line([a, nodes[2]], fill=fg, width=lw)
        draw.line([nodes[0], nodes[1]], fill=fg, width=lw)
        draw.line([nodes[3], nodes[4]], fill=fg, width=lw)
        for x, y in nodes:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=fg)
    elif kind == "wifi":
        for i, k in enumerate((0.45, 0.32, 0.19)):
            draw.arc((cx - s * k, cy - s * k + s * 0.2, cx + s * k, cy + s * k + s * 0.2), 225, 315, fill=fg, width=lw * 2 - i)
        draw.ellipse((cx - lw * 2, cy + s * 0.2 - lw * 2, cx + lw * 2, cy + s * 0.2 + lw * 2), fill=fg)
    elif kind == "warning":
        draw.polygon([(cx, cy - s * 0.42), (cx + s * 0.46, cy + s * 0.38), (cx - s * 0.46, cy + s * 0.38)], fill=fg)
        draw.rounded_rectangle((cx - lw, cy - s * 0.17, cx + lw, cy + s * 0.12), radius=lw, fill=bg)
        draw.ellipse((cx - lw * 1.2, cy + s * 0.2, cx + lw * 1.2, cy + s * 0.2 + lw * 2.4), fill=bg)
    elif kind == "globe":
        draw.ellipse((cx - s * 0.42, cy - s * 0.42, cx + s * 0.42, cy + s * 0.42), outline=fg, width=lw)
        draw.ellipse((cx - s * 0.18, cy - s * 0.42, cx + s * 0.18, cy + s * 0.42), outline=fg, width=lw)
        draw.line([(cx - s * 0.42, cy), (cx + s * 0.42, cy)], fill=fg, width=lw)
        draw.line([(cx, cy - s * 0.42), (cx, cy + s * 0.42)], fill=fg, width=lw)
    else:  # "book" and anything unknown
        draw.polygon([(cx, cy - s * 0.25), (cx - s * 0.45, cy - s * 0.35), (cx - s * 0.45, cy + s * 0.3), (cx, cy + s * 0.4)], fill=fg)
        draw.polygon([(cx, cy - s * 0.25), (cx + s * 0.45, cy - s * 0.35), (cx + s * 0.45, cy + s * 0.3), (cx, cy + s * 0.4)], fill=_mix(fg, bg, 0.25))


# --- Pictures --------------------------------------------------------------------------------------------------


def draw_cover(*, title: str, bg: str = "#0b5394", icon: str = "book", label: str = "Học vụ số") -> bytes:
    """A 960×540 course cover: coloured background, soft circles, an icon and the course title."""
    W, H = 960, 540
    base = _hex(bg)
    white = (255, 255, 255)
    im = Image.new("RGB", (W, H), base)
    d = ImageDraw.Draw(im)
    d.ellipse((W - 420, -160, W + 160, 420), fill=_mix(base, white, 0.12))
    d.ellipse((W - 300, H - 220, W + 60, H + 140), fill=_mix(base, white, 0.2))
    d.ellipse((-120, H - 140, 160, H + 140), fill=_mix(base, (0, 0, 0), 0.15))
    _icon(d, icon, (W - 330, 120, W - 90, 360), white, _mix(base, white, 0.12))
    d.rounded_rectangle((60, 56, 60 + d.textlength(_t(label), font=font(26, True)) + 36, 102), radius=23, fill=white)
    d.text((78, 62), _t(label), font=font(26, True), fill=base)
    y = 150
    for line in _wrap(d, _t(title), font(54, True), W - 440)[:4]:
        d.text((60, y), line, font=font(54, True), fill=white)
        y += 68
    return _png(im)


def draw_illustration(*, bg: str = "#e8f0fe", icon: str = "book", caption: str = "") -> bytes:
    """A 720×405 flat card: an icon and an optional caption."""
    W, H = 720, 405
    base = _hex(bg)
    luminance = sum(base) / 3
    fg = (11, 83, 148) if luminance > 140 else (255, 255, 255)
    im = Image.new("RGB", (W, H), base)
    d = ImageDraw.Draw(im)
    d.ellipse((-80, -80, 220, 220), fill=_mix(base, fg, 0.08))
    d.ellipse((W - 200, H - 160, W + 80, H + 120), fill=_mix(base, fg, 0.08))
    icon_box = (W // 2 - 110, 40, W // 2 + 110, 260) if caption else (W // 2 - 130, 70, W // 2 + 130, 330)
    _icon(d, icon, icon_box, fg, base)
    y = 290
    for line in _wrap(d, _t(caption), font(34, True), W - 80)[:2]:
        d.text((W // 2, y), line, font=font(34, True), fill=fg, anchor="ma")
        y += 44
    return _png(im)


def draw_phone(lines: list[str], *, accent: str = "#0b5394") -> bytes:
    """A 360×680 phone mock-up showing ``lines`` (conventions in FORMAT.md: title, [input], (button), !warning, ---)."""
    W, H = 360, 680
    acc = _hex(accent)
    paper = (246, 248, 251)
    ink = (31, 41, 55)
    grey = (107, 114, 128)
    im = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(im)
    # The phone and its screen.
    d.rounded_rectangle((14, 6, W - 14, H - 6), radius=44, fill=(31, 41, 55))
    sx0, sy0, sx1, sy1 = 26, 20, W - 26, H - 20
    d.rounded_rectangle((sx0, sy0, sx1, sy1), radius=34, fill=paper)
    # Status bar: clock, camera notch, signal and battery.
    d.text((sx0 + 26, sy0 + 12), "9:41", font=font(15, True), fill=ink)
    d.rounded_rectangle((W // 2 - 38, sy0 + 10, W // 2 + 38, sy0 + 30), radius=10, fill=(31, 41, 55))
    for i in range(4):
        d.rectangle((sx1 - 90 + i * 7, sy0 + 26 - i * 4, sx1 - 86 + i * 7, sy0 + 28), fill=ink)
    d.rounded_rectangle((sx1 - 52, sy0 + 14, sx1 - 26, sy0 + 28), radius=3, outline=ink, width=2)
    d.rectangle((sx1 - 49, sy0 + 17, sx1 - 33, sy0 + 25), fill=ink)
    # Home indicator.
    d.rounded_rectangle((W // 2 - 60, sy1 - 16, W // 2 + 60, sy1 - 11), radius=3, fill=(156, 163, 175))

    pad = 18
    x0, x1 = sx0 + pad, sx1 - pad
    width = x1 - x0
    y = sy0 + 46
    body = list(lines)
    if body:
        title = _t(body.pop(0))
        d.rectangle((sx0, y, sx1, y + 56), fill=acc)
        title_font = font(19, True)
        line = _wrap(d, title, title_font, width)[0]
        d.text((x0, y + 28), line, font=title_font, fill=(255, 255, 255), anchor="lm")
        y += 74
    regular, strong = font(17), font(17, True)
    bottom = sy1 - 30
    for raw in body:
        if y > bottom - 30:
            break
        text = raw.strip()
        if text == "---":
            d.line((x0, y + 6, x1, y + 6), fill=(209, 213, 219), width=2)
            y += 18
        elif text.startswith("[") and text.endswith("]"):
            wrapped = _wrap(d, _t(text[1:-1]), regular, width - 24)[:2]
            h = 20 + 22 * len(wrapped)
            d.rounded_rectangle((x0, y, x1, y + h), radius=10, fill=(255, 255, 255), outline=(156, 163, 175), width=2)
            for i, line in enumerate(wrapped):
                d.text((x0 + 12, y + 10 + 22 * i), line, font=regular, fill=grey)
            y += h + 12
        elif text.startswith("(") and text.endswith(")"):
            wrapped = _wrap(d, _t(text[1:-1]), strong, width - 24)[:2]
            h = 22 + 22 * len(wrapped)
            d.rounded_rectangle((x0, y, x1, y + h), radius=h // 2 if len(wrapped) == 1 else 14, fill=acc)
            for i, line in enumerate(wrapped):
                d.text(((x0 + x1) // 2, y + 11 + 22 * i), line, font=strong, fill=(255, 255, 255), anchor="ma")
            y += h + 12
        elif text.startswith("!"):
            wrapped = _wrap(d, _t(text[1:].strip()), strong, width - 24)[:3]
            h = 18 + 22 * len(wrapped)
            d.rounded_rectangle((x0, y, x1, y + h), radius=10, fill=(254, 226, 226))
            d.rectangle((x0, y, x0 + 5, y + h), fill=(185, 28, 28))
            for i, line in enumerate(wrapped):
                d.text((x0 + 14, y + 9 + 22 * i), line, font=strong, fill=(153, 27, 27))
            y += h + 12
        else:
            for line in _wrap(d, _t(text), regular, width)[:4]:
                d.text((x0, y), line, font=regular, fill=ink)
                y += 24
            y += 8
    return _png(im)
