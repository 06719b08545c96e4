"""Reads about accounts that other apps use (reporting's learner lists, the quizzes' start check)."""

from __future__ import annotations

from datetime import UTC, datetime

from allauth.socialaccount.models import SocialAccount
from django.db.models import Exists, OuterRef, QuerySet

from .identity import provider_id


def _identities():
    return SocialAccount.objects.filter(provider=provider_id())


def national_identity_of(user) -> SocialAccount | None:
    """The national identity linked to ``user`` (at most one), or ``None``."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _identities().filter(user_id=user.pk).first()


def is_identity_verified(user) -> bool:
    """Whether ``user`` has proved their national identity (signed up with it, or linked it)."""
    return getattr(user, "is_authenticated", False) and _identities().filter(user_id=user.pk).exists()


def identity_verified_at(account: SocialAccount | None) -> datetime | None:
    """When the identity was last verified (its last sign-in or link through the provider)."""
    if account is None:
        return None
    stamp = (account.extra_data or {}).get("verified_at")
    return datetime.fromtimestamp(stamp, tz=UTC) if stamp else account.date_joined


def with_identity_verified(users: QuerySet) -> QuerySet:
    """``users`` annotated with ``identity_verified`` (a boolean, one EXISTS per row in the same query)."""
    return users.annotate(identity_verified=Exists(_identities().filter(user_id=OuterRef("pk"))))
