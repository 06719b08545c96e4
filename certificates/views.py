"""Public verification pages and endpoints, the issuer's DID document, and the learner's own certificates.

Public pages show whether a certificate is valid, revoked or unknown, with the learner's name, the achievement
and the date: nothing more of the learner's data.
"""

from __future__ import annotations

import json
import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from lms import jsonld
from lms.organisations.permissions import manager_required
from lms.privacy.services import Read, log_reads
from lms.ratelimit import limit_or_429

from . import permissions, selectors, serials, services, signing
from .forms import CertificateSearchForm, CredentialForm, RevokeForm, SerialForm
from .models import Certificate, CertificateEvent
from .services import certificate_render_pdf

logger = logging.getLogger(__name__)

UNKNOWN_SERIAL = _("Không tìm thấy chứng nhận có số hiệu này. Hãy kiểm tra lại từng ký tự trên giấy chứng nhận.")
MALFORMED_SERIAL = _(
    "Số hiệu chưa đúng: số hiệu gồm HVS và 11 chữ, số (ví dụ HVS-7KQ2-M9XD-P4W). Hãy kiểm tra lại từng ký tự."
)
NO_CREDENTIAL = _("Hãy dán chứng nhận số (chuỗi bắt đầu bằng “eyJ”).")
SIGNING_UNAVAILABLE = _(
    "Hiện chưa tải được chứng nhận số vì nền tảng chưa cấu hình khóa ký. Bản PDF vẫn tải được. Vui lòng thử lại sau."
)


