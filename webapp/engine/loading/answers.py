"""Answers: validation against the bank, and the value conditions read.

Answers are ``{question_id: value}``: an option id, a list of option ids for ``multi`` (``[]``
is a valid answer), a number, a text, a date, or ``"unknown"``. A missing answer is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.problems import AnswerError, did_you_mean
from ..core.values import UNKNOWN, is_unknown
from .model import Question, QuestionBank


def normalise_value(question: Question, value: Any) -> Any:
    """Return the canonical form of one answer, or raise AnswerError naming the question."""
    if isinstance(value, str) and value == UNKNOWN:
        return UNKNOWN
    return question.kind.normalise(question, value)


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
            raise AnswerError(f"{path}.{qid}", error.detail) from None
    return result


def clean_answers(answers: Mapping[str, Any] | None, bank: QuestionBank) -> dict[str, Any]:
    """Stored answers that still fit the bank; those a rules update made invalid are dropped."""
    clean = {}
    for qid, value in (answers or {}).items():
        question = bank.questions.get(qid)
        if question is None:
            continue
        try:
            clean[qid] = normalise_value(question, value)
        except AnswerError:
            continue
    return clean


def state_value(question: Question, value: Any) -> Any:
    """The value as conditions read it (a set for multi, a float for number, ...)."""
    if is_unknown(value):
        return UNKNOWN
    return question.kind.state(question, value)


def answers_key(answers: Mapping[str, Any]) -> tuple | None:
    """The answers as a key, each value with its type (1 and 1.0 are different answers to
    normalise); None when a value cannot be part of one (such answers are refused anyway)."""
    try:
        key = tuple((qid, type(value), tuple(value) if isinstance(value, list) else value)
                    for qid, value in answers.items())
        hash(key)
    except TypeError:
        return None
    return key
