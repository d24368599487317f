"""Plain data classes for the question bank and rule base (no behaviour beyond lookups)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .conditions import Node


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    help: str = ""


@dataclass
class Question:
    id: str
    section: str
    text: str
    help: str
    type: str
    options: tuple[Option, ...] = ()
    unknown: bool = False
    show_if: Node | None = None
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def option_label(self, option_id: str) -> str:
        for option in self.options:
            if option.id == option_id:
                return option.label
        return option_id


@dataclass
class Section:
    id: str
    title: str
    intro: str
    show_if: Node | None
    questions: list[Question] = field(default_factory=list)


@dataclass
class QuestionBank:
    sections: list[Section]
    questions: dict[str, Question]

    def ordered(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)


@dataclass(frozen=True)
class Concern:
    id: str
    name: str
    definition: str
    scale: float
    floor: float
    brief_section: str
    risk_means: str = ""
    benefit_means: str = ""


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    rationale: str
    weights: dict[str, float]


@dataclass(frozen=True)
class Bands:
    #: cut points on the balance: a balance at or above cuts[i] is at least VERDICTS[i + 1]
    cuts: tuple[float, float, float]
    concern_escalates_at: float
    #: risk left after mitigation (each concern's residual risk / scale, summed over concerns)
    #: at which the verdict is at least proceed_with_conditions; None: no such floor
    residual_conditions_at: float | None = None


@dataclass(frozen=True)
class MitigationTarget:
    rule: str
    removes: float


@dataclass(frozen=True)
class RedLine:
    at_least: str
    lifted_by: str


@dataclass(frozen=True)
class Example:
    answers: dict[str, object]
    fires: str  # "true", "false" or "possible"
    note: str = ""


@dataclass
class Rule:
    id: str
    file: str
    concern: str
    effect: str
    points: float
    when: Node
    says: str
    why: str
    source: str
    advice: str
    mitigates: tuple[MitigationTarget, ...] = ()
    red_line: RedLine | None = None
    examples: tuple[Example, ...] = ()
    dilemmas: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Dilemma:
    id: str
    name: str
    section: str
    says: str
