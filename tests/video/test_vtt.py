"""WebVTT checks (courses/video/vtt.py): messages with line numbers, the transcript made from captions."""

import pytest

from courses.video import vtt
from tests.video.conftest import CAPTIONS_VI


def test_valid_captions_are_parsed():
    cues = vtt.parse(CAPTIONS_VI)
    assert [(c.start, c.end) for c in cues] == [(0, 2), (2, 4)]
    assert cues[0].text == "Xin chào, đây là bài học về VNeID."


def test_header_with_title_bom_crlf_notes_styles_and_hours_are_accepted():
    text = ("\ufeffWEBVTT - Bài 1\r\nKind: captions\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\nNOTE người dịch\r\n\r\n"
            "mot\r\n01:00:00.000 --> 01:00:02.500 line:0 align:start\r\n<v Cán bộ>Chào bà con.\r\n")
    cues = vtt.parse(text)
    assert cues[0].start == 3600 and cues[0].end == 3602.5
    assert vtt.normalise(text).startswith("WEBVTT - Bài 1\nKind")


@pytest.mark.parametrize("text, message", [
    ("Xin chào\n\n00:00.000 --> 00:01.000\nA\n", vtt.NO_HEADER),
    ("WEBVTTX\n", vtt.NO_HEADER),
    ("WEBVTT\n\n00:00.000 --> 00:01.00\nA\n", vtt.BAD_TIMING % {"line": 3}),
    ("WEBVTT\n\n00:00,000 --> 00:01,000\nA\n", vtt.BAD_TIMING % {"line": 3}),
    ("WEBVTT\n\n00:61.000 --> 01:01.000\nA\n", vtt.BAD_TIMING % {"line": 3}),
    ("WEBVTT\n\nmot\nhai\n", vtt.BAD_TIMING % {"line": 4}),
    ("WEBVTT\n\n00:05.000 --> 00:01.000\nA\n", vtt.END_BEFORE_START % {"line": 3}),
    ("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n00:01.000 --> 00:02.000\nB\n", vtt.ARROW_IN_TEXT % {"line": 5}),
    ("WEBVTT\n\nNOTE chỉ có ghi chú\n", vtt.NO_CUES),
])
def test_each_problem_has_its_message_and_line(text, message):
    with pytest.raises(vtt.VTTError) as caught:
        vtt.parse(text)
    assert str(message) in [str(m) for m in caught.value.messages]


def test_bytes_that_are_not_utf8_are_refused():
    with pytest.raises(vtt.VTTError) as caught:
        vtt.decode("WEBVTT\n\n00:00.000 --> 00:01.000\nXin chào\n".encode("utf-16"))
    assert caught.value.messages == [vtt.NOT_TEXT]


def test_empty_captions_stay_empty():
    assert vtt.validate("  \n") == ""


def test_transcript_from_captions_drops_tags_and_repeats():
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v An>Chào <b>bà con</b>\n\n00:01.000 --> 00:02.000\nChào bà con\n"
    assert vtt.transcript_from(text) == "Chào bà con"
    assert vtt.transcript_from(CAPTIONS_VI) == "Xin chào, đây là bài học về VNeID.\nHãy mở ứng dụng trên điện thoại."
