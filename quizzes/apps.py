from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Khung năng lực và kiểm tra")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import drawpool
        from .models import (
            AreaPassMark,
            Assessment,
            BlueprintRow,
            Competence,
            CompetenceArea,
            Framework,
            Question,
            QuestionChoice,
        )

        # Anything that can change a test's draw pool or the rules an attempt copies: a new bank generation.
        for model in (Framework, CompetenceArea, Competence, Question, QuestionChoice, Assessment, BlueprintRow,
                      AreaPassMark):
            post_save.connect(drawpool.invalidate, sender=model, dispatch_uid=f"drawpool-save-{model.__name__}")
            post_delete.connect(drawpool.invalidate, sender=model, dispatch_uid=f"drawpool-delete-{model.__name__}")
        m2m_changed.connect(drawpool.invalidate, sender=Assessment.population_groups.through,
                            dispatch_uid="drawpool-groups")

        # The learner's attempts in progress, cached for the home page (quizzes/testcards.py).
        from django.core.signals import request_finished, request_started

        from . import testcards
        from .models import Attempt
        from .signals import attempt_scored

        for signal in (post_save, post_delete):
            signal.connect(testcards.attempt_changed, sender=Attempt,
                           dispatch_uid=f"testcards-attempt-{signal is post_save}")
        attempt_scored.connect(testcards.attempt_scored, dispatch_uid="testcards-attempt-scored")
        request_started.connect(testcards.forget_prefetched, dispatch_uid="testcards-request-started")
        request_finished.connect(testcards.forget_prefetched, dispatch_uid="testcards-request-finished")
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(testcards.signed_in, dispatch_uid="testcards-signed-in")
