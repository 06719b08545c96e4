from django.urls import path

from lms.organisations import views as organisation_views

from . import oidc, views

urlpatterns = [
    # allauth's OpenID Connect paths, served by lms.accounts.oidc (nonce, signature always verified, provider down).
    path("oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path("oidc/<str:provider_id>/login/callback/", oidc.callback, name="openid_connect_callback"),
    path("identity/unlink/", views.identity_unlink, name="identity_unlink"),
    path("profile/", views.profile, name="profile"),
    path("invitations/", organisation_views.invitations, name="unit_invitations"),
    path("invitations/<str:token>/", organisation_views.invitation_slip, name="unit_invitation_slip"),
    path("unlock/<str:token>/", views.unlock, name="account_unlock"),
    path("password/reset/phone/", views.password_reset_phone, name="account_reset_password_phone"),
    path("password/reset/phone/code/", views.password_reset_phone_code, name="account_reset_password_phone_code"),
]
