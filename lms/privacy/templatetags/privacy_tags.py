"""Render the learner's data (nested dicts and lists of rows) as readable HTML: definition lists and lists."""

from __future__ import annotations

import json

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

MAX_DEPTH = 4


def _render(value, depth: int = 0, labels: dict | None = None) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return format_html("<span class='muted'>{}</span>", _("(không có)"))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return format_html("<pre>{}</pre>", json.dumps(value, ensure_ascii=False, indent=1))
        labels = labels or {}
        items = format_html_join(
            "", "<dt>{} <small>({})</small></dt><dd>{}</dd>",
            ((labels.get(k, k), k, mark_safe(_render(v, depth + 1, labels))) for k, v in value.items()),
        )
        return format_html("<dl class='privacy-dl'>{}</dl>", items)
    if isinstance(value, list):
        if depth >= MAX_DEPTH or (value and not isinstance(value[0], dict | list)):
            if all(not isinstance(v, dict | list) for v in value):
                return format_html("{}", ", ".join(str(v) for v in value))
            return format_html("<pre>{}</pre>", json.dumps(value, ensure_ascii=False, indent=1))
        items = format_html_join("", "<li>{}</li>", ((mark_safe(_render(v, depth + 1, labels)),) for v in value))
        return format_html("<p>{}</p><ol class='privacy-list'>{}</ol>", _("%(n)s mục") % {"n": len(value)}, items)
    return format_html("{}", value)


@register.simple_tag
def show_value(value, labels=None):
    return mark_safe(_render(value, 0, labels))
