"""The learner's own certificates. Include inside ``i18n_patterns`` in lms/urls.py:
``path("certificates/", include("certificates.learner_urls"))`` (before Wagtail's catch-all)."""

from django.urls import path

from . import views

app_name = "my_certificates"
urlpatterns = [
    path("", views.my_certificates, name="list"),
    # Staff and managers (their units' learners): find a certificate, revoke it, re-issue it after a name fix.
    path("manage/", views.manage_list, name="manage"),
    path("manage/<str:serial>/", views.manage_detail, name="manage_detail"),
    path("<str:serial>/pdf/", views.download_pdf, name="pdf"),
    path("<str:serial>/credential.jwt", views.download_credential, name="credential"),
]
