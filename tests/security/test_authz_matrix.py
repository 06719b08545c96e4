"""Authorisation, route by route and role by role (issue 8).

1. Every URL pattern (project, Wagtail admin, allauth, Django admin, with i18n prefixes) has a rule in
   ``rules.py``: a new view without one fails here.
2. For each project route, and a representative set of admin and allauth routes, each of eleven roles gets the
   expected answer with real objects: 200, 302 to a log-in page, 403 or 404. The roles include the editor and
   the reviewer with ``is_staff`` (as they are for the Wagtail admin), the auditor, the national manager, bare
   staff and the administrator (issue 14: staff status used to open every learner's results).
"""

from __future__ import annotations

import json

import pytest
from django.urls import URLResolver, get_resolver

from .conftest import ROLES
from .rules import classify

LOGIN = "login"  # a redirect to a log-in page (allauth's, Wagtail's or Django admin's)
ALL = dict.fromkeys(ROLES)


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _patterns(pattern, prefix + str(pattern.pattern), ns)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else None
            module = getattr(pattern.callback, "__module__", "") or ""
            yield prefix + str(pattern.pattern), name, module


def test_every_url_pattern_has_a_rule(settings):
    patterns = list(_patterns())
    assert len(patterns) > 400, "the walk must reach the Wagtail admin, allauth and the Django admin"
    missing = [f"{route}  (name={name}, view={module})" for route, name, module in patterns
               if classify(route, name, module) is None]
    assert not missing, "URL patterns without an authorisation rule in tests/security/rules.py:\n" + "\n".join(missing)


def test_english_prefix_is_walked_too():
    from django.utils import translation

    with translation.override("en"):
        routes = {route for route, _name, _module in _patterns()}
    assert "en/quizzes/attempt/<int:pk>/result/" in routes
    assert all(classify(r, n, m) for r, n, m in _patterns())


def test_a_new_view_without_a_rule_is_caught():
    assert classify("learn/new-thing/", "courses:new_thing", "courses.views") is None
    assert classify("admin/snippets/quizzes/attempt/", "wagtailsnippets_quizzes_attempt:list",
                    "wagtail.snippets.views.snippets") is None
    assert classify("django-admin/x/", "x", "quizzes.admin") is None


# --- The matrix ---------------------------------------------------------------------------------------------------


def expect(default=None, **by_role):
    return {role: by_role.get(role, default) for role in ROLES}


# Seeing learners' results is its own permission (issue 14): managers within their units, the national manager
# and the administrator everywhere; editing, reviewing, auditing and bare staff status grant none of it.
MANAGERS_ONLY = expect(403, anonymous=LOGIN, manager_a=200, manager_b=200, national_manager=200, admin=200)
IN_UNIT_A = expect(403, anonymous=LOGIN, manager_a=200, manager_b=404, national_manager=200, admin=200)
IN_UNIT_B = expect(403, anonymous=LOGIN, manager_a=404, manager_b=200, national_manager=200, admin=200)
ANY_LOGGED_IN = expect(200, anonymous=LOGIN)
OWNER_ONLY = expect(404, anonymous=LOGIN, learner=200)
JOB_OWNER_ONLY = expect(403, anonymous=LOGIN, manager_a=200, manager_b=404, national_manager=404, admin=404)
PUBLIC = expect(200)
# The Wagtail admin: who has ``wagtailadmin.access_admin`` (editors, reviewers, auditors, the administrator) gets
# in; a section they hold no permission on sends them back to the admin's home (302); others log in first.
ADMIN_HOME = expect(LOGIN, editor=200, reviewer=200, auditor=200, admin=200)
ADMIN_ONLY_SECTION = expect(LOGIN, editor=302, reviewer=302, auditor=302, admin=200)
AUDITORS_ONLY = expect(LOGIN, editor=302, reviewer=302, auditor=200, admin=200)
DJANGO_ADMIN_STAFF = expect(LOGIN, editor=200, reviewer=200, staff=200, admin=200)

