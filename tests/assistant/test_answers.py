"""The assistant over the database: passages written when a lesson is published, removed when it is unpublished,
answers quoting them with links to the lesson and step, the question page without JavaScript, the thumbs,
the log without personal data, the rate limit, and the editors' view in the Wagtail admin."""

import re

import pytest
from django.urls import reverse

from assistant import services
from assistant.models import Citation, IndexedLesson, Passage, Question

pytestmark = pytest.mark.django_db


def test_publishing_indexes_the_lesson_without_its_quick_check(assistant_course):
    wifi = assistant_course["lessons"][0]
    stored = list(Passage.objects.filter(lesson_id=wifi.pk).order_by("position"))
    assert [p.anchor for p in stored] == ["b-p-wifi", "b-steps-wifi-1", "b-steps-wifi-2"]
    everything = " ".join(p.text for p in Passage.objects.all())
    assert "Có nên đọc mã OTP cho người gọi" not in everything  # the quick check's question (and its answers)
    assert "Kẻ gian hay giả danh công an" not in everything
    indexed = IndexedLesson.objects.get(pk=wifi.pk)
    assert (indexed.title, indexed.course_title, indexed.url, indexed.language) == (
        "Kết nối Wi-Fi", "Kỹ năng số cơ bản", wifi.url, "vi")


