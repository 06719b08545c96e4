from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Khóa học")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from lms.organisations.models import PopulationGroup
        from quizzes.models import CompetenceArea

        from . import forms, learnercache
        from .models import Enrollment, KnowledgeCheckSubmission, LessonCompletion, Topic

        # A learner's cached progress (courses/learnercache.py) follows every change of their rows.
        request_started.connect(learnercache.request_started, dispatch_uid="learnercache_request_started")
        request_finished.connect(learnercache.request_finished, dispatch_uid="learnercache_request_finished")
        post_save.connect(learnercache.enrollment_saved, sender=Enrollment, dispatch_uid="learnercache_enrollment")
        post_delete.connect(learnercache.row_changed, sender=Enrollment, dispatch_uid="learnercache_enrollment_del")
        for model in (LessonCompletion, KnowledgeCheckSubmission):
            for signal in (post_save, post_delete):
                signal.connect(learnercache.row_changed, sender=model,
                               dispatch_uid=f"learnercache_{model.__name__}_{signal is post_save}")

        # The lesson page in the fast lane (lms/fastlane.py, courses/fastlane.py).
        from lms import fastlane as lms_fastlane

        from . import fastlane, fastlane_pages, services

        lms_fastlane.register("lesson", fastlane.lesson_values)
        fastlane_pages.register()  # the course page and Học tập của tôi
        lms_fastlane.choice_id = services.check_choice_id
        lms_fastlane.register_prefetch(learnercache.prefetch_keys, learnercache.prime)

        # The home page and the catalogue in the fast lane (courses/fastpages.py).
        from quizzes import testcards

        from . import fastpages

        lms_fastlane.register(fastpages.HOME_KIND, fastpages.home_values)
        lms_fastlane.register(fastpages.CATALOGUE_KIND, fastpages.catalogue_values)
        lms_fastlane.register_prefetch(testcards.prefetch_keys, testcards.prime, kinds=[fastpages.HOME_KIND])

        # Học tập của tôi's requirements, cached per learner (courses/requiredcache.py).
        from . import requiredcache

        lms_fastlane.register_prefetch(requiredcache.prefetch_keys, requiredcache.prime, kinds=["my_learning"])
        for signal in (request_started, request_finished):
            signal.connect(requiredcache.forget_prefetched,
                           dispatch_uid=f"requiredcache_prefetched_{signal is request_started}")

        # The catalogue filter's lists (courses/forms.py).
        for model in (Topic, CompetenceArea, PopulationGroup):
            for signal in (post_save, post_delete):
                signal.connect(forms.forget_choices, sender=model,
                               dispatch_uid=f"catalogue_choices_{model.__name__}_{signal is post_save}")
