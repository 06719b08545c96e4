"""Learning offline (issue 20): the saved course's manifest, the offline copy's key, and the replay of queued events
(re-scored by the server, recorded once per key, only the learner's own progress in lessons they may read)."""

import json
import uuid

import pytest
from django.urls import reverse

from courses import offline, services
from courses.models import KnowledgeCheckSubmission, LessonCompletion, OfflineEvent

from .conftest import check_block_id


def key():
    return uuid.uuid4().hex


def public_answers(lesson, token, answers):
    """The form's values (``check_choice_id``) for ``answers`` (question → choice numbers), as the device sends."""
    block_id = check_block_id(lesson)
    return {q: [services.check_choice_id(token, block_id, int(q), int(n)) for n in ns] for q, ns in answers.items()}


def check_event(lesson, answers, *, claimed=None, event_key=None, token="t0ken"):
    return {"key": event_key or key(), "type": "check", "lesson": lesson.pk, "block": check_block_id(lesson),
            "token": token, "answers": public_answers(lesson, token, answers), "claimed": claimed or {}}


@pytest.fixture
def enrolled(course_tree, learner):
    services.enrol(user=learner, course=course_tree["course"])
    return course_tree


def test_a_passed_check_replayed_offline_is_scored_by_the_server_and_completes_the_lesson(enrolled, learner):
    lesson = enrolled["lessons"][1]
    [verdict] = offline.replay_events(user=learner, events=[check_event(lesson, {"0": ["1"], "1": ["0", "1"]})])
    assert verdict.status == "recorded" and verdict.passed is True and verdict.percent == 100
    assert verdict.complete is True
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).count() == 1
    submission = KnowledgeCheckSubmission.objects.get(user=learner)
    assert submission.token.startswith("off-") and submission.passed


def test_a_tampered_submission_is_rescored_and_the_servers_verdict_wins(enrolled, learner):
    """The device claims a pass with wrong answers: the server scores 0%, records a fail, completes nothing, and
    keeps what the device claimed apart, for the record."""
    lesson = enrolled["lessons"][1]
    event = check_event(lesson, {"0": ["0"], "1": ["2"]}, claimed={"passed": True, "percent": 100, "complete": True})
    [verdict] = offline.replay_events(user=learner, events=[event])
    assert verdict.status == "recorded" and verdict.passed is False and verdict.percent == 0
    assert verdict.complete is False
    assert not LessonCompletion.objects.filter(user=learner).exists()
    row = OfflineEvent.objects.get(user=learner, key=event["key"])
    assert row.claimed == {"passed": True, "percent": 100, "complete": True}
    assert row.verdict["passed"] is False
    assert KnowledgeCheckSubmission.objects.get(user=learner).score == 0


def test_answers_that_are_not_the_forms_choice_ids_count_for_nothing(enrolled, learner):
    """Sending the author's choice numbers (read from the key) instead of the form's ids scores nothing."""
    lesson = enrolled["lessons"][1]
    event = {**check_event(lesson, {}), "answers": {"0": ["1"], "1": ["0", "1"]}}
    [verdict] = offline.replay_events(user=learner, events=[event])
    assert verdict.status == "refused" and verdict.message == str(services.CHECK_NO_ANSWER)
    assert not KnowledgeCheckSubmission.objects.exists()


def test_a_batch_sent_twice_is_recorded_once(enrolled, learner):
    lessons = enrolled["lessons"]
    events = [{"key": key(), "type": "complete", "lesson": lessons[0].pk},
              check_event(lessons[1], {"0": ["1"], "1": ["0", "1"]}),
              {"key": key(), "type": "complete", "lesson": lessons[2].pk}]
    first = offline.replay_events(user=learner, events=events)
    again = offline.replay_events(user=learner, events=events)
    assert [v.status for v in first] == ["recorded"] * 3
    assert [v.status for v in again] == ["duplicate"] * 3
    assert [v.complete for v in again] == [True, True, True]  # the first verdict, answered again
    assert again[1].passed is True and again[1].percent == 100
    assert OfflineEvent.objects.filter(user=learner).count() == 3
    assert KnowledgeCheckSubmission.objects.filter(user=learner).count() == 1
    assert LessonCompletion.objects.filter(user=learner).count() == 3


def test_the_same_key_from_two_learners_is_two_events(enrolled, learner, make_user):
    other = make_user()
    services.enrol(user=other, course=enrolled["course"])
    event = {"key": key(), "type": "complete", "lesson": enrolled["lessons"][0].pk}
    assert offline.replay_event(user=learner, raw=event).status == "recorded"
    assert offline.replay_event(user=other, raw=event).status == "recorded"
    assert LessonCompletion.objects.count() == 2


