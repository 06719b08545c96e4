"""HomePage.route finds a page in two queries whatever its depth, with the outcome of Wagtail's own Page.route."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page


def _components(page, home):
    return [part for part in page.url_path[len(home.url_path):].split("/") if part]


def _wagtail_route(home, components):
    try:
        return Page.route(home, RequestFactory().get("/"), components).page.pk
    except Http404:
        return None


def _our_route(home, components):
    try:
        return home.route(RequestFactory().get("/"), components).page.pk
    except Http404:
        return None


@pytest.mark.django_db
def test_route_matches_wagtail_for_every_page_and_missing_paths(build_course):
    tree = build_course(lessons=2, module=True)
    home = tree["home"].specific
    flat = build_course(lessons=1, slug="khoa-phang")
    pages = [tree["index"], tree["course"], tree["module"], *tree["lessons"], flat["course"], *flat["lessons"]]
    for page in pages:
        components = _components(page, home)
        assert _our_route(home, components) == _wagtail_route(home, components)
    lesson_components = _components(tree["lessons"][0], home)
    for components in (
        ["khoa-hoc", "khong-co"],
        lesson_components[:-1] + ["khong-co"],
        lesson_components + ["them"],
        ["khong-co", *lesson_components[1:]],
    ):
        assert _our_route(home, components) is None
        assert _wagtail_route(home, components) is None


@pytest.mark.django_db
def test_unpublished_lesson_is_not_found_but_a_draft_module_still_leads_to_its_lessons(build_course):
    tree = build_course(lessons=2, module=True)
    home = tree["home"].specific
    first, second = tree["lessons"]
    first.unpublish()
    assert _our_route(home, _components(first, home)) is None
    tree["module"].unpublish()  # the module only: its lessons stay live
    second.refresh_from_db()
    assert second.live
    components = _components(second, home)
    assert _our_route(home, components) == _wagtail_route(home, components) == second.pk


@pytest.mark.django_db
def test_a_lesson_in_a_module_is_routed_in_two_queries(build_course, django_assert_num_queries):
    tree = build_course(lessons=2, module=True)
    home = tree["home"].specific
    components = _components(tree["lessons"][1], home)
    with django_assert_num_queries(2):
        result = home.route(RequestFactory().get("/"), components)
    assert result.page.pk == tree["lessons"][1].pk
    assert type(result.page).__name__ == "LessonPage"
