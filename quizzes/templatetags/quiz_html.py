"""``{% load quiz_html %}{{ question.stem|quiz_html }}``: the only way question rich text reaches a page.

Stored rich text is already clean (``quizzes.sanitize.clean_html`` on the way in); this filter expands Wagtail's
links and images and cleans the result again (``quizzes.sanitize.render``), so a row stored before the sanitiser,
or written around the model, still cannot carry script into a page.
"""

from django import template
from django.utils.safestring import mark_safe

from quizzes.sanitize import render

register = template.Library()


@register.filter(name="quiz_html")
def quiz_html(value) -> str:
    return mark_safe(render(str(value) if value is not None else ""))  # noqa: S308 - nh3-cleaned just above
