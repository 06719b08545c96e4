from django.urls import path

from lms.organisations import views as organisation_views

from . import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("invitations/", organisation_views.invitations, name="unit_invitations"),
    path("invitations/<str:token>/", organisation_views.invitation_slip, name="unit_invitation_slip"),
    path("unlock/<str:token>/", views.unlock, name="account_unlock"),
    path("password/reset/phone/", views.password_reset_phone, name="account_reset_password_phone"),
    path("password/reset/phone/code/", views.password_reset_phone_code, name="account_reset_password_phone_code"),
]
