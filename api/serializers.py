"""The shapes of the API: what the OpenAPI document says each answer holds (rows are built by the selectors'
row functions, and the contract tests check every answer against this document), and the bodies it accepts."""

from __future__ import annotations

from rest_framework import serializers

from .models import EVENTS, WebhookDelivery


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    kind = serializers.CharField()
    depth = serializers.IntegerField()
    path = serializers.CharField()
    parent_path = serializers.CharField(allow_null=True)


class LearnerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField(allow_null=True)
    population_group = serializers.CharField(allow_null=True)
    joined_at = serializers.DateTimeField()
    full_name = serializers.CharField(required=False, allow_null=True, help_text="Scopes completions:read, "
                                      "certificates:read or roster:write")
    email = serializers.EmailField(required=False, allow_null=True, help_text="Scope roster:write")
    phone = serializers.CharField(required=False, allow_null=True, help_text="Scope roster:write")
    birth_year = serializers.IntegerField(required=False, allow_null=True, help_text="Scope roster:write")


class EnrolmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    learner = serializers.IntegerField()
    unit = serializers.CharField(allow_null=True)
    course = serializers.CharField(help_text="The course's key (stable across languages)")
    course_title = serializers.CharField()
    status = serializers.ChoiceField(choices=["completed", "in_progress"])
    enrolled_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)


class FrameworkSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.CharField()


class TestResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    learner = serializers.IntegerField()
    unit = serializers.CharField(allow_null=True)
    test = serializers.IntegerField()
    test_title = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    score = serializers.FloatField(allow_null=True)
    passed = serializers.BooleanField()
    framework = FrameworkSerializer()
    profile = AreaSerializer(many=True, help_text="The competency profile: a level per area of the framework")


class CertificateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    serial = serializers.CharField()
    learner = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    kind = serializers.ChoiceField(choices=["course", "assessment"])
    achievement = serializers.CharField()
    title = serializers.CharField()
    learner_name = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["valid", "revoked"])
    issued_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    verification_url = serializers.URLField()


class RequirementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=["course", "test"])
    target = serializers.IntegerField()
    unit = serializers.CharField(allow_null=True)
    deadline = serializers.DateField()


class RequirementMetSerializer(serializers.Serializer):
    learner = serializers.IntegerField()
    unit = serializers.CharField(allow_null=True)
    population_group = serializers.CharField(allow_null=True)
    requirement = serializers.IntegerField()


def page_of(item, name: str):
    """``{"results": [...], "next": cursor|null}``: one page of a list."""
    return type(name, (serializers.Serializer,), {
        "results": item(many=True),
        "next": serializers.CharField(allow_null=True, help_text="Pass as ?cursor= for the next page"),
        "__module__": __name__,
    })


UnitPage = page_of(UnitSerializer, "UnitPage")
LearnerPage = page_of(LearnerSerializer, "LearnerPage")
EnrolmentPage = page_of(EnrolmentSerializer, "EnrolmentPage")
TestResultPage = page_of(TestResultSerializer, "TestResultPage")
CertificatePage = page_of(CertificateSerializer, "CertificatePage")
RequirementPage = page_of(RequirementSerializer, "RequirementPage")
RequirementMetPage = page_of(RequirementMetSerializer, "RequirementMetPage")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.JSONField(required=False, help_text="A refused body: the fields and what is wrong")


class RosterRowIn(serializers.Serializer):
    full_name = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)
    email = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)
    phone = serializers.CharField(allow_blank=True, required=False, default="", max_length=100)
    unit_code = serializers.CharField(allow_blank=True, required=False, default="", max_length=100)
    group = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)
    birth_date = serializers.CharField(allow_blank=True, required=False, default="", max_length=40)


class RosterIn(serializers.Serializer):
    rows = RosterRowIn(many=True, allow_empty=False, max_length=5000)
    dry_run = serializers.BooleanField(default=False, help_text="Check and report; write nothing")
    valid_only = serializers.BooleanField(default=False, help_text="Import the valid rows when some are refused")
    update_existing = serializers.BooleanField(default=True)


class RosterRowOut(serializers.Serializer):
    line = serializers.IntegerField(help_text="1 = the first row sent")
    action = serializers.ChoiceField(choices=["invited", "updated", "moved", "unchanged", "refused"])
    full_name = serializers.CharField(allow_blank=True)
    contact = serializers.CharField(allow_blank=True)
    unit_code = serializers.CharField(allow_blank=True)
    errors = serializers.ListField(child=serializers.CharField())
    slip_link = serializers.CharField(allow_null=True, help_text="Phone-only rows invited: the printable slip's link")


class RosterOut(serializers.Serializer):
    imported = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
    rows = RosterRowOut(many=True)


class SubscriptionIn(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(choices=list(EVENTS)), allow_empty=False)


class SubscriptionOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    events = serializers.ListField(child=serializers.CharField())
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    secret = serializers.CharField(required=False, help_text="Only in the answer that creates the subscription")


class SubscriptionList(serializers.Serializer):
    results = SubscriptionOut(many=True)


class DeliveryOut(serializers.Serializer):
    id = serializers.UUIDField()
    event = serializers.CharField()
    status = serializers.ChoiceField(choices=WebhookDelivery.Status.values)
    attempts = serializers.IntegerField()
    last_status = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    next_attempt_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)


class DeliveryList(serializers.Serializer):
    results = DeliveryOut(many=True)


class StatementResult(serializers.Serializer):
    statements = serializers.ListField(child=serializers.DictField(), help_text="xAPI 1.0.3 statements")
    more = serializers.CharField(allow_blank=True, help_text="IRL of the next page, empty at the end")
