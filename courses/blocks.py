"""The blocks a lesson is built from. One shared ``LessonStreamBlock``; each block has its own template
under ``templates/blocks/``."""

from uuid import uuid4

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from courses.h5p.blocks import H5PActivityBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Tiêu đề mục")), ("h3", _("Tiêu đề nhỏ"))], default="h2", label=_("Cấp")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Tiêu đề")
        preview_value = {"text": "Cài đặt ứng dụng VNeID", "level": "h2"}
        description = _("Một tiêu đề chia bài học thành các phần.")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", _("Mẹo")), ("warning", _("Cảnh báo")), ("note", _("Ghi chú"))],
        default="tip",
        label=_("Loại"),
    )
    title = blocks.CharBlock(label=_("Tiêu đề"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Nội dung"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Hộp lưu ý")
        preview_value = {"kind": "warning", "title": "Cảnh giác", "text": "<p>Không đọc mã OTP cho bất kỳ ai.</p>"}
        description = _("Mẹo, cảnh báo hoặc ghi chú nổi bật.")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Bước"), max_length=200)
    text = blocks.RichTextBlock(label=_("Hướng dẫn"), features=["bold", "italic", "link", "ul"], required=False)
    screenshot = ImageBlock(label=_("Ảnh chụp màn hình"), required=False)


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tiêu đề"), required=False, max_length=200)
    steps = blocks.ListBlock(StepBlock(), label=_("Các bước"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/steps.html"
        label = _("Hướng dẫn từng bước")
        description = _("Các bước đánh số, mỗi bước có thể kèm một ảnh chụp màn hình.")


class VideoBlock(blocks.StructBlock):
    """A video of the platform (``courses.video``: transcoded renditions, captions, watched seconds recorded), an
    older document file, or a link to an external video (YouTube…) shown with a notice, never required."""

    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    video = SnippetChooserBlock("video.Video", label=_("Video trên Học vụ số"), required=False,
                                help_text=_("Video đã tải lên mục “Video” của trang quản trị (nên dùng)."))
    required_percent = blocks.IntegerBlock(
        label=_("Phải xem ít nhất (%) để hoàn thành bài"), default=0, min_value=0, max_value=100, required=False,
        help_text=_("0: không bắt buộc. Chỉ tính những giây người học thực sự xem, tua qua không được tính."),
    )
    file = DocumentChooserBlock(label=_("Hoặc tệp video trong Tài liệu (cách cũ)"), required=False)
    embed = EmbedBlock(label=_("Hoặc đường dẫn video bên ngoài (YouTube…)"), required=False,
                       help_text=_("Hiện thành một đường dẫn kèm lời báo rời khỏi Học vụ số; không bao giờ bắt buộc."))
    transcript = blocks.TextBlock(label=_("Lời thoại / mô tả cho người không xem được video"), required=False,
                                  help_text=_("Để trống để dùng lời thoại của video."))

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video")

    def clean(self, value):
        value = super().clean(value)
        chosen = [name for name in ("video", "file", "embed") if value.get(name)]
        if not chosen:
            raise StructBlockValidationError(
                block_errors={"video": ValidationError(_("Chọn một video, một tệp video hoặc nhập đường dẫn."))}
            )
        if len(chosen) > 1:
            raise StructBlockValidationError(
                block_errors={chosen[1]: ValidationError(_("Mỗi khối chỉ một video: bỏ bớt, chỉ giữ một nguồn."))}
            )
        if (value.get("required_percent") or 0) > 0 and not value.get("video"):
            raise StructBlockValidationError(
                block_errors={"required_percent": ValidationError(
                    _("Chỉ video trên Học vụ số mới có thể bắt buộc xem; để 0 với tệp hoặc video bên ngoài."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        """What the template shows of a video of the platform (the same for every visitor: the learner's own
        progress is fetched by ``video-lesson.js``, so the block stays in the shared lesson body)."""
        context = super().get_context(value, parent_context=parent_context)
        video = value.get("video")
        if video is not None:
            from courses.video.presentation import block_context  # cycle: video models -> courses.models

            context.update(block_context(value, video, page=context.get("page"), block_id=context.get("block_id")))
        return context


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tài liệu"))
    title = blocks.CharBlock(label=_("Tên hiển thị"), required=False, max_length=200)
    offline = blocks.BooleanBlock(
        label=_("Cho tải về để học khi không có mạng"), required=False, default=False,
        help_text=_("Tài liệu được lưu cùng khóa học khi người học bấm “Tải về để học khi không có mạng”. "
                    "Chỉ chọn cho tài liệu nhẹ (dưới vài MB)."),
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        label = _("Tài liệu tải về")


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Phương án"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Đúng"), required=False)
    feedback = blocks.CharBlock(label=_("Phản hồi khi chọn phương án này"), required=False, max_length=500)


class CheckQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Câu hỏi"))
    multiple = blocks.BooleanBlock(
        label=_("Cho phép chọn nhiều phương án"), required=False, help_text=_("Để trống nếu chỉ có một đáp án đúng.")
    )
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Các phương án"), min_num=2, max_num=12)
    shuffle = blocks.BooleanBlock(
        label=_("Xáo trộn thứ tự phương án"), required=False, default=True,
        help_text=_("Bỏ chọn khi thứ tự có ý nghĩa (ví dụ “Tất cả các phương án trên”)."),
    )
    explanation = blocks.TextBlock(label=_("Giải thích"), required=False)

    def clean(self, value):
        value = super().clean(value)
        correct = [c for c in value["choices"] if c["correct"]]
        if not correct:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Đánh dấu ít nhất một phương án đúng."))}
            )
        if len(correct) > 1 and not value["multiple"]:
            raise StructBlockValidationError(
                block_errors={
                    "multiple": ValidationError(_("Có nhiều phương án đúng: hãy chọn “Cho phép chọn nhiều phương án”."))
                }
            )
        return value


class KnowledgeCheckBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tiêu đề"), default="Kiểm tra nhanh", max_length=200)
    questions = blocks.ListBlock(CheckQuestionBlock(), label=_("Câu hỏi"), min_num=1, max_num=10)
    pass_percent = blocks.IntegerBlock(
        label=_("Tỉ lệ đúng để đạt (%)"), default=100, min_value=1, max_value=100
    )

    def get_context(self, value, parent_context=None):
        """Adds what the form needs: a fresh ``token`` (one per rendered form, so a double post counts once), the
        ``check_url`` (from the lesson ``page`` and ``block_id`` given by the lesson template) and, from
        ``check_submissions``, the learner's latest answers with their feedback."""
        from courses.services import check_choice_id  # cycle: services -> models -> these blocks

        context = super().get_context(value, parent_context=parent_context)
        token = uuid4().hex
        block_id = context.get("block_id") or ""
        page = context.get("page")
        submission = (context.get("check_submissions") or {}).get(block_id) if block_id else None
        answers = submission.answers if submission else {}
        results = submission.results if submission else []
        questions = []
        for index, question in enumerate(value["questions"]):
            chosen = {int(n) for n in answers.get(str(index), [])}
            # Choices carry opaque ids drawn for this render (``check_choice_id``), in a shuffled order unless the
            # author keeps theirs: nothing in the form tells which choice is which in the author's list.
            choices = [
                {"value": check_choice_id(token, block_id, index, n), "text": c["text"], "correct": c["correct"],
                 "feedback": c["feedback"], "selected": n in chosen}
                for n, c in enumerate(question["choices"])
            ]
            if question.get("shuffle", True):
                choices.sort(key=lambda c: c["value"])  # the ids are random per render: a random order
            questions.append(
                {
                    "number": index + 1,
                    "name": f"q{index}",
                    "prompt": question["prompt"],
                    "multiple": question["multiple"],
                    "explanation": question["explanation"],
                    "answered": submission is not None,
                    "correct": bool(results[index]) if index < len(results) else False,
                    "choices": choices,
                }
            )
        request = context.get("request")
        capture = getattr(request, "_fastlane_capture", None) if request is not None else None
        if capture is not None:  # the fast lane stores this form with its token and choices cut out (lms/fastlane.py)
            capture.check_rendered(token=token, block_id=block_id, questions=[
                {"shuffle": question.get("shuffle", True),
                 "choices": [(next(n for n in range(len(question["choices"]))
                                   if check_choice_id(token, block_id, index, n) == c["value"]), c["value"])
                             for c in shown["choices"]]}
                for index, (question, shown) in enumerate(zip(value["questions"], questions, strict=True))
            ])
        check_url = ""
        if block_id and getattr(page, "pk", None):
            try:
                check_url = reverse("lesson_check", kwargs={"lesson_id": page.pk, "block_id": block_id})
            except NoReverseMatch:
                check_url = ""
        keys = context.get("offline_keys") if context.get("offline_copy") else None
        if keys is not None and block_id and check_url:  # a lesson's offline copy carries its quick checks' key
            from courses.offline import check_key  # cycle: offline -> services -> models -> these blocks

            keys[block_id] = check_key(value=value, token=token, block_id=block_id, check_url=check_url,
                                       public_id=lambda q, n: check_choice_id(token, block_id, q, n))
        context.update(
            {"token": token, "submission": submission, "questions": questions, "check_url": check_url,
             "dom_id": f"check-{block_id or 'preview'}"}
        )
        return context

    class Meta:
        icon = "help"
        template = "blocks/knowledge_check.html"
        label = _("Kiểm tra nhanh")
        preview_value = {
            "title": "Kiểm tra nhanh",
            "pass_percent": 100,
            "questions": [
                {
                    "prompt": "Có nên đọc mã OTP cho người gọi tự xưng là nhân viên ngân hàng không?",
                    "multiple": False,
                    "explanation": "Ngân hàng không bao giờ hỏi mã OTP qua điện thoại.",
                    "choices": [
                        {"text": "Có, nếu họ biết tên tôi", "correct": False, "feedback": "Kẻ gian thường biết tên bạn."},
                        {"text": "Không bao giờ", "correct": True, "feedback": "Chính xác."},
                    ],
                }
            ],
        }
        description = _("Vài câu hỏi có phản hồi. Người học phải đạt phần này để hoàn thành bài.")


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"),
        icon="pilcrow",
        features=["h3", "bold", "italic", "link", "ol", "ul", "hr"],
        template="blocks/paragraph.html",
    )
    image = ImageBlock(label=_("Hình ảnh"), template="blocks/image.html")
    video = VideoBlock()
    steps = StepsBlock()
    callout = CalloutBlock()
    document = DocumentBlock()
    knowledge_check = KnowledgeCheckBlock()
    h5p = H5PActivityBlock()
