"""Turn the demo course data (``demo.courses.COURSES``, see FORMAT.md) into published Wagtail pages.

Idempotent: pages are found by slug under their parent, images by title in the "Demo" collection, and block
ids are derived from the course/lesson slugs and the block's position, so a second run updates content in
place, adds nothing, and publishes a new revision only for pages whose content changed.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from courses.models import CourseIndexPage, CoursePage, HomePage, LessonPage, ModulePage, Topic
from lms.organisations.models import PopulationGroup
from quizzes.models import Competence, Framework

from . import images
from .accounts import seed_demo_accounts
from .bank import load_demo_bank
from .classes import seed_demo_classes
from .courses import COURSES
from .reporting import seed_demo_reporting
from .units import seed_demo_units

COLLECTION_NAME = "Demo"
HOME = {
    "vi": {
        "title": "Học vụ số",
        "intro": "<p>Học kỹ năng số miễn phí, theo nhịp của bạn: dùng điện thoại thông minh, VNeID, dịch vụ công "
        "trực tuyến, thanh toán bằng mã QR, an toàn trên mạng và trí tuệ nhân tạo.</p>",
    },
    "en": {
        "title": "Digital Literacy for All",
        "intro": "<p>Learn digital skills for free, at your own pace: smartphones, VNeID, online public services, "
        "QR payments, staying safe online and artificial intelligence.</p>",
    },
}
INDEX = {
    "slug": "khoa-hoc",
    "vi": {"title": "Khóa học", "intro": "<p>Chọn một khóa học phù hợp với bạn. Mỗi bài học chỉ mất khoảng 15–20 phút.</p>"},
    "en": {"title": "Courses", "intro": "<p>Pick a course that suits you. Each lesson takes about 15–20 minutes.</p>"},
}
HOME_SLUG = "trang-chu"
_BLOCK_NS = uuid.UUID("5b0f6f0e-8c1d-4b59-9d7e-3c1a2f8e9a10")


class DemoDataError(ValueError):
    """The demo data does not follow FORMAT.md (unknown topic, competence, group…)."""


@dataclass
class Summary:
    courses: int = 0
    modules: int = 0
    lessons: int = 0
    translations: int = 0
    images: int = 0
    images_created: int = 0
    images_deleted: int = 0
    pages_created: int = 0
    pages_published: int = 0
    extras: dict[str, Any] = field(default_factory=dict)

    def __str__(self):
        text = (
            f"{self.courses} khóa học, {self.modules} chương, {self.lessons} bài học, "
            f"{self.translations} trang tiếng Anh, {self.images} ảnh "
            f"(mới: {self.pages_created} trang, {self.images_created} ảnh; xuất bản {self.pages_published} trang"
            + (f"; xóa {self.images_deleted} ảnh cũ" if self.images_deleted else "")
            + ")"
        )
        for name, count in self.extras.items():
            text += f"; {name}: {count}"
        return text


# --- Pages -------------------------------------------------------------------------------------------------


def _snapshot(page: Page, names) -> dict[str, Any]:
    out = {}
    for name in names:
        model_field = page._meta.get_field(name)
        if model_field.many_to_many:
            out[name] = sorted(obj.pk for obj in getattr(page, name).all())
        elif name == "body":
            out[name] = json.dumps(model_field.get_prep_value(page.body), sort_keys=True, default=str)
        else:
            out[name] = model_field.value_from_object(page)
    return out


def _apply(page: Page, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``page``; True if anything changed."""
    before = _snapshot(page, values) if page.pk else None
    for name, value in values.items():
        if page._meta.get_field(name).many_to_many:
            getattr(page, name).set(value)
        else:
            setattr(page, name, value)
    return before is None or before != _snapshot(page, values)


def _publish(page: Page, values: dict[str, Any], summary: Summary, *, force: bool = False) -> Page:
    changed = _apply(page, values)
    if changed or force or not page.live or page.has_unpublished_changes:
        page.save_revision().publish()
        summary.pages_published += 1
    return page


