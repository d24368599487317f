"""What is computed once per assessment and shared by the headline and every analysis."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..compiling.compiled import CompiledRuleBase
from ..compiling.resolver import Resolution
from ..core.values import NOT_APPLICABLE, UNKNOWN, Truth
from ..loading.answers import normalise_answers, state_value
from .weights import CUSTOM, resolve_weights


@dataclass
class Context:
    rulebase: CompiledRuleBase
    answers: dict[str, Any]  # normalised
    resolution: Resolution
    truth: list[Truth]  # per rule, in three-valued logic
    profile: str
    weights: dict[str, float]
    weight_vector: np.ndarray

    @cached_property
    def unknown_questions(self) -> list[str]:
        """Questions that could matter but have no known answer or applicability."""
        resolution = self.resolution
        state = resolution.state
        return [qid for qid in self.rulebase.relevant_questions
                if state.get(qid) is not NOT_APPLICABLE and (
                    resolution.applicable[qid] is None or state[qid] == UNKNOWN)]


def build_context(rulebase: CompiledRuleBase, answers: Mapping[str, Any],
                  profile: str | None = None,
                  weights: Mapping[str, float] | None = None) -> Context:
    """Validate the answers (AnswerError), resolve applicability, evaluate every rule. That
    part depends on the answers alone and is kept for the same answers scored again (a
    report viewed under other weights)."""
    def prepare() -> tuple[dict[str, Any], Resolution, list[Truth]]:
        normal = normalise_answers(answers, rulebase.bank)
        resolution = rulebase.resolver.resolve(normal)
        return normal, resolution, [evaluate(resolution.state) for evaluate in rulebase.evaluators]

    normal, resolution, truth = rulebase.kept(rulebase.kept_answers, answers, prepare)
    name, chosen = resolve_weights(rulebase, profile, weights)
    return Context(rulebase, dict(normal), resolution, list(truth), name, chosen,
                   rulebase.scorer.weight_vector(chosen))


def context_with(base: Context, answers: Mapping[str, Any], weights: dict[str, float],
                 weight_vector: np.ndarray) -> Context:
    """``build_context(answers)`` for answers that differ from ``base.answers`` in a few
    questions, computed from the base: exactly the same context, built in a fraction of the
    time. Only the columns whose condition reads a changed question are evaluated again;
    when a change could move applicability (a question some show_if reads, or one whose
    applicability is not known) or removes an answer, everything is built afresh."""
    rulebase = base.rulebase
    questions = rulebase.bank.questions
    old = base.answers
    applicable = base.resolution.applicable
    changed: dict[str, Any] = {}
    for qid, value in answers.items():
        if qid in old and old[qid] == value and type(old[qid]) is type(value):
            continue
        if qid not in questions or qid in rulebase.controllers or applicable[qid] is not True:
            return build_context(rulebase, answers, None, weights)
        changed[qid] = value
    if len(answers) != len(old) + sum(qid not in old for qid in changed):
        return build_context(rulebase, answers, None, weights)  # an answer was removed
    normal = {qid: changed[qid] if qid in changed else old[qid] for qid in answers}
    normal.update(normalise_answers(changed, rulebase.bank))
    state = dict(base.resolution.state)
    for qid in changed:
        state[qid] = state_value(questions[qid], normal[qid])
    resolution = Resolution(applicable, state, base.resolution.ignored,
                            base.resolution.sections)
    truth = list(base.truth)
    evaluators = rulebase.evaluators
    for column in sorted({i for qid in changed for i in rulebase.readers.get(qid, ())}):
        truth[column] = evaluators[column](state)
    return Context(rulebase, normal, resolution, truth, CUSTOM, weights, weight_vector)


def relaxed_rows(rulebase: CompiledRuleBase, truth: list[Truth], upper: bool) -> np.ndarray:
    """Rule-level relaxation, a sound bound on every completion: the upper end fires risks when
    true or unknown and benefits and mitigations only when true; the lower end the reverse.
    The balance is not monotone in whether a concern applies, so a concern whose applicability
    is unknown gives a row with it and one without (every combination of such concerns)."""
    known = np.array([value is True for value in truth], dtype=bool)
    unknown = np.array([value is None for value in truth], dtype=bool)
    relaxed = rulebase.is_risk if upper else ~(rulebase.is_risk | rulebase.is_concern)
    row = known | (unknown & relaxed)
    uncertain = np.flatnonzero(unknown & rulebase.is_concern)
    rows = np.repeat(row[None, :], 2 ** len(uncertain), axis=0)
    for bit, column in enumerate(uncertain):
        rows[:, column] = (np.arange(len(rows)) >> bit) & 1
    return rows


def extremes(rulebase: CompiledRuleBase, rows: np.ndarray, owners: np.ndarray, count: int,
             weights: np.ndarray, upper: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per owner (rows of one case are contiguous): the worst (upper) or best verdict and the
    highest (upper) or lowest balance over its rows."""
    batch = rulebase.scorer.evaluate(rows, weights)
    if len(rows) == count:  # one row each: nothing to reduce
        return batch.verdict, batch.balance
    starts = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
    reduce = np.maximum if upper else np.minimum
    verdict = reduce.reduceat(batch.verdict, starts)
    balance = reduce.reduceat(batch.balance, starts)
    assert len(starts) == count
    return verdict, balance
