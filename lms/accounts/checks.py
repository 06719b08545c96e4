"""System checks: phone login needs an SMS gateway."""

from django.conf import settings
from django.core.checks import Error


def sms_gateway_check(app_configs, **kwargs):
    if "phone" in getattr(settings, "ACCOUNT_LOGIN_METHODS", ()) and not getattr(settings, "SMS_BACKEND", ""):
        return [
            Error(
                "Phone login is on (ACCOUNT_PHONE_LOGIN) but no SMS gateway is configured.",
                hint="Set SMS_BACKEND to a function send(phone, message), or set ACCOUNT_PHONE_LOGIN=false.",
                id="accounts.E001",
            )
        ]
    return []