def in_visitors_language(view):
    """/verify/ has no language prefix (printed QR codes must not change), so LocaleMiddleware serves it in the
    default language; these public pages follow the visitor's language cookie or browser instead."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapped


def credential_jsonld(certificate: Certificate) -> dict:
    """schema.org description of a certificate: what it is and who issued it (no data about the learner)."""
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "@id": certificate.verify_url,
        "url": certificate.verify_url,
        "identifier": certificate.display_serial,
        "name": certificate.achievement_title,
        "credentialCategory": "certificate",
        "dateCreated": timezone.localtime(certificate.issued_at).date().isoformat(),
        "inLanguage": "vi",
        "recognizedBy": {"@type": "Organization", "name": certificate.issuing_body},
    }
    if certificate.achievement_title_en:
        data["alternateName"] = certificate.achievement_title_en
    if certificate.framework_code:
        data["educationalLevel"] = f"{certificate.framework_code} v{certificate.framework_version}"
    if certificate.is_revoked:
        data["expires"] = timezone.localtime(certificate.revoked_at).date().isoformat()
    elif certificate.valid_until:
        data["expires"] = timezone.localtime(certificate.valid_until).date().isoformat()
    return data


@require_GET
@in_visitors_language
@limit_or_429("verify", per="ip")
def verify(request):
    """``/verify/``: type a serial (normalised: case, spaces, dashes, I/L/O)."""
    form = SerialForm(request.GET or None)
    error = None
    status = 200
    if form.is_valid():
        typed = form.cleaned_data["serial"]
        normalized = serials.normalize(typed)
        if normalized is None:
            error = MALFORMED_SERIAL
        else:
            certificate = selectors.certificate_by_serial(serial=normalized)
            if certificate is not None:
                return redirect(certificate.get_absolute_url())
            error = UNKNOWN_SERIAL
            status = 404
        form.add_error("serial", error)
    return render(request, "certificates/verify.html", {"form": form, "error": error}, status=status)


@require_GET
@cache_control(max_age=60, public=True)
@in_visitors_language
@limit_or_429("verify", per="ip")
def certificate_detail(request, serial: str):
    """``/verify/<serial>/``: valid, revoked (date and reason) or unknown (404, friendly)."""
    certificate = selectors.certificate_by_serial(serial=serial)
    if certificate is None:
        return render(
            request, "certificates/not_found.html",
            {"serial": serial[:40], "form": SerialForm(initial={"serial": serial[:40]}),
             "malformed": serials.normalize(serial) is None},
            status=404,
        )
    if serial != certificate.display_serial:
        return redirect(certificate.get_absolute_url(), permanent=True)
    return render(
        request, "certificates/certificate_detail.html",
        {"certificate": certificate, "jsonld": jsonld.dumps(credential_jsonld(certificate))},
    )


def _wants_json(request) -> bool:
    return (
        request.GET.get("format") == "json"
        or request.content_type == "application/json"
        or "application/json" in request.headers.get("Accept", "")
    )


def _token_from_request(request) -> str:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return request.body.decode("utf-8", "replace")
        if isinstance(data, str):
            return data
        if isinstance(data, dict):
            for key in ("credential", "jwt", "vc", "verifiableCredential"):
                if isinstance(data.get(key), str):
                    return data[key]
        return ""
    if request.content_type in ("application/jwt", "application/vc+jwt", "text/plain"):
        return request.body.decode("utf-8", "replace")
    return request.POST.get("credential", "")


@csrf_exempt  # a read-only check that machines call: nothing changes on the server
@require_http_methods(["GET", "POST"])
@in_visitors_language
@limit_or_429("verify", per="ip", methods=("POST",))
def credential_verify(request):
    """``/verify/credential/``: is this VC-JWT signed by us, by a key of ours, unexpired and not revoked?"""
    if request.method == "GET":
        return render(request, "certificates/credential_verify.html", {"form": CredentialForm()})
    token = _token_from_request(request).strip()
    if _wants_json(request):
        if not token:
            return JsonResponse({"valid": False, "error": {"code": "missing", "message": str(NO_CREDENTIAL)}},
                                status=400)
        return JsonResponse(signing.verify_credential(token).as_json(), json_dumps_params={"ensure_ascii": False})
    form = CredentialForm({"credential": token})
    result = signing.verify_credential(token) if form.is_valid() else None
    return render(request, "certificates/credential_verify.html", {"form": form, "result": result})


@require_GET
@cache_control(max_age=300, public=True)
def revocation_list(request):
    """The 1EdTech revocation list our credentials point at (``credentialStatus``)."""
    data = {
        "id": f"{settings.CERT_BASE_URL.rstrip('/')}/verify/revocations/",  # as in credentialStatus, not Host
        "issuer": signing.issuer_did(),
        "revokedCredential": [
            {"id": certificate.verify_url, "revocationDate": signing._iso(certificate.revoked_at),
             "revocationReason": certificate.revocation_reason}
            for certificate in selectors.revoked_certificates()
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
@cache_control(max_age=300, public=True)
def did_document(request):
    """``/.well-known/did.json``: the issuer's public keys (current and retired)."""
    response = JsonResponse(signing.did_document())
    response["Content-Type"] = "application/did+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- The learner's own certificates -----------------------------------------------------------------


@login_required
@never_cache
def my_certificates(request):
    return render(
        request, "certificates/my_certificates.html",
        {"certificates": selectors.learner_certificates(user=request.user).select_related("replaced_by"),
         "can_manage": permissions.can_manage_certificates(request.user)},
    )


def _own_certificate(request, serial: str) -> Certificate:
    normalized = serials.normalize(serial)
    certificate = selectors.learner_certificates(user=request.user).filter(serial=normalized or "").first()
    if certificate is None:
        raise Http404("No such certificate of yours.")
    return certificate


@login_required
@never_cache
def download_pdf(request, serial: str):
    certificate = _own_certificate(request, serial)
    if not certificate.pdf:  # the task has not run yet (a queue in production): draw it now
        certificate_render_pdf(certificate=certificate)
    elif not certificate.pdf.storage.exists(certificate.pdf.name):  # lost file (e.g. a partial restore): redraw it
        certificate_render_pdf(certificate=certificate, force=True)
    services.certificate_log(certificate=certificate, action=CertificateEvent.Action.DOWNLOAD_PDF, actor=request.user)
    return FileResponse(
        certificate.pdf.open("rb"), as_attachment=True, filename=f"{certificate.display_serial}.pdf",
        content_type="application/pdf",
    )


