"""What would change the verdict: mitigations not yet in place, red-line lifts, and the single
answers that would make a favourable verdict worse. Every reported change is re-scored."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import combinations
from typing import Any

import numpy as np

from ..core.results import AnswerChange, MitigationSet, RedLineLift, WorseAnswer
from ..core.verdicts import Verdict
from ..loading.model import Rule
from ..scoring.context import Context
from .incremental import Rescorer

MAX_SET_SIZE = 3
MAX_CANDIDATES = 12
MAX_REPORTED = 5
MAX_VERIFIED = 6

#: Scores a whole answer set again (headline only): (verdict, balance).
Rescore = Callable[[dict[str, Any]], tuple[int, float]]


def alternatives(rescorer: Rescorer, qid: str) -> list[Any]:
    """Answers to try for a question instead of its current one (its type decides which);
    worked out once per rescorer (its answers do not change)."""
    key = ("alternatives", qid)
    found = rescorer.memo.get(key)
    if found is None:
        rulebase = rescorer.rulebase
        question = rulebase.bank.questions[qid]
        tests = [leaf.test for leaf in rulebase.leaves_by_question.get(qid, [])]
        found = rescorer.memo[key] = question.kind.alternatives(
            question, rescorer.current(qid), rulebase.domains.get(qid, []), tests)
    return list(found)


def satisfying_change(rescorer: Rescorer, rule: Rule) -> dict[str, Any] | None:
    """The fewest answer changes (one question, else two) that make the rule's condition true
    (worked out once per rescorer: the conditions and the mitigation sets both ask)."""
    key = ("satisfying", rule.id)
    if key not in rescorer.memo:
        rescorer.memo[key] = _satisfying_change(rescorer, rule)
    found = rescorer.memo[key]
    return None if found is None else dict(found)


def _satisfying_change(rescorer: Rescorer, rule: Rule) -> dict[str, Any] | None:
    rulebase = rescorer.rulebase
    index = rulebase.rule_index[rule.id]
    evaluate = rulebase.evaluators[index]
    qids = [q for q in rulebase.rule_questions[index] if rescorer.is_applicable(q)]
    options = [(q, v) for q in qids for v in alternatives(rescorer, q)]
    for q, v in options:
        if evaluate(rescorer.state_with({q: v})) is True:
            return {q: v}
    for (q1, v1), (q2, v2) in combinations(options, 2):
        if q1 != q2 and evaluate(rescorer.state_with({q1: v1, q2: v2})) is True:
            return {q1: v1, q2: v2}
    return None


def _merge(changes: list[dict[str, Any]]) -> dict[str, Any] | None:
    merged: dict[str, Any] = {}
    for change in changes:
        for qid, value in change.items():
            if qid in merged and merged[qid] != value:
                return None
            merged[qid] = value
    return merged


def _candidates(context: Context, rescorer: Rescorer) -> list[tuple[str, dict[str, Any]]]:
    """Mitigations not in place that target a risk counted now, with answers that fire them,
    the most promising first (at most MAX_CANDIDATES)."""
    rulebase = context.rulebase
    counted = [value is not False for value in rescorer.truth]  # risks count when possible
    candidates = []
    for i, rule in enumerate(rulebase.rules):
        if rule.effect != "mitigation" or rescorer.truth[i] is True:
            continue
        if not any(counted[rulebase.rule_index[t.rule]] for t in rule.mitigates):
            continue
        change = satisfying_change(rescorer, rule)
        if change is not None:
            candidates.append((rule.id, change))
    if not candidates:
        return []
    _, balances = rescorer.score([c for _, c in candidates], context.weight_vector)
    order = np.argsort(balances, kind="stable")[:MAX_CANDIDATES]
    return [candidates[i] for i in order]


def mitigation_sets(context: Context, rescorer: Rescorer, current: int,
                    rescore: Rescore) -> list[MitigationSet]:
    """Smallest sets of mitigations not in place that give a better verdict, re-scored."""
    if current == 0:
        return []
    candidates = _candidates(context, rescorer)
    if not candidates:
        return []
    # Prune: if even the best that any combination of them could do gives no better verdict,
    # no set of them can.
    best = rescorer.best_of_any_combination([c for _, c in candidates], context.weight_vector)
    if best is not None and best >= current:
        return []
    everything = _merge([c for _, c in candidates])
    if everything is not None:  # prune: if all of them together do not help, no subset will
        together, _ = rescorer.score([everything], context.weight_vector)
        if int(together[0]) >= current:
            return []
    search = _SetSearch(context, rescorer, current, rescore)
    for size in range(1, MAX_SET_SIZE + 1):
        search.try_sets(combinations(candidates, size))
        if len(search.results) >= MAX_REPORTED:
            break
    results = sorted(search.results, key=lambda r: (len(r.mitigations), r.verdict, r.balance))
    return results[:MAX_REPORTED]


class _SetSearch:
    """Sets of mitigations tried size by size; a set is skipped when a smaller one it contains
    already helps.

    With every answer known the incremental re-scoring is exact; with unknowns it screens on
    the worst completion (a set that helps must help there too) and each hit is confirmed by a
    full re-score, at most MAX_VERIFIED of them.
    """

    def __init__(self, context: Context, rescorer: Rescorer, current: int, rescore: Rescore):
        self.context, self.rescorer, self.current, self.rescore = (
            context, rescorer, current, rescore)
        self.confirm = bool(context.unknown_questions)
        self.verified = 0
        self.found: list[frozenset[str]] = []
        self.changes: dict[str, dict[str, Any]] = {}
        self.parts: dict[str, tuple[tuple[str, str], ...]] = {}
        self.results: list[MitigationSet] = []

    def _parts(self, rule_id: str) -> tuple[tuple[str, str], ...]:
        """A candidate's answers as (question, repr of the answer), worked out once."""
        parts = self.parts.get(rule_id)
        if parts is None:
            parts = self.parts[rule_id] = tuple(
                (q, repr(v)) for q, v in self.changes[rule_id].items())
        return parts

    def try_sets(self, combos_of_size: Iterable[tuple[tuple[str, dict[str, Any]], ...]]) -> None:
        combos, merged = [], []
        for combo in combos_of_size:
            self.changes.update(combo)
            ids = frozenset(rule_id for rule_id, _ in combo)
            change = _merge([c for _, c in combo])
            if change is None or any(prev <= ids for prev in self.found):
                continue
            combos.append((ids, combo))
            merged.append(change)
        if not merged:
            return
        # Sets of mitigations often come to the same answers (two rules read one question):
        # score each distinct set of answers once (equal answers written alike are one).
        keys = [tuple(sorted({part for rule_id, _ in combo for part in self._parts(rule_id)}))
                for _, combo in combos]
        first: dict[tuple, dict[str, Any]] = {}
        for key, change in zip(keys, merged, strict=True):
            first.setdefault(key, change)
        distinct = list(first)
        scored_verdicts, scored_balances = self.rescorer.score([first[k] for k in distinct],
                                                               self.context.weight_vector)
        position = {key: n for n, key in enumerate(distinct)}
        verdicts = [scored_verdicts[position[key]] for key in keys]
        balances = [scored_balances[position[key]] for key in keys]
        hits = [k for k, verdict in enumerate(verdicts) if int(verdict) < self.current]
        hits.sort(key=lambda k: (int(verdicts[k]), float(balances[k])))
        for k in hits:
            (ids, combo), change = combos[k], merged[k]
            verdict, balance = int(verdicts[k]), float(balances[k])
            if self.confirm:
                if self.verified == MAX_VERIFIED:
                    break
                self.verified += 1
                verdict, balance = self.rescore({**self.context.answers, **change})
                if verdict >= self.current:
                    continue
            self.found.append(ids)
            self.results.append(MitigationSet(
                [rule_id for rule_id, _ in combo],
                {q: self.rescorer.answer(q, v) for q, v in change.items()}, Verdict(verdict),
                balance))


