from django.urls import path

from . import offline_views, views

urlpatterns = [
    path("courses/", views.catalogue_redirect, name="catalogue"),
    path("my-learning/", views.my_learning, name="my_learning"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="course_enrol"),
    path("lessons/<int:lesson_id>/complete/", views.complete_lesson, name="lesson_complete"),
    path("lessons/<int:lesson_id>/checks/<str:block_id>/", views.submit_check, name="lesson_check"),
    # Learning offline (issue 20, courses/offline.py)
    path("my-learning/saved/", offline_views.saved, name="offline_saved"),
    path("offline/", offline_views.fallback, name="offline_fallback"),
    path("offline/courses/<int:course_id>/", offline_views.course_manifest, name="offline_course_manifest"),
    path("offline/lessons/<int:lesson_id>/", offline_views.lesson_copy, name="offline_lesson_copy"),
    path("offline/sync/", offline_views.sync, name="offline_sync"),
]
