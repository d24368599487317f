"""Geometry of the portfolio chart: one bar per verdict, as long as the number of projects
with that verdict, split by the concern that drives each (its largest share of the balance)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..engine import RuleBase, Verdict

LABEL_WIDTH = 185
PLOT_WIDTH = 220
ROW_HEIGHT = 34
TOP = 10
NONE_COLOUR = "#b8bec6"
NONE_NAME = "No concern against"


@dataclass
class Segment:
    name: str
    colour: str
    count: int
    x: float
    width: float


@dataclass
class Bar:
    verdict: str
    label: str
    count: int
    y: float
    segments: list[Segment]
    end_x: float


@dataclass
class PortfolioChart:
    bars: list[Bar]
    legend: list[tuple[str, str]]  # (name, colour) of the concerns that appear
    width: int
    height: int
    plot_left: int
    total: int


def portfolio_chart(projects: list, rulebase: RuleBase) -> PortfolioChart:
    """The chart of the screened projects (those with a verdict)."""
    colours = {c.name: c.colour for c in rulebase.concerns.values()}
    order = [c.name for c in rulebase.concerns.values()] + [NONE_NAME]
    counts: dict[str, Counter] = {v.id: Counter() for v in Verdict}
    for p in projects:
        if p.verdict in counts:
            counts[p.verdict][p.top_concern or NONE_NAME] += 1
    most = max((sum(c.values()) for c in counts.values()), default=0) or 1
    bars, seen = [], set()
    for i, verdict in enumerate(Verdict):
        x = float(LABEL_WIDTH)
        segments = []
        for name in sorted(counts[verdict.id], key=lambda n: order.index(n) if n in order
                           else len(order)):
            count = counts[verdict.id][name]
            width = PLOT_WIDTH * count / most
            segments.append(Segment(name, colours.get(name, NONE_COLOUR), count, x, width))
            seen.add(name)
            x += width
        bars.append(Bar(verdict.id, verdict.label, sum(counts[verdict.id].values()),
                        TOP + i * ROW_HEIGHT, segments, x))
    legend = [(name, colours.get(name, NONE_COLOUR)) for name in order if name in seen]
    return PortfolioChart(bars=bars, legend=legend, width=LABEL_WIDTH + PLOT_WIDTH + 35,
                          height=TOP + len(bars) * ROW_HEIGHT + 6, plot_left=LABEL_WIDTH,
                          total=sum(b.count for b in bars))
