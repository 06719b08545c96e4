"""The competency framework as data: framework → areas → competences, plus proficiency levels.

Courses point at ``Competence`` rows; questions, tests and results (see the rest of this app) do too.
"""

import json
import re
from contextvars import ContextVar
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.models.workflows import AbstractGroupApprovalTask

from lms.i18n import BilingualNameMixin
from quizzes.sanitize import clean_html, clean_plain
from quizzes.scoring import question_data_from_question


class Framework(BilingualNameMixin, models.Model):  # noqa: DJ008 - __str__ comes from the mixin
    code = models.CharField(_("mã"), max_length=32, unique=True, help_text=_("Ví dụ: TT02-2025"))
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    version = models.CharField(_("phiên bản"), max_length=32, default="1")
    description = models.TextField(_("mô tả"), blank=True)
    source = models.CharField(_("văn bản ban hành"), max_length=255, blank=True)
    is_default = models.BooleanField(_("khung mặc định"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("khung năng lực")
        verbose_name_plural = _("khung năng lực")


class CompetenceArea(BilingualNameMixin, models.Model):
    framework = models.ForeignKey(Framework, verbose_name=_("khung năng lực"), on_delete=models.CASCADE,
                                  related_name="areas")
    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["framework", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="uniq_area_code_per_framework")]
        verbose_name = _("miền năng lực")
        verbose_name_plural = _("miền năng lực")

    def __str__(self):
        return f"{self.code}. {self.label}"


class Competence(BilingualNameMixin, models.Model):
    framework = models.ForeignKey(Framework, verbose_name=_("khung năng lực"), on_delete=models.CASCADE,
                                  related_name="competences")
    area = models.ForeignKey(CompetenceArea, on_delete=models.CASCADE, related_name="competences")
    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["framework", "area__sort_order", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="uniq_competence_code_per_framework")
        ]
        verbose_name = _("năng lực thành phần")
        verbose_name_plural = _("năng lực thành phần")

    def __str__(self):
        return f"{self.code} {self.label}"

    def save(self, *args, **kwargs):
        if self.area_id and not self.framework_id:
            self.framework_id = self.area.framework_id
        super().save(*args, **kwargs)


class ProficiencyLevel(BilingualNameMixin, models.Model):
    """One of the framework's steps (bậc), grouped in tiers (Basic 1–2 … Specialised 7–8)."""

    class Tier(models.TextChoices):
        BASIC = "basic", _("Cơ bản")
        INTERMEDIATE = "intermediate", _("Trung cấp")
        ADVANCED = "advanced", _("Nâng cao")
        SPECIALISED = "specialised", _("Chuyên sâu")

    framework = models.ForeignKey(Framework, verbose_name=_("khung năng lực"), on_delete=models.CASCADE,
                                  related_name="levels")
    number = models.PositiveSmallIntegerField(_("bậc"))
    tier = models.CharField(_("trình độ"), max_length=16, choices=Tier.choices)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="uniq_level_per_framework")]
        verbose_name = _("bậc năng lực")
        verbose_name_plural = _("bậc năng lực")

    def __str__(self):
        return f"{self.number} – {self.label}"


# --------------------------------------------------------------------------------------------------
# Review of official settings. Tests (with their blueprints) and questions are versioned like pages: the row
# holds the approved (live) version; an edit is a revision (a draft) that applies only when a Moderator other
# than its author, or an administrator, approves it in the "Duyệt thiết lập bài kiểm tra" workflow.
# --------------------------------------------------------------------------------------------------
MSG_OWN_CHANGE = gettext_lazy(
    "Bạn không thể tự duyệt thay đổi do chính mình soạn hoặc gửi duyệt: hãy gửi duyệt để một kiểm duyệt viên "
    "khác (hoặc quản trị viên) xem xét."
)


