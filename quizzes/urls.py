from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("attempt/<int:pk>/", views.attempt_page, name="attempt"),
    path("attempt/<int:pk>/answer/", views.attempt_answer_json, name="answer"),
    path("attempt/<int:pk>/submit/", views.attempt_submit_view, name="submit"),
    path("attempt/<int:pk>/result/", views.attempt_result, name="result"),
    path("<slug:slug>/", views.assessment_detail, name="detail"),
    path("<slug:slug>/start/", views.attempt_start_view, name="start"),
]
