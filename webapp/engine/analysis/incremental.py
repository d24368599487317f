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
        self._cache: dict[tuple[str, Any], dict[int, Truth]] = {}
        #: what the analysis works out once from these answers (see ``counterfactuals``)
        self.memo: dict[tuple[str, str], Any] = {}
        base = relaxed_rows(rulebase, self.truth, upper=True)
        #: one precautionary row, or None when a concern's applicability is unknown
        self.base_row = base[0] if len(base) == 1 else None

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
        """The rules whose truth the changes can affect, with their new truth.

        Changes to several questions that decide no applicability and that no rule reads
        together are the union of each question's own effect, computed once per answer."""
        if len(changes) > 1 and not set(changes) & self.rulebase.controllers:
            parts = [self._single(qid, value) for qid, value in changes.items()]
            merged: dict[int, Truth] = {}
            for part in parts:
                if merged.keys() & part.keys():
                    break  # a rule reads two of the changed questions: evaluate it with both
                merged.update(part)
            else:
                return merged
        elif len(changes) == 1:
            [(qid, value)] = changes.items()
            return self._single(qid, value)
        return self._evaluate(changes)

    def _single(self, qid: str, value: Any) -> dict[int, Truth]:
        key = (qid, tuple(value) if isinstance(value, list) else value)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._evaluate({qid: value})
        return found

    def _evaluate(self, changes: Mapping[str, Any]) -> dict[int, Truth]:
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
        simple = upper and self.base_row is not None and not any(
            value is None and concern[i] for truths in changed for i, value in truths.items())
        if simple:  # copy the base row and change what the answers change
            rows = np.repeat(self.base_row[None, :], len(changes_list), axis=0)
            at_row, at_column, fires = [], [], []
            for k, truths in enumerate(changed):
                for index, value in truths.items():
                    at_row.append(k)
                    at_column.append(index)
                    fires.append(value is True or (value is None and bool(is_risk[index])))
            if at_row:
                rows[at_row, at_column] = fires
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

    def bound(self, question_sets: list[set[str]], weights: np.ndarray, best: bool,
              ) -> list[int | None]:
        """Per set of questions, a bound on the verdict whatever answers they are given: with
        ``best`` the best verdict possible (every rule reading them at its most favourable:
        risks off, benefits and mitigations on), else the worst. None where no sound bound is
        cheap: a question decides another's applicability or a concern's, or a concern's
        applicability is unknown already."""
        rulebase = self.rulebase
        if self.base_row is None:
            return [None] * len(question_sets)
        n_rules = len(rulebase.rules)  # the columns from here on are concerns'
        positions, rows = [], []
        for position, questions in enumerate(question_sets):
            columns = sorted({i for q in questions for i in rulebase.readers.get(q, ())})
            if questions & rulebase.controllers or (columns and columns[-1] >= n_rules):
                continue
            row = self.base_row.copy()
            if columns:
                risk = rulebase.is_risk[columns]
                row[columns] = ~risk if best else risk
            positions.append(position)
            rows.append(row)
        verdicts: list[int | None] = [None] * len(question_sets)
        if rows:
            scored = rulebase.scorer.evaluate(np.vstack(rows), weights).verdict
            for position, verdict in zip(positions, scored, strict=True):
                verdicts[position] = int(verdict)
        return verdicts

    def best_of_any_combination(self, changes_list: list[Mapping[str, Any]],
                                weights: np.ndarray) -> int | None:
        """A bound on the best verdict any combination of the changes can give: each rule at
        the most favourable truth one of them gives it (and at its most favourable of all
        when several of the changed questions are read by it). None when no cheap sound bound
        exists (a change decides applicability, or a concern's applicability is unknown)."""
        rulebase = self.rulebase
        if self.base_row is None or any(set(c) & rulebase.controllers for c in changes_list):
            return None
        row = self.base_row.copy()
        readers_of: dict[int, set[int]] = {}
        for k, changes in enumerate(changes_list):
            for qid in changes:
                for column in rulebase.readers.get(qid, ()):
                    readers_of.setdefault(column, set()).add(k)
        if any(rulebase.is_concern[column] for column in readers_of):
            return None
        for changes in changes_list:
            for column, value in self.changed_truth(changes).items():
                fires = value is True or (value is None and rulebase.is_risk[column])
                if len(readers_of.get(column, ())) > 1:
                    fires = not rulebase.is_risk[column]
                row[column] = (row[column] and fires) if rulebase.is_risk[column] else (
                    row[column] or fires)
        return int(rulebase.scorer.evaluate(row[None, :], weights).verdict[0])

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
