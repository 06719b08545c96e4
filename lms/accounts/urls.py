from django.urls import path

from lms.organisations import views as organisation_views

from . import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("invitations/", organisation_views.invitations, name="unit_invitations"),
    path("invitations/<str:token>/", organisation_views.invitation_slip, name="unit_invitation_slip"),
    path("unlock/<str:token>/", views.unlock, name="account_unlock"),
]
