from django.urls import path

from . import views

urlpatterns = [
    path("did.json", views.did_document, name="did_document"),
]
