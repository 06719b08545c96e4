"""/manage/: managers' dashboards, requirements, exports and roster import (inside the language prefix)."""

from django.urls import path

from lms.organisations import views as organisation_views

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("requirements/", views.requirement_list, name="requirements"),
    path("exports/", views.export_form, name="exports"),
    path("exports/<uuid:job_id>/", views.export_job, name="export_job"),
    path("exports/<uuid:job_id>/status/", views.export_job_status, name="export_job_status"),
    path("exports/<uuid:job_id>/download/", views.export_download, name="export_download"),
    path("roster/", organisation_views.roster_import_view, name="roster_import"),
]
