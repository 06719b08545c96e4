from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .models import CourseIndexPage


def catalogue_redirect(request):
    """Stable URL for the catalogue, whatever the editors call its page, in the active language."""
    from wagtail.models import Locale

    index = CourseIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    index = index or CourseIndexPage.objects.live().first()
    return redirect(index.url if index else "/")


@login_required
def my_learning(request):
    return render(request, "courses/my_learning.html", {})
