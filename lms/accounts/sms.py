"""Sending text messages (phone verification codes).

``settings.SMS_BACKEND`` names a callable ``send(phone: str, message: str) -> None``:
- embedded mode defaults to ``lms.accounts.sms.file_backend``: the message is logged and written to
  ``var/sms/`` (one file per message), like Django's file email backend;
- production has no default: plug in the provincial SMS gateway (Viettel, VNPT…) with a small function, or
  leave phone login off (``ACCOUNT_PHONE_LOGIN=false``). Without a gateway, sending raises a clear error.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

NO_GATEWAY = (
    "No SMS gateway is configured, so a verification code cannot be sent. Set SMS_BACKEND to the dotted path of "
    "a function send(phone, message), or turn phone login off with ACCOUNT_PHONE_LOGIN=false."
)


def send_sms(phone: str, message: str) -> None:
    backend = getattr(settings, "SMS_BACKEND", "")
    if not backend:
        raise ImproperlyConfigured(NO_GATEWAY)
    import_string(backend)(phone, message)


def file_backend(phone: str, message: str) -> None:
    """Embedded mode: log the text and write it to ``SMS_FILE_PATH`` (``var/sms/``)."""
    logger.warning("SMS to %s: %s", phone, message)
    directory = settings.SMS_FILE_PATH
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = directory / f"{stamp}-{phone.lstrip('+')}.txt"
    path.write_text(f"To: {phone}\n\n{message}\n", encoding="utf-8")
