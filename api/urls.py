from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from oauth2_provider import views as oauth_views

from . import views

app_name = "api"

urlpatterns = [
    # OAuth 2.0: client credentials token, and revocation (RFC 7009)
    path("oauth/token/", oauth_views.TokenView.as_view(), name="token"),
    path("oauth/revoke/", oauth_views.RevokeTokenView.as_view(), name="revoke"),
    # The OpenAPI 3.1 document and its browsable documentation (served by the platform, no CDN)
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("v1/units/", views.UnitList.as_view(), name="units"),
    path("v1/learners/", views.LearnerList.as_view(), name="learners"),
    path("v1/learners/<int:pk>/", views.LearnerDetail.as_view(), name="learner"),
    path("v1/enrolments/", views.EnrolmentList.as_view(), name="enrolments"),
    path("v1/test-results/", views.TestResultList.as_view(), name="test_results"),
    path("v1/certificates/", views.CertificateList.as_view(), name="certificates"),
    path("v1/requirements/", views.RequirementList.as_view(), name="requirements"),
    path("v1/requirements/<int:pk>/met/", views.RequirementMetList.as_view(), name="requirement_met"),
    path("v1/roster/", views.RosterUpsert.as_view(), name="roster"),
    path("v1/webhooks/", views.WebhookList.as_view(), name="webhooks"),
    path("v1/webhooks/<int:pk>/", views.WebhookDetail.as_view(), name="webhook"),
    path("v1/webhooks/<int:pk>/deliveries/", views.DeliveryList.as_view(), name="webhook_deliveries"),
    path("v1/xapi/statements", views.XapiStatements.as_view(), name="xapi_statements"),
]
