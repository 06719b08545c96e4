"""Managers see which learners proved their national identity: the requirement list and the learner page read
lms.accounts.selectors (issue 19)."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from . import test_reporting as base

world = base.world


def test_requirement_list_and_learner_page_show_verified_identity(client, world, manager_a, settings):
    binh = world["binh"]
    SocialAccount.objects.create(user=binh, provider=settings.OIDC["PROVIDER_ID"], uid="1" * 64)
    client.force_login(manager_a)
    html = client.get(reverse("reporting:requirements")).content.decode()
    row = html[html.index(f'data-user="{binh.pk}"'):]
    row = row[:row.index("</tr>")]
    assert 'data-identity="verified"' in row and "Đã xác minh" in row
    assert 'data-identity="unverified"' in html  # the others

    page = client.get(reverse("reporting:learner", args=[binh.pk])).content.decode()
    assert 'data-identity="verified"' in page and "Đã xác minh danh tính" in page
    other = client.get(reverse("reporting:learner", args=[world["hoa"].pk])).content.decode()
    assert 'data-identity="unverified"' in other
