from django.urls import path

from . import views

app_name = "video"

urlpatterns = [
    path("files/<int:video_id>/<slug:revision>/<str:name>", views.serve_file, name="file"),
    path("captions/<int:video_id>/<str:language>.vtt", views.captions, name="captions"),
    path("watch/<int:lesson_id>/<str:block_id>/", views.watch, name="watch"),
]
