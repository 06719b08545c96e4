from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Khóa học")

    def ready(self):
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from . import learnercache
        from .models import Enrollment, KnowledgeCheckSubmission, LessonCompletion

        # A learner's cached progress (courses/learnercache.py) follows every change of their rows.
        request_started.connect(learnercache.request_started, dispatch_uid="learnercache_request_started")
        post_save.connect(learnercache.enrollment_saved, sender=Enrollment, dispatch_uid="learnercache_enrollment")
        post_delete.connect(learnercache.row_changed, sender=Enrollment, dispatch_uid="learnercache_enrollment_del")
        for model in (LessonCompletion, KnowledgeCheckSubmission):
            for signal in (post_save, post_delete):
                signal.connect(learnercache.row_changed, sender=model,
                               dispatch_uid=f"learnercache_{model.__name__}_{signal is post_save}")
