"""Fixtures of the assistant's tests: a clean in-process index per test, a small course of distinct lessons, and
the demo lessons as the index holds them (read from demo/courses/*.yaml, no database)."""

from pathlib import Path

import pytest
import yaml

from tests.courses.conftest import KNOWLEDGE_CHECK, build_course  # noqa: F401  (fixture)

QUESTIONS = yaml.safe_load((Path(__file__).with_name("questions.yaml")).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _fresh_index():
    from assistant import selectors

    selectors.forget()
    yield
    selectors.forget()


WIFI_BODY = [
    {"type": "heading", "value": {"text": "Kết nối Wi-Fi", "level": "h2"}, "id": "h-wifi"},
    {"type": "paragraph", "value": "<p>Dùng Wi-Fi ở nhà để tiết kiệm dung lượng di động khi xem video.</p>",
     "id": "p-wifi"},
    {"type": "steps", "value": {"title": "Kết nối một mạng Wi-Fi", "steps": [
        {"type": "item", "id": "s1", "value": {"title": "Mở phần Cài đặt", "text": "<p>Chạm vào biểu tượng bánh răng.</p>",
                                             "screenshot": None}},
        {"type": "item", "id": "s2", "value": {"title": "Nhập mật khẩu Wi-Fi", "text":
                                             "<p>Gõ mật khẩu Wi-Fi rồi bấm Kết nối.</p>", "screenshot": None}},
    ]}, "id": "steps-wifi"},
    {"type": "knowledge_check", "value": KNOWLEDGE_CHECK, "id": "check-wifi"},
]
OTP_BODY = [
    {"type": "callout", "value": {"kind": "warning", "title": "Mã OTP là của riêng bạn",
                                  "text": "<p>Không đọc mã OTP cho bất kỳ ai, kể cả người xưng là công an.</p>"},
     "id": "c-otp"},
    {"type": "paragraph", "value": "<p>Bật xác thực hai lớp cho Zalo và Facebook để bảo vệ tài khoản.</p>",
     "id": "p-2fa"},
]
QR_BODY = [
    {"type": "paragraph", "value": "<p>Quét mã QR trong ứng dụng ngân hàng để trả tiền điện, tiền nước.</p>",
     "id": "p-qr"},
]


@pytest.fixture
def assistant_course(build_course):  # noqa: F811
    """A published course of three lessons (Wi-Fi with a quick check, OTP, QR), indexed."""
    from assistant import services
    from courses.models import LessonPage

    tree = build_course(lessons=0, title="Kỹ năng số cơ bản", slug="ky-nang-so")
    course = tree["course"]
    lessons = []
    for slug, title, body in (("wifi", "Kết nối Wi-Fi", WIFI_BODY), ("otp", "Giữ bí mật mã OTP", OTP_BODY),
                              ("qr", "Trả tiền bằng mã QR", QR_BODY)):
        lesson = LessonPage(title=title, slug=slug, summary="", estimated_minutes=5, body=body)
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
        lessons.append(LessonPage.objects.get(pk=lesson.pk))
    for lesson in lessons:
        services.lesson_index(lesson_id=lesson.pk)
    return {**tree, "lessons": lessons}


class _Image:
    pk = 1


class _Images:
    def get(self, *args, **kwargs):
        return _Image()


def demo_index():
    """The demo lessons (both languages) in one ``Index`` per language, as ``services.lesson_index`` would store
    them: the loader's own ``build_body`` turns the YAML into the lesson's StreamField data. Returns
    ``(indexes, slug_of_lesson_id)``."""
    from assistant.documents import lesson_documents
    from assistant.engine import Index
    from demo import loader
    from demo.courses import COURSES

    indexes = {"vi": Index(), "en": Index()}
    slugs: dict[int, str] = {}
    passage_id = lesson_id = 0
    for course_number, course in enumerate(COURSES, start=1):
        english = course.get("translation_en")
        for m, module in enumerate(course["modules"]):
            for n, lesson in enumerate(module["lessons"]):
                versions = [("vi", lesson)]
                if english:
                    versions.append(("en", english["modules"][m]["lessons"][n]))
                for language, data in versions:
                    body = loader.build_body(data.get("body", []), key=f"{course['slug']}/{lesson['slug']}",
                                             images_=_Images(), accent="#000")
                    lesson_id += 1
                    slugs[lesson_id] = lesson["slug"]
                    for document in lesson_documents(title=data["title"], summary=data.get("summary", ""), body=body,
                                                     language=language):
                        passage_id += 1
                        indexes[language].add(passage_id=passage_id, lesson_id=lesson_id,
                                              course_id=course_number * 10 + (language == "en"), terms=document.terms)
    return indexes, slugs
