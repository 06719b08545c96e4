"""Reads of the open API. Every list starts from the client's service account and goes through
``lms.organisations.permissions`` (the one place every manager's scope goes through), so a client sees exactly
what a manager of its unit would see, and nothing of anyone else. Lists are ``values()`` querysets in primary-key
order (the cursor is the last key), read through a server-side cursor a chunk at a time and turned into plain
dicts by a row function: no model instance, no serializer object per row."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from certificates.models import Certificate
from certificates.serials import display as display_serial
from courses.h5p.models import H5PStatement
from courses.models import Enrollment, KnowledgeCheckSubmission, LessonCompletion
from lms.accounts.models import User
from lms.organisations.models import PopulationGroup, Requirement, Unit
from lms.organisations.permissions import in_unit, results_scope, scope_users, visible_units
from quizzes.models import Attempt
from reporting import queries as reporting

from .models import ApiClient

CHUNK = 2000
CLOSED = (Attempt.State.SUBMITTED, Attempt.State.TIMED_OUT)

#: Personal fields of a learner and the scopes that may read them (docs/api.md, "Scopes"). ``id``, ``unit`` and
#: ``population_group`` come with any scope.
PERSONAL_FIELDS = {
    "full_name": {"completions:read", "certificates:read", "roster:write"},
    "email": {"roster:write"},
    "phone": {"roster:write"},
    "birth_year": {"roster:write"},
}


class BadCursor(ValueError):
    pass


def encode_cursor(pk) -> str:
    return base64.urlsafe_b64encode(f"v1:{pk}".encode()).decode().rstrip("=")


def decode_cursor(text: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        version, _sep, pk = raw.partition(":")
        if version != "v1" or not pk.isascii() or not pk.isdecimal() or len(pk) > 18:
            raise BadCursor(text)
        return int(pk)
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise BadCursor(text) from exc


@dataclass(frozen=True)
class Filters:
    unit: Unit | None = None
    group: PopulationGroup | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    updated_since: dt.datetime | None = None


@dataclass
class Listing:
    """An ordered ``values()`` queryset and the function that turns one of its rows into the API's shape."""

    qs: QuerySet
    row: Callable[[dict], dict]

    def page(self, *, after: int | None, limit: int) -> Iterator[dict]:
        """Up to ``limit + 1`` rows after the cursor (the extra one says there is a next page), streamed."""
        qs = self.qs if after is None else self.qs.filter(pk__gt=after)
        yield from qs.order_by("pk")[: limit + 1].iterator(chunk_size=min(CHUNK, limit + 1))


# --- Scope ------------------------------------------------------------------------------------------


def client_for_application(application) -> ApiClient | None:
    if application is None:
        return None
    return ApiClient.objects.select_related("account", "unit").filter(application=application).first()


def client_units(client: ApiClient) -> QuerySet[Unit]:
    return visible_units(client.account)