def _child(parent: Page, model, slug: str, values: dict[str, Any], summary: Summary) -> Page:
    """The ``model`` child of ``parent`` with this slug, created or updated, and published."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise DemoDataError(f"«{existing.url_path}» đã có nhưng không phải {model.__name__}")
        return _publish(page, values, summary)
    page = model(slug=slug, locale_id=parent.locale_id)
    _apply(page, {k: v for k, v in values.items() if not page._meta.get_field(k).many_to_many})
    parent.add_child(instance=page)
    summary.pages_created += 1
    return _publish(page, values, summary, force=True)


def _keep_order(parent: Page, children: list[Page]) -> None:
    """Move children so that they appear under ``parent`` in the order given (only if they do not already)."""
    current = [p.pk for p in parent.get_children() if p.pk in {c.pk for c in children}]
    if current == [c.pk for c in children]:
        return
    for child in children:
        Page.objects.get(pk=child.pk).move(Page.objects.get(pk=parent.pk), pos="last-child")


def _translation(page: Page, locale: Locale, values: dict[str, Any], summary: Summary) -> Page:
    """The ``locale`` translation of ``page`` (its parent must be translated already), updated and published."""
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale)
        summary.pages_created += 1
    return _publish(translated.specific, values, summary)


def _site_root(vi: Locale, summary: Summary) -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2, locale=vi).first()
    if home is None:
        home = _child(root, HomePage, HOME_SLUG, HOME["vi"], summary)
    else:
        _publish(home, HOME["vi"], summary)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Học vụ số")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page: a bare Page at depth 2 with nothing under it.
    for page in Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page"):
        if page.numchild == 0 and not Site.objects.filter(root_page=page).exists():
            page.delete()
    return home


# --- Images ------------------------------------------------------------------------------------------------


class _Images:
    def __init__(self, summary: Summary):
        self.summary = summary
        self.model = get_image_model()
        root = Collection.get_first_root_node()
        self.collection = Collection.objects.filter(name=COLLECTION_NAME, depth=root.depth + 1).first()
        if self.collection is None:
            self.collection = root.add_child(name=COLLECTION_NAME)
        self.used: set[str] = set()

    def get(self, key: str, draw, **spec):
        """The image stored under ``key`` (a stable, ASCII name), drawn by ``draw(**spec)``.

        The file name starts with a digest of the drawing's inputs, so an unchanged picture is not drawn again;
        a changed one replaces the file of the same Image (no new row).
        """
        inputs = json.dumps([images.VERSION, images.font_name(), draw.__name__, spec], sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha1(inputs.encode()).hexdigest()[:12]
        image = self.model.objects.filter(collection=self.collection, title=key).first()
        self.summary.images += 1
        self.used.add(key)
        if image is not None and f"demo-{digest}-" in image.file.name:
            return image
        data = draw(**spec)
        if image is None:
            image = self.model(title=key, collection=self.collection)
            self.summary.images_created += 1
        else:
            image.renditions.all().delete()
            image.file.delete(save=False)
        slug = key.removeprefix("demo:").replace("/", "-")
        image.file = ContentFile(data, name=f"demo-{digest}-{slug}.png")
        image.file_hash = hashlib.sha1(data).hexdigest()
        image.file_size = len(data)
        image.save()
        return image

    def prune(self, prefix: str) -> int:
        """Delete this collection's pictures named ``prefix…`` that this run did not use (the data changed)."""
        stale = self.model.objects.filter(collection=self.collection, title__startswith=prefix).exclude(title__in=self.used)
        count = 0
        for image in stale:
            image.delete()
            count += 1
        return count


# --- Lesson bodies -----------------------------------------------------------------------------------------


def _block_id(*parts) -> str:
    return str(uuid.uuid5(_BLOCK_NS, "/".join(str(p) for p in parts)))


def _image_value(image, alt: str) -> dict[str, Any]:
    return {"image": image.pk, "alt_text": alt, "decorative": not alt}


def _items(values, key) -> list[dict[str, Any]]:
    return [{"type": "item", "value": value, "id": _block_id(key, i)} for i, value in enumerate(values)]