CASES = [
    # (id, method, url(world), data, expectations)
    ("profile", "get", lambda w: "/accounts/profile/", None, ANY_LOGGED_IN),
    ("profile-en", "get", lambda w: "/en/accounts/profile/", None, ANY_LOGGED_IN),
    ("invitations", "get", lambda w: "/accounts/invitations/", None, ANY_LOGGED_IN),
    ("invitation-slip-unknown", "get", lambda w: "/accounts/invitations/no-such-token/", None, expect(404)),
    ("my-learning", "get", lambda w: "/learn/my-learning/", None, ANY_LOGGED_IN),
    ("my-certificates", "get", lambda w: "/certificates/", None, ANY_LOGGED_IN),
    ("certificate-pdf", "get", lambda w: f"/certificates/{w['certificate'].display_serial}/pdf/", None, OWNER_ONLY),
    ("certificate-pdf-en", "get", lambda w: f"/en/certificates/{w['certificate'].display_serial}/pdf/", None,
     OWNER_ONLY),
    ("certificate-jwt", "get", lambda w: f"/certificates/{w['certificate'].display_serial}/credential.jwt", None,
     OWNER_ONLY),
    ("certificate-manage", "get", lambda w: "/certificates/manage/", None, MANAGERS_ONLY),
    ("certificate-manage-detail-a", "get",
     lambda w: f"/certificates/manage/{w['certificate'].display_serial}/", None, IN_UNIT_A),
    ("certificate-revoke", "post",
     lambda w: f"/certificates/manage/{w['certificate'].display_serial}/", {"action": "revoke", "reason": "Sai"},
     expect(403, anonymous=LOGIN, manager_a=302, manager_b=404, national_manager=302, admin=302)),
    ("verify", "get", lambda w: "/verify/", None, PUBLIC),
    ("verify-detail", "get", lambda w: f"/verify/{w['certificate'].display_serial}/", None, PUBLIC),
    ("revocations", "get", lambda w: "/verify/revocations/", None, PUBLIC),
    ("did", "get", lambda w: "/.well-known/did.json", None, PUBLIC),
    ("quizzes", "get", lambda w: "/quizzes/", None, PUBLIC),
    ("quiz-detail", "get", lambda w: f"/quizzes/{w['assessment'].slug}/", None, PUBLIC),
    ("attempt", "get", lambda w: f"/quizzes/attempt/{w['attempt'].pk}/", None,
     expect(404, anonymous=LOGIN, learner=302)),  # a submitted attempt shows its result
    ("attempt-result", "get", lambda w: f"/quizzes/attempt/{w['attempt'].pk}/result/", None, OWNER_ONLY),
    ("attempt-result-en", "get", lambda w: f"/en/quizzes/attempt/{w['attempt'].pk}/result/", None, OWNER_ONLY),
    ("attempt-answer", "post-json", lambda w: f"/quizzes/attempt/{w['attempt'].pk}/answer/",
     {"position": 1, "fields": {"q1": ["a"]}}, expect(404, anonymous=LOGIN, learner=409)),
    ("attempt-submit", "post", lambda w: f"/quizzes/attempt/{w['attempt'].pk}/submit/", {},
     expect(404, anonymous=LOGIN, learner=302)),
    # /manage/: results are for managers, within their units.
    ("dashboard", "get", lambda w: "/manage/", None, MANAGERS_ONLY),
    ("dashboard-unit-a", "get", lambda w: f"/manage/?unit={w['unit_a'].pk}", None, IN_UNIT_A),
    ("dashboard-unit-b", "get", lambda w: f"/manage/?unit={w['unit_b'].pk}", None, IN_UNIT_B),
    ("requirements", "get", lambda w: "/manage/requirements/", None, MANAGERS_ONLY),
    ("requirements-unit-b", "get", lambda w: f"/manage/requirements/?unit={w['unit_b'].pk}", None, IN_UNIT_B),
    ("exports", "get", lambda w: "/manage/exports/", None, MANAGERS_ONLY),
    ("export-csv", "post", lambda w: "/manage/exports/", {"format": "csv"}, MANAGERS_ONLY),
    ("export-csv-unit-b", "post", lambda w: "/manage/exports/", {"format": "csv", "unit": "{unit_b}"},
     expect(403, anonymous=LOGIN, manager_a=200, manager_b=200, national_manager=200, admin=200)),  # A: form error
    ("roster", "get", lambda w: "/manage/roster/", None, MANAGERS_ONLY),
    ("roster-template", "get", lambda w: "/manage/roster/template.xlsx", None, MANAGERS_ONLY),
    ("learner-page-a", "get", lambda w: f"/manage/learners/{w['users']['learner'].pk}/", None, IN_UNIT_A),
    ("learner-page-b", "get", lambda w: f"/manage/learners/{w['users']['other_learner'].pk}/", None, IN_UNIT_B),
    ("export-job", "get", lambda w: f"/manage/exports/{w['export_job'].pk}/", None, JOB_OWNER_ONLY),
    ("export-job-status", "get", lambda w: f"/manage/exports/{w['export_job'].pk}/status/", None, JOB_OWNER_ONLY),
    ("export-download", "get", lambda w: f"/manage/exports/{w['export_job'].pk}/download/", None, JOB_OWNER_ONLY),
    ("reminders-manage", "get", lambda w: "/manage/reminders/", None, MANAGERS_ONLY),
    ("reminders-manage-unit-b", "get", lambda w: f"/manage/reminders/?unit={w['unit_b'].pk}", None, IN_UNIT_B),
    ("reminder-settings", "get", lambda w: "/reminders/settings/", None, ANY_LOGGED_IN),
    # In-person sessions: the team's pages are managers' and trainers' (none here), learners' own page needs an account.
    ("classes-public", "get", lambda w: "/classes/", None, PUBLIC),
    ("classes-near", "get", lambda w: "/classes/near/", None, ANY_LOGGED_IN),
    ("classes-team", "get", lambda w: "/manage/classes/", None, MANAGERS_ONLY),
    ("classes-team-report", "get", lambda w: "/manage/classes/report/", None, MANAGERS_ONLY),
    ("reminder-unsubscribe-forged", "post", lambda w: "/reminders/unsubscribe/forged:token/", {}, expect(404)),
    # Wagtail admin: content for editors and reviewers; the export log for auditors; people and roles for the
    # administrator only.
    ("wagtail-admin", "get", lambda w: "/admin/", None, ADMIN_HOME),
    ("wagtail-pages", "get", lambda w: "/admin/pages/", None,
     expect(LOGIN, editor=200, reviewer=200, auditor=302, admin=200)),
    ("wagtail-export-log", "get", lambda w: "/admin/export_logs/", None, AUDITORS_ONLY),
    ("wagtail-export-log-entry", "get", lambda w: f"/admin/export_logs/inspect/{w['export_log'].pk}/", None,
     AUDITORS_ONLY),
    ("wagtail-certificates", "get", lambda w: "/admin/snippets/certificates/certificate/", None,
     ADMIN_ONLY_SECTION),
    ("wagtail-users", "get", lambda w: "/admin/users/", None, ADMIN_ONLY_SECTION),
    ("wagtail-groups", "get", lambda w: "/admin/groups/", None, ADMIN_ONLY_SECTION),
    ("wagtail-units", "get", lambda w: "/admin/units/", None, ADMIN_ONLY_SECTION),
    ("wagtail-manager-assignments", "get", lambda w: "/admin/manager_assignments/", None, ADMIN_ONLY_SECTION),
    ("wagtail-h5p-preview", "get", lambda w: "/h5p/preview/{activity}/", None,
     expect(404, editor=200, reviewer=200, admin=200)),
    ("wagtail-personal-data-reads", "get", lambda w: "/admin/personal_data_reads/", None, AUDITORS_ONLY),
    ("wagtail-consents", "get", lambda w: "/admin/consents/", None, AUDITORS_ONLY),
    ("wagtail-erasure-requests", "get", lambda w: "/admin/erasure_requests/", None, AUDITORS_ONLY),
    # Personal data (lms/privacy): each person their own; the notice for anyone.
    ("privacy-notice", "get", lambda w: "/accounts/privacy/notice/", None, PUBLIC),
    ("privacy-my-data", "get", lambda w: "/accounts/privacy/", None, ANY_LOGGED_IN),
    ("privacy-data-json", "get", lambda w: "/accounts/privacy/data.json", None, ANY_LOGGED_IN),
    ("privacy-data-page", "get", lambda w: "/en/accounts/privacy/data/", None, ANY_LOGGED_IN),
    ("privacy-delete", "get", lambda w: "/accounts/privacy/delete/", None, ANY_LOGGED_IN),
    # Django admin: staff status lets one in, and only the administrator sees anything there.
    ("django-admin", "get", lambda w: "/django-admin/", None, DJANGO_ADMIN_STAFF),
    ("django-admin-users", "get", lambda w: "/django-admin/accounts/user/", None,
     expect(LOGIN, editor=403, reviewer=403, staff=403, admin=200)),
    # allauth
    ("login", "get", lambda w: "/accounts/login/", None, expect(302, anonymous=200)),
    ("signup", "get", lambda w: "/accounts/signup/", None, expect(302, anonymous=200)),
    ("password-reset", "get", lambda w: "/accounts/password/reset/", None, PUBLIC),
    ("password-change", "get", lambda w: "/accounts/password/change/", None, ANY_LOGGED_IN),
    ("email", "get", lambda w: "/accounts/email/", None, ANY_LOGGED_IN),
]


