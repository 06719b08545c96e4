import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import get_document_model
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images import get_image_model

from lms import pwa
from lms import views as lms_views
from lms.csp import csp_report
from lms.sitemaps import AllLocalesSitemap

# Wagtail registers its Document and Image models in Django's admin, where any staff account holding the model
# permissions (editors, reviewers) could list every collection's files and add files past Wagtail's collection
# permissions and the project's upload checks (lms/uploads.py). They are managed in the Wagtail admin only (audit
# 2026-12-04, tests/security/test_roles.py::test_editors_cannot_reach_documents_and_images_in_the_django_admin).
for _model in (get_document_model(), get_image_model()):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLocalesSitemap}}, name="sitemap"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", lms_views.healthz, name="healthz"),
    # The installable web app (issue 20): at the site root, so that the worker's scope is the whole site.
    path("manifest.webmanifest", pwa.manifest, name="web_manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("text-size/", lms_views.text_size, name="text_size"),
    path("csp-report/", csp_report, name="csp_report"),
    # Certificates: verification pages and the issuer's DID document, without a language prefix.
    path("verify/", include("certificates.urls")),
    path(".well-known/", include("certificates.well_known_urls")),
    path("h5p/", include("courses.h5p.urls")),
    path("video/", include("courses.video.urls")),  # renditions (range requests), captions, watched seconds
    path("api/", include("api.urls")),  # the open API (api/, docs/api.md): OAuth tokens, /api/v1/, its OpenAPI
]

urlpatterns += i18n_patterns(
    path("accounts/", include("lms.accounts.urls")),
    path("accounts/privacy/", include("lms.privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("learn/", include("courses.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("certificates/", include("certificates.learner_urls")),
    path("reminders/", include("reminders.urls")),
    path("manage/reminders/", include("reminders.manage_urls")),
    path("manage/classes/", include("classes.manage_urls")),  # the team's pages of in-person sessions
    path("classes/", include("classes.urls")),
    path("manage/", include("reporting.urls")),
    path("assistant/", include("assistant.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Embedded mode: the project serves uploaded files itself (production: object storage or the web server).
    urlpatterns = [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", lms_views.serve_media),
    ] + urlpatterns

handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"
handler429 = "lms.ratelimit.handler429"  # allauth answers its rate limits with it (Vietnamese, Retry-After)
