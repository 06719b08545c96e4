"""The demo course texts are YAML files (``demo/courses/*.yaml``, see ``demo/FORMAT.md``): each one loads into the
dict the loader expects, follows the format, and a malformed or missing file is an error."""

import re

import pytest

from demo.courses import COURSE_FILES, COURSES, HERE, CourseFileError, load_course

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BLOCK_TYPES = {"heading", "paragraph", "callout", "steps", "image", "knowledge_check"}


def lessons(course):
    for module in course["modules"]:
        yield from module["lessons"]


def test_every_listed_file_is_loaded_in_catalogue_order():
    assert len(COURSES) == len(COURSE_FILES) == 3
    assert [c["slug"] for c in COURSES] == ["ky-nang-so-co-ban", "an-toan-tren-khong-gian-mang",
                                           "tri-tue-nhan-tao-cho-moi-nguoi"]
    # Every YAML file in the folder is listed: a course is not left out by forgetting to list it.
    assert sorted(p.name for p in HERE.glob("*.yaml")) == sorted(COURSE_FILES)


@pytest.mark.parametrize("course", COURSES, ids=lambda c: c["slug"])
def test_course_follows_the_format(course):
    assert SLUG.match(course["slug"])
    for key in ("title", "summary", "description", "topic", "level", "estimated_minutes", "competences",
                "population_groups", "cover", "modules"):
        assert course.get(key) not in (None, ""), key
    assert len(course["summary"]) <= 600
    lesson_slugs = [lesson["slug"] for lesson in lessons(course)]
    assert len(lesson_slugs) == len(set(lesson_slugs))
    assert all(SLUG.match(module["slug"]) for module in course["modules"])
    for lesson in lessons(course):
        assert SLUG.match(lesson["slug"]) and lesson["title"] and lesson["minutes"] > 0
        assert len(lesson["summary"]) <= 400
        for block in lesson["body"]:
            assert isinstance(block, tuple) and len(block) == 2, lesson["slug"]
            assert block[0] in BLOCK_TYPES, (lesson["slug"], block[0])
            if block[0] == "knowledge_check":
                for question in block[1]["questions"]:
                    correct = [c for c in question["choices"] if c["correct"]]
                    assert correct and question["explanation"]
                    assert question["multiple"] == (len(correct) > 1), question["prompt"]
                    assert all(c["feedback"] for c in question["choices"])
    english = course.get("translation_en")
    if english:
        assert [len(m["lessons"]) for m in english["modules"]] == [len(m["lessons"]) for m in course["modules"]]
        for vi, en in zip(lessons(course), (lesson for m in english["modules"] for lesson in m["lessons"]), strict=True):
            assert [t for t, _ in en["body"]] == [t for t, _ in vi["body"]], vi["slug"]


def test_a_body_is_a_list_of_one_key_mappings_read_as_tuples(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(
        "slug: khoa-thu\nmodules:\n- slug: c1\n  lessons:\n  - slug: b1\n    body:\n"
        "    - heading: {text: Xin chào, level: h2}\n    - paragraph: <p>Chào bạn.</p>\n"
        "translation_en:\n  modules:\n  - lessons:\n    - body:\n      - heading: {text: Hello, level: h2}\n",
        encoding="utf-8",
    )
    course = load_course(path)
    assert course["modules"][0]["lessons"][0]["body"] == [
        ("heading", {"text": "Xin chào", "level": "h2"}),
        ("paragraph", "<p>Chào bạn.</p>"),
    ]
    assert course["translation_en"]["modules"][0]["lessons"][0]["body"] == [("heading", {"text": "Hello", "level": "h2"})]


def test_a_malformed_block_or_a_missing_file_is_an_error(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("slug: khoa-thu\nmodules:\n- slug: c1\n  lessons:\n  - slug: b1\n    body:\n"
                    "    - heading: {text: A}\n      paragraph: <p>B</p>\n", encoding="utf-8")
    with pytest.raises(CourseFileError, match="module 1, lesson 1: block 1"):
        load_course(path)
    with pytest.raises(FileNotFoundError):
        load_course(tmp_path / "khong-co.yaml")
