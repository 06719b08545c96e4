"""JSON-LD in a ``<script type="application/ld+json">`` element: the one escaping used by course pages
(``courses_tags.jsonld``) and the certificate verification page."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

# Same escapes as Django's json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def dumps(data) -> str:
    """``data`` as JSON text safe inside a ``<script>`` element (``</script>`` in a value cannot end it)."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)


def script(data) -> SafeString:
    """The whole ``<script type="application/ld+json">`` element for ``data``."""
    return mark_safe(f'<script type="application/ld+json">{dumps(data)}</script>')  # noqa: S308 - escaped in dumps
