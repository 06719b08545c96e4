"""Course pages (Wagtail) and the records of a learner's progress through them.

Page tree: HomePage → CourseIndexPage (catalogue) → CoursePage → [ModulePage →] LessonPage.
Lessons are ordered by their place in the tree (depth-first), so a module is just a titled group.

Progress rows point at pages of the *default locale*: a learner who switches language keeps their progress
(see ``courses.services.canonical``).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.i18n import BilingualNameMixin
from lms.routecache import CachedRouteMixin
from lms.slugs import AsciiSlugMixin
from lms.text import fold
from quizzes import testcards
from quizzes.models import ProficiencyLevel

from .blocks import LessonStreamBlock

FOLDED_SEARCH_FIELD = "search_text_folded"
HOME_TESTS = 3  # standard tests shown on the home page


class FoldedSearchMixin:
    """A folded copy of a page's searchable text (no diacritics, đ → d), indexed next to the original on every
    save and publish by whichever search backend is configured (SQLite FTS5, PostgreSQL, OpenSearch): a search
    folds what was typed the same way (``courses.selectors.catalogue_courses``), so *lua dao* finds *lừa đảo*."""

    def search_text_folded(self) -> str:
        parts: list[str] = []
        for field in self.search_fields:
            if not isinstance(field, index.SearchField) or field.field_name == FOLDED_SEARCH_FIELD:
                continue
            value = field.get_value(self)
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if item:
                    parts.append(strip_tags(str(item)))
        return fold(" ".join(parts))


class PersonalPageMixin(CachedRouteMixin):
    """Pages whose HTML depends on who is looking (progress, buttons, the header): never stored by a shared
    cache, and a learner's own data is always fresh. Their routing is cached per publish (``lms.routecache``)."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["language_next"] = self.translation_url(request)
        return context

    def translation_url(self, request) -> str:
        """``next`` for the language switcher: this page's live translation (the same lesson in the other
        language, progress included), else the home page. Django's ``set_language`` adds the language prefix
        itself (``translate_url``), so the translation's own prefix is removed here. Kept on the page (the route
        cache stores it with the page, ``lms.routecache``)."""
        if "_translation_url" not in self.__dict__:
            self._translation_url = self._find_translation_url(request)
        return self._translation_url

    def _find_translation_url(self, request) -> str:
        translation = self.get_translations().live().select_related("locale").first()
        url = translation.get_url(request) if translation else None
        if not url:
            return "/"
        prefix = f"/{translation.locale.language_code}/"
        return "/" + url[len(prefix):] if url.startswith(prefix) else url


class Topic(BilingualNameMixin, models.Model):
    """Editable taxonomy: digital skills, AI, online safety…"""

    slug = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")

    def __str__(self):
        return self.label


class HomePage(AsciiSlugMixin, PersonalPageMixin, Page):
    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang chủ")

    def route(self, request, path_components):
        """Find the page at ``path_components`` in two queries whatever its depth: every page along the path is
        read at once by its ``url_path``, then the last one as its own class. (Wagtail's ``Page.route`` takes two
        queries per level: a lesson in a module is eight.) The outcome is Wagtail's: a missing level is a 404,
        only the last page must be live, and a page with its own ``route`` gets the rest of the path."""
        if not path_components:
            return super().route(request, path_components)
        prefixes = [self.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)]
        found = {
            page.url_path: page
            for page in Page.objects.filter(url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth)
        }
        parent = self
        for number, prefix in enumerate(prefixes, start=1):
            page = found.get(prefix)
            if page is None or page.depth != parent.depth + 1 or not page.path.startswith(parent.path):
                raise Http404
            page._cached_parent_obj = parent
            last = number == len(prefixes)
            if last or page.specific_class is None or page.specific_class.route is not Page.route:
                return page.specific.route(request, path_components[number:])
            parent = page
        raise Http404  # not reached: the loop returns at the last component

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # cycle: that module imports the page models

        context = super().get_context(request, *args, **kwargs)
        featured = (
            CoursePage.objects.live()
            .filter(locale=self.locale_id)
            .select_related("locale", "topic", "cover_image")
            .prefetch_related("cover_image__renditions")
            .order_by("path")[:3]
        )
        mine = selectors.learner_courses(user=request.user, locale=self.locale)
        continue_progress = mine.in_progress[0] if mine.in_progress else None
        lesson = continue_progress.continue_lesson if continue_progress else None
        # The standard tests, the learner's own group's first, an attempt in progress with its time left (issue 15),
        # from the cached list of tests and the learner's cached attempts in progress (issue 17)
        tests = testcards.for_home(user=request.user, limit=HOME_TESTS)
        context.update({
            "featured_courses": featured,
            "continue_progress": continue_progress,
            # What the fast lane keys the learner's parts by (courses/fastpages.py computes the same from caches)
            "continue_course_id": continue_progress.course.pk if continue_progress else None,
            "continue_lesson_id": lesson.pk if lesson else None,
            "standard_tests": tests.cards,
            "standard_tests_key": testcards.variant(tests.cards),
        })
        if getattr(request, "_fastlane_capture", None) is not None and request.user.is_authenticated:
            from . import fastpages

            fastpages.mark_home(request, self, tests=tests)
        return context