def review_is_own_change(*, obj, revision, user) -> bool:
    """Whether publishing ``revision`` of ``obj`` would apply a change of ``user``'s: one of the revisions since
    the live version, up to ``revision``, is theirs and changed the rules of the one before it.

    Rules are compared with ``rules_snapshot`` (``review_comparable``), so a reviewer who approves from the edit form
    (which saves the same version again first) is not its author, while a change of theirs stays theirs even if
    someone else saves the form after them. For an object never published, every revision counts.
    """
    if revision is None:
        return False
    revisions = revision.__class__.objects.filter(base_content_type_id=revision.base_content_type_id,
                                                  object_id=revision.object_id, created_at__lte=revision.created_at)
    baseline = getattr(obj, "live_revision", None)
    if baseline is not None:
        revisions = revisions.filter(created_at__gt=baseline.created_at)
    revisions = list(revisions.exclude(pk=getattr(baseline, "pk", None)).order_by("created_at", "pk"))
    if not any(r.user_id == user.pk for r in revisions):
        return False
    before = review_comparable(baseline.as_object().rules_snapshot()) if baseline is not None else None
    for candidate in revisions:
        rules = review_comparable(candidate.as_object().rules_snapshot())
        if candidate.user_id == user.pk and rules != before:
            return True
        before = rules
    return False


_BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


def review_comparable(value, *, row=False):
    """Rules as compared for "did this change": child rows (blueprint, pass marks, choices) by content, without
    their ids and ``sort_order`` (a form re-saved by a reviewer numbers them again), rich text without the
    editor's random block keys, and an empty paragraph as empty."""
    if isinstance(value, dict):
        return {k: review_comparable(v) for k, v in value.items() if not (row and k in ("pk", "id", "sort_order"))}
    if isinstance(value, list):
        return [review_comparable(v, row=True) for v in value]
    if isinstance(value, str) and "<" in value:
        value = _BLOCK_KEY.sub("", value)
        return "" if value.strip() in ("<p></p>", "<p><br/></p>") else value
    return value


def review_check_publish(*, obj, revision, user) -> None:
    """Four eyes: a non-superuser may not publish their own change, nor a change whose review they requested.

    ``user=None`` is the system (scheduled publishing, data loaders); superusers may approve their own change.
    Raises ``PermissionDenied(MSG_OWN_CHANGE)``.
    """
    if user is None or user.is_superuser:
        return
    if review_is_own_change(obj=obj, revision=revision, user=user):
        raise PermissionDenied(str(MSG_OWN_CHANGE))
    state = getattr(obj, "current_workflow_state", None) or (
        obj.workflow_states.order_by("-created_at", "-pk").first() if obj.pk else None
    )
    if state is not None and state.requested_by_id == user.pk and state.status in ("in_progress", "approved"):
        # "approved": Wagtail marks the state approved just before it publishes (WorkflowState.finish).
        raise PermissionDenied(str(MSG_OWN_CHANGE))


class ReviewedMixin(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin):
    """Wagtail's page-like versioning for an official setting, plus the four-eyes rule on every publish.

    ``RULES_EXCLUDE`` names the fields that are bookkeeping or presentation, not rules; every other field, and
    every child row, is part of ``rules_snapshot()`` (what an attempt records, what "a change" means).
    """

    RULES_EXCLUDE = frozenset({
        "created_at", "updated_at", "live", "has_unpublished_changes", "first_published_at", "last_published_at",
        "live_revision", "latest_revision", "go_live_at", "expire_at", "expired", "locked", "locked_at",
        "locked_by",
    })

    class Meta:
        abstract = True

    def rules_snapshot(self) -> dict:
        """Every rule of this version as JSON: the model's own serialisation minus ``RULES_EXCLUDE``."""
        raw = json.loads(json.dumps(self.serializable_data(), cls=DjangoJSONEncoder))  # Decimal, dates → JSON
        return {k: v for k, v in raw.items() if k not in self.RULES_EXCLUDE}

    def publish(self, revision, user=None, **kwargs):
        review_check_publish(obj=self, revision=revision, user=user)
        return super().publish(revision, user=user, **kwargs)


