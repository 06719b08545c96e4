"""Indexing runs in the task worker (django-tasks: ``db_worker`` in production, inline in embedded mode)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def index_lesson(lesson_id: int) -> int:
    """(Re)index one lesson from its live version, or remove it when it is no longer live."""
    return services.lesson_index(lesson_id=lesson_id)


@task()
def remove_lesson(lesson_id: int) -> None:
    services.lesson_remove(lesson_id=lesson_id)
