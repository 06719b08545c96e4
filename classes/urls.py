"""/classes/: the public listing, a session's page, registration, check-in, the learner's sessions near them."""

from django.urls import path

from . import views

app_name = "classes"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("near/", views.near_me, name="near"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel_registration, name="cancel"),
    path("checkin/<int:pk>/", views.checkin, name="checkin"),
    path("checkin/<int:pk>/confirm/", views.checkin_confirm, name="checkin_confirm"),
]
