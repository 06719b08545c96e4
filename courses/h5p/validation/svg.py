"""SVG in uploaded content, made safe instead of refused.

``clean_svg(data)`` runs the file through nh3 (the maintained Rust ``ammonia`` sanitiser, pinned in
``requirements.txt``) with an allowlist of drawing elements and presentation attributes, and returns the
cleaned bytes and what was removed. Dropped: ``<script>``, ``<style>``, ``<foreignObject>``, animation elements
(``set``, ``animate…``: they can rewrite an ``href`` into ``javascript:``), every event handler (``on…``), every
attribute not on the list, and every reference that leaves the file: an ``href``/``xlink:href`` that is not a
fragment of the same file (``#id``), a ``url(…)`` that is not ``url(#id)``. What remains can draw and nothing
else. A library's SVG is not rewritten (trusted code installed by a reviewer); it is served sandboxed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Element names as the HTML5 parser gives them for SVG (camelCase restored).
TAGS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feFlood", "feGaussianBlur",
    "feMerge", "feMergeNode", "feOffset", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feMorphology",
    "feDropShadow", "feTurbulence", "feDisplacementMap", "feTile", "feConvolveMatrix", "feSpecularLighting",
    "feDiffuseLighting", "feDistantLight", "fePointLight", "feSpotLight",
    "image", "a",
})
ATTRIBUTES = frozenset({
    "id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "width", "height", "x", "y", "x1", "y1",
    "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "d", "points", "pathLength", "dx", "dy", "rotate",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity", "color",
    "display", "visibility", "overflow", "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits",
    "maskContentUnits", "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits",
    "refX", "refY", "orient", "filter", "filterUnits", "primitiveUnits", "in", "in2", "result", "mode",
    "operator", "k1", "k2", "k3", "k4", "stdDeviation", "values", "type", "tableValues", "slope", "intercept",
    "amplitude", "exponent", "offset", "flood-color", "flood-opacity", "lighting-color", "baseFrequency",
    "numOctaves", "seed", "stitchTiles", "scale", "xChannelSelector", "yChannelSelector", "radius",
    "kernelMatrix", "order", "divisor", "bias", "targetX", "targetY", "edgeMode", "preserveAlpha",
    "surfaceScale", "specularConstant", "specularExponent", "diffuseConstant", "azimuth", "elevation",
    "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "z",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
    "patternContentUnits", "patternTransform",
    "font-family", "font-size", "font-weight", "font-style", "font-variant", "text-anchor",
    "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing",
    "text-decoration", "writing-mode", "direction", "unicode-bidi", "lengthAdjust", "textLength", "startOffset",
    "method", "spacing", "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
    "color-interpolation-filters", "vector-effect", "paint-order", "mix-blend-mode", "isolation",
    "requiredFeatures", "systemLanguage", "version", "xml:space", "lang", "xml:lang",
    "href", "xlink:href", "xlink:title",
})
STYLE_PROPERTIES = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity", "color",
    "display", "visibility", "stop-color", "stop-opacity", "font-family", "font-size", "font-weight",
    "font-style", "text-anchor", "letter-spacing", "word-spacing", "text-decoration", "dominant-baseline",
    "clip-path", "clip-rule", "mask", "filter", "flood-color", "flood-opacity", "mix-blend-mode",
    "paint-order", "vector-effect", "shape-rendering", "transform", "transform-origin", "line-height",
})
_URL = re.compile(r"url\s*\(\s*(['\"]?)\s*([^)'\"]*)\1\s*\)", re.IGNORECASE)
_ESCAPES = re.compile(r"\\|&#|expression\s*\(", re.IGNORECASE)
# Any CSS function that fetches: a url( whose target is not "#…" (closed or not: CSS ends an unclosed url( at the
# end of the value and still fetches it), and image(), image-set(), cross-fade(), element(), src().
_FETCHES = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|(?<![\w-])(?:-webkit-)?(?:image|image-set|cross-fade|element|src)\s*\(",
                      re.IGNORECASE)
_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?(?:<!--.*?-->\s*)*<svg[\s>/]",
                   re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class CleanedSVG:
    data: bytes
    removed: tuple[str, ...]  # "<script>", "onload", "href" … in the order of the file, each once


def _attribute_filter(tag: str, attribute: str, value: str):
    """Keep references inside the file only: ``href="#id"``, ``url(#id)``; nothing escaped or scripted."""
    if attribute in ("href", "xlink:href"):
        return value if value.strip().startswith("#") and _ESCAPES.search(value) is None else None
    if "url" in value.lower() or "(" in value:
        if _ESCAPES.search(value) or _FETCHES.search(value):
            return None
        for match in _URL.finditer(value):
            if not match.group(2).strip().startswith("#"):
                return None
    return value


class _Inventory(HTMLParser):
    """Elements and attributes of a document, in order (``<name>`` for an element, ``name`` for an attribute)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.cdata_elem = None

    def handle_starttag(self, tag, attrs):
        self.items.append(f"<{tag}>")
        self.items.extend(name for name, value in attrs if not name.startswith("xmlns"))
        for name, value in attrs:  # an attribute kept but with its reference removed still counts as removed
            if value and name in ("href", "xlink:href") and not value.strip().startswith("#"):
                self.items.append(f"{name}={value.strip()[:40]}")

    handle_startendtag = handle_starttag


def _inventory(text: str) -> list[str]:
    parser = _Inventory()
    parser.feed(text)
    parser.close()
    return parser.items


def looks_like_svg(data: bytes) -> bool:
    return bool(_ROOT.match(data.lstrip(b"\xef\xbb\xbf")))


def clean_svg(data: bytes) -> CleanedSVG:
    """Sanitise ``data`` (an SVG file). ``ValueError`` when it is not UTF-8 text whose root element is ``<svg>``."""
    if not looks_like_svg(data):
        raise ValueError("not an SVG document")
    text = data.decode("utf-8-sig")
    cleaned = nh3.clean(
        text,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={"*": set(ATTRIBUTES)},
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(),
        filter_style_properties=set(STYLE_PROPERTIES),
    )
    if not cleaned.lstrip().startswith("<svg"):
        raise ValueError("not an SVG document")
    # The HTML serialiser drops namespace declarations; a file served as image/svg+xml needs them back.
    declarations = f' xmlns="{SVG_NS}"' + (f' xmlns:xlink="{XLINK_NS}"' if "xlink:" in cleaned else "")
    cleaned = cleaned.lstrip().replace("<svg", "<svg" + declarations, 1)
    before = {item.lower(): item for item in _inventory(text)}
    after = {item.lower() for item in _inventory(cleaned)}
    removed = tuple(dict.fromkeys(original for key, original in before.items() if key not in after))
    return CleanedSVG(data=cleaned.encode("utf-8"), removed=removed)