class SeparateReviewerTask(AbstractGroupApprovalTask):
    """A group approval task that the person who wrote or submitted the change cannot approve.

    Members of the task's groups approve or request changes, except on a change they submitted or wrote any part
    of since the live version (``review_is_own_change``); superusers always can. The same rule is enforced again when publishing
    (``review_check_publish``), so no other route (the edit form's publish button, a revert) goes around it.
    """

    def _is_own(self, obj, user) -> bool:
        if user.is_superuser:
            return False
        state = getattr(obj, "current_workflow_state", None)
        if state is not None and state.requested_by_id == user.pk:
            return True
        return review_is_own_change(obj=obj, revision=obj.get_latest_revision(), user=user)

    def get_actions(self, obj, user):
        if self._is_own(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)

    @classmethod
    def get_description(cls):
        return _("Thành viên các nhóm đã chọn duyệt, trừ người đã soạn hoặc gửi duyệt thay đổi.")

    class Meta:
        verbose_name = _("duyệt bởi người khác người soạn")
        verbose_name_plural = _("duyệt bởi người khác người soạn")


# --------------------------------------------------------------------------------------------------
# Question bank. A ``Question`` is what editors edit; every save that changes its scoring data or text
# writes a new immutable ``QuestionVersion`` (a JSON snapshot, see ``quizzes.scoring``). Attempts point
# at versions, so editing a question never changes a recorded result.
# --------------------------------------------------------------------------------------------------

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(8)]

# Who a ``QuestionVersion`` written now is owed to: set by ``Question.publish`` for the duration of the publish
# (the revision's author, the reviewer who published it, the revision). Outside a publish, the instance's
# ``_version_author_id`` (set by the admin form) or nobody (imports, code).
_VERSION_AUTHOR: ContextVar[dict | None] = ContextVar("question_version_author", default=None)


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Một lựa chọn đúng")
    MULTIPLE = "multiple", _("Nhiều lựa chọn đúng")
    TRUEFALSE = "truefalse", _("Đúng/Sai")
    MATCHING = "matching", _("Ghép cặp")
    ORDERING = "ordering", _("Sắp xếp thứ tự")
    NUMERIC = "numeric", _("Số (có sai số cho phép)")
    SHORTTEXT = "shorttext", _("Trả lời ngắn")


class QuestionStatus(models.TextChoices):
    """A question's life: written (draft), reviewed and drawable (ready), withdrawn (retired: never drawn again,
    still shown in the attempts that met it, through their ``QuestionVersion``)."""

    DRAFT = "draft", _("Nháp")
    READY = "ready", _("Sẵn sàng")
    RETIRED = "retired", _("Ngừng dùng")