def test_a_racing_replay_of_the_same_key_stores_one_row(enrolled, learner, monkeypatch):
    """Two requests with the same key both passed the first look-up: the unique key makes the second answer with
    the first one's verdict, and the check's submission (its token is the key) is stored once."""
    lesson = enrolled["lessons"][1]
    event = check_event(lesson, {"0": ["1"], "1": ["0", "1"]})
    assert offline.replay_event(user=learner, raw=event).status == "recorded"
    real_filter = OfflineEvent.objects.filter

    class Missing:
        def first(self):
            return None

    monkeypatch.setattr(OfflineEvent.objects, "filter", lambda **kw: Missing() if "key" in kw else real_filter(**kw))
    verdict = offline.replay_event(user=learner, raw=event)
    assert verdict.status == "duplicate" and verdict.passed is True
    assert KnowledgeCheckSubmission.objects.filter(user=learner).count() == 1
    assert real_filter(user=learner).count() == 1


def test_not_enrolled_locked_unpublished_and_unknown_lessons_are_refused(build_course, learner, make_user):
    tree = build_course(sequential=True)
    lessons = tree["lessons"]
    refused = offline.replay_event(user=learner, raw={"key": key(), "type": "complete", "lesson": lessons[0].pk})
    assert refused.status == "refused" and refused.message == str(services.NOT_ENROLLED)
    services.enrol(user=learner, course=tree["course"])
    locked = offline.replay_event(user=learner, raw={"key": key(), "type": "complete", "lesson": lessons[2].pk})
    assert locked.status == "refused" and "chưa mở" in locked.message
    lessons[0].unpublish()
    gone = offline.replay_event(user=learner, raw={"key": key(), "type": "complete", "lesson": lessons[0].pk})
    assert gone.status == "refused" and gone.message == str(offline.LESSON_UNAVAILABLE)
    unknown = offline.replay_event(user=learner, raw={"key": key(), "type": "complete", "lesson": 999999})
    assert unknown.message == str(offline.LESSON_UNAVAILABLE)
    assert not LessonCompletion.objects.exists()


def test_a_lesson_behind_a_group_restriction_is_refused_to_others(enrolled, learner):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(page=enrolled["course"], restriction_type="groups")
    restriction.groups.add(Group.objects.create(name="Cán bộ xã"))
    verdict = offline.replay_event(user=learner, raw={"key": key(), "type": "complete",
                                                      "lesson": enrolled["lessons"][0].pk})
    assert verdict.status == "refused" and verdict.message == str(offline.LESSON_UNAVAILABLE)


@pytest.mark.parametrize("raw", [
    None, [], "x", {"key": "short", "type": "complete", "lesson": 1},
    {"key": "a" * 49, "type": "complete", "lesson": 1},
    {"key": "ok-key-123", "type": "delete", "lesson": 1},
    {"key": "ok-key-123", "type": "complete", "lesson": "1"},
    {"key": "ok-key-123", "type": "complete", "lesson": True},
    {"key": "ok-key-123", "type": "check", "lesson": 1, "block": "b", "token": "t", "answers": {"0": "x"}},
    {"key": "ok-key-123", "type": "check", "lesson": 1, "block": "b", "token": "t", "answers": {"0": ["x" * 33]}},
    {"key": "ok-key-123", "type": "check", "lesson": 1, "block": "b", "token": "t" * 65, "answers": {}},
    {"key": "ok-key-123", "type": "check", "lesson": 1, "block": "b", "token": "t",
     "answers": {"0": ["a"] * 13}},
])
def test_malformed_events_are_refused_without_a_write(enrolled, learner, raw):
    verdict = offline.replay_event(user=learner, raw=raw)
    assert verdict.status == "refused"
    assert not OfflineEvent.objects.exists() and not LessonCompletion.objects.exists()


def test_batches_are_bounded(enrolled, learner):
    with pytest.raises(offline.EventError):
        offline.replay_events(user=learner, events=[{}] * (offline.MAX_EVENTS + 1))
    with pytest.raises(offline.EventError):
        offline.replay_events(user=learner, events={"events": []})


def test_the_manifest_lists_open_lessons_with_versions_and_needs_an_enrolment(build_course, learner):
    tree = build_course(sequential=True)
    course = tree["course"]
    with pytest.raises(offline.EventError):
        offline.course_manifest(user=learner, course=course, copy_url=lambda lesson: f"/c/{lesson.pk}/")
    services.enrol(user=learner, course=course)
    manifest = offline.course_manifest(user=learner, course=course, copy_url=lambda lesson: f"/c/{lesson.pk}/")
    assert [item["id"] for item in manifest["lessons"]] == [lesson.pk for lesson in tree["lessons"]]
    assert [item["open"] for item in manifest["lessons"]] == [True, False, False]
    first = tree["lessons"][0]
    assert manifest["lessons"][0]["version"] == f"r{first.live_revision_id}"
    old = manifest["version"]
    first.save_revision().publish()
    again = offline.course_manifest(user=learner, course=course, copy_url=lambda lesson: f"/c/{lesson.pk}/")
    assert again["version"] != old and again["lessons"][0]["version"] != manifest["lessons"][0]["version"]


