"""Answers: validation against the bank, and resolution into the state conditions read.

Answers are ``{question_id: value}``: an option id, a list of option ids for ``multi`` (``[]``
is a valid answer), a number, a text, or ``"unknown"``. A missing answer is unknown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import compile_condition
from .logic import Truth, and3
from .model import Question, QuestionBank
from .problems import did_you_mean
from .values import NOT_APPLICABLE, UNKNOWN


class AnswerError(ValueError):
    """An answer that does not fit the question bank; ``where`` names the question or path."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}: {message}")


def normalise_value(question: Question, value: Any) -> Any:
    """Return the canonical form of one answer, or raise AnswerError naming the question."""
    qid = question.id
    if isinstance(value, str) and value == UNKNOWN:
        return UNKNOWN
    if question.type in ("choice", "yesno"):
        options = question.option_ids
        if not isinstance(value, str) or value not in options:
            raise AnswerError(qid, f"{value!r} is not one of {', '.join(options)} or "
                                   f'"unknown"' + did_you_mean(value, options))
        return value
    if question.type == "multi":
        if not isinstance(value, list | tuple):
            raise AnswerError(qid, f"expects a list of option ids (or [] for none), "
                                   f"not {value!r}")
        options = question.option_ids
        for item in value:
            if not isinstance(item, str) or item not in options:
                raise AnswerError(qid, f"{item!r} is not one of {', '.join(options)}"
                                       + did_you_mean(item, options))
        return sorted(set(value), key=options.index)
    if question.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            raise AnswerError(qid, f"expects a number, not {value!r}")
        if question.minimum is not None and value < question.minimum:
            raise AnswerError(qid, f"{value} is below the minimum {question.minimum:g}")
        if question.maximum is not None and value > question.maximum:
            raise AnswerError(qid, f"{value} is above the maximum {question.maximum:g}")
        return value
    if not isinstance(value, str):
        raise AnswerError(qid, f"expects text, not {value!r}")
    return value


def normalise_answers(answers: Mapping[str, Any], bank: QuestionBank,
                      path: str = "answers") -> dict[str, Any]:
    """Validate a whole answer set; the first problem raises AnswerError with the id at fault."""
    if not isinstance(answers, Mapping):
        raise AnswerError(path, "expects a mapping of question id to answer")
    result: dict[str, Any] = {}
    for qid, value in answers.items():
        question = bank.questions.get(qid)
        if question is None:
            raise AnswerError(f"{path}.{qid}", "unknown question id"
                              + did_you_mean(qid, bank.questions))
        try:
            result[qid] = normalise_value(question, value)
        except AnswerError as error:
            raise AnswerError(f"{path}.{qid}", str(error).split(": ", 1)[1]) from None
    return result


def state_value(question: Question, value: Any) -> Any:
    """The value as conditions read it: multi answers become frozensets, numbers floats."""
    if value is None or (isinstance(value, str) and value == UNKNOWN):
        return UNKNOWN
    if question.type == "multi":
        return frozenset(value)
    if question.type == "number":
        return float(value)
    return value


@dataclass
class Resolution:
    """What the engine reads: per question its applicability and the state conditions see."""

    applicable: dict[str, Truth]
    state: dict[str, Any]  # value, UNKNOWN, or NOT_APPLICABLE
    ignored: dict[str, Any]  # answers given to questions that are not applicable
    sections: dict[str, Truth]  # applicability of each section


class Resolver:
    """Computes applicability in bank order with compiled show_if conditions."""

    def __init__(self, bank: QuestionBank):
        self.bank = bank
        self.order = [
            (section.id, compile_condition(section.show_if) if section.show_if else None,
             [(q, compile_condition(q.show_if) if q.show_if else None)
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
            for question, own in questions:
                qid = question.id
                app = section_app
                if own is not None and app is not False:
                    app = and3((app, own(state)))
                applicable[qid] = app
                given = answers.get(qid)
                if app is False:
                    state[qid] = NOT_APPLICABLE
                    if given is not None and not (isinstance(given, str) and given == UNKNOWN):
                        ignored[qid] = given
                elif app is None:
                    state[qid] = UNKNOWN
                else:
                    state[qid] = state_value(question, given)
        return Resolution(applicable, state, ignored, sections)
