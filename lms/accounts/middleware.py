"""allauth's ``RateLimited`` as a page for people, not a 500.

allauth raises ``RateLimited`` (rather than answering 429) from one place a visitor can reach: sending a phone
verification code (``verify_phone``: one SMS per number every 30 s, three a minute per address). Signing in by
phone and then by email within that time sends a second code and used to fail with a server error (issue 15).
"""

from __future__ import annotations

import math

from allauth.account import app_settings as account_settings
from allauth.core.exceptions import RateLimited
from allauth.core.internal.ratelimit import parse_rates

from lms.ratelimit import retry_message, too_many_requests

VERIFY_PHONE_ACTION = "verify_phone"


def verify_phone_wait() -> int:
    """Seconds after which a new code can surely be sent: the longest window of allauth's ``verify_phone``
    rates (60 s with the defaults), since which of them refused is not known here."""
    rates = parse_rates((account_settings.RATE_LIMITS or {}).get(VERIFY_PHONE_ACTION))
    return max([math.ceil(rate.duration) for rate in rates] or [60])


class RateLimitedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        wait = verify_phone_wait()
        return too_many_requests(request, wait, retry_message(wait), template="account/sms_rate_limited.html")