def test_images_go_in_the_phone_rendition_documents_only_when_marked_and_videos_with_their_size(build_course, learner):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Màn hình VNeID", file=get_test_image_file())
    marked = Document.objects.create(title="Hướng dẫn in", file=ContentFile(b"%PDF-1.4 x" * 50, name="huong-dan.pdf"))
    unmarked = Document.objects.create(title="Tài liệu dài", file=ContentFile(b"%PDF-1.4 y" * 50, name="dai.pdf"))
    video = Document.objects.create(title="Video", file=ContentFile(b"\x00" * 4096, name="video.mp4"))
    tree = build_course(lessons=1, check_in=0)
    lesson = tree["lessons"][0]
    lesson.body = [
        {"type": "image", "value": {"image": image.pk, "alt_text": "Màn hình", "decorative": False}},
        {"type": "document", "value": {"document": marked.pk, "title": "", "offline": True}},
        {"type": "document", "value": {"document": unmarked.pk, "title": "", "offline": False}},
        {"type": "video", "value": {"title": "Cài VNeID", "file": video.pk, "embed": None, "transcript": ""}},
    ]
    lesson.save_revision().publish()
    services.enrol(user=learner, course=tree["course"])
    manifest = offline.course_manifest(user=learner, course=tree["course"], copy_url=lambda lesson: "/c/")
    assert [item["url"] for item in manifest["images"]] == [image.get_rendition(offline.PHONE_RENDITION).url]
    assert "width-360" in manifest["images"][0]["url"]
    assert [item["url"] for item in manifest["documents"]] == [marked.url]
    assert manifest["videos"] == [{"url": video.url, "title": "Cài VNeID", "bytes": 4096, "lesson": lesson.pk}]


# --- Over HTTP: the views translate, nothing more ---------------------------------------------------------


def test_the_offline_copy_carries_the_check_key_and_one_rendition_and_the_live_page_does_not(enrolled, learner, client):
    lesson = enrolled["lessons"][1]
    client.force_login(learner)
    copy = client.get(reverse("offline_lesson_copy", kwargs={"lesson_id": lesson.pk}))
    assert copy.status_code == 200
    assert "no-store" in copy["Cache-Control"] and "private" in copy["Cache-Control"]
    html = copy.content.decode()
    assert 'id="offline-keys"' in html
    keys = json.loads(html.split('id="offline-keys" type="application/json">')[1].split("</script>")[0])
    key_of_check = keys[check_block_id(lesson)]
    assert key_of_check["token"] in html and key_of_check["pass"] == 100
    right = [c["n"] for c in key_of_check["questions"][0]["choices"].values() if c["correct"]]
    assert right == [1]
    # A visit is not recorded by saving (the learner did not read the lesson)
    from courses.models import Enrollment

    assert Enrollment.objects.get(user=learner).last_lesson_id is None
    live = client.get(lesson.url)
    assert b"offline-keys" not in live.content and b'"correct"' not in live.content


def test_no_key_for_standard_tests_in_any_offline_answer(enrolled, learner, client):
    """Standard tests are never saved: the manifest names only course pages and lesson copies."""
    client.force_login(learner)
    manifest = client.get(reverse("offline_course_manifest", kwargs={"course_id": enrolled["course"].pk})).json()
    urls = [item["copy"] for item in manifest["lessons"]] + manifest["pages"]
    assert urls and not any("/quizzes/" in url for url in urls)


def test_views_refuse_strangers_and_answer_json(enrolled, learner, client, make_user):
    manifest_url = reverse("offline_course_manifest", kwargs={"course_id": enrolled["course"].pk})
    assert client.get(manifest_url).status_code == 401
    assert client.post(reverse("offline_sync"), "{}", content_type="application/json").status_code == 401
    stranger = make_user()
    client.force_login(stranger)
    refused = client.get(manifest_url)
    assert refused.status_code == 403 and refused.json()["error"] == str(offline.NOT_SAVABLE)
    assert client.get(reverse("offline_lesson_copy", kwargs={"lesson_id": enrolled["lessons"][0].pk})).status_code == 404


def test_sync_over_http_records_once_and_bounds_the_body(enrolled, learner, client):
    client.force_login(learner)
    lesson = enrolled["lessons"][0]
    body = json.dumps({"events": [{"key": key(), "type": "complete", "lesson": lesson.pk}]})
    first = client.post(reverse("offline_sync"), body, content_type="application/json").json()
    again = client.post(reverse("offline_sync"), body, content_type="application/json").json()
    assert first["results"][0]["status"] == "recorded" and again["results"][0]["status"] == "duplicate"
    assert LessonCompletion.objects.filter(user=learner).count() == 1
    big = json.dumps({"events": [], "pad": "x" * (offline.MAX_BODY_BYTES + 10)})
    assert client.post(reverse("offline_sync"), big, content_type="application/json").status_code == 413
    assert client.post(reverse("offline_sync"), "not json", content_type="application/json").status_code == 400


def test_sync_is_rate_limited(enrolled, learner, client, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "offline_sync": "2/m"}
    client.force_login(learner)
    body = json.dumps({"events": []})
    statuses = [client.post(reverse("offline_sync"), body, content_type="application/json",
                            HTTP_ACCEPT="application/json").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
