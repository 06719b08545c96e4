"""A video changed (uploaded, transcoded, captions edited) or was deleted: pages showing it are stored again."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from lms import pagecache

from .models import Video


def video_changed(sender, instance, **kwargs) -> None:
    transaction.on_commit(pagecache.invalidate)


def video_deleted(sender, instance, **kwargs) -> None:
    from .services import video_files_delete

    transaction.on_commit(lambda: video_files_delete(instance))
    transaction.on_commit(pagecache.invalidate)


def connect() -> None:
    post_save.connect(video_changed, sender=Video, dispatch_uid="video-changed")
    post_delete.connect(video_deleted, sender=Video, dispatch_uid="video-deleted")
