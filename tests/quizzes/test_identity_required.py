"""A standard test can require a verified national identity: checked when an attempt starts, with a message and a
link to verify on the test's page (lms.accounts.selectors.is_identity_verified)."""

import pytest
from allauth.socialaccount.models import SocialAccount

from quizzes import services
from quizzes.models import Attempt


@pytest.fixture
def assessment(make_question, make_assessment):
    for _ in range(3):
        make_question("4.2", level=1)
    return make_assessment(requires_verified_identity=True)


def verify(user, settings):
    SocialAccount.objects.create(user=user, provider=settings.OIDC["PROVIDER_ID"], uid="0" * 64)


def test_start_requires_a_verified_identity(assessment, learner, settings):
    with pytest.raises(services.AttemptError) as refused:
        services.attempt_start(assessment=assessment, user=learner)
    assert refused.value.message == services.MSG_IDENTITY_REQUIRED
    assert not Attempt.objects.exists()
    verify(learner, settings)
    assert services.attempt_start(assessment=assessment, user=learner).pk


def test_the_page_says_why_and_links_to_verification(client, assessment, learner, settings):
    from lms.privacy.services import consent_record

    consent_record(user=learner, context="login")
    client.force_login(learner)
    page = client.get(f"/quizzes/{assessment.slug}/").content.decode()
    assert str(services.MSG_IDENTITY_REQUIRED) in page
    assert f"/accounts/profile/?next=/quizzes/{assessment.slug}/" in page
    assert "Bắt đầu làm bài" not in page
    response = client.post(f"/quizzes/{assessment.slug}/start/", follow=True)
    assert str(services.MSG_IDENTITY_REQUIRED) in response.content.decode() and not Attempt.objects.exists()
    verify(learner, settings)
    assert "Bắt đầu làm bài" in client.get(f"/quizzes/{assessment.slug}/").content.decode()


def test_tests_without_the_flag_start_as_before(make_question, make_assessment, learner):
    make_question("4.2", level=1)
    make_question("4.2", level=1)
    assert services.attempt_start(assessment=make_assessment(), user=learner).pk
