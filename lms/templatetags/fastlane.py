"""``{% fastpart "name" expr… %}…{% endfastpart %}``: a part of a page that depends on the learner
(``lms/fastlane.py``). Renders its content as usual; while the fast lane captures a response, it also reports the
content and the values of the expressions it depends on (each expression is a template variable, filters allowed).

Everything the block reads about the learner must be among its expressions: its output is stored per tuple of
their values and served to every learner with the same tuple.

``{% fastrows "name" %}{% for item in … %}{% fastrow item.pk item.state %}…{% endfastrow %}{% endfor %}{% endfastrows %}``:
rows whose list depends on the learner (``lms.fastlane.Rows``): each row is stored per tuple of its own
expressions' values; the rows are joined without the whitespace between them, whether captured or not."""

from django import template
from django.utils.translation import get_language

from lms import fastlane

register = template.Library()


class FastPartNode(template.Node):
    def __init__(self, name: str, expressions: list, nodelist, sitewide: bool = False):
        self.name = name
        self.expressions = expressions  # (source text, FilterExpression)
        self.nodelist = nodelist
        self.sitewide = sitewide

    def render(self, context):
        request = context.get("request")
        capture = fastlane.capturing(request) if request is not None else None
        if capture is None and self.sitewide:
            return self._render_sitewide(context)
        output = self.nodelist.render(context)
        if capture is None:
            return output
        try:
            variant = tuple(fastlane.freeze_value(expression.resolve(context)) for _text, expression in self.expressions)
        except fastlane.Refused:
            capture.refused = True
            return output  # a learner this part cannot be shared for: the page is not stored (no marker)
        return capture.mark(self.name, tuple(text for text, _expression in self.expressions), variant, str(output))

    def _render_sitewide(self, context):
        """A ``sitewide`` part outside the fast lane (any page on the normal path): its output depends only on its
        expressions and the language, whatever the page, so it is rendered once per process for each variant and
        language and kept, its CSRF inputs cut out and filled per response (``fastlane.sitewide_part``)."""
        try:
            variant = tuple(fastlane.freeze_value(expression.resolve(context)) for _text, expression in self.expressions)
        except fastlane.Refused:
            return self.nodelist.render(context)
        return fastlane.sitewide_part((self.name, get_language(), variant), lambda: str(self.nodelist.render(context)),
                                      context.get("csrf_token"))


@register.tag
def fastpart(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% fastpart \"name\" expression… %}")
    sitewide = bits[-1] == "sitewide"  # the same on every page (see ``FastPartNode._render_sitewide``)
    expressions = [(bit, parser.compile_filter(bit)) for bit in bits[2:len(bits) - sitewide]]
    nodelist = parser.parse(("endfastpart",))
    parser.delete_first_token()
    return FastPartNode(bits[1][1:-1], expressions, nodelist, sitewide)


ROWS = "_fastlane_rows"  # the context variable through which the rows of a {% fastrows %} report to it


class FastRowsNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        rows: list = []
        with context.push({ROWS: rows}):
            left = self.nodelist.render(context)
        if left.strip():
            raise template.TemplateSyntaxError(f"{{% fastrows \"{self.name}\" %}} holds text outside its rows: {left.strip()[:60]!r}")
        request = context.get("request")
        capture = fastlane.capturing(request) if request is not None else None
        text = "".join(output for _expressions, _variant, output in rows)
        if capture is None:
            return text
        expressions = {row[0] for row in rows}
        if len(expressions) > 1 or any(variant is None for _expressions, variant, _output in rows):
            capture.refused = True
            return text
        (expressions,) = expressions or {()}
        return fastlane.Rows.mark(capture, self.name, expressions, [(variant, output) for _e, variant, output in rows])


class FastRowNode(template.Node):
    def __init__(self, expressions: list, nodelist):
        self.expressions = expressions
        self.nodelist = nodelist

    def render(self, context):
        rows = context.get(ROWS)
        if rows is None:
            raise template.TemplateSyntaxError("{% fastrow %} outside {% fastrows %}")
        output = str(self.nodelist.render(context))
        request = context.get("request")
        variant = None
        if request is not None and fastlane.capturing(request) is not None:
            try:
                variant = tuple(fastlane.freeze_value(expression.resolve(context)) for _text, expression in self.expressions)
            except fastlane.Refused:
                variant = None
        rows.append((tuple(text for text, _expression in self.expressions), variant, output))
        return ""


@register.tag
def fastrows(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% fastrows \"name\" %}")
    nodelist = parser.parse(("endfastrows",))
    parser.delete_first_token()
    return FastRowsNode(bits[1][1:-1], nodelist)


@register.tag
def fastrow(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fastrow expression… %}: at least the row's key")
    expressions = [(bit, parser.compile_filter(bit)) for bit in bits[1:]]
    nodelist = parser.parse(("endfastrow",))
    parser.delete_first_token()
    return FastRowNode(expressions, nodelist)