def unit_in_scope(client: ApiClient, raw: str) -> Unit | None:
    """The unit with this code (or id) inside the client's subtree; None when unknown *or* outside (the same
    answer either way, so nothing is learned about other units)."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 32:
        return None
    units = client_units(client)
    if raw.isascii() and raw.isdecimal():
        found = units.filter(Q(pk=int(raw)) | Q(code=raw)).first()
    else:
        found = units.filter(code=raw).first()
    return found


def group_by_code(raw: str) -> PopulationGroup | None:
    return PopulationGroup.objects.filter(code=(raw or "").strip()[:32]).first()


def _of_learners(qs: QuerySet, client: ApiClient, filters: Filters, *, prefix: str = "user__") -> QuerySet:
    """Rows reaching a listed learner of the client (active or counted, not staff, not erased, placed in the
    client's subtree), narrowed to the filter's unit and group: the same people as reporting's lists."""
    account = client.account
    qs = qs.filter(**{f"{prefix}is_active": True, f"{prefix}is_staff": False, f"{prefix}is_superuser": False,
                      f"{prefix}erased_at__isnull": True})
    qs = scope_users(account, qs, prefix=prefix)
    qs = qs.exclude(**{f"{prefix}unit_id__isnull": True, f"{prefix}commune_id__isnull": True,
                       f"{prefix}province_id__isnull": True})
    qs = in_unit(qs, filters.unit, prefix=prefix)
    if filters.group is not None:
        qs = qs.filter(**{f"{prefix}population_group": filters.group})
    return qs


def _dates(qs: QuerySet, field: str, filters: Filters, *, updated: str | None = None) -> QuerySet:
    if filters.date_from:
        qs = qs.filter(**{f"{field}__date__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{field}__date__lte": filters.date_to})
    if filters.updated_since and updated:
        qs = qs.filter(**{f"{updated}__gte": filters.updated_since})
    return qs


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _home_code(prefix: str = "") -> Coalesce:
    return Coalesce(F(f"{prefix}unit__code"), F(f"{prefix}commune__code"), F(f"{prefix}province__code"))


# --- Resources --------------------------------------------------------------------------------------


def units(client: ApiClient) -> Listing:
    qs = client_units(client).values("pk", "code", "name", "name_en", "kind", "depth", "path")
    steplen = Unit.steplen

    def row(v):
        return {"id": v["pk"], "code": v["code"], "name": v["name"], "name_en": v["name_en"], "kind": v["kind"],
                "depth": v["depth"], "parent_path": v["path"][:-steplen] or None, "path": v["path"]}

    return Listing(qs, row)


def learner_fields(scopes) -> list[str]:
    return [name for name, allowed in PERSONAL_FIELDS.items() if allowed & set(scopes)]


def learners(client: ApiClient, filters: Filters, *, scopes) -> Listing:
    """Learners of the client, with the personal fields ``scopes`` (the call's) allow and no other."""
    qs = _of_learners(User.objects.all(), client, filters, prefix="")
    fields = learner_fields(scopes)
    qs = qs.values("pk", "date_joined", "full_name", "email", "phone", "birth_year", r_unit=_home_code(),
                   r_group=F("population_group__code"))

    def row(v):
        out = {"id": v["pk"], "unit": v["r_unit"], "population_group": v["r_group"],
               "joined_at": _iso(v["date_joined"])}
        for name in fields:
            value = v[name]
            if name == "email" and value and value.endswith(".invalid"):
                value = None
            out[name] = value if value not in ("",) else None
        return out

    return Listing(qs, row)


def enrolments(client: ApiClient, filters: Filters, *, completed: bool | None = None) -> Listing:
    qs = _of_learners(Enrollment.objects.all(), client, filters)
    if completed is True:
        qs = qs.filter(completed_at__isnull=False)
    elif completed is False:
        qs = qs.filter(completed_at__isnull=True)
    qs = _dates(qs, "completed_at", filters, updated="last_activity_at")
    qs = qs.values("pk", "user_id", "enrolled_at", "completed_at", "last_activity_at",
                   r_course=F("course__translation_key"), r_title=F("course__title"), r_unit=_home_code("user__"))

    def row(v):
        return {"id": v["pk"], "learner": v["user_id"], "unit": v["r_unit"], "course": str(v["r_course"]),
                "course_title": v["r_title"], "status": "completed" if v["completed_at"] else "in_progress",
                "enrolled_at": _iso(v["enrolled_at"]), "completed_at": _iso(v["completed_at"]),
                "updated_at": _iso(v["last_activity_at"])}

    return Listing(qs, row)


def _profile(result: dict | None) -> list[dict]:
    out = []
    for area in (result or {}).get("areas", []):
        out.append({"code": str(area.get("code", "")), "name": str(area.get("name", "")),
                    "level": area.get("level") or 0, "percent": area.get("percent"), "passed": area.get("passed")})
    return out


def test_results(client: ApiClient, filters: Filters, *, passed: bool | None = None) -> Listing:
    qs = _of_learners(Attempt.objects.filter(state__in=CLOSED), client, filters)
    if passed is not None:
        qs = qs.filter(passed=passed)
    qs = _dates(qs, "closed_at", filters, updated="closed_at")
    qs = qs.values("pk", "user_id", "assessment_id", "closed_at", "score", "passed", "framework_code",
                   "framework_version", "result", r_title=F("assessment__title"), r_unit=_home_code("user__"))

    def row(v):
        return {"id": v["pk"], "learner": v["user_id"], "unit": v["r_unit"], "test": v["assessment_id"],
                "test_title": v["r_title"], "closed_at": _iso(v["closed_at"]),
                "score": round(v["score"], 2) if v["score"] is not None else None, "passed": bool(v["passed"]),
                "framework": {"code": v["framework_code"], "version": v["framework_version"]},
                "profile": _profile(v["result"])}

    return Listing(qs, row)


def _verify_url(serial: str) -> str:
    return f"{settings.CERT_BASE_URL.rstrip('/')}/verify/{display_serial(serial)}/"


def certificates(client: ApiClient, filters: Filters, *, status: str = "") -> Listing:
    qs = _of_learners(Certificate.objects.all(), client, filters)
    if status in (Certificate.Status.VALID, Certificate.Status.REVOKED):
        qs = qs.filter(status=status)
    qs = _dates(qs, "issued_at", filters)
    if filters.updated_since:
        qs = qs.filter(Q(issued_at__gte=filters.updated_since) | Q(revoked_at__gte=filters.updated_since))
    qs = qs.values("pk", "serial", "user_id", "kind", "achievement_key", "achievement_title", "issued_at",
                   "status", "revoked_at", "learner_name", "name_withheld", r_unit=_home_code("user__"))
    return Listing(qs, certificate_row)


def certificate_row(v: dict) -> dict:
    return {"id": v["pk"], "serial": display_serial(v["serial"]), "learner": v["user_id"], "unit": v["r_unit"],
            "kind": v["kind"], "achievement": str(v["achievement_key"]), "title": v["achievement_title"],
            "learner_name": "" if v["name_withheld"] else v["learner_name"], "status": v["status"],
            "issued_at": _iso(v["issued_at"]), "revoked_at": _iso(v["revoked_at"]),
            "verification_url": _verify_url(v["serial"])}


def certificate_payload(certificate: Certificate) -> dict:
    """A webhook's ``data`` for a certificate (the same shape as the certificates resource)."""
    from lms.organisations.selectors import home_unit  # noqa: PLC0415

    user = certificate.user
    unit = home_unit(user) if user is not None else None
    return certificate_row({
        "pk": certificate.pk, "serial": certificate.serial, "user_id": certificate.user_id,
        "r_unit": unit.code if unit else None, "kind": certificate.kind, "achievement_key": certificate.achievement_key,
        "achievement_title": certificate.achievement_title, "issued_at": certificate.issued_at,
        "status": certificate.status, "revoked_at": certificate.revoked_at, "learner_name": certificate.learner_name,
        "name_withheld": certificate.name_withheld,
    })


def requirements(client: ApiClient) -> Listing:
    qs = reporting.requirements_visible(client.account).filter(active=True).values(
        "pk", "title", "deadline", "active", r_model=F("content_type__model"), r_object=F("object_id"),
        r_unit=F("unit__code"))

    def row(v):
        return {"id": v["pk"], "title": v["title"], "kind": "course" if v["r_model"] == "coursepage" else "test",
                "target": v["r_object"], "unit": v["r_unit"], "deadline": v["deadline"].isoformat()}

    return Listing(qs, row)


def requirement_in_scope(client: ApiClient, pk: int) -> Requirement | None:
    return reporting.requirements_visible(client.account).filter(pk=pk, active=True).first()


def requirement_met(client: ApiClient, requirement: Requirement, filters: Filters) -> Listing:
    """Learners of the client to whom ``requirement`` applies and who met it."""
    people = reporting.requirement_people(client.account, requirement, unit=filters.unit)
    done = reporting.requirement_done_users(requirement)
    qs = _of_learners(User.objects.filter(pk__in=people.values("pk")).filter(pk__in=done), client, filters,
                      prefix="")
    qs = qs.values("pk", r_unit=_home_code(), r_group=F("population_group__code"))

    def row(v):
        return {"learner": v["pk"], "unit": v["r_unit"], "population_group": v["r_group"],
                "requirement": requirement.pk}

    return Listing(qs, row)


def may_see_person(client: ApiClient, person) -> bool:
    from lms.organisations.permissions import can_view_person  # noqa: PLC0415

    return client.active and can_view_person(client.account, person)


def scope_allows(client: ApiClient, scope: str) -> bool:
    return client.active and scope in client.scopes and results_scope(client.account).allowed


# --- xAPI statements ------------------------------------------------------------------------------


XAPI_VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
_NS = uuid.UUID("8a0e4f7e-5b57-4d1c-9b8e-2f4f1f3c6a21")
_SOURCES = ("lesson", "check", "test", "h5p")


def _actor(user_id: int) -> dict:
    """A learner as an xAPI account on the platform (their id, never their email or name)."""
    return {"objectType": "Agent", "account": {"homePage": settings.BASE_URL.rstrip("/"), "name": str(user_id)}}


def _stored(value) -> str:
    return value.isoformat()


def _statement_sources(client: ApiClient, filters: Filters, since: dt.datetime | None):
    """(source, queryset, timestamp field, row function) for each kind of statement."""
    base = settings.BASE_URL.rstrip("/")

    def lesson(v):
        return {"id": str(uuid.uuid5(_NS, f"lesson:{v['pk']}")), "actor": _actor(v["user_id"]),
                "verb": {"id": XAPI_VERBS["completed"], "display": {"en-US": "completed"}},
                "object": {"objectType": "Activity", "id": f"{base}/lessons/{v['lesson_id']}",
                           "definition": {"name": {"vi": v["r_title"]},
                                          "type": "http://adlnet.gov/expapi/activities/lesson"}},
                "result": {"completion": True},
                "timestamp": _stored(v["completed_at"]), "stored": _stored(v["completed_at"]), "version": "1.0.3"}

    def check(v):
        return {"id": str(uuid.uuid5(_NS, f"check:{v['pk']}")), "actor": _actor(v["user_id"]),
                "verb": {"id": XAPI_VERBS["answered"], "display": {"en-US": "answered"}},
                "object": {"objectType": "Activity", "id": f"{base}/lessons/{v['lesson_id']}/checks/{v['block_id']}",
                           "definition": {"type": "http://adlnet.gov/expapi/activities/assessment"}},
                "result": {"success": bool(v["passed"]), "score": {"scaled": round((v["score"] or 0) / 100, 4)}},
                "timestamp": _stored(v["submitted_at"]), "stored": _stored(v["submitted_at"]), "version": "1.0.3"}

    def test(v):
        verb = "passed" if v["passed"] else "failed"
        score = v["score"] if v["score"] is not None else 0
        return {"id": str(uuid.uuid5(_NS, f"test:{v['pk']}")), "actor": _actor(v["user_id"]),
                "verb": {"id": XAPI_VERBS[verb], "display": {"en-US": verb}},
                "object": {"objectType": "Activity", "id": f"{base}/tests/{v['assessment_id']}",
                           "definition": {"name": {"vi": v["r_title"]},
                                          "type": "http://adlnet.gov/expapi/activities/assessment"}},
                "result": {"success": bool(v["passed"]), "completion": True,
                           "score": {"scaled": round(score / 100, 4)}},
                "timestamp": _stored(v["closed_at"]), "stored": _stored(v["closed_at"]), "version": "1.0.3"}

    def h5p(v):
        stored = dict(v["statement"] or {})
        stored.update({"id": str(v["uuid"]), "actor": _actor(v["user_id"]), "stored": _stored(v["created_at"]),
                       "version": "1.0.3"})
        stored.setdefault("timestamp", _stored(v["created_at"]))
        return stored

    def since_q(field):
        return Q(**{f"{field}__gt": since}) if since else Q()

    yield "lesson", _of_learners(LessonCompletion.objects.filter(since_q("completed_at")), client, filters).values(
        "pk", "user_id", "lesson_id", "completed_at", r_title=F("lesson__title")), "completed_at", lesson
    yield "check", _of_learners(KnowledgeCheckSubmission.objects.filter(since_q("submitted_at")), client,
                                filters).values("pk", "user_id", "lesson_id", "block_id", "score", "passed",
                                                "submitted_at"), "submitted_at", check
    yield "test", _of_learners(Attempt.objects.filter(since_q("closed_at"), state__in=CLOSED), client,
                               filters).values("pk", "user_id", "assessment_id", "closed_at", "score", "passed",
                                               r_title=F("assessment__title")), "closed_at", test
    yield "h5p", _of_learners(H5PStatement.objects.filter(since_q("created_at")), client, filters).values(
        "pk", "uuid", "user_id", "statement", "created_at"), "created_at", h5p


def encode_more(at: dt.datetime, source: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"x1|{at.isoformat()}|{source}|{pk}".encode()).decode().rstrip("=")


def decode_more(text: str) -> tuple[dt.datetime, str, int]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        version, at, source, pk = raw.split("|")
        if version != "x1" or source not in _SOURCES or not pk.isdecimal():
            raise BadCursor(text)
        return dt.datetime.fromisoformat(at), source, int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor(text) from exc


def statements(client: ApiClient, filters: Filters, *, since: dt.datetime | None, after=None,
               limit: int) -> tuple[list[dict], tuple | None]:
    """One page of statements of every kind in (stored time, kind, id) order, after ``after`` (a decoded ``more``
    token); returns the statements and the position of the last one when there are more."""
    picked: list[tuple] = []
    for source, qs, field, row in _statement_sources(client, filters, since):
        if after is not None:
            at, after_source, pk = after
            order = _SOURCES.index(source) - _SOURCES.index(after_source)
            if order > 0:
                qs = qs.filter(**{f"{field}__gte": at})
            elif order == 0:
                qs = qs.filter(Q(**{f"{field}__gt": at}) | Q(**{field: at, "pk__gt": pk}))
            else:
                qs = qs.filter(**{f"{field}__gt": at})
        for values in qs.order_by(field, "pk")[: limit + 1]:
            picked.append((values[field], _SOURCES.index(source), values["pk"], source, row, values))
    picked.sort(key=lambda item: item[:3])
    page = picked[:limit]
    more = None
    if len(picked) > limit and page:
        last = page[-1]
        more = (last[0], last[3], last[2])
    return [row(values) for _at, _order, _pk, _source, row, values in page], more


def requirements_met_by(user, *, course=None, assessment_id=None) -> list[tuple[Requirement, dict]]:
    """The requirements that apply to ``user`` and that this completed course (or passed test) meets, each with
    the webhook's ``data``."""
    from django.utils import timezone  # noqa: PLC0415

    from lms.organisations.selectors import home_unit, requirements_for  # noqa: PLC0415

    met = []
    unit = home_unit(user)
    for requirement in requirements_for(user):
        if assessment_id is not None and requirement.content_type.model == "assessment":
            hit = requirement.object_id == assessment_id
        elif course is not None and requirement.content_type.model == "coursepage":
            target = reporting.requirement_target(requirement)
            hit = target is not None and target.translation_key == course.translation_key
        else:
            hit = False
        if hit:
            met.append((requirement, {
                "requirement": requirement.pk, "title": requirement.title,
                "kind": "course" if requirement.content_type.model == "coursepage" else "test",
                "learner": user.pk, "learner_name": user.full_name, "unit": unit.code if unit else None,
                "met_at": timezone.now().isoformat(),
            }))
    return met
