"""``{% fastpart … sitewide %}`` (the header's menu): rendered once per process for each variant and language,
with each response's own CSRF token in its logout form (``lms.fastlane.sitewide_part``)."""

import re

import pytest
from django.urls import reverse

from lms import fastlane

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)

pytestmark = pytest.mark.django_db


def _nav_and_tokens(client, url):
    html = client.get(url).content.decode()
    nav = NAV.search(html).group(0)
    return nav, TOKEN.findall(nav), TOKEN.findall(html)


def test_the_menu_is_kept_once_and_carries_each_responses_own_token(client, learner, settings):
    client.force_login(learner)
    first, (nav_token,), page_tokens = _nav_and_tokens(client, reverse("quizzes:list"))
    assert nav_token in page_tokens[1:]  # the footer's forms carry the same token as the menu's logout form
    kept = dict(fastlane._sitewide)
    assert len(kept) == 1 and next(iter(kept))[0] == "nav"
    second, (other_token,), _ = _nav_and_tokens(client, reverse("profile"))
    assert fastlane._sitewide == kept  # not rendered again on another page
    assert TOKEN.sub("", first) == TOKEN.sub("", second) and other_token != nav_token  # a new mask per response
    assert "Học tập của tôi" in first and "Quản lý" not in first
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": other_token})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_each_variant_and_language_is_its_own_entry(client, learner):
    anonymous, tokens, _ = _nav_and_tokens(client, "/quizzes/")
    assert "Đăng nhập" in anonymous and not tokens
    client.force_login(learner)
    signed_in, _, _ = _nav_and_tokens(client, "/quizzes/")
    english, _, _ = _nav_and_tokens(client, "/en/quizzes/")
    assert "Đăng xuất" in signed_in and "Đăng nhập" not in signed_in
    assert 'href="/en/learn/' in english and 'href="/learn/' in signed_in  # the menu's links in the page's language
    assert {(key[1], key[2]) for key in fastlane._sitewide} == {("vi", (False, False)), ("vi", (True, False)),
                                                                ("en", (True, False))}
