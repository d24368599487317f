"""Geometry of the inline SVG chart of the concerns (risk, after mitigation, benefit)."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Result, RuleBase

WIDTH = 720
LABEL_WIDTH = 140
PLOT_WIDTH = 400
ROW_HEIGHT = 46
TOP = 30
EXTENT = 1.25  # the axis runs from -EXTENT to +EXTENT in units of the concern's scale


@dataclass
class ChartRow:
    name: str
    colour: str
    y: float
    risk_x: float  # bar from the axis to here: risk before mitigation
    residual_x: float  # after mitigation
    benefit_x: float  # bar from here to the axis: benefit
    net_x: float
    net: float
    evidence: bool
    saturated: bool
    applies: bool | None  # False: the concern takes no part in the balance


def _x(value: float) -> float:
    value = max(-EXTENT, min(EXTENT, value))
    return LABEL_WIDTH + PLOT_WIDTH / 2 + value / EXTENT * PLOT_WIDTH / 2


@dataclass
class Chart:
    """The chart's rows and geometry (attributes, which templates read fastest)."""

    rows: list[ChartRow]
    width: int
    height: int
    axis_x: float
    ticks: list[tuple[float, str]]
    row_height: int
    plot_left: int
    plot_right: int


def chart(result: Result, rulebase: RuleBase) -> Chart:
    rows = []
    for i, (concern, score) in enumerate(result.concerns.items()):
        scale = score.scale
        rows.append(ChartRow(
            name=rulebase.concerns[concern].label, colour=rulebase.concerns[concern].colour,
            y=TOP + i * ROW_HEIGHT,
            risk_x=_x(score.risk / scale), residual_x=_x(score.residual_risk / scale),
            benefit_x=_x(-score.benefit / scale), net_x=_x(score.net), net=score.net,
            evidence=score.evidence, saturated=score.saturated, applies=score.applies))
    ticks = [(_x(v), f"{v:+.1f}" if v else "0") for v in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    return Chart(rows=rows, width=WIDTH, height=TOP + len(rows) * ROW_HEIGHT + 62,
                 axis_x=_x(0), ticks=ticks, row_height=ROW_HEIGHT, plot_left=LABEL_WIDTH,
                 plot_right=LABEL_WIDTH + PLOT_WIDTH)
