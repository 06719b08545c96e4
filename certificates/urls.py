"""Stable public URLs (printed QR codes rely on them for years): keep them outside the language prefix."""

from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("", views.verify, name="verify"),
    path("credential/", views.credential_verify, name="credential_verify"),
    path("revocations/", views.revocation_list, name="revocations"),
    path("<str:serial>/", views.certificate_detail, name="detail"),
]
