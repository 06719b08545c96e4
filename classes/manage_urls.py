"""/manage/classes/: the team's pages (managers and trainers)."""

from django.urls import path

from . import views

app_name = "classes_team"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("new/", views.session_new, name="new"),
    path("report/", views.trainer_report, name="report"),
    path("<int:pk>/", views.sheet, name="sheet"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
    path("<int:pk>/qr/", views.qr_screen, name="qr"),
    path("<int:pk>/qr.json", views.qr_json, name="qr_json"),
    path("<int:pk>/mark/", views.mark, name="mark"),
]