class Question(PreviewableMixin, ReviewedMixin, ClusterableModel):
    """An editable question; see ``QuestionChoice`` for what each type uses its choice rows for.

    A test draws only questions that are ready (``status``), live, active and tagged with a competence
    (imported questions without a competence code are *untagged* until an editor tags them, see
    ``quizzes/README.md``). Rich-text fields are cleaned by ``quizzes.sanitize`` in ``save``.

    Reviewed (``ReviewedMixin``): an edit of an approved question is a draft revision; tests keep drawing the
    approved row (and its ``QuestionVersion``) until a reviewer approves, which saves the row and so writes the
    next ``QuestionVersion``. A question created in the admin is drawn only once a reviewer publishes it through
    the review workflow, which also marks it approved (``publish``).
    """

    Type = QuestionType
    Status = QuestionStatus

    competence = models.ForeignKey(
        Competence, verbose_name=_("năng lực thành phần"), on_delete=models.PROTECT, related_name="questions",
        null=True, blank=True, help_text=_("Để trống: câu hỏi “chưa gắn năng lực”, không được rút vào bài kiểm tra."),
    )
    level = models.PositiveSmallIntegerField(_("bậc"), validators=LEVEL_VALIDATORS, default=1)
    qtype = models.CharField(_("loại câu hỏi"), max_length=16, choices=QuestionType.choices)
    name = models.CharField(_("tên ngắn"), max_length=255, help_text=_("Để tìm trong ngân hàng; người học không thấy."))
    category = models.CharField(
        _("danh mục"), max_length=255, blank=True, help_text=_("Đường dẫn danh mục khi nhập (Moodle, GIFT).")
    )
    stem = RichTextField(_("đề bài"))
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hình minh họa"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    general_feedback = RichTextField(_("phản hồi chung"), blank=True)
    explanation = RichTextField(_("giải thích"), blank=True)
    partial_credit = models.BooleanField(
        _("chấm điểm từng phần"), default=True,
        help_text=_("Nhiều lựa chọn, ghép cặp, sắp xếp: cho điểm từng phần; bỏ chọn để chỉ tính đúng hết."),
    )
    correct_true = models.BooleanField(_("đáp án là Đúng"), default=True, help_text=_("Chỉ cho câu Đúng/Sai."))
    case_sensitive = models.BooleanField(_("phân biệt chữ hoa, chữ thường"), default=False)
    ignore_diacritics = models.BooleanField(
        _("không phân biệt dấu"), default=False, help_text=_("Trả lời ngắn: “Ha Noi” được chấp nhận như “Hà Nội”.")
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    penalty = models.DecimalField(
        _("trừ điểm mỗi lần thử lại"), max_digits=8, decimal_places=7, default=Decimal("0.3333333"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Từ Moodle (chế độ nhiều lần thử). Bài kiểm tra ở đây chỉ cho trả lời một lần nên không dùng khi chấm."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.DRAFT,
        help_text=_("Chỉ câu hỏi “Sẵn sàng” mới được rút vào bài kiểm tra; câu “Ngừng dùng” không bao giờ được rút "
                    "nữa nhưng vẫn hiện trong các lượt làm bài cũ."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["competence__area__sort_order", "competence__sort_order", "level", "pk"]
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        permissions = [("approve_question", _("Duyệt câu hỏi (cho phép rút vào bài kiểm tra)"))]

    def __str__(self):
        return self.name

    @property
    def framework(self):
        return self.competence.framework if self.competence_id else None

    @property
    def is_tagged(self) -> bool:
        return self.competence_id is not None

    @property
    def is_drawable(self) -> bool:
        return self.is_tagged and self.is_active and self.status == QuestionStatus.READY

    # -- versions ------------------------------------------------------------------------------
    def scoring_data(self) -> dict:
        return question_data_from_question(self)

    def sanitise(self) -> None:
        """Clean the rich text (stem, feedback, explanation) in place; the choices' plain text (shown escaped)
        loses control and bidi-override characters only, so that an option such as “<b>” stays what it says."""
        self.stem = clean_html(self.stem)
        self.general_feedback = clean_html(self.general_feedback)
        self.explanation = clean_html(self.explanation)
        if not self.choices.is_deferring:  # rows not set in memory are saved on their own, not by this save
            return
        for choice in self.choices.all():  # the rows set in memory (the editor's formset, the importers)
            choice.text, choice.feedback = clean_plain(choice.text), clean_plain(choice.feedback)
            choice.match_text = clean_plain(choice.match_text)

    def publish(self, revision, user=None, **kwargs):
        """Publishing a question through review approves it too: a reviewer (``quizzes.approve_question``) who
        publishes a draft question is its approver, so a question created in the admin needs one approval, not two.
        Imported questions are live drafts and are approved in the bank (``services.questions_approve``)."""
        token = _VERSION_AUTHOR.set({"author_id": self._change_author_id(revision),
                                     "published_by_id": getattr(user, "pk", None),
                                     "revision_id": getattr(revision, "pk", None)})
        try:
            result = super().publish(revision, user=user, **kwargs)
        finally:
            _VERSION_AUTHOR.reset(token)
        if user is not None and user.has_perm("quizzes.approve_question"):
            type(self).objects.filter(pk=self.pk, status=QuestionStatus.DRAFT).update(
                status=QuestionStatus.READY, approved_by=user, approved_at=timezone.now())
            self.refresh_from_db(fields=["status", "approved_by", "approved_at"])
            from quizzes import drawpool  # here: drawpool reads this module's models

            drawpool.invalidate()  # the update() sends no signal: the approved question joins the pools
        return result

    def _change_author_id(self, revision):
        """Who wrote the change ``revision`` publishes: the user of the latest revision up to it whose content
        differs from the revision before it (a reviewer approving from the edit form saves the same content again
        first, and is not its author)."""
        if revision is None:
            return None
        recent = list(revision.__class__.objects.filter(
            base_content_type_id=revision.base_content_type_id, object_id=revision.object_id,
            created_at__lte=revision.created_at).order_by("-created_at", "-pk")[:20])
        contents = [review_comparable(r.as_object().rules_snapshot()) for r in recent]
        for n, candidate in enumerate(recent[:-1]):
            if contents[n] != contents[n + 1]:
                return candidate.user_id
        return recent[-1].user_id if recent else revision.user_id

    def save(self, *args, **kwargs):
        self.sanitise()
        super().save(*args, **kwargs)  # ClusterableModel also saves the choice rows here
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= self.RULES_EXCLUDE:
            # Wagtail's bookkeeping (a draft revision, a lock): the row's content did not change. The instance
            # in memory may hold a draft waiting for review, which must not become a version.
            return
        self.snapshot()

    def snapshot(self, latest=...) -> "QuestionVersion | None":
        """The latest version, writing a new one when the question's data differ from it (rich text compared without
        its block keys, an empty paragraph as empty: ``review_comparable``).

        ``latest``: the latest version if the caller already has it (``None`` when there is none). An untagged
        question has no version (a version belongs to a competence and level; nothing can draw it anyway)."""
        if self.competence_id is None:
            return None
        data = self.scoring_data()
        if latest is ...:
            latest = self.versions.order_by("-number").first()
        who = _VERSION_AUTHOR.get() or {"author_id": getattr(self, "_version_author_id", None)}
        # Compared as review compares (``review_comparable``): a form saved again before the browser has started its
        # rich-text editors posts each empty field as one empty paragraph under a random block key, which changes
        # nothing a learner sees and must not make a new version credited to whoever saved the form.
        unchanged = latest is not None and review_comparable(latest.data) == review_comparable(data)
        if unchanged and latest.competence_id == self.competence_id and latest.level == self.level:
            if who.get("published_by_id") and latest.published_by_id is None:
                # A question written in the admin has its version from its first save; publishing it unchanged
                # names who published it (and the author, when the first save did not know it).
                latest.published_by_id, latest.revision_id = who["published_by_id"], who.get("revision_id")
                latest.author_id = latest.author_id or who.get("author_id")
                QuestionVersion.objects.filter(pk=latest.pk).update(
                    published_by_id=latest.published_by_id, revision_id=latest.revision_id, author_id=latest.author_id)
            return latest
        return QuestionVersion.objects.create(
            question=self, number=(latest.number + 1) if latest else 1, data=data,
            competence_id=self.competence_id, level=self.level, qtype=self.qtype,
            author_id=who.get("author_id"), published_by_id=who.get("published_by_id"),
            revision_id=who.get("revision_id"),
        )

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()

    # -- preview (as the learner sees it) ----------------------------------------------------------
    def get_preview_template(self, request, mode_name):
        return "quizzes/question_preview.html"

    def get_preview_context(self, request, mode_name):
        """As the learner meets it (``presenters.question_preview``), the key below for the editor."""
        from quizzes.presenters import question_preview  # here: presenters imports this module

        context = super().get_preview_context(request, mode_name)
        context.update(question_preview(self.scoring_data(), image=self.image))
        context["question"] = self
        return context


class QuestionChoice(Orderable):
    """One row per option. Meaning by type:

    single / multiple: ``text`` is the option, ``fraction`` its credit (-100…100, percent).
    matching: ``text`` the prompt, ``match_text`` its answer (a row with empty ``text`` is a distractor answer).
    ordering: ``text`` the items, in the correct order.
    numeric: ``text`` the value, ``tolerance`` the allowed error, ``fraction`` the credit.
    shorttext: ``text`` an accepted answer (``*`` matches anything), ``fraction`` the credit.
    truefalse: no rows (see ``Question.correct_true``); feedback rows are optional.
    """

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("nội dung"), blank=True)
    match_text = models.CharField(_("vế ghép"), max_length=500, blank=True)
    fraction = models.DecimalField(
        _("điểm (%)"), max_digits=8, decimal_places=5, default=0,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
    )
    tolerance = models.DecimalField(_("sai số"), max_digits=20, decimal_places=10, default=0)
    feedback = models.TextField(_("phản hồi"), blank=True)

    class Meta(Orderable.Meta):
        # The id breaks ties: choices written without an order (a factory, an import, an API) all have the same
        # sort_order, and PostgreSQL then returns them in the rows' physical order, which an UPDATE changes. A
        # question's snapshot lists its choices in this order, so a tie could make a version out of nothing.
        ordering = ["sort_order", "pk"]
        verbose_name = _("lựa chọn")
        verbose_name_plural = _("lựa chọn")

    def __str__(self):
        return self.text[:60]


class QuestionVersion(models.Model):
    """An immutable snapshot of a question: everything needed to show and score it (``data``)."""

    # SET_NULL: deleting a question keeps the versions that recorded attempts point at.
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, related_name="versions")
    number = models.PositiveIntegerField()
    qtype = models.CharField(max_length=16, choices=QuestionType.choices)
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Who changed what: the author of the change (the admin user who saved it, or the author of the revision a
    # reviewer published), the reviewer who published it, and that Wagtail revision. Null for imports and code.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["question", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="uniq_question_version")]
        verbose_name = _("phiên bản câu hỏi")
        verbose_name_plural = _("phiên bản câu hỏi")

    def __str__(self):
        return f"{self.question} v{self.number}"


# --------------------------------------------------------------------------------------------------
# Assessments (bài kiểm tra) with a blueprint, and learners' attempts.
#
# A test is an official setting: like a page, it has revisions, a draft state, a lock and a moderation
# workflow (see "Review of official settings" in README.md). The row holds the approved (live) version;
# an editor's change is a revision that applies only when someone else approves it (``publish`` below).
# --------------------------------------------------------------------------------------------------
class Assessment(ReviewedMixin, ClusterableModel):
    class ReviewPolicy(models.TextChoices):
        """What the learner sees after submitting (beyond the score and profile, only from ``ReviewAfter``)."""

        SCORE = "score", _("Điểm, hồ sơ năng lực và nhận xét theo miền (không có đáp án)")
        OWN = "own", _("Thêm: câu trả lời của mình, câu nào đúng, câu nào sai (không có đáp án)")
        CORRECT = "correct", _("Thêm: câu trả lời của mình, đáp án đúng và giải thích")

    class ReviewAfter(models.TextChoices):
        """When the detail chosen in ``review_policy`` is shown (the score and profile are always shown)."""

        AT_ONCE = "at_once", _("Ngay sau khi nộp bài")
        LAST_ATTEMPT = "last_attempt", _("Khi người học đã dùng hết số lần làm bài")
        WINDOW_CLOSED = "window_closed", _("Khi bài kiểm tra đã đóng (sau thời điểm “đóng lúc”)")

    framework = models.ForeignKey(Framework, verbose_name=_("khung năng lực"), on_delete=models.PROTECT,
                                  related_name="assessments")
    title = models.CharField(_("tên bài kiểm tra"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    description = RichTextField(_("giới thiệu"), blank=True)
    time_limit_minutes = models.PositiveIntegerField(_("thời gian làm bài (phút)"), null=True, blank=True,
                                                     help_text=_("Để trống nếu không giới hạn."))
    attempts_allowed = models.PositiveIntegerField(_("số lần làm bài"), default=0, help_text=_("0 = không giới hạn."))
    pass_mark = models.DecimalField(_("điểm đạt (%)"), max_digits=5, decimal_places=2, default=50,
                                    validators=[MinValueValidator(0), MaxValueValidator(100)])
    available_from = models.DateTimeField(_("mở từ"), null=True, blank=True)
    available_until = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    shuffle_questions = models.BooleanField(_("xáo trộn câu hỏi"), default=True)
    shuffle_choices = models.BooleanField(_("xáo trộn lựa chọn"), default=True)
    review_policy = models.CharField(_("sau khi nộp bài, người học được xem"), max_length=16,
                                     choices=ReviewPolicy.choices, default=ReviewPolicy.CORRECT)
    review_after = models.CharField(
        _("phần xem lại được mở"), max_length=16, choices=ReviewAfter.choices, default=ReviewAfter.LAST_ATTEMPT,
        help_text=_("Trước thời điểm này người học chỉ thấy điểm, hồ sơ năng lực và nhận xét theo miền."),
    )
    population_groups = ParentalManyToManyField(
        "organisations.PopulationGroup", verbose_name=_("bài kiểm tra chuẩn cho nhóm đối tượng"), blank=True,
        related_name="standard_assessments",
    )
    requires_verified_identity = models.BooleanField(
        _("yêu cầu xác minh danh tính"), default=False,
        help_text=_("Người học phải xác minh danh tính bằng định danh quốc gia (liên kết trong Hồ sơ) trước khi bắt "
                    "đầu làm bài."),
    )
    is_published = models.BooleanField(_("công bố"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("bài kiểm tra")
        verbose_name_plural = _("bài kiểm tra")

    def __str__(self):
        return self.title

    @property
    def question_count(self) -> int:
        return sum(row.count for row in self.blueprint_rows.all())

    # Presentation, not a rule of the test (see ReviewedMixin.RULES_EXCLUDE for the bookkeeping fields).
    RULES_EXCLUDE = ReviewedMixin.RULES_EXCLUDE | {"description"}

    def rules_snapshot(self) -> dict:
        """Every setting of this version of the test, as JSON: what an attempt runs under.

        Generic on purpose: the model's own serialisation (fields, blueprint rows, area pass marks, population
        groups) minus ``RULES_EXCLUDE``, so a field added to the test is recorded without a change here.
        Blueprint and pass-mark rows also carry the codes of their competence and area.
        """
        data = super().rules_snapshot()
        codes = {c.pk: c.code for c in Competence.objects.filter(framework_id=self.framework_id)}
        area_codes = {a.pk: a.code for a in CompetenceArea.objects.filter(framework_id=self.framework_id)}
        for row in data.get("blueprint_rows", []):
            row["competence_code"] = codes.get(row.get("competence"))
            row["area_code"] = area_codes.get(row.get("area"))
        for row in data.get("area_pass_marks", []):
            row["area_code"] = area_codes.get(row.get("area"))
        return data


class BlueprintRow(Orderable):
    """Draw ``count`` questions of one competence (or of any competence of one area) within a level range."""

    assessment = ParentalKey(Assessment, on_delete=models.CASCADE, related_name="blueprint_rows")
    area = models.ForeignKey(CompetenceArea, verbose_name=_("miền năng lực"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    competence = models.ForeignKey(Competence, verbose_name=_("năng lực thành phần"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    level_min = models.PositiveSmallIntegerField(_("từ bậc"), default=1, validators=LEVEL_VALIDATORS)
    level_max = models.PositiveSmallIntegerField(_("đến bậc"), default=8, validators=LEVEL_VALIDATORS)
    count = models.PositiveIntegerField(_("số câu"), default=1, validators=[MinValueValidator(1)])

    class Meta(Orderable.Meta):
        verbose_name = _("dòng ma trận đề")
        verbose_name_plural = _("ma trận đề")

    def __str__(self):
        target = self.competence or self.area
        return f"{target} · L{self.level_min}–{self.level_max} × {self.count}"


class AreaPassMark(models.Model):
    assessment = ParentalKey(Assessment, on_delete=models.CASCADE, related_name="area_pass_marks")
    area = models.ForeignKey(CompetenceArea, verbose_name=_("miền năng lực"), on_delete=models.PROTECT,
                             related_name="+")
    pass_mark = models.DecimalField(_("điểm đạt của miền (%)"), max_digits=5, decimal_places=2,
                                    validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("điểm đạt theo miền")
        verbose_name_plural = _("điểm đạt theo miền")

    def __str__(self):
        return f"{self.area.code}: {self.pass_mark}%"


class Attempt(models.Model):
    """One learner's attempt (Kolibri-style: it copies the inputs that score it, so it never changes later)."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Đang làm")
        SUBMITTED = "submitted", _("Đã nộp")
        TIMED_OUT = "timed_out", _("Hết giờ, tự động nộp")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    state = models.CharField(max_length=16, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Snapshot of the rules in force when the attempt started.
    framework_code = models.CharField(max_length=32)
    framework_version = models.CharField(max_length=32)
    pass_mark = models.DecimalField(max_digits=5, decimal_places=2)
    area_pass_marks = models.JSONField(default=dict, blank=True)
    review_policy = models.CharField(max_length=16, choices=Assessment.ReviewPolicy.choices)
    # The approved version of the test the attempt runs under: its revision (kept for the history; null for
    # attempts from before tests had revisions) and every one of its settings (``Assessment.rules_snapshot``).
    assessment_revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, editable=False,
                                            on_delete=models.SET_NULL, related_name="+")
    assessment_rules = models.JSONField(default=dict, blank=True, editable=False)
    # When the review detail opens (snapshot; attempts started before it existed showed it at once).
    review_after = models.CharField(max_length=16, choices=Assessment.ReviewAfter.choices,
                                    default=Assessment.ReviewAfter.AT_ONCE)
    # Result (filled once, when the attempt closes).
    score = models.FloatField(null=True, blank=True, help_text="0–100")
    passed = models.BooleanField(null=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["user", "assessment", "state"]),
            models.Index(fields=["state", "deadline"]),
        ]
        verbose_name = _("lượt làm bài")
        verbose_name_plural = _("lượt làm bài")

    def __str__(self):
        return f"{self.user} – {self.assessment} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    def rule(self, name: str, default=None):
        """A setting of the test as it was when this attempt started (falls back to the test for old attempts)."""
        if name in self.assessment_rules:
            return self.assessment_rules[name]
        return getattr(self.assessment, name, default)


class AttemptQuestion(models.Model):
    """A question frozen into an attempt: its version, place, choice order, the answer as given and its score."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    choice_order = models.JSONField(default=list, blank=True)
    # Opaque public ids of this attempt's options, {kind: {public id: internal id}} (``scoring.make_aliases``);
    # empty for attempts started before opaque ids (their pages used the internal ids).
    aliases = models.JSONField(default=dict, blank=True)
    flagged = models.BooleanField(default=False, help_text="The learner marked it to look at again before submitting.")
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True, help_text="0–1")
    # Every save as {"at": ISO time, "response": …}, capped at HISTORY_LIMIT entries (Kolibri's interaction history).
    history = models.JSONField(default=list, blank=True)

    HISTORY_LIMIT = 50

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="uniq_attempt_position")]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}"