def red_line_lifts(context: Context, rescorer: Rescorer) -> list[RedLineLift]:
    """For each fired or possible red line: what lifts it, and single answers that would."""
    rulebase = context.rulebase
    lifts = []
    for i, rule in enumerate(rulebase.rules):
        if rule.red_line is None or context.truth[i] is False:
            continue
        evaluate = rulebase.evaluators[i]
        answers = []
        for qid in rulebase.rule_reads[i]:
            if not rescorer.is_applicable(qid):
                continue
            for value in alternatives(rescorer, qid):
                if evaluate(rescorer.state_with({qid: value})) is False:
                    answers.append(AnswerChange(qid, rescorer.answer(qid, value)))
        lifts.append(RedLineLift(rule.id, "fired" if context.truth[i] else "possible",
                                 rule.red_line.at_least, rule.red_line.lifted_by,
                                 answers[:MAX_REPORTED]))
    return lifts


def worse_single_answers(context: Context, rescorer: Rescorer, current: int,
                         ) -> list[WorseAnswer]:
    """For a favourable verdict: the single answers that would make it worse."""
    if current > Verdict.PROCEED_WITH_CONDITIONS:
        return []
    rulebase = context.rulebase
    questions = [q for q in rulebase.relevant_questions if rescorer.is_applicable(q)]
    # Skip questions that could not worsen the verdict even with every rule reading them at
    # its worst.
    worst = rescorer.bound([{q} for q in questions], context.weight_vector, best=False)
    changes = []
    for qid, bound in zip(questions, worst, strict=True):
        if bound is None or bound > current:
            changes.extend({qid: value} for value in alternatives(rescorer, qid))
    if not changes:
        return []
    verdicts, balances = rescorer.score(changes, context.weight_vector)
    seen: set[tuple[str, int]] = set()
    distinct = []  # one answer per question and resulting verdict is enough to say it
    for change, verdict, balance in zip(changes, verdicts, balances, strict=True):
        [(qid, value)] = change.items()
        if int(verdict) <= current or (qid, int(verdict)) in seen:
            continue
        seen.add((qid, int(verdict)))
        distinct.append(WorseAnswer(qid, rescorer.answer(qid, value), Verdict(int(verdict)),
                                    float(balance)))
    distinct.sort(key=lambda w: (-w.verdict, -w.balance))
    return distinct


def base_answers(context: Context, assumed: Mapping[str, Any]) -> dict[str, Any]:
    """The answers with the worst case filled in for unknowns (what screening starts from)."""
    answers = dict(context.answers)
    for qid, value in assumed.items():
        if value != "not applicable":
            answers[qid] = value
    return answers
