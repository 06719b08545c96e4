"""Wagtail's publishing signals → indexing tasks.

Publishing (which is also how an edit goes live) and moving a lesson queue ``tasks.index_lesson``; unpublishing or
deleting one removes its passages **at once** (a cheap delete, so an unpublished lesson is never quoted while the
queue is busy) and queues the task too, which finds the lesson not live and keeps it out. Publishing, moving or
unpublishing a course or module re-indexes the lessons under it (their course title, their URLs, or whether they
are live at all).
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _lesson_ids_under(page) -> list[int]:
    from courses import selectors

    return selectors.lesson_ids_under(page)


def _enqueue(lesson_ids: list[int]) -> None:
    from . import tasks

    def send():
        for lesson_id in lesson_ids:
            try:
                tasks.index_lesson.enqueue(lesson_id)
            except Exception:  # the index must never break publishing; manage.py assistant_index repairs it
                logger.exception("Assistant: could not queue the indexing of lesson %s", lesson_id)

    transaction.on_commit(send)


def page_published(sender, instance, **kwargs):
    _enqueue(_lesson_ids_under(instance))


def page_moved(sender, instance, **kwargs):
    _enqueue(_lesson_ids_under(instance))


def page_unpublished(sender, instance, **kwargs):
    from . import services

    lesson_ids = _lesson_ids_under(instance)
    for lesson_id in lesson_ids:
        services.lesson_remove(lesson_id=lesson_id)
    _enqueue(lesson_ids)


def page_deleted(sender, instance, **kwargs):
    """A deleted page's row (``Page``, whatever its type): if it was an indexed lesson, out of the index."""
    from . import services

    services.lesson_remove(lesson_id=instance.pk)
