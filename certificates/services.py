"""Writes: issuing a certificate (once per learner and achievement), revoking it, re-issuing it after a name
correction, drawing its PDF; each of these (and the learner's downloads) leaves a ``CertificateEvent``.

Issuing is safe to trigger twice at the same moment (a course completed in two tabs, a signal and a bulk command
racing): the unique constraint on (user, kind, achievement_key) decides, and the loser of the race gets the
winner's certificate back. The PDF is drawn by a background task enqueued after the transaction commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes import selectors as quiz_selectors

from . import pdf, serials, signals
from .models import Certificate, CertificateEvent
from .selectors import default_template

logger = logging.getLogger(__name__)

# Messages shown to staff; tests assert on these same constants.
REASON_REQUIRED = _("Hãy ghi lý do thu hồi chứng nhận.")
NOT_PASSED = _("Lượt làm bài này chưa đạt nên không được cấp chứng nhận.")
UNNAMED_LEARNER = "Học viên Học vụ số"
REISSUE_REASON = "Cấp lại do đính chính họ tên"
ALREADY_REVOKED = _("Chứng nhận này đã bị thu hồi nên không cấp lại được.")
NO_LEARNER = _("Tài khoản của người học không còn nên không cấp lại được.")
NAME_UNCHANGED = _(
    "Họ tên trong hồ sơ người học vẫn giống trên chứng nhận. Hãy sửa họ tên trong hồ sơ trước khi cấp lại."
)


class CertificateError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- The log ---------------------------------------------------------------------------------------


def certificate_log(*, certificate: Certificate, action: str, actor=None, reason: str = "", related=None,
                    at=None) -> CertificateEvent:
    """Record who did what to a certificate (``actor`` ``None``: the platform's own issuing rules)."""
    return CertificateEvent.objects.create(
        certificate=certificate, action=action, actor=actor if getattr(actor, "pk", None) else None,
        reason=reason or "", related=related, at=at or timezone.now(),
    )


# --- Issuing ---------------------------------------------------------------------------------------


def certificate_issue(*, user, kind: str, achievement_key: str, **snapshot) -> tuple[Certificate, bool]:
    """The learner's certificate for an achievement, creating it (with a fresh serial) when there is none.

    Returns ``(certificate, created)``. Never creates a second one, even when two calls race."""
    lookup = {"user": user, "kind": kind, "achievement_key": str(achievement_key)}
    existing = Certificate.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    template = snapshot.pop("template", None) or default_template()
    snapshot.setdefault("issuing_body", template.issuing_body if template else settings.CERT_DEFAULT_ISSUING_BODY)
    snapshot.setdefault("issued_at", timezone.now())
    for _attempt in range(5):
        certificate = Certificate(**lookup, template=template, serial=serials.generate(), **snapshot)
        certificate.full_clean(exclude=["user", "serial", "pdf"], validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                certificate.save()
                certificate_log(certificate=certificate, action=CertificateEvent.Action.ISSUE)
        except IntegrityError:
            winner = Certificate.objects.filter(**lookup).first()
            if winner is not None:
                return winner, False
            continue  # the serial collided (1 in 2^50): draw another
        transaction.on_commit(lambda pk=certificate.pk: enqueue_pdf(certificate_id=pk), robust=True)
        _announce(signals.certificate_issued, certificate)
        return certificate, True
    raise CertificateError("Could not draw a free serial number.")


def _learner_name(user) -> str:
    return (getattr(user, "full_name", "") or "").strip() or UNNAMED_LEARNER


def certificate_issue_for_course(*, user, course) -> tuple[Certificate, bool]:
    """Certificate of completion of ``course`` (its default-locale page)."""
    english = course.get_translations().filter(locale__language_code="en").first()
    competences = list(course.competences.select_related("framework").order_by("sort_order", "code"))
    framework = competences[0].framework if competences else quiz_selectors.default_framework()
    return certificate_issue(
        user=user,
        kind=Certificate.Kind.COURSE,
        achievement_key=str(course.translation_key),
        course=course,
        learner_name=_learner_name(user),
        achievement_title=course.title,
        achievement_title_en=english.title if english else "",
        competences=[
            {"code": c.code, "name": c.name, "name_en": c.name_en, "level": None, "tier": course.level}
            for c in competences
        ],
        framework_code=framework.code if framework else "",
        framework_version=framework.version if framework else "",
    )


def certificate_issue_for_attempt(*, attempt) -> tuple[Certificate, bool]:
    """Certificate for a passed test (the first passing attempt decides the levels printed)."""
    if attempt.state == attempt.State.IN_PROGRESS or attempt.passed is not True:
        raise CertificateError(NOT_PASSED)
    assessment = attempt.assessment
    return certificate_issue(
        user=attempt.user,
        kind=Certificate.Kind.ASSESSMENT,
        achievement_key=str(assessment.pk),
        assessment=assessment,
        attempt=attempt,
        learner_name=_learner_name(attempt.user),
        achievement_title=assessment.title,
        competences=competences_from_result(attempt.result or {}, framework_code=attempt.framework_code),
        score=attempt.score,
        framework_code=attempt.framework_code,
        framework_version=attempt.framework_version,
        issued_at=attempt.closed_at or timezone.now(),
    )


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def competences_from_result(result: dict, *, framework_code: str) -> list[dict]:
    """The competence areas in which a level (bậc) was attained, with the level and percentage; when the result has
    no areas, its competences. Untested rows are left out; names missing from the result come from the framework.

    Reads ``quizzes.results.compute_result`` (``result["areas"]``: a list of ``{"code", "name", "questions",
    "percent" | "score", "level", "passed"}``) and tolerates a mapping ``code → number | {…}`` too."""
    rows: list[dict] = []
    source_areas = None
    for key, areas in (("areas", True), ("area_results", True), ("per_area", True), ("competences", False)):
        block = result.get(key) if isinstance(result, dict) else None
        if not block:
            continue
        items = block.items() if isinstance(block, dict) else ((None, value) for value in block)
        for code, info in items:
            info = info if isinstance(info, dict) else {"percent": info}
            if info.get("questions") == 0:
                continue  # not tested
            percent = _number(info.get("percent", info.get("score_percent")))
            if percent is None and _number(info.get("score")) is not None:
                score = _number(info["score"])
                percent = score * 100 if score <= 1 else score
            level = _number(info.get("level", info.get("level_attained")))
            if percent is None and not level:
                continue
            rows.append({
                "code": str(info.get("code") or code or ""),
                "name": info.get("name") or info.get("label") or "",
                "name_en": info.get("name_en") or "",
                "level": int(level) if level else None,
                "percent": round(percent, 1) if percent is not None else None,
                "passed": info.get("passed"),
            })
        if any(row["level"] for row in rows):
            rows = [row for row in rows if row["level"]]  # print the levels attained, not the areas missed
        if rows:
            source_areas = areas
            break
    if rows and source_areas is not None:
        names = quiz_selectors.framework_entries_by_code(
            framework_code=framework_code, codes=[r["code"] for r in rows], areas=source_areas
        )
        for row in rows:
            known = names.get(row["code"])
            if known is not None:
                row["name"] = row["name"] or known.name
                row["name_en"] = row["name_en"] or known.name_en
    return sorted(rows, key=lambda row: [int(p) if p.isdigit() else p for p in row["code"].split(".")])


def _announce(signal, certificate: Certificate) -> None:
    """Send ``signal`` (``certificates.signals``) once the transaction commits; a listener's error is logged."""
    transaction.on_commit(lambda: signal.send_robust(sender=Certificate, certificate=certificate), robust=True)


# --- Revoking --------------------------------------------------------------------------------------


def certificate_revoke(*, certificate: Certificate, reason: str, by=None) -> Certificate:
    """Revoke a certificate (idempotent). The reason is shown on the public verification page."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(REASON_REQUIRED)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            return certificate
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revocation_reason = reason
        certificate.revoked_by = by if getattr(by, "pk", None) else None
        certificate.save(update_fields=["status", "revoked_at", "revocation_reason", "revoked_by"])
        certificate_log(certificate=certificate, action=CertificateEvent.Action.REVOKE, actor=by, reason=reason,
                        at=certificate.revoked_at)
        _announce(signals.certificate_revoked, certificate)
    return certificate


# Snapshot fields a re-issued certificate keeps from the one it replaces (everything but the name and dates).
REISSUE_COPIED = (
    "user", "kind", "achievement_key", "course", "assessment", "attempt", "template", "achievement_title",
    "achievement_title_en", "competences", "score", "issuing_body", "framework_code", "framework_version",
    "valid_until",
)


def certificate_reissue(*, certificate: Certificate, by=None, reason: str = REISSUE_REASON) -> Certificate:
    """A new certificate with the learner's current full name (after a name correction), replacing ``certificate``:
    the old one is revoked with ``reason`` and points to the new one (so does its public page). Returns the new one.

    Only a certificate in force is re-issued, and only when the name on the profile differs from the printed one."""
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.is_revoked:
            raise CertificateError(ALREADY_REVOKED)
        if old.user is None or getattr(old.user, "erased_at", None) is not None:
            raise CertificateError(NO_LEARNER)
        name = _learner_name(old.user)
        if name == old.learner_name:
            raise CertificateError(NAME_UNCHANGED)
        now = timezone.now()
        old.status = Certificate.Status.REVOKED
        old.revoked_at = now
        old.revocation_reason = reason
        old.revoked_by = by if getattr(by, "pk", None) else None
        old.save(update_fields=["status", "revoked_at", "revocation_reason", "revoked_by"])
        fields = {name_: getattr(old, name_) for name_ in REISSUE_COPIED}
        for _attempt in range(5):
            new = Certificate(serial=serials.generate(), learner_name=name, issued_at=now, **fields)
            try:
                with transaction.atomic():
                    new.save()
            except IntegrityError:
                if Certificate.objects.filter(serial=new.serial).exists():
                    continue  # the serial collided: draw another
                raise
            break
        else:
            raise CertificateError("Could not draw a free serial number.")
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
        certificate_log(certificate=old, action=CertificateEvent.Action.REISSUE, actor=by, reason=reason,
                        related=new, at=now)
        certificate_log(certificate=new, action=CertificateEvent.Action.ISSUE, actor=by,
                        reason=f"{reason} (thay cho {old.display_serial})", related=old, at=now)
        transaction.on_commit(lambda pk=new.pk: enqueue_pdf(certificate_id=pk), robust=True)
        _announce(signals.certificate_revoked, old)
        _announce(signals.certificate_issued, new)
    return new


# --- The PDF ---------------------------------------------------------------------------------------


def enqueue_pdf(*, certificate_id: int):
    """Queue the drawing of a certificate's PDF (inline with the embedded ImmediateBackend)."""
    from .tasks import generate_certificate_pdf  # tasks import services when they run: imported here, one way

    return generate_certificate_pdf.enqueue(certificate_id)


@dataclass(frozen=True)
class PdfResult:
    certificate: Certificate
    created: bool


def certificate_render_pdf(*, certificate: Certificate, force: bool = False) -> PdfResult:
    """Draw the certificate's PDF and keep it in media storage (once, unless ``force``)."""
    if certificate.pdf and not force:
        return PdfResult(certificate, False)
    data = pdf.render_certificate(certificate)  # looked up at call time (tests replace it)
    old = certificate.pdf.name if certificate.pdf else None
    certificate.pdf.save(f"{certificate.serial}-{serials.generate()}.pdf", ContentFile(data), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    if old and old != certificate.pdf.name:
        certificate.pdf.storage.delete(old)
    return PdfResult(certificate, True)


def certificate_erase_learner(*, user, withhold_name: bool = False) -> int:
    """The learner's account is being erased (``lms.privacy.services.anonymise_user``): their certificates stay,
    verifiable by serial; the PDF files (which print the name) are deleted; with ``withhold_name`` the printed name
    is removed from the record too and the verification page says it was withheld at the learner's request.
    Returns how many certificates were touched."""
    touched = 0
    for certificate in Certificate.objects.select_for_update().filter(user=user):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        fields = ["pdf"]
        if withhold_name:
            certificate.learner_name = ""
            certificate.name_withheld = True
            fields += ["learner_name", "name_withheld"]
        certificate.save(update_fields=fields)
        touched += 1
    return touched