def build_body(
    blocks: list, *, key: str, images_: _Images, accent: str, fallback: list | None = None, suffix: str = ""
) -> list[dict[str, Any]]:
    """Raw StreamField data for a lesson body in FORMAT.md's notation.

    ``key`` ("course/lesson") makes block ids and image names stable: a block is named by its type and how many
    blocks of that type come before it ("…/knowledge_check-0"), so inserting a paragraph or a picture does not
    change the id of the knowledge check after it (answers are stored against that id). ``fallback`` is the
    Vietnamese body, for an English body whose pictures reuse the Vietnamese ones.
    """
    raw = []
    seen: dict[str, int] = {}
    vi_blocks = {block["id"]: block for block in fallback or []}
    for block_type, value in blocks:
        k = seen[block_type] = seen.get(block_type, -1) + 1
        bkey = f"{key}/{block_type}-{k}"
        vi_block = vi_blocks.get(_block_id(bkey))
        if block_type == "steps":
            value = dict(value)
            steps = []
            for j, step in enumerate(value["steps"]):
                shot = step.get("screenshot")
                screenshot = {"image": None, "alt_text": "", "decorative": False}  # ImageBlock's empty value
                if shot and shot.get("screen"):
                    img = images_.get(f"demo:{bkey}/{j}{suffix}", images.draw_phone, lines=shot["screen"], accent=accent)
                    screenshot = _image_value(img, shot.get("alt", ""))
                elif shot and fallback is not None:
                    screenshot = _fallback_screenshot(vi_block, j, shot.get("alt", "")) or screenshot
                steps.append({"title": step["title"], "text": step.get("text", ""), "screenshot": screenshot})
            value = {"title": value.get("title", ""), "steps": _items(steps, f"{bkey}/steps")}
        elif block_type == "image":
            art = value.get("illustration") or {}
            if not art and fallback is not None:
                image_value = _fallback_image(vi_block, value.get("alt", ""))
            else:
                image = images_.get(
                    f"demo:{bkey}{suffix}", images.draw_illustration,
                    bg=art.get("bg", "#e8f0fe"), icon=art.get("icon", "book"), caption=art.get("caption", ""),
                )
                image_value = _image_value(image, value.get("alt", ""))
            if image_value is None:
                continue
            value = image_value
        elif block_type == "knowledge_check":
            questions = []
            for q in value["questions"]:
                choices = [
                    {"text": c["text"], "correct": bool(c.get("correct")), "feedback": c.get("feedback", "")}
                    for c in q["choices"]
                ]
                n = len(questions)
                questions.append(
                    {
                        "prompt": q["prompt"],
                        "multiple": bool(q.get("multiple")),
                        "choices": _items(choices, f"{bkey}/q{n}/choices"),
                        "explanation": q.get("explanation", ""),
                    }
                )
            value = {
                "title": value.get("title", "Kiểm tra nhanh"),
                "questions": _items(questions, f"{bkey}/questions"),
                "pass_percent": value.get("pass_percent", 100),
            }
        elif block_type == "callout":
            value = {"kind": value.get("kind", "tip"), "title": value.get("title", ""), "text": value["text"]}
        elif block_type == "heading":
            value = {"text": value["text"], "level": value.get("level", "h2")}
        raw.append({"type": block_type, "value": value, "id": _block_id(bkey)})
    return raw


def _fallback_screenshot(vi_block, j, alt):
    try:
        shot = vi_block["value"]["steps"][j]["value"]["screenshot"]
    except (IndexError, KeyError, TypeError):
        return None
    return dict(shot, alt_text=alt or shot["alt_text"]) if shot and shot.get("image") else None


def _fallback_image(vi_block, alt):
    value = (vi_block or {}).get("value")
    return dict(value, alt_text=alt or value["alt_text"]) if isinstance(value, dict) and value.get("image") else None


# --- Courses -----------------------------------------------------------------------------------------------


