"""A learner's reminder pages (/reminders/, inside the language prefix)."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("settings/", views.preferences, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
