"""Plain data classes for the question bank and the rule base (lookups only, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..core.verdicts import Verdict
from ..qtypes import QuestionType, question_type
from ..qtypes.base import Option
from .conditions import Node

__all__ = ["Bands", "Cause", "Concern", "Dilemma", "Example", "MitigationTarget", "Option",
           "Profile", "Question", "QuestionBank", "RedLine", "Rule", "Section", "Source"]


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
    minimum: Any = None
    maximum: Any = None
    unit: str = ""

    @cached_property
    def kind(self) -> QuestionType:
        """The question's type, from the registry: it parses, checks and shows answers."""
        return question_type(self.type)

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

    def find_section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


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
    colour: str = "#555555"  # the concern's mark in charts
    short: str = ""  # a short name for chart labels and narrow tables (default: name)
    #: when the concern takes part in the balance; None: always
    applies_if: Node | None = field(default=None, compare=False)
    #: why it does not apply, in words, for the report ("used at home in a ... country")
    applies_note: str = ""

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass(frozen=True)
class Cause:
    """One underlying cause that several rules restate: together they count at most ``cap``
    points (risk after mitigation, or benefit), so the cause counts once."""

    id: str
    name: str
    cap: float
    explains: str
    effect: str = "risk"


@dataclass(frozen=True)
class Source:
    """A document the rules cite (``rules/sources.yaml``)."""

    id: str
    title: str
    issuer: str
    date: str = ""
    used: str = ""  # the sections, articles or measures used
    url: str = ""


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    rationale: str
    weights: dict[str, float]


@dataclass(frozen=True)
class Bands:
    #: cut points on the balance: a balance at or above cuts[i] is at least Verdict(i + 1)
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
    at_least: Verdict
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
    cause: str = ""  # the id of a cause group in causes.yaml, or ""
    sources: tuple[str, ...] = ()  # ids in sources.yaml


@dataclass(frozen=True)
class Dilemma:
    id: str
    name: str
    section: str
    says: str
