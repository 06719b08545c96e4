"""The certificate a learner just earned, shown on the page that confirms it (the course page once the course is
complete, the result page of a passed test): download, verification link and share links. Pages of the apps below
(courses, quizzes) load this tag in their templates; their Python never imports certificates."""

from urllib.parse import quote

from django import template

from ..models import Certificate
from ..selectors import certificate_for_achievement

register = template.Library()


@register.inclusion_tag("certificates/includes/earned.html", takes_context=True)
def earned_certificate(context, *, course=None, assessment=None):
    """``{% earned_certificate course=page %}`` or ``{% earned_certificate assessment=attempt.assessment %}``."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if course is not None:
        kind, key = Certificate.Kind.COURSE, course.translation_key
    else:
        kind, key = Certificate.Kind.ASSESSMENT, getattr(assessment, "pk", "")
    certificate = certificate_for_achievement(user=user, kind=kind, achievement_key=key)
    share = quote(certificate.verify_url, safe="") if certificate else ""
    return {
        "certificate": certificate,
        "request": request,
        "zalo_url": f"https://sp.zalo.me/share?url={share}" if share else "",
        "facebook_url": f"https://www.facebook.com/sharer/sharer.php?u={share}" if share else "",
    }
