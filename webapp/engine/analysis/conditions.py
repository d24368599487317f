"""The conditions to attach to a decision: the actions that would answer the risks left.

Three kinds, one action once:

* ``red_line`` — what lifts a fired or possible red line (its ``lifted_by``), first;
* ``mitigation`` — a mitigation rule not yet in place that targets a risk counted now, with the
  answers that would show it in place; mitigations that come to the same answers are one action;
* ``advice`` — the advice of a counted risk that no mitigation above answers.

A condition carries the answers that would show it in place only when they are answers to
*action* questions (those a mitigation rule reads: safeguards, contract terms, reviews), never
a change of the scenario's facts (being a NATO member, the system's capabilities). It is
re-scored with those answers (incrementally when every answer is known, in full otherwise).
A red-line lift that no action answer records is scored with the red line's rule not firing
(what lifting it means; with unknown answers, on the worst case assumed). With unknown answers
only the MAX_RESCORED most promising are re-scored (in full). Advice that no
action answer records is not scored: how much of the risk it would remove is not known, and
the model keeps a floor of every risk after any mitigation. A condition is kept only if it
makes neither the verdict nor the balance worse; red-line lifts come first, then the scored
conditions by their effect, then the unscored advice by the points of the risk it answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..core.results import Condition, RedLineLift
from ..core.verdicts import Verdict
from ..loading.model import Rule
from ..scoring.context import Context, extremes, relaxed_rows
from .counterfactuals import Rescore, alternatives, satisfying_change
from .incremental import Rescorer

TOLERANCE = 1e-9
#: With unknown answers each condition is re-scored in full over the completions: the most
#: promising this many (screened on the worst case assumed); the rest are listed unscored.
MAX_RESCORED = 8


class _Draft:
    """A condition before it is scored: merged by its answers."""

    def __init__(self, kind: str, text: str, rules: list[str], addresses: list[str],
                 change: dict[str, Any] | None):
        self.kind, self.text, self.rules, self.addresses = kind, text, rules, addresses
        self.change = change  # domain values, as the rescorer takes them; None: no answer shows it

    def key(self) -> tuple:
        if self.change is None:
            return (self.kind, self.text)
        return ("answers", tuple(sorted((q, repr(v)) for q, v in self.change.items())))


def action_questions(context: Context) -> frozenset[str]:
    """The questions that record something the buyer can do: those mitigation rules read."""
    return context.rulebase.action_questions


def conditions(context: Context, rescorer: Rescorer, verdict: int, balance: float,
               lifts: list[RedLineLift], rescore: Rescore) -> list[Condition]:
    """The conditions for this result, ranked (see the module's docstring)."""
    rescore = _budgeted(rescore, MAX_RESCORED)
    counted = _counted_risks(context, rescorer)
    kept = _scored(context, rescorer, verdict, balance, rescore,
                   _red_line_drafts(context, rescorer, lifts)
                   + _mitigation_drafts(context, rescorer, counted))
    answered = {rule for c in kept for rule in c.addresses}
    kept += _scored(context, rescorer, verdict, balance, rescore,
                    _advice_drafts(context, rescorer,
                                   [r for r in counted if r.id not in answered]))
    kept = _merge_conditions(kept)
    points = {rule.id: rule.points for rule in counted}
    kept.sort(key=lambda c: (c.kind != "red_line", c.balance_if_adopted is None,
                             c.verdict_if_adopted or 0, round(c.balance_if_adopted or 0.0, 9),
                             -max(points.get(r, 0.0) for r in c.addresses)))
    return kept


def _scored(context: Context, rescorer: Rescorer, verdict: int, balance: float,
            rescore: Rescore, drafts: list[_Draft]) -> list[Condition]:
    """The drafts merged, re-scored, and kept where adopting them helps and harms nothing."""
    merged = _merge(drafts)
    kept = []
    for draft, outcome in zip(merged, _score(context, rescorer, merged, rescore), strict=True):
        if outcome is not None:
            new_verdict, new_balance = outcome
            if new_verdict > verdict or new_balance > balance + TOLERANCE:
                continue  # adopting it would make things worse: not a condition
            if draft.kind != "red_line" and new_balance > balance - TOLERANCE:
                continue  # changes nothing in the balance: nothing to attach
        kept.append(Condition(
            kind=draft.kind, text=draft.text, rules=draft.rules, addresses=draft.addresses,
            answers={q: rescorer.answer(q, v) for q, v in (draft.change or {}).items()},
            balance_if_adopted=None if outcome is None else outcome[1],
            verdict_if_adopted=None if outcome is None else Verdict(outcome[0]),
            balance_change=None if outcome is None else outcome[1] - balance))
    return kept


def _merge_conditions(kept: list[Condition]) -> list[Condition]:
    """Advice whose answers are those of a mitigation kept is the same action: one entry."""
    by_answers: dict[tuple, Condition] = {}
    result = []
    for condition in kept:
        key = tuple(sorted((q, repr(v)) for q, v in condition.answers.items()))
        first = by_answers.get(key) if key else None
        if first is None:
            if key:
                by_answers[key] = condition
            result.append(condition)
            continue
        first.rules += [r for r in condition.rules if r not in first.rules]
        first.addresses += [r for r in condition.addresses if r not in first.addresses]
    return result


def _counted_risks(context: Context, rescorer: Rescorer) -> list[Rule]:
    """Risk rules that fire, or may fire, in the worst case: the ones conditions answer."""
    rules = context.rulebase.rules
    return [rule for i, rule in enumerate(rules)
            if rule.effect == "risk" and rescorer.truth[i] is not False]


def _red_line_drafts(context: Context, rescorer: Rescorer,
                     lifts: list[RedLineLift]) -> list[_Draft]:
    drafts = []
    actions = action_questions(context)
    for lift in lifts:
        rule = context.rulebase.rules[context.rulebase.rule_index[lift.rule]]
        change = _lifting_change(rescorer, rule, actions)
        drafts.append(_Draft("red_line", lift.lifted_by, [lift.rule], [lift.rule], change))
    return drafts


def _mitigation_drafts(context: Context, rescorer: Rescorer, counted: list[Rule]) -> list[_Draft]:
    rulebase = context.rulebase
    counted_ids = {rule.id for rule in counted}
    drafts = []
    for i, rule in enumerate(rulebase.rules):
        if rule.effect != "mitigation" or rescorer.truth[i] is True:
            continue
        targets = [t.rule for t in rule.mitigates if t.rule in counted_ids]
        if not targets:
            continue
        change = satisfying_change(rescorer, rule)
        if change is not None:
            drafts.append(_Draft("mitigation", rule.says, [rule.id], targets, change))
    return drafts


def _advice_drafts(context: Context, rescorer: Rescorer, risks: list[Rule]) -> list[_Draft]:
    actions = action_questions(context)
    return [_Draft("advice", rule.advice, [rule.id], [rule.id],
                   _lifting_change(rescorer, rule, actions)) for rule in risks if rule.advice]


def _lifting_change(rescorer: Rescorer, rule: Rule, actions: frozenset[str],
                    ) -> dict[str, Any] | None:
    """A single answer to an action question under which the rule no longer fires."""
    rulebase = rescorer.rulebase
    index = rulebase.rule_index[rule.id]
    evaluate = rulebase.evaluators[index]
    for qid in rulebase.rule_reads[index]:
        if qid not in actions or not rescorer.is_applicable(qid):
            continue
        for value in alternatives(rescorer, qid):
            if evaluate(rescorer.state_with({qid: value})) is False:
                return {qid: value}
    return None


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One action once: drafts with the same answers (or, without answers, the same text)."""
    merged: dict[tuple, _Draft] = {}
    for draft in drafts:
        first = merged.get(draft.key())
        if first is None:
            merged[draft.key()] = draft
            continue
        first.rules += [r for r in draft.rules if r not in first.rules]
        first.addresses += [r for r in draft.addresses if r not in first.addresses]
        if draft.kind == "red_line" and first.kind != "red_line":
            first.kind, first.text = draft.kind, draft.text
    return list(merged.values())


def _score(context: Context, rescorer: Rescorer, drafts: list[_Draft],
           rescore: Rescore) -> list[tuple[int, float] | None]:
    """(verdict, balance) with each draft adopted: its answers given, or for a red-line lift
    without answers the red line not firing; None for advice without answers."""
    outcomes: dict[int, tuple[int, float]] = {}
    with_answers = [d for d in drafts if d.change is not None]
    if with_answers and not context.unknown_questions:
        verdicts, balances = rescorer.score([d.change for d in with_answers],
                                            context.weight_vector)
        for draft, v, b in zip(with_answers, verdicts, balances, strict=True):
            outcomes[id(draft)] = (int(v), float(b))
    elif with_answers:
        _, screened = rescorer.score([d.change for d in with_answers], context.weight_vector)
        # Rounded: a last-bit difference between processors must not reorder ties.
        ranked = [with_answers[int(k)] for k in np.argsort(np.round(screened, 9), kind="stable")]
        found = rescore([_answers_with(context.answers, rescorer, d.change) for d in ranked])
        for draft, outcome in zip(ranked, found, strict=True):
            if outcome is not None:
                outcomes[id(draft)] = outcome
    without = [d for d in drafts if d.change is None and d.kind == "red_line"]
    if without:
        verdicts, balances = _score_without(context, rescorer, [d.addresses for d in without])
        for draft, v, b in zip(without, verdicts, balances, strict=True):
            outcomes[id(draft)] = (int(v), float(b))
    return [outcomes.get(id(d)) for d in drafts]


def _score_without(context: Context, rescorer: Rescorer, rule_sets: list[list[str]]):
    """Per set of rules: the worst verdict and highest balance with those rules not firing."""
    rulebase = context.rulebase
    blocks = []
    for rule_ids in rule_sets:
        truth = list(rescorer.truth)
        for rule_id in rule_ids:
            truth[rulebase.rule_index[rule_id]] = False
        blocks.append(relaxed_rows(rulebase, truth, upper=True))
    owners = np.concatenate([np.full(len(b), k) for k, b in enumerate(blocks)])
    return extremes(rulebase, np.vstack(blocks), owners, len(rule_sets), context.weight_vector,
                    upper=True)


def _budgeted(rescore: Rescore, budget: int):
    """``rescore`` for the first ``budget`` answer sets asked for, None for the others."""
    left = [budget]

    def limited(answer_sets: list[dict[str, Any]]) -> list[tuple[int, float] | None]:
        scored = answer_sets[:left[0]]
        left[0] -= len(scored)
        return rescore(scored) + [None] * (len(answer_sets) - len(scored))

    return limited


def _answers_with(answers: Mapping[str, Any], rescorer: Rescorer,
                  change: Mapping[str, Any] | None) -> dict[str, Any]:
    return {**answers, **{q: rescorer.answer(q, v) for q, v in (change or {}).items()}}
