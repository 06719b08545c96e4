"""Writes to the unit tree (treebeard keeps ``path``/``depth``/``numchild`` consistent), and invitations to join a
unit (a roster never changes someone outside the manager's units: they are invited and answer themselves)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User

from .models import Unit, UnitInvitation
from .selectors import invitation_in_force, invitation_token_hash


@transaction.atomic
def unit_create(*, parent: Unit | None, code: str, name: str, kind: str, name_en: str = "") -> Unit:
    """Add a unit as a root (``parent=None``) or as the last child of ``parent``; validated before saving."""
    unit = Unit(code=code.strip(), name=" ".join(name.split()), name_en=name_en.strip(), kind=kind)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Unit.add_root(instance=unit)
    parent.refresh_from_db()  # numchild may be stale on the caller's instance
    return parent.add_child(instance=unit)


# --- Invitations to join a unit (a roster's rows for people the manager may not change) -------------

INVITATION_ANSWERED = _("Lời mời này đã được trả lời trước đó. Không có gì thay đổi.")
INVITATION_LAPSED = _("Lời mời này không còn hiệu lực: người gửi không còn quản lý đơn vị này. Hồ sơ của bạn giữ "
                      "nguyên. Nếu bạn vẫn muốn tham gia, hãy nhờ người quản lý hiện tại của đơn vị mời lại.")


class InvitationError(Exception):
    """The invitation cannot be answered (already answered); the message says so in Vietnamese."""


def invitation_create(
    *, user, unit: Unit, invited_by=None, population_group=None, created_account: bool = False
) -> tuple[UnitInvitation, str]:
    """Invite ``user`` to ``unit``; returns the invitation and its one-off token (only its hash is stored). A
    pending invitation to the same unit is renewed rather than repeated. ``created_account``: the roster created
    the account itself and placed it already (the invitation is accepted; its slip activates the account)."""
    token = secrets.token_urlsafe(24)
    status = UnitInvitation.Status.ACCEPTED if created_account else UnitInvitation.Status.PENDING
    invitation = UnitInvitation.objects.filter(user=user, unit=unit, status=UnitInvitation.Status.PENDING).first()
    if invitation is None or created_account:
        invitation = UnitInvitation(user=user, unit=unit, status=status, created_account=created_account)
    invitation.invited_by = invited_by
    invitation.population_group = population_group
    invitation.token_hash = invitation_token_hash(token)
    if created_account:
        invitation.responded_at = timezone.now()
    invitation.save()
    return invitation, token


@transaction.atomic
def invitation_respond(*, invitation_id: int, user, accept: bool) -> UnitInvitation:
    """Accept (join the unit) or decline one of ``user``'s own pending invitations. Accepting changes the
    person's place (province, commune, unit) and, when the roster gave one, their population group: nothing else.
    ``UnitInvitation.DoesNotExist`` for someone else's invitation; ``InvitationError`` when already answered."""
    from .roster import place_fields  # cycle: roster imports these services at its top

    invitation = UnitInvitation.objects.select_for_update().select_related("unit").get(pk=invitation_id, user=user)
    if invitation.status != UnitInvitation.Status.PENDING:
        raise InvitationError(str(INVITATION_ANSWERED))
    if accept and not invitation_in_force(invitation):
        raise InvitationError(str(INVITATION_LAPSED))
    if accept:
        person = User.objects.select_for_update().get(pk=user.pk)
        fields = place_fields(invitation.unit)
        if invitation.population_group_id:
            fields["population_group"] = invitation.population_group
        for name, value in fields.items():
            setattr(person, name, value)
        person.save(update_fields=list(fields))
        # Other pending invitations stay: the person may answer them too (the last accepted place wins).
    invitation.status = UnitInvitation.Status.ACCEPTED if accept else UnitInvitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return invitation
