"""Moderation emails (issue 16): submitted, approved, changes requested, and went live.

Wagtail's notifiers (``wagtail.admin.mail``) are kept for who gets what; this module changes what they say:
- in the recipient's language: their Wagtail profile's preferred language, else the site's (``LANGUAGE_CODE``),
  never the language of whoever clicked the button (Wagtail's fallback) — subject, text and HTML alike;
- greeting the person by full name ("Chào anh/chị Nguyễn Văn Thống"), not by the last word of it;
- with links on ``BASE_URL`` (``public_url``), not the Site row's hostname (``http://localhost/``);
- with the reviewer's comment, on approval as on a request for changes;
- saying when a scheduled page will go live (Asia/Ho_Chi_Minh), and sending "it is live" when it really is:
  ``page_published`` for a revision that carried an approved go-live time (what ``publish_scheduled`` runs).
The templates are ``templates/wagtailadmin/notifications/`` (they override Wagtail's) and
``templates/lms/notifications/page_live*``.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin import mail as wagtail_mail
from wagtail.models import AbstractPage, Page, TaskState, WorkflowState
from wagtail.signals import page_published, task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from lms.accounts.adapter import public_url

logger = logging.getLogger(__name__)
# Dates in these mails are Vietnam's time, whoever clicked and whatever their admin's time zone.
MAIL_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def recipient_language(user) -> str:
    """The language a person reads mail in: their profile's preferred language, else the site's."""
    preferred = UserProfile.get_for_user(user).preferred_language
    return preferred if preferred in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def greeting_name(user) -> str:
    return (getattr(user, "full_name", "") or "").strip() or user.get_full_name() or user.email


def page_links(page) -> dict[str, str]:
    """Absolute links about ``page`` for a mail: view (the public page), edit and preview in the admin."""
    links = {"edit_url": public_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))}
    url = page.get_url()
    if url:
        links["view_url"] = public_url(url)
    return links


def scheduled_go_live(page):
    """When an approved page will go live, if that is still to come (an aware datetime), else None."""
    go_live_at = getattr(page, "go_live_at", None)
    if go_live_at and go_live_at > timezone.now():
        return timezone.localtime(go_live_at, MAIL_TIME_ZONE)
    return None


class LocalisedEmailMixin:
    """Every part of the mail rendered in the recipient's language, with their name and public links."""

    def get_context(self, instance, **kwargs):
        context = super().get_context(instance, **kwargs)
        context["account_url"] = public_url(reverse("wagtailadmin_account")) + "#tab-notifications"
        obj = context.get("object")
        if isinstance(obj, AbstractPage):
            context.update(page_links(context["page"]))
            context["go_live_at"] = scheduled_go_live(context["page"])
        return context

    def send_emails(self, template_set, context, recipients, **kwargs):
        sent = 0
        try:
            with wagtail_mail.OpenedConnection(get_connection()) as connection:
                for recipient in recipients:
                    context = {**context, "user": recipient, "greeting_name": greeting_name(recipient)}
                    with translation.override(recipient_language(recipient)):
                        subject = " ".join(render_to_string(template_set["subject"], context).split())
                        body = render_to_string(template_set["text"], context).strip()
                        extra = {}
                        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False):
                            extra["html_message"] = render_to_string(template_set["html"], context)
                    try:
                        wagtail_mail.send_mail(subject, body, [recipient.email], connection=connection, **extra)
                        sent += 1
                    except Exception:
                        logger.exception("Failed to send notification email '%s' to %s", subject, recipient.email)
        except (TimeoutError, ConnectionError):
            logger.exception("Mail connection error, notification sending skipped")
        return sent == len(recipients)


def _finished_task_comment(workflow_state: WorkflowState) -> str:
    task_state = workflow_state.current_task_state
    return task_state.specific.get_comment() if task_state else ""


class SubmissionNotifier(LocalisedEmailMixin, wagtail_mail.WorkflowStateSubmissionEmailNotifier):
    pass


class TaskSubmissionNotifier(LocalisedEmailMixin, wagtail_mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        obj = context["object"]
        if isinstance(obj, AbstractPage):
            context["preview_url"] = public_url(
                reverse("wagtailadmin_pages:workflow_preview", args=[obj.pk, task_state.task_id])
            )
        context["requested_by"] = task_state.workflow_state.requested_by
        return context


class ApprovalNotifier(LocalisedEmailMixin, wagtail_mail.WorkflowStateApprovalEmailNotifier):
    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        context["comment"] = _finished_task_comment(workflow_state)
        context["reviewer"] = workflow_state.current_task_state.finished_by if workflow_state.current_task_state else None
        return context


class RejectionNotifier(LocalisedEmailMixin, wagtail_mail.WorkflowStateRejectionEmailNotifier):
    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        context["reviewer"] = context["task_state"].finished_by
        return context


class PageLiveNotifier(LocalisedEmailMixin, wagtail_mail.EmailNotificationMixin, wagtail_mail.Notifier):
    """"Your page is live now", sent when a scheduled page actually goes live. Recipients: whoever submitted it
    for review and whoever wrote the revision (the "approved" notification preference applies)."""

    notification = "approved"

    def __init__(self):
        super().__init__((Page,))

    def get_recipient_users(self, page, revision=None, **kwargs):
        recipients = set()
        if revision is not None and revision.user_id:
            recipients.add(revision.user)
        last_workflow = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
        if last_workflow and last_workflow.requested_by_id:
            recipients.add(last_workflow.requested_by)
        return recipients

    def get_template_set(self, instance, **kwargs):
        return {
            "subject": "lms/notifications/page_live_subject.txt",
            "text": "lms/notifications/page_live.txt",
            "html": "lms/notifications/page_live.txt",
        }

    def get_context(self, page, **kwargs):
        context = {"settings": settings, "object": page, "page": page, "model_name": page._meta.verbose_name}
        context["account_url"] = public_url(reverse("wagtailadmin_account")) + "#tab-notifications"
        context.update(page_links(page))
        context["live_at"] = timezone.localtime(page.last_published_at or timezone.now(), MAIL_TIME_ZONE)
        return context


# Module-level: signals hold their receivers weakly.
task_submission_notifier = TaskSubmissionNotifier()
submission_notifier = SubmissionNotifier()
approval_notifier = ApprovalNotifier()
rejection_notifier = RejectionNotifier()
page_live_notifier = PageLiveNotifier()


def notify_scheduled_page_live(sender, instance, revision=None, **kwargs) -> None:
    """``page_published`` receiver: a revision that carried an approved go-live time went live just now."""
    if revision is None or not instance.live or revision.approved_go_live_at is None:
        return
    page_live_notifier(instance, revision=revision)


def connect() -> None:
    """Take Wagtail's dispatch ids before ``wagtail.admin`` connects its own notifiers (``lms`` is the first app,
    so its ``ready()`` runs first: Wagtail's ``connect`` with the same id is then a no-op)."""
    task_submitted.connect(task_submission_notifier, sender=TaskState,
                           dispatch_uid="group_approval_task_submitted_email_notification")
    workflow_submitted.connect(submission_notifier, sender=WorkflowState,
                               dispatch_uid="workflow_state_submitted_email_notification")
    workflow_rejected.connect(rejection_notifier, sender=WorkflowState,
                              dispatch_uid="workflow_state_rejected_email_notification")
    workflow_approved.connect(approval_notifier, sender=WorkflowState,
                              dispatch_uid="workflow_state_approved_email_notification")
    page_published.connect(notify_scheduled_page_live, dispatch_uid="lms_scheduled_page_live_email")
