"""Forwarding stored statements to an external LRS (xAPI ``POST /statements``), when ``H5P_LRS_ENDPOINT`` is
set. Each task tries ``H5P_LRS_MAX_ATTEMPTS`` times with a growing pause, then marks the statement failed
(the periodic job ``courses.h5p.jobs.retry_lrs_forwarding`` tries them again later)."""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request

from django.utils import timezone
from django_tasks import task

from . import conf
from .models import H5PStatement
from .xapi import XAPI_VERSION


def post_statement(statement: dict) -> None:
    """POST one statement; raises on any non-2xx answer or network error."""
    endpoint = conf.lrs_endpoint().rstrip("/")
    url = endpoint if endpoint.endswith("/statements") else endpoint + "/statements"
    username, password = conf.lrs_credentials()
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION}
    if username or password:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, data=json.dumps(statement).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=conf.lrs_timeout()) as response:  # noqa: S310 (configured URL)
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(url, response.status, "LRS refused", response.headers, None)


@task()
def forward_statement(statement_id: int) -> str:
    """Send one stored statement; returns its final ``lrs_status``."""
    statement = H5PStatement.objects.filter(pk=statement_id).first()
    if statement is None or statement.lrs_status == H5PStatement.LRSStatus.SENT or not conf.lrs_endpoint():
        return statement.lrs_status if statement else ""
    error = ""
    for attempt in range(conf.lrs_max_attempts()):
        statement.lrs_attempts += 1
        try:
            post_statement(statement.statement)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            error = str(exc)[:500]
            if attempt + 1 < conf.lrs_max_attempts():
                time.sleep(conf.lrs_retry_delay() * (attempt + 1))
            continue
        statement.lrs_status, statement.lrs_error, statement.lrs_sent_at = "sent", "", timezone.now()
        statement.save(update_fields=["lrs_status", "lrs_error", "lrs_sent_at", "lrs_attempts"])
        return statement.lrs_status
    statement.lrs_status, statement.lrs_error = "failed", error
    statement.save(update_fields=["lrs_status", "lrs_error", "lrs_attempts"])
    return statement.lrs_status