@pytest.fixture
def h5p_activity(db, settings):
    from courses.h5p.services import h5p_import
    from tests.h5p.builders import build, upload

    return h5p_import(source=upload(build()), title="Hoạt động thử")


def _outcome(response) -> int | str:
    if response.status_code == 302:
        location = response.headers["Location"]
        if "/login/" in location and "next=" in location:
            return LOGIN
    return response.status_code


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_matrix(client, world, h5p_activity, case):
    _id, method, url_of, data, expected = case
    url = url_of(world).replace("{activity}", str(h5p_activity.pk))
    if data:
        data = {k: str(world[v[1:-1]].pk) if isinstance(v, str) and v.startswith("{") else v for k, v in data.items()}
    seen = {}
    for role in ROLES:
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        if method == "get":
            response = client.get(url)
        elif method == "post-json":
            response = client.post(url, json.dumps(data), content_type="application/json")
        else:
            response = client.post(url, data)
        seen[role] = _outcome(response)
    assert seen == expected


# --- What the pages show -----------------------------------------------------------------------------------------


def test_public_verification_shows_no_private_data(client, world):
    learner = world["users"]["learner"]
    body = client.get(f"/verify/{world['certificate'].display_serial}/").content.decode()
    assert learner.full_name in body
    assert learner.email not in body and str(learner.birth_year) not in body


