"""Applicability: which questions and sections apply, given the answers, in bank order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.values import NOT_APPLICABLE, UNKNOWN, Conditional, Truth, and3
from ..loading.model import QuestionBank
from .evaluate import compile_condition


@dataclass
class Resolution:
    """What the engine reads: per question its applicability and the state conditions see."""

    applicable: dict[str, Truth]
    state: dict[str, Any]  # value, UNKNOWN, NOT_APPLICABLE, or Conditional(value)
    ignored: dict[str, Any]  # answers given to questions that are not applicable
    sections: dict[str, Truth]  # applicability of each section


class Resolver:
    """Computes applicability in bank order with compiled show_if conditions."""

    def __init__(self, bank: QuestionBank):
        self.bank = bank
        self.order = [
            (section.id, compile_condition(section.show_if) if section.show_if else None,
             [(q, compile_condition(q.show_if) if q.show_if else None, q.kind.state)
              for q in section.questions])
            for section in bank.sections]

    def resolve(self, answers: Mapping[str, Any]) -> Resolution:
        applicable: dict[str, Truth] = {}
        state: dict[str, Any] = {}
        ignored: dict[str, Any] = {}
        sections: dict[str, Truth] = {}
        for section_id, section_cond, questions in self.order:
            # A section's show_if reads only earlier sections, whose state is final here.
            section_app = True if section_cond is None else section_cond(state)
            sections[section_id] = section_app
            for question, own, to_state in questions:
                qid = question.id
                app = section_app
                if own is not None and app is not False:
                    app = and3((app, own(state)))
                applicable[qid] = app
                given = answers.get(qid)
                unknown = given is None or given == UNKNOWN
                if app is False:
                    state[qid] = NOT_APPLICABLE
                    if not unknown:
                        ignored[qid] = given
                elif unknown:
                    state[qid] = UNKNOWN
                elif app is None:
                    state[qid] = Conditional(to_state(question, given))
                else:
                    state[qid] = to_state(question, given)
        return Resolution(applicable, state, ignored, sections)
