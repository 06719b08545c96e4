from django.urls import path

from . import views

urlpatterns = [
    path("courses/", views.catalogue_redirect, name="catalogue"),
    path("my-learning/", views.my_learning, name="my_learning"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="course_enrol"),
    path("lessons/<int:lesson_id>/complete/", views.complete_lesson, name="lesson_complete"),
    path("lessons/<int:lesson_id>/checks/<str:block_id>/", views.submit_check, name="lesson_check"),
]
