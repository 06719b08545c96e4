"""Geometry for the server-rendered SVG charts (templates/reporting/_bar_chart.html): bars against target marks.

Plain data in, plain numbers out: the template draws them, with a <title> and <desc>, and the page shows the
same numbers as a table. Labels are never cut: a long one wraps onto as many lines as it needs (``wrap``), and
its bar's row grows with it. Counts get whole-number ticks (``nice_max``). A bar may hold several series (passes
and completions of a week), drawn side by side as thinner bars, one colour per series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 640
LABEL_W = 200
BAR_H = 22
LINE_H = 15  # one line of a wrapped label
LABEL_CHARS = 26  # characters per label line (13 px text in LABEL_W)
GAP = 10
TOP = 10
SERIES_CSS = ("chart-bar", "chart-bar-alt")


@dataclass
class Segment:
    """One series' bar inside a row."""

    value: float
    name: str
    css: str
    y: float = 0
    height: float = 0
    width: float = 0


@dataclass
class Bar:
    label: str
    value: float  # 0..max_value
    text: str
    target: float | None = None
    series: list[float] = field(default_factory=list)  # values per series (``bar_chart(series_names=…)``)
    y: int = 0
    width: float = 0
    target_x: float | None = None
    below_target: bool = False
    lines: list[dict] = field(default_factory=list)  # the wrapped label: {"text", "dy"}
    row_h: int = BAR_H
    segments: list[Segment] = field(default_factory=list)

    @property
    def text_y(self) -> float:
        return self.y + min(self.row_h, BAR_H) / 2 + 5


@dataclass
class BarChart:
    title: str
    desc: str
    bars: list[Bar]
    max_value: float = 100
    width: int = WIDTH
    label_w: int = LABEL_W
    height: int = 0
    plot_w: int = 0
    ticks: list[dict] = field(default_factory=list)
    series_names: list[str] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)


def wrap(label: str, width: int = LABEL_CHARS) -> list[str]:
    """``label`` on lines of at most ``width`` characters, broken between words (a longer word gets its own
    line, whole): nothing is ever dropped."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def nice_max(top: float, steps: int = 4) -> tuple[int, int]:
    """(axis maximum, step) for counts: whole numbers, a step of 1, 2 or 5 × 10^n, about ``steps`` steps."""
    top = max(1, math.ceil(top))
    raw = top / steps
    magnitude = 10 ** max(0, math.floor(math.log10(raw))) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(top / step), step


def bar_chart(
    *, title: str, desc: str, bars: list[Bar], max_value: float | None = None, integer: bool = False,
    series_names: list[str] | None = None,
) -> BarChart:
    """Horizontal bars (values in ``max_value`` units, percent by default) with an optional target tick each.
    ``integer``: the values are counts, the axis shows whole numbers only. ``series_names``: each bar's
    ``series`` values are drawn as separate bars, one per series."""
    series_names = list(series_names or [])
    values = [max(b.series) if b.series else b.value for b in bars]
    top = max(values + [b.target or 0 for b in bars] + [1])
    if integer:
        max_value, step = nice_max(max(top, max_value or 0))
        tick_values = list(range(0, int(max_value) + 1, step))
    else:
        max_value = max_value or (100 if top <= 100 else top)
        tick_values = [max_value * i / 4 for i in range(5)]
    plot_w = WIDTH - LABEL_W - 60
    y = TOP
    for bar in bars:
        lines = wrap(bar.label)
        bar.lines = [{"text": text, "dy": 0 if i == 0 else LINE_H} for i, text in enumerate(lines)]
        bar.row_h = max(BAR_H, len(lines) * LINE_H + 4)
        bar.y = y
        bar.width = round(plot_w * min(bar.value, max_value) / max_value, 1)
        if series_names and bar.series:
            height = BAR_H / len(series_names) if len(series_names) > 1 else BAR_H
            for index, (name, value) in enumerate(zip(series_names, bar.series, strict=False)):
                bar.segments.append(Segment(
                    value=value, name=name, css=SERIES_CSS[index % len(SERIES_CSS)], y=round(y + index * height, 1),
                    height=round(height - 1, 1), width=round(plot_w * min(value, max_value) / max_value, 1),
                ))
            bar.width = max(s.width for s in bar.segments)
        if bar.target is not None:
            bar.target_x = round(LABEL_W + plot_w * min(bar.target, max_value) / max_value, 1)
            bar.below_target = bar.value < bar.target
        y += bar.row_h + GAP
    height = y + 24
    ticks = [{"x": round(LABEL_W + plot_w * value / max_value, 1), "label": f"{round(value):d}"} for value in tick_values]
    legend = [{"name": name, "css": SERIES_CSS[i % len(SERIES_CSS)]} for i, name in enumerate(series_names)]
    return BarChart(title=title, desc=desc, bars=bars, max_value=max_value, height=height, plot_w=plot_w, ticks=ticks,
                    series_names=series_names, legend=legend)
