"""Mail through the task queue: ``QueuedEmailBackend`` turns each message into a task, the worker delivers it with
``settings.EMAIL_DELIVERY_BACKEND``. Used when tasks run in a worker (production); see the Email section of the
settings. Messages are passed as plain JSON (headers, bodies, alternatives, base64 attachments)."""

from __future__ import annotations

import base64
import logging
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task

logger = logging.getLogger(__name__)


def message_to_data(message) -> dict:
    """A JSON-able picture of an ``EmailMessage`` (attachments base64-encoded)."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):  # a ready MIME part: keep its bytes and type
            payload = attachment.get_payload(decode=True) or b""
            attachments.append([attachment.get_filename(), base64.b64encode(payload).decode(), attachment.get_content_type()])
            continue
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else bytes(content)
        attachments.append([filename, base64.b64encode(raw).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {key: str(value) for key, value in (message.extra_headers or {}).items()},
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "content_subtype": message.content_subtype,
        "attachments": attachments,
    }


def message_from_data(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"], body=data["body"], from_email=data["from_email"], to=data["to"], cc=data["cc"],
        bcc=data["bcc"], reply_to=data["reply_to"], headers=data["headers"],
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, encoded, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(encoded), mimetype)
    return message


@task()
def deliver_email(data: dict) -> int:
    """Send one queued message with the delivery backend; an SMTP error fails the task (visible, retryable)."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    return connection.send_messages([message_from_data(data)]) or 0


class QueuedEmailBackend(BaseEmailBackend):
    """Enqueues every message as a ``deliver_email`` task instead of sending it in the request."""

    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                deliver_email.enqueue(message_to_data(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Could not queue an email to %s", message.to)
                continue
            queued += 1
        return queued
