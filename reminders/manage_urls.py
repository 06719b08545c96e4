"""The managers' reminder page (/manage/reminders/, inside the language prefix)."""

from django.urls import path

from . import views

app_name = "reminders_manage"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("send/", views.manage_send, name="send"),
]
