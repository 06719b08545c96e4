"""/accounts/privacy/: the notice, the consent question, the learner's data and the erasure request."""

from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("notice/", views.notice, name="notice"),
    path("consent/", views.consent, name="consent"),
    path("data/", views.data_page, name="data_page"),
    path("data.json", views.data_json, name="data_json"),
    path("delete/", views.delete, name="delete"),
]
