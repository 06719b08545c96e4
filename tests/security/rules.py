"""Who may open what: one rule per URL pattern of the project, checked by ``test_authz_matrix.py``.

``classify(route, name, module)`` gives every pattern of ``get_resolver()`` its kind; a pattern no rule knows
fails ``test_every_url_pattern_has_a_rule``: a new view must be added here, with its kind, before it ships.

Kinds
- ``public``: anyone, no account needed (verification, sitemap, pages, H5P files, health check).
- ``account``: allauth's sign-up / log-in / password pages (public or for the logged-in person themselves).
- ``login``: any logged-in person, about themselves only (profile, my learning, my certificates).
- ``owner``: one object, its owner only; anyone else gets 404 (attempts, certificate downloads, export jobs).
- ``role``: a role only (managers, the national manager and superusers: /manage/, certificate management);
  others get 403. Staff status (editors, reviewers, auditors) is not such a role (issue 14).
- ``wagtail-admin``: Wagtail's admin (editors, reviewers, auditors, the administrator), permission-checked by
  Wagtail per view.
- ``django-admin``: Django's admin, staff only.
- ``client``: the open API (issue 21): an OAuth 2.0 client's bearer token with the route's scope, bound to a unit
  subtree (tests/api); a browser session, even an administrator's, gives nothing (401).
"""

from __future__ import annotations

# Project routes and third-party routes outside the admins, by URL name (namespaced), or by route for unnamed ones.
NAMED = {
    # lms
    "healthz": "public",
    "text_size": "public",
    "csp_report": "public",  # browsers' CSP violation reports: logged, rate-limited
    "set_language": "public",
    "sitemap": "public",
    "wagtail_serve": "public",  # Wagtail pages; private pages are guarded by Wagtail's view restrictions
    "wagtailcore_authenticate_with_password": "public",
    "wagtailcore_login": "account",
    "wagtaildocs_serve": "public",  # documents: collection privacy is Wagtail's; served as attachments
    "wagtaildocs_authenticate_with_password": "public",
    "^media/(?P<path>.*)$": "public",  # embedded mode only (SERVE_MEDIA)
    # certificates (public verification)
    "certificates:verify": "public",
    "certificates:credential_verify": "public",
    "certificates:revocations": "public",
    "certificates:detail": "public",
    "did_document": "public",
    # certificates (the learner's own, and management)
    "my_certificates:list": "login",
    "my_certificates:pdf": "owner",
    "my_certificates:credential": "owner",
    "my_certificates:manage": "role",
    "my_certificates:manage_detail": "role",
    # H5P
    "h5p:xapi": "login",
    "h5p:preview": "wagtail-admin",
    "h5p:file": "public",
    # accounts
    "profile": "login",
    "unit_invitations": "login",  # the invited person's own invitations to join a unit (issue 14)
    "unit_invitation_slip": "public",  # a printed slip's token; 404 without a valid one, sign-in for the rest
    "account_login": "account",
    "account_logout": "account",
    "account_unlock": "account",  # the signed unlock link mailed to the owner (lms.accounts.lockout)
    "account_inactive": "account",
    "account_signup": "account",
    "account_reauthenticate": "account",
    "account_email": "account",
    "account_email_verification_sent": "account",
    "account_change_password": "account",
    "account_set_password": "account",
    "account_reset_password": "account",
    "account_confirm_login_code": "account",
    "account_confirm_email": "account",
    "account_verify_phone": "account",
    "account_change_phone": "account",
    "account_reset_password_from_key_done": "account",
    "account_reset_password_from_key": "account",
    "account_reset_password_done": "account",
    "account_reset_password_phone": "account",  # password reset by SMS code (lms.accounts.phone_reset)
    "account_reset_password_phone_code": "account",
    # the national identity (OpenID Connect, issue 19): sign-in, the first sign-up, linking and undoing it
    "openid_connect_login": "account",
    "openid_connect_callback": "account",
    "socialaccount_signup": "account",
    "socialaccount_login_cancelled": "account",
    "socialaccount_login_error": "account",
    "socialaccount_connections": "login",
    "identity_unlink": "login",
    "accounts/social/login/cancelled/": "account",  # allauth's old paths, redirects to the ones above
    "accounts/social/login/error/": "account",
    "accounts/social/signup/": "account",
    "accounts/social/connections/": "login",
    # courses
    "catalogue": "public",
    "my_learning": "login",
    "course_enrol": "login",
    "lesson_complete": "login",
    "lesson_check": "login",
    # learning offline (issue 20): the installable app's manifest and worker, the offline page, and the learner's
    # own saved courses, offline copies and queued progress (401 / sign-in for anyone else)
    "web_manifest": "public",
    "service_worker": "public",
    "offline_fallback": "public",
    "offline_saved": "login",
    "offline_course_manifest": "login",
    "offline_lesson_copy": "login",
    "offline_sync": "login",
    # video lessons (issue 23): renditions, posters and captions by their revision's address, like H5P files; the
    # learner's own watched seconds
    "video:file": "public",
    "video:captions": "public",
    "video:watch": "login",
    # quizzes
    "quizzes:list": "public",
    "quizzes:detail": "public",
    "quizzes:start": "login",
    "quizzes:attempt": "owner",
    "quizzes:answer": "owner",
    "quizzes:submit": "owner",
    "quizzes:result": "owner",
    # managers
    "reporting:dashboard": "role",
    "reporting:requirements": "role",
    "reporting:exports": "role",
    "reporting:export_job": "owner",
    "reporting:export_job_status": "owner",
    "reporting:export_download": "owner",
    "reporting:roster_import": "role",
    "reporting:roster_template": "role",
    "reporting:roster_confirm": "owner",  # a previewed roster file: its uploader only (tests/organisations)
    "reporting:learner": "role",  # one learner's record: within the manager's units (404 outside)
    "reporting:export_subscription_cancel": "owner",  # a weekly export: its owner only (tests/reporting)
    # reminders: the learner's settings; the signed unsubscribe link (404 without a valid one); managers' page
    "reminders:settings": "login",
    "reminders:unsubscribe": "public",
    "reminders_manage:manage": "role",
    "reminders_manage:send": "role",  # POST; the requirement and unit must be in the manager's scope (404)
    # in-person guided sessions (issue 23): the listing and a session's page are public; registering, one's own
    # sessions and confirming a check-in need an account; the check-in link's rotating code is its credential
    # (refused without a current one); the team's pages are managers' and trainers' (others 403), a session outside
    # their units or not theirs is a 404 (tests/classes/test_views.py)
    "classes:list": "public",
    "classes:detail": "public",
    "classes:checkin": "public",
    "classes:near": "login",
    "classes:register": "login",
    "classes:cancel": "login",
    "classes:checkin_confirm": "login",
    **{f"classes_team:{name}": "role" for name in (
        "list", "new", "report", "sheet", "edit", "cancel", "qr", "qr_json", "mark")},
    # personal data (lms/privacy): the notice is public; the rest is the logged-in person's own data
    "privacy:notice": "public",
    "privacy:consent": "login",
    "privacy:my_data": "login",
    "privacy:data_page": "login",
    "privacy:data_json": "login",
    "privacy:delete": "login",
    # the learning assistant (issue 22): anyone may ask; the thumbs carry a signed token naming the answer
    "assistant:ask": "public",
    "assistant:rate": "public",
    # the open API (issue 21): token and revocation are OAuth's own endpoints (client authentication in the
    # request); the OpenAPI document and its two viewers are public documentation; every resource is a client's
    "api:token": "public",
    "api:revoke": "public",
    "api:schema": "public",
    "api:docs": "public",
    "api:redoc": "public",
    **{f"api:{name}": "client" for name in (
        "units", "learners", "learner", "enrolments", "test_results", "certificates", "requirements",
        "requirement_met", "roster", "webhooks", "webhook", "webhook_deliveries", "xapi_statements")},
}

