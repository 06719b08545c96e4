"""A small course tree built with Wagtail's own APIs: Home → Catalogue → Course → (Module →) Lessons."""

import pytest

from tests.organisations.fixtures import (  # noqa: F401 - units, groups, learners placed in them, the standard test
    groups,
    person,
    place,
    record_attempt,
    standard_test,
    tree,
)

KNOWLEDGE_CHECK = {
    "title": "Kiểm tra nhanh",
    "pass_percent": 100,
    "questions": [
        {
            "prompt": "Có nên đọc mã OTP cho người gọi tự xưng là công an không?",
            "multiple": False,
            "explanation": "Cơ quan nhà nước không bao giờ hỏi mã OTP qua điện thoại.",
            "choices": [
                {"text": "Có", "correct": False, "feedback": "Kẻ gian hay giả danh công an."},
                {"text": "Không", "correct": True, "feedback": "Chính xác."},
            ],
        },
        {
            "prompt": "Những dấu hiệu nào cho thấy một đường link là lừa đảo?",
            "multiple": True,
            "explanation": "Tên miền lạ và lời hối thúc là dấu hiệu thường gặp.",
            "choices": [
                {"text": "Tên miền lạ, sai chính tả", "correct": True, "feedback": ""},
                {"text": "Hối thúc phải làm ngay", "correct": True, "feedback": ""},
                {"text": "Trang có biểu tượng ổ khóa", "correct": False, "feedback": "Ổ khóa không bảo đảm trang là thật."},
            ],
        },
    ],
}

# Answers to KNOWLEDGE_CHECK as the form posts them (question number → choice numbers).
RIGHT_ANSWERS = {"0": ["1"], "1": ["0", "1"]}
WRONG_ANSWERS = {"0": ["0"], "1": ["0"]}


def lesson_body(with_check=False):
    body = [
        {"type": "heading", "value": {"text": "Nhận biết cuộc gọi lừa đảo", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Kẻ gian thường <b>giả danh</b> cơ quan nhà nước.</p>"},
        {"type": "callout", "value": {"kind": "warning", "title": "", "text": "<p>Không đọc mã OTP.</p>"}},
        {"type": "steps", "value": {"title": "Báo cáo lừa đảo", "steps": [
            {"title": "Mở ứng dụng", "text": "<p>Mở VNeID.</p>", "screenshot": None},
            {"title": "Chọn Tố giác", "text": "", "screenshot": None},
        ]}},
    ]
    if with_check:
        body.append({"type": "knowledge_check", "value": KNOWLEDGE_CHECK})
    return body


@pytest.fixture
def build_course(db):
    """Factory: ``build_course(lessons=3, check_in=2, module=False, **course_fields)`` → dict of pages.

    Lesson number ``check_in`` (1-based) has a knowledge check. With ``module=True`` the lessons sit in one
    module; the tree (home, catalogue) is created once and the default site points at the home page."""
    from wagtail.models import Page, Site

    from courses.models import CourseIndexPage, CoursePage, HomePage, LessonPage, ModulePage, Topic

    state = {}

    def publish(page):
        page.save_revision().publish()

    def home_tree():
        if "index" not in state:
            root = Page.get_first_root_node()
            home = root.add_child(instance=HomePage(title="Học vụ số", slug="hoc-vu-so-test"))
            site = Site.objects.get(is_default_site=True)
            site.root_page = home
            site.save()
            index = home.add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc"))
            publish(home)
            publish(index)
            state.update(home=home, index=index)
        return state["home"], state["index"]

    def factory(*, lessons=3, check_in=2, module=False, slug=None, title="An toàn trên mạng", **fields):
        home, index = home_tree()
        fields.setdefault("summary", "Nhận biết và phòng tránh lừa đảo qua điện thoại và mạng xã hội.")
        fields.setdefault("topic", Topic.objects.get(slug="an-toan-tren-mang"))
        fields.setdefault("estimated_minutes", 45)
        n = CoursePage.objects.count() + 1
        course = index.add_child(instance=CoursePage(title=title, slug=slug or f"khoa-{n}", **fields))
        publish(course)
        parent = course
        if module:
            parent = course.add_child(instance=ModulePage(title="Chương 1: Cuộc gọi lừa đảo", slug="chuong-1"))
            publish(parent)
        pages = []
        for number in range(1, lessons + 1):
            lesson = LessonPage(
                title=f"Bài {number}: Nhận biết lừa đảo",
                slug=f"bai-{number}",
                summary="Những dấu hiệu thường gặp.",
                estimated_minutes=10,
                body=lesson_body(with_check=number == check_in),
            )
            parent.add_child(instance=lesson)
            publish(lesson)
            pages.append(LessonPage.objects.get(pk=lesson.pk))
        return {"home": home, "index": index, "course": CoursePage.objects.get(pk=course.pk), "lessons": pages,
                "module": parent if module else None}

    return factory


@pytest.fixture
def course_tree(build_course):
    return build_course()


def check_block_id(lesson):
    return lesson.knowledge_checks()[0].id
