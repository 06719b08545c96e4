"""One JSON-LD escaping for course pages and certificate pages (``lms.jsonld``)."""

import json

from courses.templatetags.courses_tags import jsonld as jsonld_tag
from lms import jsonld


def test_a_value_cannot_close_the_script_element():
    data = {"name": "</script><script>alert(1)</script> & <b>", "vi": "Chứng nhận"}
    text = jsonld.dumps(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "Chứng nhận" in text  # not \\u-escaped
    assert json.loads(text) == data
    element = jsonld.script(data)
    assert element.startswith('<script type="application/ld+json">') and element.count("</script>") == 1


def test_the_course_template_tag_uses_it():
    assert jsonld_tag({"a": "<"}) == jsonld.script({"a": "<"})
    assert jsonld_tag({}) == ""
