"""Re-score answer changes fast: only the rules that read a changed question are re-evaluated.

Used for evidence gaps beyond the enumeration limit and for what would change the verdict:
mitigations not yet in place, red-line lifts and the single answers that would make a
favourable verdict worse.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..compiling.compiled import CompiledRuleBase
from ..compiling.resolver import Resolution
from ..core.values import NOT_APPLICABLE, UNKNOWN, Conditional, Truth
from ..loading.answers import state_value
from ..scoring.context import extremes, relaxed_rows


class Rescorer:
    """Truth of every rule for the base answers, and for the base plus a few changes."""

    def __init__(self, rulebase: CompiledRuleBase, answers: Mapping[str, Any],
                 resolution: Resolution | None = None, truth: list[Truth] | None = None):
        """``resolution`` and ``truth`` may be passed when already computed for ``answers``."""
        self.rulebase = rulebase
        self.answers = dict(answers)
        self.resolution = resolution or rulebase.resolver.resolve(self.answers)
        self.truth: list[Truth] = truth if truth is not None else [
            evaluate(self.resolution.state) for evaluate in rulebase.evaluators]
        base = relaxed_rows(rulebase, self.truth, upper=True)
        #: one precautionary row, or None when a concern's applicability is unknown
        self._base_row = base[0] if len(base) == 1 else None

    def state_with(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """The condition state after the changes (applicability recomputed only if needed)."""
        if set(changes) & self.rulebase.controllers:
            return self.rulebase.resolver.resolve({**self.answers, **changes}).state
        state = dict(self.resolution.state)
        questions = self.rulebase.bank.questions
        for qid, value in changes.items():
            if self.resolution.applicable[qid] is True:
                state[qid] = state_value(questions[qid], value)
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

    def rows(self, changes_list: list[Mapping[str, Any]], upper: bool = True,
             ) -> tuple[np.ndarray, np.ndarray]:
        """The relaxation rows of each set of changes, and the index of the set each row
        belongs to (one row each unless a concern's applicability is unknown)."""
        changed = [self.changed_truth(changes) for changes in changes_list]
        concern = self.rulebase.is_concern
        is_risk = self.rulebase.is_risk
        simple = upper and self._base_row is not None and not any(
            value is None and concern[i] for truths in changed for i, value in truths.items())
        if simple:  # copy the base row and change what the answers change
            rows = np.repeat(self._base_row[None, :], len(changes_list), axis=0)
            for k, truths in enumerate(changed):
                for index, value in truths.items():
                    rows[k, index] = value is True or (value is None and is_risk[index])
            return rows, np.arange(len(changes_list))
        blocks = []
        for truths in changed:
            truth = list(self.truth)
            for index, value in truths.items():
                truth[index] = value
            blocks.append(relaxed_rows(self.rulebase, truth, upper))
        owners = np.concatenate([np.full(len(b), k) for k, b in enumerate(blocks)])
        return np.vstack(blocks), owners

    def score(self, changes_list: list[Mapping[str, Any]], weights: np.ndarray,
              upper: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Per set of changes: the worst (upper) or best verdict and the highest (upper) or
        lowest balance of its relaxation."""
        rows, owners = self.rows(changes_list, upper)
        return extremes(self.rulebase, rows, owners, len(changes_list), weights, upper)

    def is_applicable(self, qid: str) -> bool:
        return self.resolution.applicable[qid] is not False

    def current(self, qid: str) -> Any:
        value = self.resolution.state.get(qid, UNKNOWN)
        if isinstance(value, Conditional):
            return value.value
        return None if value is NOT_APPLICABLE or value == UNKNOWN else value

    def answer(self, qid: str, value: Any) -> Any:
        """A domain or alternative value in answer form."""
        return self.rulebase.bank.questions[qid].kind.answer(value)
