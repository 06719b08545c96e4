"""The task worker's part (django-tasks; inline in embedded mode): transcoding an upload (``services.transcode``)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def transcode_video(video_id: int, token: str) -> str:
    """Renditions and poster of upload ``token`` of video ``video_id``. Idempotent (see ``services``)."""
    return services.transcode(video_id=video_id, token=token)
