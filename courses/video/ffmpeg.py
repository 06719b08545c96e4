"""ffprobe and ffmpeg (Debian's ``ffmpeg`` package): what an upload contains, and the commands that make the
renditions and the poster. The settings are here, in one place (``docs/video.md`` explains them):

- **small**: H.264 Main, at most 360 lines (never enlarged), CRF 28 capped at ``SMALL_VIDEO_KBPS`` kbit/s, AAC mono
  ``SMALL_AUDIO_KBPS`` kbit/s: about 250–400 kbit/s in all, for a phone on 3G; listed first in the page.
- **medium**: H.264 Main, at most 540 lines, CRF 26 capped at ``MEDIUM_VIDEO_KBPS``, AAC stereo; made only when the
  upload has more lines than the small one (a 240-line upload gets the small rendition only).
- both: ``yuv420p`` (plays everywhere), a key frame every 2 s (seeking lands close), ``+faststart`` (the index at
  the front: playback starts before the whole file is there), the first video and first audio stream only (no
  subtitles, data or attachments carried over), metadata dropped.
- **poster**: one JPEG frame at 10% of the video (at most 5 s in), at most 360 lines (small: it is fetched with the
  page, before anyone presses play).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import conf

SMALL_HEIGHT, MEDIUM_HEIGHT, POSTER_HEIGHT = 360, 540, 360
SMALL_VIDEO_KBPS, SMALL_AUDIO_KBPS = 320, 64
MEDIUM_VIDEO_KBPS, MEDIUM_AUDIO_KBPS = 900, 96
PROBE_TIMEOUT = 60


class FFmpegError(Exception):
    """ffmpeg or ffprobe failed (``detail``: the end of what it printed) or is not installed."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class Probe:
    format_names: frozenset
    duration: float
    width: int
    height: int
    video_codec: str
    has_audio: bool
    size: int

    @property
    def has_video(self) -> bool:
        return bool(self.video_codec) and self.width > 0 and self.height > 0


def _run(args: list[str], *, timeout: int) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(args, capture_output=True, timeout=timeout, check=False)  # noqa: S603 (no shell)
    except FileNotFoundError as error:
        raise FFmpegError("not installed", args[0]) from error
    except subprocess.TimeoutExpired as error:
        raise FFmpegError("timeout", f"{args[0]} ran longer than {timeout} s") from error
    if result.returncode != 0:
        raise FFmpegError("failed", result.stderr.decode("utf-8", "replace")[-2000:])
    return result


def probe(path: Path | str) -> Probe:
    """What ffprobe reads in ``path``; ``FFmpegError`` when it cannot read it as a media file."""
    result = _run([conf.ffprobe(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                   str(path)], timeout=PROBE_TIMEOUT)
    try:
        data = json.loads(result.stdout or b"{}")
    except ValueError as error:
        raise FFmpegError("failed", "ffprobe printed no JSON") from error
    fmt = data.get("format") or {}
    streams = data.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"
                  and not (s.get("disposition") or {}).get("attached_pic")), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)

    def number(value, kind=float):
        try:
            return kind(float(value))
        except (TypeError, ValueError):
            return kind(0)

    duration = number(fmt.get("duration")) or number((video or {}).get("duration"))
    width, height = number((video or {}).get("width"), int), number((video or {}).get("height"), int)
    rotation = number(((video or {}).get("tags") or {}).get("rotate"), int)
    for side in (video or {}).get("side_data_list") or []:
        rotation = rotation or number(side.get("rotation"), int)
    if abs(rotation) % 180 == 90:  # a phone's portrait video: ffmpeg turns it upright when transcoding
        width, height = height, width
    return Probe(
        format_names=frozenset((fmt.get("format_name") or "").split(",")) - {""},
        duration=duration,
        width=width,
        height=height,
        video_codec=(video or {}).get("codec_name") or "",
        has_audio=audio is not None,
        size=number(fmt.get("size"), int),
    )


def _even(value: int) -> int:
    return max(2, value - value % 2)


def rendition_plan(width: int, height: int) -> list[dict]:
    """The renditions to make from a ``width`` × ``height`` upload: the small one always, the medium one when the
    upload is larger than the small one (never enlarged). "Lines" are the shorter side, so that a phone's portrait
    video is as sharp as a landscape one; ``height`` in each item is that shorter side."""
    lines = min(width, height) if width and height else height
    portrait = width < height
    small = _even(min(SMALL_HEIGHT, lines))
    plan = [{"name": "small", "file": "small.mp4", "type": "video/mp4", "height": small, "portrait": portrait,
             "video_kbps": SMALL_VIDEO_KBPS, "audio_kbps": SMALL_AUDIO_KBPS, "crf": 28, "channels": 1}]
    if lines > small:
        plan.append({"name": "medium", "file": "medium.mp4", "type": "video/mp4", "portrait": portrait,
                     "height": _even(min(MEDIUM_HEIGHT, lines)), "video_kbps": MEDIUM_VIDEO_KBPS,
                     "audio_kbps": MEDIUM_AUDIO_KBPS, "crf": 26, "channels": 2})
    return plan


def rendition_command(source: Path | str, target: Path | str, item: dict, *, has_audio: bool) -> list[str]:
    """The ffmpeg command for one rendition of ``rendition_plan``."""
    kbps = item["video_kbps"]
    args = [conf.ffmpeg(), "-nostdin", "-hide_banner", "-v", "error", "-y", "-i", str(source),
            "-map", "0:v:0", "-map_metadata", "-1", "-sn", "-dn",
            "-vf", (f"scale={item['height']}:-2" if item.get("portrait") else f"scale=-2:{item['height']}")
            + ",format=yuv420p",
            "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-crf", str(item["crf"]),
            "-maxrate", f"{kbps}k", "-bufsize", f"{kbps * 2}k",
            "-force_key_frames", "expr:gte(t,n_forced*2)", "-threads", str(conf.ffmpeg_threads())]
    if has_audio:
        args += ["-map", "0:a:0", "-c:a", "aac", "-b:a", f"{item['audio_kbps']}k", "-ac", str(item["channels"]),
                 "-ar", "44100"]
    else:
        args += ["-an"]
    return args + ["-movflags", "+faststart", "-f", "mp4", str(target)]


def poster_command(source: Path | str, target: Path | str, *, duration: float) -> list[str]:
    at = min(5.0, max(0.0, duration * 0.1))
    return [conf.ffmpeg(), "-nostdin", "-hide_banner", "-v", "error", "-y", "-ss", f"{at:.2f}", "-i", str(source),
            "-frames:v", "1", "-vf", f"scale='min({POSTER_HEIGHT}*dar,iw)':-2", "-q:v", "5", "-f", "image2",
            str(target)]


def run(args: list[str]) -> None:
    _run(args, timeout=conf.transcode_timeout())
