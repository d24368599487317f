"""Geometry of the small SVG chart of weight ranges over which the verdict holds."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import RuleBase
from ..engine.core.results import WeightRange

WIDTH = 720
LABEL_WIDTH = 140
PLOT_WIDTH = 460
ROW_HEIGHT = 30
TOP = 24


@dataclass
class SensitivityRow:
    name: str
    y: float
    from_x: float
    to_x: float
    open_end: bool
    weight_x: float
    weight: float


@dataclass
class SensitivityChart:
    rows: list[SensitivityRow]
    width: int
    height: int
    ticks: list[tuple[float, str]]
    plot_left: int
    plot_right: int


def sensitivity_chart(ranges: dict[str, WeightRange], rulebase: RuleBase) -> SensitivityChart:
    """One row per concern: the band of weights where the verdict holds, and today's weight."""
    finite = [r.holds_to for r in ranges.values() if r.holds_to is not None]
    top = max([3.0, *(2 * r.weight for r in ranges.values()), *finite]) * 1.1

    def x(value: float | None) -> float:
        value = top if value is None else min(value, top)
        return LABEL_WIDTH + value / top * PLOT_WIDTH

    rows = []
    for i, (concern, r) in enumerate(ranges.items()):
        rows.append(SensitivityRow(
            name=rulebase.concerns[concern].label, y=TOP + i * ROW_HEIGHT,
            from_x=x(r.holds_from), to_x=x(r.holds_to), open_end=r.holds_to is None,
            weight_x=x(r.weight), weight=r.weight))
    ticks = [(x(v), f"{v:g}") for v in _ticks(top)]
    return SensitivityChart(rows=rows, width=WIDTH, height=TOP + len(rows) * ROW_HEIGHT + 46,
                            ticks=ticks, plot_left=LABEL_WIDTH,
                            plot_right=LABEL_WIDTH + PLOT_WIDTH)


def _ticks(top: float) -> list[float]:
    step = 0.5 if top <= 4 else 1 if top <= 8 else 2 if top <= 16 else 5 if top <= 40 else 10
    values, value = [], 0.0
    while value <= top:
        values.append(value)
        value += step
    return values
