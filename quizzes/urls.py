app_name = "quizzes"

from django.urls import path  # noqa: F401

urlpatterns: list = []
