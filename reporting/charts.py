"""Geometry for the server-rendered SVG charts (templates/reporting/_bar_chart.html): bars against target marks.

Plain data in, plain numbers out: the template draws them, with a <title> and <desc>, and the page shows the
same numbers as a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 640
LABEL_W = 200
BAR_H = 22
GAP = 10
TOP = 10


@dataclass
class Bar:
    label: str
    value: float  # 0..max_value
    text: str
    target: float | None = None
    y: int = 0
    width: float = 0
    target_x: float | None = None
    below_target: bool = False


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


def bar_chart(*, title: str, desc: str, bars: list[Bar], max_value: float | None = None) -> BarChart:
    """Horizontal bars (values in ``max_value`` units, percent by default) with an optional target tick each."""
    top = max([b.value for b in bars] + [b.target or 0 for b in bars] + [1])
    max_value = max_value or (100 if top <= 100 else top)
    plot_w = WIDTH - LABEL_W - 60
    for index, bar in enumerate(bars):
        bar.y = TOP + index * (BAR_H + GAP)
        bar.width = round(plot_w * min(bar.value, max_value) / max_value, 1)
        if bar.target is not None:
            bar.target_x = round(LABEL_W + plot_w * min(bar.target, max_value) / max_value, 1)
            bar.below_target = bar.value < bar.target
    height = TOP + len(bars) * (BAR_H + GAP) + 24
    ticks = [
        {"x": round(LABEL_W + plot_w * i / 4, 1), "label": f"{round(max_value * i / 4):g}"} for i in range(5)
    ]
    return BarChart(title=title, desc=desc, bars=bars, max_value=max_value, height=height, plot_w=plot_w, ticks=ticks)
