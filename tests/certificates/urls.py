"""The project's URLs plus the learner's certificate pages, as lms/urls.py will include them."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from lms.urls import handler404, handler500  # noqa: F401
from lms.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *i18n_patterns(path("certificates/", include("certificates.learner_urls")), prefix_default_language=False),
    *project_urlpatterns,
]
