"""Stable public URLs (printed QR codes rely on them for years): keep them outside the language prefix."""

from django.urls import path  # noqa: F401

app_name = "certificates"
urlpatterns: list = []