def test_my_certificates_lists_only_mine(client, world):
    client.force_login(world["users"]["other_learner"])
    body = client.get("/certificates/").content.decode()
    assert world["certificate"].display_serial not in body


def test_manager_b_lists_no_certificate_of_unit_a(client, world):
    serial = world["certificate"].display_serial
    client.force_login(world["users"]["manager_b"])
    assert serial not in client.get("/certificates/manage/").content.decode()
    client.force_login(world["users"]["manager_a"])
    assert serial in client.get("/certificates/manage/").content.decode()


def test_manager_b_exports_nobody_of_unit_a(client, world):
    client.force_login(world["users"]["manager_b"])
    response = client.post("/manage/exports/", {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()
    assert "Trần Văn Khác" in body and "Nguyễn Thị Riêng Tư" not in body


def test_manager_b_cannot_export_unit_a_by_id(client, world):
    client.force_login(world["users"]["manager_b"])
    response = client.post("/manage/exports/", {"format": "csv", "unit": world["unit_a"].pk})
    body = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()
    assert "Nguyễn Thị Riêng Tư" not in body


def test_editor_sees_no_results_in_the_wagtail_admin(client, world):
    client.force_login(world["users"]["editor"])
    for url in ("/admin/", "/admin/reports/site-history/"):
        body = client.get(url, follow=True).content.decode()
        assert "Nguyễn Thị Riêng Tư" not in body and world["certificate"].display_serial not in body


@pytest.mark.django_db
def test_api_resources_refuse_anonymous_and_browser_sessions(client, make_user):
    """Every ``client`` route (issue 21) answers 401 without a bearer token, to a visitor and to an administrator's
    browser session alike: a session cookie must never open the API (it would bypass the client's unit binding)."""
    import re

    routes = [route for route, name, module in _patterns() if classify(route, name, module) == "client"]
    assert len(routes) >= 13
    admin = make_user(is_staff=True, is_superuser=True)
    for who in (None, admin):
        if who is not None:
            client.force_login(who)
        for route in routes:
            url = "/" + re.sub(r"<int:\w+>", "1", route)
            for response in (client.get(url), client.post(url, "{}", content_type="application/json")):
                assert response.status_code == 401, (who, response.request["REQUEST_METHOD"], url, response.status_code)
