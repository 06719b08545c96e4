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
    path("exports/weekly/<int:subscription_id>/cancel/", views.export_subscription_cancel,
         name="export_subscription_cancel"),
    path("learners/<int:user_id>/", views.learner_detail, name="learner"),
    path("roster/", organisation_views.roster_import_view, name="roster_import"),
    path("roster/<uuid:upload_id>/confirm/", organisation_views.roster_confirm_view, name="roster_confirm"),
    path("roster/template.<str:fmt>", organisation_views.roster_template_view, name="roster_template"),
]
