"""Who may revoke and re-issue a certificate.

A national manager or a superuser may, for every certificate; staff status (editors, reviewers) gives nothing. A
manager (``accounts.view_unit_reports``) may for the certificates of the learners in the units they manage: the scope is ``lms.organisations.permissions`` (``ManagerAssignment`` rows and
their subtrees), the same one the manager's reports use. Learners never may, not even for their own.
"""

from __future__ import annotations

from django.db.models import QuerySet

from lms.organisations.permissions import can_view_reports, is_national, scope_users

from .models import Certificate


def can_manage_certificates(user) -> bool:
    """May open the management pages at all (a manager, national or not, or a superuser)."""
    return can_view_reports(user)


def manageable_certificates(user) -> QuerySet[Certificate]:
    """The certificates ``user`` may revoke and re-issue (national manager, superuser: all; a manager: their
    units' learners')."""
    if not can_manage_certificates(user):
        return Certificate.objects.none()
    if is_national(user):
        return Certificate.objects.all()
    return scope_users(user, Certificate.objects.filter(user__isnull=False), prefix="user__")

