"""Every reference from a model to the user, and what the download and the erasure do with it.

``tests/privacy/test_registry.py`` enumerates every foreign key, one-to-one and many-to-many field that points at
the user model, in every installed app, and fails when one is missing here: a new model that stores something
about a person must say whether the learner's download includes it (``section``) and what erasure does with it
(``on_erase``) before it can be merged.

``on_erase``:
- ``keep``: the row stays, linked to the anonymised account (no name, email, phone or birth year left on it);
  results are counted in dashboards' totals and listed nowhere (lists and exports skip erased accounts);
- ``delete``: the rows are deleted;
- ``staff``: a record of work done as staff (a page edited, a certificate revoked, a read logged); it stays, and
  points at the anonymised account.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model

KEEP, DELETE, STAFF = "keep", "delete", "staff"


@dataclass(frozen=True)
class Reference:
    label: str  # "app_label.Model.field" of the model that defines the field
    section: str  # key of the download's JSON (``selectors.SECTIONS``); "staff_records" for staff work
    on_erase: str


REFERENCES: tuple[Reference, ...] = (
    # The person's own data.
    Reference("accounts.User.groups", "profile", DELETE),
    Reference("accounts.User.user_permissions", "profile", DELETE),
    Reference("account.EmailAddress.user", "email_addresses", DELETE),
    Reference("socialaccount.SocialAccount.user", "national_identity", DELETE),  # keyed hash of the ID number
    Reference("privacy.Consent.user", "consents", KEEP),
    Reference("privacy.ErasureRequest.user", "erasure_requests", KEEP),
    Reference("privacy.PersonalDataAccess.subject", "staff_reads", KEEP),
    Reference("courses.Enrollment.user", "enrollments", KEEP),
    Reference("courses.LessonCompletion.user", "lesson_completions", KEEP),
    Reference("courses.KnowledgeCheckSubmission.user", "knowledge_checks", KEEP),
    # Results sent from a device after learning offline (issue 20): the server's verdict and what the device showed.
    Reference("courses.OfflineEvent.user", "knowledge_checks", KEEP),
    Reference("quizzes.Attempt.user", "attempts", KEEP),
    Reference("certificates.Certificate.user", "certificates", KEEP),
    Reference("h5p.H5PResult.user", "h5p_results", KEEP),
    Reference("h5p.H5PStatement.user", "h5p_statements", DELETE),
    Reference("video.VideoWatch.user", "video_watches", KEEP),  # seconds watched: they may have completed a lesson
    Reference("organisations.UnitInvitation.user", "unit_invitations", DELETE),
    Reference("organisations.ManagerAssignment.user", "manager_assignments", DELETE),
    Reference("reporting.ExportJob.owner", "export_jobs", DELETE),
    Reference("reporting.ExportSubscription.owner", "export_jobs", DELETE),  # a manager's weekly export
    Reference("reporting.ExportLog.user", "export_logs", STAFF),
    Reference("reminders.Delivery.user", "reminders", DELETE),  # reminders planned or sent to the person
    Reference("reminders.Preference.user", "reminders", DELETE),  # their channels, nudges, language
    Reference("classes.Registration.user", "in_person_sessions", KEEP),  # guided sessions registered for
    Reference("classes.Attendance.user", "in_person_sessions", KEEP),  # …and attended (counted in totals)
    Reference("classes.TrainerAssignment.user", "in_person_sessions", DELETE),  # a trainer's units
    Reference("wagtailusers.UserProfile.user", "admin_preferences", DELETE),
    Reference("wagtailadmin.EditingSession.user", "staff_records", DELETE),
    Reference("wagtailadmin.FormState.user", "staff_records", DELETE),
    Reference("wagtailcore.PageSubscription.user", "staff_records", DELETE),
    Reference("wagtailcore.APIToken.user", "staff_records", DELETE),
    # OAuth credentials (django-oauth-toolkit, the open API): tokens and grants go with the person; an API client's
    # application is an administrator's work and stays.
    Reference("oauth2_provider.Grant.user", "staff_records", DELETE),
    Reference("oauth2_provider.AccessToken.user", "staff_records", DELETE),
    Reference("oauth2_provider.RefreshToken.user", "staff_records", DELETE),
    Reference("oauth2_provider.IDToken.user", "staff_records", DELETE),
    Reference("oauth2_provider.DeviceGrant.user", "staff_records", DELETE),
    # Work done as staff (editors, reviewers, managers, administrators).
    Reference("privacy.PersonalDataAccess.reader", "staff_records", STAFF),
    Reference("organisations.Requirement.created_by", "staff_records", STAFF),
    Reference("reminders.Delivery.sent_by", "staff_records", STAFF),  # a manager's reminder
    Reference("classes.Session.created_by", "staff_records", STAFF),  # a guided session scheduled
    Reference("classes.Session.trainers", "staff_records", STAFF),  # …and trained
    Reference("classes.Attendance.marked_by", "staff_records", STAFF),  # a trainer's mark
    Reference("classes.MarkReceipt.marked_by", "staff_records", STAFF),
    Reference("api.ApiClient.created_by", "staff_records", STAFF),  # the administrator who registered a client
    Reference("api.ApiClient.account", "staff_records", STAFF),  # a client's service account (not a person)
    Reference("oauth2_provider.Application.user", "staff_records", STAFF),
    Reference("organisations.RosterUpload.owner", "staff_records", DELETE),  # a roster file awaiting confirmation
    Reference("organisations.UnitInvitation.invited_by", "staff_records", STAFF),
    Reference("quizzes.Question.approved_by", "staff_records", STAFF),
    Reference("quizzes.Question.locked_by", "staff_records", STAFF),
    Reference("quizzes.QuestionVersion.author", "staff_records", STAFF),  # who wrote a version (issue 16)
    Reference("quizzes.QuestionVersion.published_by", "staff_records", STAFF),  # who made it ready
    Reference("quizzes.Assessment.locked_by", "staff_records", STAFF),
    Reference("certificates.Certificate.revoked_by", "staff_records", STAFF),
    Reference("certificates.CertificateEvent.actor", "staff_records", STAFF),
    Reference("h5p.H5PLibrary.installed_by", "staff_records", STAFF),
    Reference("h5p.H5PActivity.created_by", "staff_records", STAFF),
    Reference("video.Video.created_by", "staff_records", STAFF),
    Reference("wagtail_localize.StringTranslation.last_translated_by", "staff_records", STAFF),
    Reference("wagtail_localize.SegmentOverride.last_translated_by", "staff_records", STAFF),
    Reference("wagtaildocs.Document.uploaded_by_user", "staff_records", STAFF),
    Reference("wagtailimages.Image.uploaded_by_user", "staff_records", STAFF),
    Reference("wagtailcore.ModelLogEntry.user", "staff_records", STAFF),
    Reference("wagtailcore.PageLogEntry.user", "staff_records", STAFF),
    Reference("wagtailcore.Revision.user", "staff_records", STAFF),
    Reference("wagtailcore.UploadedFile.uploaded_by_user", "staff_records", STAFF),
    Reference("wagtailcore.WorkflowState.requested_by", "staff_records", STAFF),
    Reference("wagtailcore.TaskState.finished_by", "staff_records", STAFF),
    Reference("wagtailcore.Page.locked_by", "staff_records", STAFF),
    Reference("wagtailcore.Page.owner", "staff_records", STAFF),
    Reference("wagtailcore.Comment.user", "staff_records", STAFF),
    Reference("wagtailcore.Comment.resolved_by", "staff_records", STAFF),
    Reference("wagtailcore.CommentReply.user", "staff_records", STAFF),
    Reference("admin.LogEntry.user", "staff_records", STAFF),
)

# Rows of these models are listed in "staff_records" by id only (their text is a secret or meaningless).
# A roster file awaiting confirmation holds other people's data: listed by id only.
ID_ONLY = frozenset({"wagtailcore.APIToken", "wagtailadmin.FormState", "wagtailadmin.EditingSession",
                     "organisations.RosterUpload"})


@dataclass(frozen=True)
class SectionProvider:
    """A section of the download that an app above ``lms`` builds itself (``rows(user)``), with the models whose
    fields name its keys on the readable page. ``lms.privacy`` is on the ground floor: it imports no app above it,
    so an app with such a section registers it here from its ``AppConfig.ready()`` (``provide_section``)."""

    rows: Callable
    models: tuple = ()


_PROVIDERS: dict[str, SectionProvider] = {}


def provide_section(key: str, rows: Callable, *, models=()) -> None:
    """Register the builder of section ``key`` (``certificates``, ``exports_covering_you``); idempotent."""
    _PROVIDERS[key] = SectionProvider(rows=rows, models=tuple(models))


def section_provider(key: str) -> SectionProvider | None:
    return _PROVIDERS.get(key)


def by_label() -> dict[str, Reference]:
    return {ref.label: ref for ref in REFERENCES}


def user_fields():
    """(model, field) for every field of every installed model that points at the user model: foreign keys and
    one-to-ones (on the model that defines them, so a page type's inherited ``owner`` is ``wagtailcore.Page``'s)
    and many-to-many fields (not their auto-created through tables)."""
    user_model = get_user_model()
    seen = set()
    for model in apps.get_models():
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is not user_model:
                continue
            if not (field.concrete or field.many_to_many):
                continue
            owner = field.model
            key = f"{owner._meta.label}.{field.name}"
            if key in seen:
                continue
            seen.add(key)
            yield owner, field


def label_of(model, field) -> str:
    return f"{model._meta.label}.{field.name}"