def _lookup(model, codes, field_name, what, **extra):
    found = {getattr(obj, field_name): obj for obj in model.objects.filter(**{f"{field_name}__in": codes}, **extra)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise DemoDataError(f"Không tìm thấy {what}: {', '.join(missing)}")
    return [found[c] for c in codes]


def _course_values(data, cover) -> dict[str, Any]:
    framework = Framework.objects.filter(code="TT02-2025").first() or Framework.objects.filter(is_default=True).first()
    topic = Topic.objects.filter(slug=data["topic"]).first()
    if topic is None:
        raise DemoDataError(f"Không có chủ đề «{data['topic']}»")
    return {
        "title": data["title"],
        "summary": data["summary"],
        "description": data.get("description", ""),
        "cover_image": cover,
        "topic": topic,
        "level": data.get("level", "basic"),
        "estimated_minutes": data.get("estimated_minutes", 30),
        "competences": _lookup(Competence, data.get("competences", []), "code", "năng lực", framework=framework),
        "population_groups": _lookup(PopulationGroup, data.get("population_groups", []), "code", "nhóm đối tượng"),
    }


def load_course(data: dict, *, index: CourseIndexPage, en: Locale, images_: _Images, summary: Summary) -> CoursePage:
    slug = data["slug"]
    cover_spec = data.get("cover") or {}
    accent = cover_spec.get("bg", "#0b5394")
    cover = images_.get(
        f"demo:{slug}/cover", images.draw_cover, title=data["title"], bg=accent, icon=cover_spec.get("icon", "book")
    )
    course_values = _course_values(data, cover)
    course = _child(index, CoursePage, slug, course_values, summary)
    summary.courses += 1

    pages = []  # (vi page, module/lesson data, position) in tree order, for the translation
    modules = []
    lessons_of = {}  # module pk → its lessons, in order
    for m, module_data in enumerate(data["modules"]):
        module = _child(
            course, ModulePage, module_data["slug"],
            {"title": module_data["title"], "summary": module_data.get("summary", "")}, summary,
        )
        summary.modules += 1
        modules.append(module)
        pages.append((module, m, None))
        lessons = []
        for n, lesson_data in enumerate(module_data["lessons"]):
            key = f"{slug}/{lesson_data['slug']}"
            body = build_body(lesson_data.get("body", []), key=key, images_=images_, accent=accent)
            lesson = _child(
                module, LessonPage, lesson_data["slug"],
                {
                    "title": lesson_data["title"],
                    "summary": lesson_data.get("summary", ""),
                    "estimated_minutes": lesson_data.get("minutes", 10),
                    "body": body,
                },
                summary,
            )
            summary.lessons += 1
            lessons.append(lesson)
            pages.append((lesson, m, (n, body, key)))
        _keep_order(module, lessons)
        lessons_of[module.pk] = lessons
    _keep_order(course, modules)

    english = data.get("translation_en")
    if english:
        en_course_values = dict(course_values, title=english["title"], summary=english["summary"],
                                description=english.get("description", ""))
        _translation(course, en, en_course_values, summary)
        summary.translations += 1
        for page, m, lesson_info in pages:
            page = Page.objects.get(pk=page.pk).specific  # fresh tree path: _keep_order may have moved it
            module_en = english["modules"][m]
            if lesson_info is None:
                values = {"title": module_en["title"], "summary": module_en.get("summary", "")}
            else:
                n, vi_body, key = lesson_info
                lesson_en = module_en["lessons"][n]
                values = {
                    "title": lesson_en["title"],
                    "summary": lesson_en.get("summary", ""),
                    "estimated_minutes": page.estimated_minutes,
                    "body": build_body(
                        lesson_en.get("body", []), key=key, images_=images_, accent=accent,
                        fallback=vi_body, suffix="-en",
                    ),
                }
            _translation(page, en, values, summary)
            summary.translations += 1
        # The English tree follows the Vietnamese order too.
        _keep_order(course.get_translation(en), [module.get_translation(en) for module in modules])
        for module in modules:
            _keep_order(module.get_translation(en), [lesson.get_translation(en) for lesson in lessons_of[module.pk]])
    summary.images_deleted += images_.prune(f"demo:{slug}/")
    return course


def _validate(courses: list[dict]) -> None:
    for data in courses:
        english = data.get("translation_en")
        if not english:
            continue
        if len(english["modules"]) != len(data["modules"]) or any(
            len(me["lessons"]) != len(mv["lessons"]) for me, mv in zip(english["modules"], data["modules"], strict=True)
        ):
            raise DemoDataError(f"«{data['slug']}»: translation_en phải có cùng số chương và bài học với bản tiếng Việt")


def _describe(result) -> str:
    """A short count for the summary line: 45 for a list of units, "questions 72, tests 2" for a dict of counts."""
    if isinstance(result, dict) and all(isinstance(v, int | list | tuple) for v in result.values()):
        return ", ".join(f"{k} {len(v) if isinstance(v, list | tuple) else v}" for k, v in result.items())
    return str(len(result)) if hasattr(result, "__len__") else str(result)


def load_demo(courses: list[dict] | None = None, *, with_extras: bool = True, verbosity: int = 1) -> Summary:
    """Create or update the whole demo: locales, site root, catalogue, courses (+ English), units, accounts,
    question bank, managers' data (learners with results, targets). Safe to run again."""
    if courses is None:
        courses = COURSES
    _validate(courses)
    summary = Summary()
    with transaction.atomic():
        vi, _ = Locale.objects.get_or_create(language_code="vi")
        en, _ = Locale.objects.get_or_create(language_code="en")
        home = _site_root(vi, summary)
        index = _child(home, CourseIndexPage, INDEX["slug"], INDEX["vi"], summary)
        _translation(home, en, HOME["en"], summary)
        _translation(index, en, INDEX["en"], summary)
        images_ = _Images(summary)
        course_pages = [load_course(data, index=index, en=en, images_=images_, summary=summary) for data in courses]
        _keep_order(index, course_pages)
        en_index = index.get_translation(en)
        _keep_order(en_index, [p.get_translation(en) for p in course_pages if p.get_translation_or_none(en)])
        if with_extras:
            for label, result in (
                ("đơn vị", seed_demo_units()),
                ("tài khoản", seed_demo_accounts()),
                ("ngân hàng câu hỏi", load_demo_bank(verbosity=verbosity)),
                ("báo cáo quản lý", seed_demo_reporting(verbosity=verbosity)),
                ("buổi hướng dẫn", seed_demo_classes()),
            ):
                summary.extras[label] = _describe(result)
    return summary
