"""The lesson body's shared blocks are rendered once and cached (keyed by content and language); knowledge checks
stay personal, and a newly published revision shows at once."""

import pytest
from django.core.cache import cache

from courses import services
from courses.templatetags.courses_tags import _body_cache_key

from .conftest import WRONG_ANSWERS, check_block_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_each_learner_sees_their_own_check_while_the_shared_blocks_come_from_the_cache(client, course_tree,
                                                                                      make_user):
    lesson = course_tree["lessons"][1]  # the lesson with a knowledge check
    first, second = make_user(), make_user()
    services.enrol(user=first, course=course_tree["course"])  # only an enrolled learner's answers are stored
    services.submit_knowledge_check(user=first, lesson=lesson, block_id=check_block_id(lesson),
                                    answers=WRONG_ANSWERS, token="t1")
    client.force_login(first)
    mine = client.get(lesson.url).content.decode()
    assert cache.get(_body_cache_key(lesson)) is not None
    client.force_login(second)
    theirs = client.get(lesson.url).content.decode()
    assert "Chưa đạt" in mine and "Chưa đạt" not in theirs
    for html in (mine, theirs):
        assert "Nhận biết cuộc gọi lừa đảo" in html and "giả danh" in html and "Báo cáo lừa đảo" in html
        assert html.index("giả danh") < html.index('class="check"') < html.index('id="complete"')


def test_a_published_change_shows_at_once(client, course_tree, learner):
    lesson = course_tree["lessons"][0]
    client.force_login(learner)
    assert "giả danh" in client.get(lesson.url).content.decode()
    lesson.body = [{"type": "paragraph", "value": "<p>Nội dung mới về mật khẩu mạnh.</p>"}]
    lesson.save_revision().publish()
    html = client.get(lesson.url).content.decode()
    assert "mật khẩu mạnh" in html and "giả danh" not in html