class CourseIndexPage(AsciiSlugMixin, PersonalPageMixin, Page):
    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("danh mục khóa học")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # cycle: that module imports the page models
        from .forms import CatalogueFilterForm  # cycle: that module imports the page models

        context = super().get_context(request, *args, **kwargs)
        form = CatalogueFilterForm(request.GET or None)
        filters = form.cleaned_filters()
        paginator = Paginator(selectors.catalogue_courses(locale=self.locale, **filters), selectors.CATALOGUE_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("p"))
        context.update(
            {
                "filter_form": form,
                "courses": page_obj.object_list,
                "page_obj": page_obj,
                "is_filtered": any(filters.values()),
            }
        )
        if getattr(request, "_fastlane_capture", None) is not None and request.user.is_authenticated:
            from . import fastpages

            fastpages.mark_catalogue(request, self)
        return context


class CoursePage(FoldedSearchMixin, AsciiSlugMixin, PersonalPageMixin, Page):
    summary = models.TextField(_("tóm tắt"), max_length=600)
    description = RichTextField(_("giới thiệu chi tiết"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh bìa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("chủ đề"), null=True, blank=False, on_delete=models.PROTECT, related_name="courses"
    )
    level = models.CharField(
        _("trình độ"), max_length=16, choices=ProficiencyLevel.Tier.choices, default=ProficiencyLevel.Tier.BASIC
    )
    estimated_minutes = models.PositiveIntegerField(_("thời lượng ước tính (phút)"), default=30)
    competences = ParentalManyToManyField(
        "quizzes.Competence", verbose_name=_("năng lực phát triển"), blank=True, related_name="courses"
    )
    population_groups = ParentalManyToManyField(
        "organisations.PopulationGroup", verbose_name=_("nhóm đối tượng"), blank=True, related_name="courses"
    )
    sequential = models.BooleanField(
        _("học lần lượt"),
        default=False,
        help_text=_(
            "Bật: mỗi bài chỉ mở khi người học đã hoàn thành bài trước đó. Tắt: người học mở bài nào cũng được."
        ),
    )
    nudge_after_days = models.PositiveSmallIntegerField(
        _("nhắc học tiếp sau (ngày)"),
        null=True,
        blank=True,
        help_text=_(
            "Người học dừng giữa chừng khóa học này sẽ nhận một lời nhắc học tiếp sau số ngày này (một lần). Để "
            "trống: không nhắc."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("level"),
                FieldPanel("estimated_minutes"),
                FieldPanel("competences"),
                FieldPanel("population_groups"),
            ],
            heading=_("Phân loại"),
        ),
        FieldPanel("sequential"),
        FieldPanel("nudge_after_days"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField(FOLDED_SEARCH_FIELD),
        index.FilterField("level"),
        index.FilterField("topic"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "courses.LessonPage"]

    class Meta:
        verbose_name = _("khóa học")

    def prepare_for_route_cache(self):
        """Read what every visitor's page shows of the course before it is cached with the route
        (``lms.routecache``)."""
        _ = self.topic, self.cover_image

    def lessons(self):
        """Live lessons of this course, in reading order."""
        return LessonPage.objects.live().descendant_of(self).order_by("path")

    @cached_property
    def duration_minutes(self) -> int:
        """The course's duration as every page shows it (catalogue card, course page, structured data): the sum of
        its live lessons' estimates, so that it agrees with the lesson list; the course's own estimate only while it
        has no lesson (issue 15: the hand-typed estimate and the lessons could disagree). Summed over the course's
        outline, which is cached per publish, so a page of course cards costs no query per card (issue 17)."""
        from . import selectors  # cycle: that module imports the page models

        total = sum(lesson.estimated_minutes for lesson in selectors.course_lessons(course=self))
        return total or self.estimated_minutes

    def get_context(self, request, *args, **kwargs):
        from . import jsonld, selectors, services  # cycle: they import the page models

        context = super().get_context(request, *args, **kwargs)
        progress = selectors.course_progress(user=request.user, course=self)
        if progress.enrolled and progress.is_complete and progress.enrollment.completed_at is None:
            services.course_completion_update(enrollment=progress.enrollment)  # a lesson unpublished meanwhile
            progress = selectors.course_progress(user=request.user, course=self)
        competences = list(self.competences.select_related("area"))
        syllabus = selectors.syllabus(progress=progress, modules=selectors.course_modules(course=self))
        if getattr(request, "_fastlane_capture", None) is not None:
            from . import fastlane_pages

            fastlane_pages.mark_course(request, self, syllabus=syllabus)
        context.update(
            {
                "progress": progress,
                "syllabus": syllabus,
                "competences": competences,
                "population_groups": list(self.population_groups.all()),
                "jsonld": jsonld.course_data(self, request=request, competences=competences),
            }
        )
        return context


class ModulePage(AsciiSlugMixin, Page):
    """A titled group of lessons inside a course (a chapter)."""

    summary = models.TextField(_("tóm tắt"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("chương")

    def serve(self, request, *args, **kwargs):
        # A module has no page of its own: its course shows it as a section.
        return redirect(self.get_parent().specific.url)

    def get_sitemap_urls(self, request=None):
        return []  # it only redirects to its course


class LessonPage(FoldedSearchMixin, AsciiSlugMixin, PersonalPageMixin, Page):
    summary = models.TextField(_("tóm tắt"), blank=True, max_length=400)
    estimated_minutes = models.PositiveIntegerField(_("thời lượng ước tính (phút)"), default=10)
    body = StreamField(LessonStreamBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField(FOLDED_SEARCH_FIELD),
    ]
    parent_page_types = ["courses.CoursePage", "courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("bài học")

    def course(self):
        """The course this lesson belongs to (read once per instance: a lesson view asks several times)."""
        if not hasattr(self, "_course"):
            self._course = CoursePage.objects.ancestor_of(self).first()
        return self._course

    def knowledge_checks(self):
        return [block for block in self.body if block.block_type == "knowledge_check"]

    def learner_progress(self, request):
        """The visitor's progress in this lesson's course (read once per request: serve and get_context share it),
        or ``None`` outside a course."""
        if not hasattr(self, "_learner_progress"):
            from . import selectors  # cycle: that module imports the page models

            course = self.course()
            self._learner_progress = selectors.course_progress(user=request.user, course=course) if course else None
        return self._learner_progress

    def locked_by(self, request):
        """In a sequential course, the lesson to complete before this one opens (``None`` when it is open; always
        ``None`` in an editor's preview)."""
        if getattr(request, "is_preview", False):
            return None
        progress = self.learner_progress(request)
        return progress.blocker(self) if progress else None

    def get_template(self, request, *args, **kwargs):
        if self.locked_by(request) is not None:
            return "courses/lesson_locked.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.locked_by(request) is not None:
            response.status_code = 403  # a clear page saying why, never the lesson
        return response

    def get_context(self, request, *args, **kwargs):
        from . import jsonld, selectors, services  # cycle: they import the page models

        context = super().get_context(request, *args, **kwargs)
        course = self.course()
        progress = self.learner_progress(request)
        blocker = self.locked_by(request)
        if blocker is not None:
            context.update({"course": course, "progress": progress, "blocker": blocker,
                            "locked_message": services.LESSON_LOCKED % {"lesson": self.title, "previous": blocker.title}})
            return context
        enrollment = progress.enrollment if progress else None
        latest, passed = selectors.check_state(user=request.user, lesson=self)
        state = selectors.lesson_state(user=request.user, lesson=self, passed_checks=passed)
        is_done = bool(progress and progress.is_done(self))
        if enrollment is not None and self.pk is not None:
            if not is_done and state.requirements and state.complete:
                # Passed before this page knew (an H5P result recorded before Bắt đầu học, a row from older code).
                services.lesson_progress_update(user=request.user, lesson=self, state=state)
                self._learner_progress = progress = selectors.course_progress(user=request.user, course=course)
                enrollment, is_done = progress.enrollment, progress.is_done(self)
            if not getattr(request, "offline_copy", False):  # saving a course is not reading each lesson
                services.record_visit(enrollment=enrollment, lesson=self)
        previous, following = progress.neighbours(self) if progress else (None, None)
        parent = self.get_parent().specific
        context.update(
            {
                "course": course,
                "module": parent if isinstance(parent, ModulePage) else None,
                "progress": progress,
                "enrolled": enrollment is not None,
                "not_enrolled": bool(course and request.user.is_authenticated and enrollment is None),
                "position": progress.position(self) if progress else None,
                "previous_lesson": previous,
                "next_lesson": following,
                "next_locked": bool(following and not progress.is_open(following)),
                "is_done": is_done,
                "lesson_state": state,
                "missing_message": "" if is_done else services.missing_message(lesson=self, state=state),
                "pending_checks": [r.block_id for r in state.missing if r.kind == "check"],
                "check_submissions": latest,
                "jsonld": jsonld.lesson_data(self, course=course, request=request),
                # The offline copy (courses/offline.py): images in one phone rendition, the quick checks' key
                "offline_copy": bool(getattr(request, "offline_copy", False)),
                "offline_keys": {},
                "offline_version": f"r{self.live_revision_id or 0}",
                "missing_activities": sum(1 for r in state.missing if r.kind != "check"),
            }
        )
        if getattr(request, "_fastlane_capture", None) is not None and request.user.is_authenticated:
            from . import fastlane

            fastlane.mark(request, self, course=course, canonical_pk=selectors.canonical(self).pk, state=state)
        return context


class Enrollment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrollments")
    enrolled_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)
    last_lesson = models.ForeignKey(
        LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(_("hoạt động gần nhất"), auto_now=True)
    completed_at = models.DateTimeField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="uniq_enrollment")]
        indexes = [models.Index(fields=["course", "completed_at"])]
        verbose_name = _("ghi danh")
        verbose_name_plural = _("ghi danh")

    def __str__(self):
        return f"{self.user_id} → {self.course_id}"


class LessonCompletion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="uniq_lesson_completion")]

    def __str__(self):
        return f"{self.user_id} ✓ {self.lesson_id}"


class KnowledgeCheckSubmission(models.Model):
    """One submitted answer set to a knowledge-check block. ``token`` comes from the rendered form, so the
    same form posted twice (double click, resend) is stored once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_submissions")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="check_submissions")
    block_id = models.CharField(max_length=64)
    token = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)
    score = models.FloatField(default=0)
    passed = models.BooleanField(default=False)
    # The inputs that scored this row, kept so that a later edit of the block never changes a recorded result.
    pass_percent = models.PositiveSmallIntegerField(default=100)
    results = models.JSONField(default=list, help_text="Per question: true when answered correctly.")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="uniq_check_submission_token")]
        indexes = [models.Index(fields=["user", "lesson", "block_id"])]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_id}/{self.block_id} · {self.score:.0f}%"


class OfflineEvent(models.Model):
    """One event a learner's device queued while offline (a quick check answered, the end of a lesson reached) and
    sent later (``courses.offline.replay_event``). ``key`` is drawn on the device: a resent event is found by it and
    recorded once. ``verdict`` is the server's (re-scored) answer, returned again for a resent key; ``claimed`` is
    what the device had shown, kept for the record only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offline_events")
    key = models.CharField(max_length=48)
    kind = models.CharField(max_length=16)
    lesson = models.ForeignKey(LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    block_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16)
    verdict = models.JSONField(default=dict)
    claimed = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="uniq_offline_event_key")]
        verbose_name = _("kết quả học ngoại tuyến")
        verbose_name_plural = _("kết quả học ngoại tuyến")

    def __str__(self):
        return f"{self.user_id} · {self.kind} · {self.key}"