def test_the_publish_signal_queues_the_indexing(build_course, django_capture_on_commit_callbacks):
    from courses.models import LessonPage

    course = build_course(lessons=0, title="Khóa mới", slug="khoa-moi")["course"]
    lesson = LessonPage(title="Bài mới", slug="bai-moi", summary="Quét mã QR để trả tiền điện.", body=[])
    course.add_child(instance=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    assert Passage.objects.filter(lesson_id=lesson.pk, kind="summary").exists()

    with django_capture_on_commit_callbacks(execute=True):
        lesson.unpublish()
    assert not Passage.objects.filter(lesson_id=lesson.pk).exists()
    assert IndexedLesson.objects.get(pk=lesson.pk).live is False


def test_an_answer_quotes_the_step_and_links_to_it(assistant_course, client):
    wifi = assistant_course["lessons"][0]
    answer = services.answer_question(question="nhap mat khau wifi o dau", language="vi")
    assert answer.answered
    first = answer.quotes[0]
    assert first.url == f"{wifi.url}#b-steps-wifi-2" and "Gõ mật khẩu Wi-Fi" in first.text
    assert first.section.endswith("Bước 2: Nhập mật khẩu Wi-Fi")
    # The anchor is on the lesson page, where the quote's link leads.
    assert 'id="b-steps-wifi-2"' in client.get(wifi.url).content.decode()


def test_one_suggested_next_lesson(assistant_course):
    wifi, otp, _qr = assistant_course["lessons"]
    answer = services.answer_question(question="Kết nối Wi-Fi thế nào?", language="vi")
    assert answer.suggestion.title == otp.title and answer.suggestion.url == otp.url


def test_an_unpublished_lesson_is_never_quoted(assistant_course):
    otp = assistant_course["lessons"][1]
    assert services.answer_question(question="có nên đọc mã OTP cho công an", language="vi").answered
    otp.unpublish()  # the signal removes its passages at once, before any worker runs
    answer = services.answer_question(question="có nên đọc mã OTP cho công an", language="vi")
    assert all(quote.lesson_id != otp.pk for quote in answer.quotes)


def test_an_edit_replaces_the_passages_in_every_process(assistant_course):
    qr = assistant_course["lessons"][2]
    services.answer_question(question="mã QR", language="vi")  # this process has built its index
    qr.body = [{"type": "paragraph", "value": "<p>Đổi mật khẩu ngân hàng ba tháng một lần.</p>", "id": "p-new"}]
    qr.save_revision().publish()
    services.lesson_index(lesson_id=qr.pk)
    answer = services.answer_question(question="đổi mật khẩu ngân hàng", language="vi")
    assert answer.answered and answer.quotes[0].url.endswith("#b-p-new")
    old = services.answer_question(question="quét mã QR trả tiền điện", language="vi")
    assert all("Quét mã QR trong ứng dụng" not in quote.text for quote in old.quotes)
    assert Passage.objects.filter(lesson_id=qr.pk).count() == 1


def test_inside_a_lesson_the_course_comes_first(assistant_course, build_course):
    from courses.models import LessonPage

    other = build_course(lessons=0, title="Khóa khác", slug="khoa-khac")["course"]
    lesson = LessonPage(title="Wi-Fi công cộng", slug="wifi-cong-cong", summary="",
                        body=[{"type": "paragraph", "value": "<p>Kết nối Wi-Fi ở quán cà phê: không đăng nhập ngân "
                                                               "hàng, kết nối Wi-Fi cẩn thận.</p>", "id": "x"}])
    other.add_child(instance=lesson)
    lesson.save_revision().publish()
    services.lesson_index(lesson_id=lesson.pk)
    course = assistant_course["course"]
    scoped = services.answer_question(question="kết nối Wi-Fi", language="vi", course_id=course.pk)
    assert {q.lesson_id for q in scoped.quotes} <= {p.pk for p in assistant_course["lessons"]}
    scoped_other = services.answer_question(question="kết nối Wi-Fi", language="vi", course_id=other.pk)
    assert {q.lesson_id for q in scoped_other.quotes} == {lesson.pk}


def test_off_topic_refused_and_the_log_keeps_no_personal_data(assistant_course, client, learner):
    client.force_login(learner)
    html = client.get(reverse("assistant:ask"), {"q": "Giá vàng hôm nay bao nhiêu? gọi tôi 0912345678"}).content.decode()
    assert "chưa tìm thấy đoạn nào" in html and "tìm trong danh mục khóa học" in html
    html = client.get(reverse("assistant:ask"), {"q": "đáp án bài kiểm tra chuẩn"}).content.decode()
    assert "không cho đáp án" in html
    html = client.get(reverse("assistant:ask"), {"q": "cách lừa tiền người già"}).content.decode()
    assert "không giúp lừa đảo" in html
    logged = list(Question.objects.order_by("pk").values_list("text", "outcome", "refusal"))
    assert logged == [("Giá vàng hôm nay bao nhiêu? gọi tôi [số]", "no_answer", ""),
                      ("đáp án bài kiểm tra chuẩn", "refused", "test"),
                      ("cách lừa tiền người già", "refused", "scam")]
    fields = {f.name for f in Question._meta.get_fields()}
    assert not fields & {"user", "ip", "session", "email", "learner"}


def test_the_question_page_works_without_javascript_and_takes_a_thumb(assistant_course, client):
    response = client.get(reverse("assistant:ask"), {"q": "Có nên đọc mã OTP cho công an không?"})
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert '<label for="assistant-q">' in html and 'aria-live="polite"' in html
    assert "Không đọc mã OTP cho bất kỳ ai" in html and 'href="' + assistant_course["lessons"][1].url in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post(reverse("assistant:rate"), {"token": token, "value": "down",
                                                        "next": "/assistant/?q=otp"})
    assert response.status_code == 302 and response["Location"] == "/assistant/?q=otp"
    question = Question.objects.get()
    assert question.rating == -1
    assert Citation.objects.filter(question=question, lesson_id=assistant_course["lessons"][1].pk).exists()
    assert client.post(reverse("assistant:rate"), {"token": "forged", "value": "up"}).status_code == 404

    fragment = client.get(reverse("assistant:ask"), {"q": "mã OTP", "fragment": "1"}).content.decode()
    assert "<html" not in fragment and "assistant-quotes" in fragment


def test_questions_are_rate_limited_per_learner(assistant_course, client, learner, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "assistant": "2/m"}
    client.force_login(learner)
    codes = [client.get(reverse("assistant:ask"), {"q": "mã OTP"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert Question.objects.count() == 2


def test_english_questions_are_answered_from_english_lessons(assistant_course, client):
    from wagtail.models import Locale

    otp = assistant_course["lessons"][1]
    en = Locale.objects.get_or_create(language_code="en")[0]
    english = otp.copy_for_translation(en, copy_parents=True, alias=False)
    english.title = "Keep your OTP code secret"
    english.body = [{"type": "paragraph", "value": "<p>Never read your OTP code to anyone, not even the police.</p>",
                     "id": "p-otp-en"}]
    english.save_revision().publish()
    services.lesson_index(lesson_id=english.pk)
    answer = services.answer_question(question="Should I read my OTP code to the police?", language="vi")
    assert answer.language == "en" and answer.quotes[0].lesson_id == english.pk
    html = client.get("/en/assistant/", {"q": "Should I read my OTP code to the police?"}).content.decode()
    assert "Never read your OTP code" in html and "Ask the assistant" in html and "The lessons say:" in html


def test_the_english_catalogue_is_complete():
    from pathlib import Path

    import polib
    from django.conf import settings

    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "assistant" / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert catalogue.percent_translated() == 100 and not catalogue.fuzzy_entries()


def test_the_box_is_on_every_page_and_the_lesson_page_keeps_its_budget(assistant_course, client, learner):
    from pathlib import Path

    from django.conf import settings

    client.force_login(learner)
    lesson = assistant_course["lessons"][0]
    html = client.get(lesson.url).content.decode()
    assert f'<input type="hidden" name="course" value="{assistant_course["course"].pk}">' in html
    assert html.count('id="assistant-q"') == 1 and "<script src" not in html  # assistant.js is loaded on focus
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").stat().st_size
    js = (Path(settings.BASE_DIR) / "assistant" / "static" / "assistant" / "assistant.js").stat().st_size
    assert len(html.encode()) + css + js < 150 * 1024
    catalogue = client.get(assistant_course["index"].url).content.decode()
    assert 'id="assistant-q"' in catalogue and 'name="course"' not in catalogue
    # The box is the same for every visitor: nothing of the learner in it.
    box = re.search(r'<section class="assistant-box".*?</section>', catalogue, re.S).group(0)
    client.logout()
    assert re.search(r'<section class="assistant-box".*?</section>', client.get(assistant_course["index"].url)
                     .content.decode(), re.S).group(0) == box


def test_editors_see_the_thumbs_next_to_the_lessons(assistant_course, client, make_user):
    otp = assistant_course["lessons"][1]
    answer = services.answer_question(question="Có nên đọc mã OTP cho công an không?", language="vi")
    services.question_rate(question_id=answer.log_id, value=1)
    editor = make_user(groups=["Editors"], is_staff=True)
    from lms.accounts.roles import ensure_roles

    ensure_roles()
    client.force_login(editor)
    html = client.get(reverse("assistant_admin_feedback")).content.decode()
    assert otp.title in html and "Có nên đọc mã OTP cho công an không?" in html
    html = client.get(reverse("assistant_admin_feedback"), {"lesson": otp.pk}).content.decode()
    assert "Câu hỏi về “Giữ bí mật mã OTP”" in html
    listing = client.get(reverse("wagtailadmin_explore", args=[assistant_course["course"].pk])).content.decode()
    assert "Trợ lý: 👍 1 · 👎 0" in listing

    learner = make_user()
    client.force_login(learner)
    assert client.get(reverse("assistant_admin_feedback")).status_code in (302, 403)


def test_a_deleted_lesson_leaves_the_index(assistant_course):
    qr = assistant_course["lessons"][2]
    assert services.answer_question(question="quét mã QR trả tiền điện", language="vi").answered
    qr.delete()
    assert not Passage.objects.filter(lesson_id=qr.pk).exists()
    assert IndexedLesson.objects.get(pk=qr.pk).live is False
    answer = services.answer_question(question="quét mã QR trả tiền điện", language="vi")
    assert all(quote.lesson_id != qr.pk for quote in answer.quotes)
