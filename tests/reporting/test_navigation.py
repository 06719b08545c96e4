"""The site navigation offers /manage/ to managers only (staff of the content admin get no link)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav_links(client, user):
    client.force_login(user)
    html = client.get(reverse("my_learning")).content.decode()
    nav = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return nav


def test_manager_sees_the_dashboard_link(client, manager_a):
    assert reverse("reporting:dashboard") in _nav_links(client, manager_a)


def test_national_manager_sees_the_dashboard_link(client, national_manager):
    assert reverse("reporting:dashboard") in _nav_links(client, national_manager)


def test_staff_without_a_manager_role_does_not(client, staff):
    assert reverse("reporting:dashboard") not in _nav_links(client, staff)


def test_learner_does_not(client, learner):
    nav = _nav_links(client, learner)
    assert reverse("my_certificates:list") in nav
    assert reverse("reporting:dashboard") not in nav
