from django.urls import path

from . import views

urlpatterns = [
    path("courses/", views.catalogue_redirect, name="catalogue"),
    path("my-learning/", views.my_learning, name="my_learning"),
]
