"""The assistant's index (lessons cut into passages) and its log of questions, without personal data.

``IndexedLesson`` keeps a lesson's id as a plain number, not a foreign key: when a lesson is unpublished or
deleted its row stays, with no passages and a new ``version``, so that every process's in-memory index
(``assistant.selectors``) hears of the removal. ``IndexCounter`` hands out versions one writer at a time (its
row is locked until the writer commits), so a version seen committed means every smaller one is committed too.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_epoch() -> str:
    return uuid.uuid4().hex


class IndexCounter(models.Model):
    """One row: the last version handed to an ``IndexedLesson``."""

    value = models.PositiveBigIntegerField(default=0)
    # Drawn when the row is made: a process whose index was built under another epoch (a restored backup, a test
    # database rolled back) builds it again from the passages.
    epoch = models.CharField(max_length=32, default=new_epoch)

    class Meta:
        verbose_name = _("bộ đếm chỉ mục")

    def __str__(self):
        return f"{self.value} ({self.epoch})"


class IndexedLesson(models.Model):
    lesson_id = models.PositiveBigIntegerField(_("bài học"), primary_key=True)
    course_id = models.PositiveBigIntegerField(_("khóa học"), null=True, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=8, db_index=True)
    title = models.CharField(_("tên bài"), max_length=255)
    course_title = models.CharField(_("tên khóa học"), max_length=255, blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    live = models.BooleanField(_("đang công bố"), default=True)
    version = models.PositiveBigIntegerField(db_index=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bài học đã lập chỉ mục")
        verbose_name_plural = _("bài học đã lập chỉ mục")

    def __str__(self):
        return self.title


class Passage(models.Model):
    lesson = models.ForeignKey(IndexedLesson, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    anchor = models.CharField(max_length=80, blank=True)
    section = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=16)
    text = models.TextField()
    terms = models.TextField(help_text="assistant.analysis.terms of the passage, separated by spaces")

    class Meta:
        ordering = ["lesson_id", "position"]
        verbose_name = _("đoạn trích")
        verbose_name_plural = _("đoạn trích")

    def __str__(self):
        return f"{self.lesson_id}#{self.position}"


class Question(models.Model):
    """A question asked and what the assistant did. No user, no address, no session: the text is kept with
    numbers, dates, emails, links and names masked (``assistant.safety.redact``)."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Đã trả lời")
        NO_ANSWER = "no_answer", _("Không có câu trả lời")
        REFUSED = "refused", _("Từ chối")

    asked_at = models.DateTimeField(_("lúc hỏi"), auto_now_add=True, db_index=True)
    language = models.CharField(_("ngôn ngữ"), max_length=8)
    text = models.CharField(_("câu hỏi"), max_length=300)
    course_id = models.PositiveBigIntegerField(_("trong khóa học"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices)
    refusal = models.CharField(_("lý do từ chối"), max_length=16, blank=True)
    generated = models.BooleanField(_("câu trả lời do mô hình viết"), default=False)
    generation_rejected = models.BooleanField(_("câu trả lời của mô hình bị loại"), default=False)
    took_ms = models.PositiveIntegerField(_("thời gian (ms)"), default=0)
    rating = models.SmallIntegerField(_("đánh giá"), null=True, blank=True)  # +1 / -1
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("câu hỏi cho trợ lý")
        verbose_name_plural = _("câu hỏi cho trợ lý")

    def __str__(self):
        return self.text


class Citation(models.Model):
    """A lesson quoted in an answer: what editors see next to that lesson."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="citations")
    lesson_id = models.PositiveBigIntegerField(db_index=True)
    passage_id = models.PositiveBigIntegerField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["question_id", "rank"]

    def __str__(self):
        return f"{self.question_id} → {self.lesson_id}"