@login_required
@never_cache
def download_credential(request, serial: str):
    """The Open Badge (VC-JWT) of one of the learner's own certificates, signed now with the current key."""
    certificate = _own_certificate(request, serial)
    try:
        token = signing.sign_certificate(certificate)
    except signing.SigningKeyError:
        logger.exception("Cannot sign certificate %s", certificate.display_serial)
        return render(request, "certificates/signing_unavailable.html", {"message": SIGNING_UNAVAILABLE}, status=503)
    services.certificate_log(
        certificate=certificate, action=CertificateEvent.Action.DOWNLOAD_CREDENTIAL, actor=request.user
    )
    response = HttpResponse(token, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="{certificate.display_serial}.jwt"'
    return response


# --- Staff and managers: revoke, re-issue --------------------------------------------------------------

REVOKED_MESSAGE = _("Đã thu hồi chứng nhận %(serial)s.")
REISSUED_MESSAGE = _("Đã cấp lại: chứng nhận mới %(new)s thay cho %(old)s.")


@manager_required  # the managers' check (lms.organisations.permissions), as on every /manage/ page
@never_cache
@require_GET
def manage_list(request):
    """Certificates the user may manage (national manager, superuser: all; a manager: their units' learners), searchable."""
    form = CertificateSearchForm(request.GET or None)
    certificates = permissions.manageable_certificates(request.user).select_related("replaced_by")
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        normalized = serials.normalize(query)
        certificates = certificates.filter(
            Q(learner_name__icontains=query) | Q(achievement_title__icontains=query)
            | (Q(serial=normalized) if normalized else Q(pk__in=[]))
        )
    page = Paginator(certificates.order_by("-issued_at"), 50).get_page(request.GET.get("page"))
    log_reads(request=request, what=Read.CERTIFICATE_LIST,
              subjects=[c.user_id for c in page.object_list])
    return render(request, "certificates/manage_list.html", {"form": form, "page": page, "query": query})


@manager_required
@never_cache
@require_http_methods(["GET", "POST"])
def manage_detail(request, serial: str):
    """One certificate: its log, and the forms to revoke it (with a reason) or re-issue it with the current name."""
    normalized = serials.normalize(serial)
    certificate = (
        permissions.manageable_certificates(request.user).filter(serial=normalized or "")
        .select_related("user", "replaced_by").first()
    )
    if certificate is None:
        raise Http404("No such certificate, or not one you manage.")
    revoke_form = RevokeForm()
    reissue_error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "revoke":
                revoke_form = RevokeForm(request.POST)
                if revoke_form.is_valid():
                    services.certificate_revoke(
                        certificate=certificate, reason=revoke_form.cleaned_data["reason"], by=request.user
                    )
                    messages.success(request, REVOKED_MESSAGE % {"serial": certificate.display_serial})
                    return redirect("my_certificates:manage_detail", serial=certificate.display_serial)
            elif action == "reissue":
                new = services.certificate_reissue(certificate=certificate, by=request.user)
                messages.success(request, REISSUED_MESSAGE % {"new": new.display_serial,
                                                             "old": certificate.display_serial})
                return redirect("my_certificates:manage_detail", serial=new.display_serial)
        except services.CertificateError as error:
            if action == "revoke":
                revoke_form.add_error("reason", error.message)
            else:
                reissue_error = error.message
    if request.method == "GET":
        log_reads(request=request, what=Read.CERTIFICATE, subjects=[certificate.user_id])
    erased = certificate.user is not None and certificate.user.erased_at is not None
    current_name = services._learner_name(certificate.user) if certificate.user and not erased else ""
    return render(request, "certificates/manage_detail.html", {
        "certificate": certificate,
        "events": certificate.events.select_related("actor", "related"),
        "revoke_form": revoke_form,
        "reissue_error": reissue_error,
        "current_name": current_name,
        "name_changed": bool(certificate.user) and not erased and current_name != certificate.learner_name,
        "replaces": certificate.replaces.first(),
    }, status=400 if request.method == "POST" else 200)
