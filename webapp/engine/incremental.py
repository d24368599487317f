"""Re-score answer changes fast: only the rules that read a changed question are re-evaluated.

Used for what would change the verdict: mitigations not yet in place, red-line lifts and the
single answers that would make a favourable verdict worse.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .answers import Resolution, state_value
from .logic import Truth
from .values import NOT_APPLICABLE, UNKNOWN

if TYPE_CHECKING:
    from .rulebase import RuleBase


def answer_value(value: Any) -> Any:
    """A domain (state) value back in answer form: sets become option lists."""
    if isinstance(value, frozenset):
        return sorted(value)
    return value


class Rescorer:
    """Truth of every rule for the base answers, and for the base plus a few changes."""

    def __init__(self, rulebase: RuleBase, answers: Mapping[str, Any],
                 resolution: Resolution | None = None, truth: list[Truth] | None = None):
        """``resolution`` and ``truth`` may be passed when already computed for ``answers``."""
        self.rulebase = rulebase
        self.answers = dict(answers)
        self.resolution = resolution or rulebase.resolver.resolve(self.answers)
        self.truth: list[Truth] = truth if truth is not None else [
            ev(self.resolution.state) for ev in rulebase.evaluators]
        self._is_risk = rulebase.scorer.is_risk
        self._base_row = self.firing(self.truth)

    def state_with(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """The condition state after the changes (applicability recomputed only if needed)."""
        if set(changes) & self.rulebase.controllers:
            return self.rulebase.resolver.resolve({**self.answers, **changes}).state
        state = dict(self.resolution.state)
        bank = self.rulebase.bank
        for qid, value in changes.items():
            if self.resolution.applicable[qid] is True:
                state[qid] = state_value(bank.questions[qid], value)
        return state

    def _changed(self, changes: Mapping[str, Any], state: dict[str, Any]) -> set[str]:
        if not set(changes) & self.rulebase.controllers:
            return set(changes)
        base = self.resolution.state
        return {q for q, v in state.items() if v is not base.get(q) and v != base.get(q)}

    def changed_truth(self, changes: Mapping[str, Any]) -> dict[int, Truth]:
        """The rules whose truth the changes can affect, with their new truth."""
        state = self.state_with(changes)
        readers = self.rulebase.readers
        evaluators = self.rulebase.evaluators
        affected = {i for q in self._changed(changes, state) for i in readers.get(q, ())}
        return {i: evaluators[i](state) for i in affected}

    def truth_with(self, changes: Mapping[str, Any]) -> list[Truth]:
        truth = list(self.truth)
        for index, value in self.changed_truth(changes).items():
            truth[index] = value
        return truth

    def firing(self, truth: list[Truth]) -> np.ndarray:
        """The precautionary row: risks fire when true or unknown, the rest only when true."""
        from .assess import relaxed_firing

        return relaxed_firing(self.rulebase, truth, upper=True)

    def rows(self, changes_list: list[Mapping[str, Any]]) -> np.ndarray:
        """One precautionary row per set of changes, built from the base row."""
        rows = np.repeat(self._base_row[None, :], len(changes_list), axis=0)
        is_risk = self._is_risk
        for k, changes in enumerate(changes_list):
            for index, value in self.changed_truth(changes).items():
                rows[k, index] = value is True or (value is None and is_risk[index])
        return rows

    def is_applicable(self, qid: str) -> bool:
        return self.resolution.applicable[qid] is not False

    def current(self, qid: str) -> Any:
        value = self.resolution.state.get(qid, UNKNOWN)
        return None if value is NOT_APPLICABLE or value == UNKNOWN else value
