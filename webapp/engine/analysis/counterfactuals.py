"""What would change the verdict: mitigations not yet in place, red-line lifts, and the single
answers that would make a favourable verdict worse. Every reported change is re-scored."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from typing import Any

import numpy as np

from ..core.results import AnswerChange, MitigationSet, RedLineLift, WorseAnswer
from ..core.verdicts import Verdict
from ..loading.model import Rule
from ..scoring.context import Context
from .incremental import Rescorer
from .mitigation_search import Rescore, SetSearch

MAX_SET_SIZE = 3
MAX_CANDIDATES = 12
MAX_REPORTED = 5


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
    search = SetSearch(context, rescorer, current, rescore, candidates)
    for size in range(1, MAX_SET_SIZE + 1):
        search.try_size(size)
        if len(search.results) >= MAX_REPORTED:
            break
    results = sorted(search.results, key=lambda r: (len(r.mitigations), r.verdict, r.balance))
    return results[:MAX_REPORTED]


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
