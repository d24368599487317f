"""Geometry of the compare page's SVG chart: per concern, one bar per alternative for its net,
each alternative with its own pattern (so it reads in greyscale) and its name and net written
beside the bar."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import RuleBase
from ..engine.compare import Comparison

WIDTH = 760
LABEL_WIDTH = 150
PLOT_WIDTH = 360
BAR = 15
GAP = 4
GROUP_GAP = 16
TOP = 34
LEGEND_ROW = 20
#: (pattern id, colour) per alternative, in order: solid, hatched, dotted, cross-hatched, pale
STYLES = [("alt-solid", "#1d232a"), ("alt-hatch", "#2b5d8a"), ("alt-dots", "#6a3d8f"),
          ("alt-cross", "#9a3b2b"), ("alt-pale", "#5b6570")]


@dataclass
class Bar:
    name: str
    label: str  # the name as the chart writes it (shortened)
    pattern: str
    colour: str
    y: float
    x: float  # left end
    width: float
    net: float | None  # None: the concern does not apply to this alternative


@dataclass
class Group:
    name: str
    y: float  # top of the group
    middle: float
    bars: list[Bar]


@dataclass
class Chart:
    groups: list[Group]
    legend: list[tuple[str, str, str, float, float]]  # name, pattern, colour, x, y
    width: int
    height: int
    axis_x: float
    plot_left: int
    plot_right: int
    plot_bottom: float
    ticks: list[tuple[float, str]]


def _x(value: float) -> float:
    value = max(-1.0, min(1.0, value))
    return LABEL_WIDTH + PLOT_WIDTH / 2 + value * PLOT_WIDTH / 2


def short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def comparison_chart(comparison: Comparison, rulebase: RuleBase) -> Chart:
    names = [a.name for a in comparison.alternatives]
    groups = []
    y = TOP
    axis = _x(0)
    for concern in rulebase.concern_ids:
        bars = []
        for i, alternative in enumerate(comparison.alternatives):
            score = alternative.result.concerns.get(concern)
            net = None if score is None or score.applies is False else score.net
            pattern, colour = STYLES[i % len(STYLES)]
            end = _x(net or 0.0)
            bars.append(Bar(names[i], short(names[i]), pattern, colour, y + i * (BAR + GAP),
                            min(axis, end), abs(end - axis), net))
        height = len(bars) * (BAR + GAP) - GAP
        groups.append(Group(rulebase.concerns[concern].label, y, y + height / 2, bars))
        y += height + GROUP_GAP
    plot_bottom = y - GROUP_GAP / 2
    legend = []
    legend_top = plot_bottom + 40
    for i, name in enumerate(names):
        pattern, colour = STYLES[i % len(STYLES)]
        legend.append((short(name, 30), pattern, colour, 10 + (i % 3) * 250,
                       legend_top + (i // 3) * LEGEND_ROW))
    rows = (len(names) + 2) // 3
    ticks = [(_x(v), f"{v:+.1f}" if v else "0") for v in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    return Chart(groups=groups, legend=legend, width=WIDTH,
                 height=int(legend_top + rows * LEGEND_ROW), axis_x=axis,
                 plot_left=LABEL_WIDTH, plot_right=LABEL_WIDTH + PLOT_WIDTH,
                 plot_bottom=plot_bottom, ticks=ticks)
