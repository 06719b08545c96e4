"""``{% fastpart "name" expr… %}…{% endfastpart %}``: a part of a page that depends on the learner
(``lms/fastlane.py``). Renders its content as usual; while the fast lane captures a response, it also reports the
content and the values of the expressions it depends on (each expression is a template variable, filters allowed).

Everything the block reads about the learner must be among its expressions: its output is stored per tuple of
their values and served to every learner with the same tuple."""

from django import template

from lms import fastlane

register = template.Library()


class FastPartNode(template.Node):
    def __init__(self, name: str, expressions: list, nodelist):
        self.name = name
        self.expressions = expressions  # (source text, FilterExpression)
        self.nodelist = nodelist

    def render(self, context):
        output = self.nodelist.render(context)
        request = context.get("request")
        capture = fastlane.capturing(request) if request is not None else None
        if capture is None:
            return output
        try:
            variant = tuple(fastlane.freeze_value(expression.resolve(context)) for _text, expression in self.expressions)
        except fastlane.Refused:
            capture.refused = True
            return output  # a learner this part cannot be shared for: the page is not stored (no marker)
        return capture.mark(self.name, tuple(text for text, _expression in self.expressions), variant, str(output))


@register.tag
def fastpart(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% fastpart \"name\" expression… %}")
    expressions = [(bit, parser.compile_filter(bit)) for bit in bits[2:]]
    nodelist = parser.parse(("endfastpart",))
    parser.delete_first_token()
    return FastPartNode(bits[1][1:-1], expressions, nodelist)
