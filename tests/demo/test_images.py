"""The Pillow pictures: small PNGs, deterministic, and readable without a Vietnamese font."""

import io

import pytest
from PIL import Image

from demo import images


def test_fold_strips_vietnamese_diacritics():
    assert images.fold("Kỹ năng số — Định danh điện tử") == "Ky nang so — Dinh danh dien tu"


@pytest.mark.parametrize(
    "draw",
    [
        lambda: images.draw_phone(["VNeID", "[Số định danh cá nhân]", "(Gửi yêu cầu)", "!Không đọc mã OTP", "---", "Xong"]),
        lambda: images.draw_cover(title="Kỹ năng số cơ bản cho mọi người", icon="phone"),
        lambda: images.draw_illustration(icon="qr", caption="Quét mã QR"),
    ],
)
def test_pictures_are_small_deterministic_pngs(draw):
    data = draw()
    assert data == draw()
    assert len(data) < 40 * 1024
    assert Image.open(io.BytesIO(data)).format == "PNG"


def test_without_a_vietnamese_font_the_text_is_folded(monkeypatch):
    images._font_path.cache_clear()
    images.font.cache_clear()
    monkeypatch.setattr(images, "_FONT_DIRS", [])
    try:
        assert not images.has_vietnamese_font()
        assert images._t("Định danh") == "Dinh danh"
        assert len(images.draw_phone(["Kích hoạt", "(Tiếp tục)"])) < 40 * 1024
    finally:
        images._font_path.cache_clear()
        images.font.cache_clear()
