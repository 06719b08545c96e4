from django.urls import path

from . import views

app_name = "h5p"

urlpatterns = [
    path("xapi/<int:activity_id>/", views.xapi, name="xapi"),
    path("preview/<int:activity_id>/", views.preview, name="preview"),
    path("files/<path:path>", views.serve_file, name="file"),
]
