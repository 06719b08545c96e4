"""Template helpers for course pages: JSON-LD output, small formatting filters, the lesson body."""

import hashlib
import json

from django import template
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from lms import jsonld as lms_jsonld
from lms import pagecache

register = template.Library()

@register.simple_tag
def jsonld(data):
    """``<script type="application/ld+json">`` with ``data``, safe against ``</script>`` in any value."""
    return lms_jsonld.script(data) if data else ""


# Lesson blocks that look the same to everyone: rendered once per content and language, then kept in the cache.
# Knowledge checks and H5P activities show the learner's own answers and results, so they render per request.
SHARED_BLOCK_TYPES = frozenset({"heading", "paragraph", "image", "video", "steps", "callout", "document"})
BODY_CACHE_SECONDS = 600  # bounds how long a renamed linked page or a replaced image file can show stale


def _body_cache_key(page, variant: str = "") -> str:
    """``variant``: ``"offline"`` for a lesson's offline copy (one phone-sized rendition per image)."""
    raw = list(page.body.raw_data)
    content = json.dumps(raw, sort_keys=True, cls=DjangoJSONEncoder)
    # A video of the platform changes without the lesson changing (transcoded, captions edited): every change of a
    # video starts a new page-cache generation (courses.video.signals), which is then part of the key.
    hosted = any(isinstance(b, dict) and b.get("type") == "video" and (b.get("value") or {}).get("video") for b in raw)
    generation = pagecache.current_generation() if hosted else ""
    digest = hashlib.sha256(f"{translation.get_language()}\n{variant}\n{generation}\n{content}".encode()).hexdigest()
    return f"lesson-body:{digest}"


@register.simple_tag(takes_context=True)
def lesson_body(context):
    """The lesson's StreamField: runs of shared blocks come from the cache (keyed by the body's content and the
    language, so a new revision or a preview never shows an old one); knowledge checks and H5P activities are
    rendered for this learner. Same HTML as ``{% include_block %}`` on each block."""
    page = context["page"]
    blocks = list(page.body)
    runs: list[list] = []  # consecutive shared blocks, in order
    for block in blocks:
        if block.block_type in SHARED_BLOCK_TYPES:
            if not runs or runs[-1] is None:
                runs.append([])
            runs[-1].append(block)
        else:
            runs.append(None)
    key = _body_cache_key(page, "offline" if context.get("offline_copy") else "")
    shared = cache.get(key)
    if shared is None:
        flat = context.flatten()
        # block_id: each block carries an anchor (id="b-<block id>") that the assistant's quotes link to.
        shared = ["".join(str(conditional_escape(b.render_as_block(context={**flat, "block_id": b.id}))) for b in run)
                  for run in runs if run is not None]
        cache.set(key, shared, BODY_CACHE_SECONDS)
    html, texts = [], iter(shared)
    personal = iter(b for b in blocks if b.block_type not in SHARED_BLOCK_TYPES)
    for run in runs:
        if run is not None:
            html.append(next(texts))
        else:
            block = next(personal)
            block_context = context.flatten()
            if block.block_type == "knowledge_check":
                block_context["block_id"] = block.id
            html.append(str(conditional_escape(block.render_as_block(context=block_context))))
    return mark_safe("".join(html))  # noqa: S308 - each part was escaped or rendered safe by its block template