# Wagtail admin sections (the first path segment under /admin/, ``snippets/<app>/<model>`` for snippets). Wagtail
# checks permissions in each view; the project's own sections are listed so that a new one needs a rule too.
WAGTAIL_SECTIONS = {
    "", "^.*", "account", "api", "block-preview", "bulk", "choose-anchor-link", "choose-email-link",
    "choose-external-link", "choose-page", "choose-phone-link", "collections", "dismissibles", "documents",
    "editing-sessions", "embeds", "failwhale", "forms", "groups", "images", "jsi18n", "locales", "localize",
    "login", "logout", "pages", "password_reset", "redirects", "reports", "settings", "sites", "sprite",
    "tag-autocomplete", "test404", "workflows", "snippets", "snippets/choose",
    # the project's admin sections
    "users",  # staff only (wagtail.users permissions), with the project's own forms
    "units", "manager_assignments", "population_groups", "requirements",  # organisations (administrators)
    "export_logs",  # who exported what (reporting; auditors and superusers only)
    "trainer_assignments",  # who trains where (classes; administrators)
    "assistant",  # the assistant's questions and thumbs, per lesson (editors; no personal data is logged)
    "personal_data_reads", "consents", "erasure_requests",  # lms/privacy: administrators and auditors only
    "quizzes",  # question-bank import/export (editors with question permissions)
    "snippets/quizzes/assessment", "snippets/quizzes/competence", "snippets/quizzes/competencearea",
    "snippets/quizzes/framework", "snippets/quizzes/proficiencylevel", "snippets/quizzes/question",
    "snippets/certificates/certificate",  # no role has snippet permissions on it (roles.SNIPPET_EXCLUDE)
    "snippets/certificates/certificatetemplate",
    "snippets/courses/topic", "snippets/h5p/h5pactivity", "snippets/organisations/target",
    "snippets/video/video",  # lesson videos: editors and moderators (courses.video, migration 0002_roles)
}
THIRD_PARTY = ("wagtail", "django", "taggit", "modelcluster", "allauth")


def wagtail_section(route: str) -> str:
    rest = route[len("admin/"):]
    parts = rest.split("/")
    if parts[0] == "snippets" and len(parts) > 2 and parts[1] == "choose":
        return "snippets/choose"
    if parts[0] == "snippets" and len(parts) > 2:
        return "/".join(parts[:3])
    return parts[0]


def classify(route: str, name: str | None, module: str) -> str | None:
    """The kind of one URL pattern, or None when no rule covers it."""
    if route.startswith("django-admin/"):
        return "django-admin" if module.startswith(THIRD_PARTY) else None
    if route.startswith("admin/"):
        return "wagtail-admin" if wagtail_section(route) in WAGTAIL_SECTIONS else None
    return NAMED.get(name) or NAMED.get(route)
