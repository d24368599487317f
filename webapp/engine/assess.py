"""Assess one answer set: the engine's entry point for the web app, the CLI and screening.

It orchestrates the layers below and is imported by nothing inside the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .analysis.analyse import run_analysis
from .analysis.counterfactuals import Rescore
from .analysis.headline import Headline, Reuse, headline, traced_rows
from .compiling.compiled import CompiledRuleBase
from .compiling.scorer import Batch
from .core.results import Analysis, Result, UnknownsReason
from .core.verdicts import Verdict
from .loading.answers import answers_key
from .scoring.context import Context, build_context, context_with, extremes, relaxed_rows
from .scoring.row import score_row
from .scoring.weights import resolve_weights


def assess(rulebase: CompiledRuleBase, answers: Mapping[str, Any], profile: str | None = None,
           weights: Mapping[str, float] | None = None, analyse: bool = True) -> Result:
    """Score an answer set; with ``analyse`` also the decision analysis.

    Raises AnswerError for answers that do not fit the bank and WeightsError for weights or a
    profile that cannot be used.
    """
    context = build_context(rulebase, answers, profile, weights)
    head = headline(context)
    analysis = run_analysis(context, head, _rescorer(context, head)) if analyse else None
    return _result(context, head, analysis)


def verdicts_with_weights(rulebase: CompiledRuleBase, answers: Mapping[str, Any],
                          weight_sets: Sequence[Mapping[str, float]]) -> list[Verdict]:
    """``assess(rulebase, answers, weights=w).verdict`` for each custom weight set ``w``, the
    answers scored once: the rows the headline considers, their nets, floors and concerns
    taking part do not depend on the weights, so only balances and verdicts are recomputed
    (and the traced row, as ``assess`` scores it alone, when there are several rows).
    Raises AnswerError and WeightsError as ``assess`` does."""
    if not weight_sets:
        return []

    def weighless() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        context = build_context(rulebase, answers, None, weight_sets[0])
        head = headline(context)
        batch = head.batch
        assert batch is not None
        rows = (head.enumeration.rows if head.enumeration is not None
                else relaxed_rows(rulebase, context.truth, upper=True))
        return rows, batch.net, batch.floor, batch.applies

    rows, nets, floors, applies = rulebase.kept(rulebase.kept_headlines, answers, weighless)
    scorer = rulebase.scorer
    found = []
    for weights in weight_sets:
        _, chosen = resolve_weights(rulebase, None, weights)
        vector = scorer.weight_vector(chosen)
        balance, _, verdict = scorer.verdicts(nets, floors, vector, applies)
        worst = int(np.lexsort((verdict, balance))[-1])  # the traced row, as headline picks it
        traced = (int(verdict[0]) if len(rows) == 1 else
                  int(scorer.evaluate(rows[worst][None, :], vector).verdict[0]))
        found.append(Verdict(max(traced, int(verdict.max()))))
    return found


def _rescorer(context: Context, head: Headline) -> Rescore:
    """Score changed answer sets in full, headline only: (verdict, balance) of each. A context
    is built from this one (``context_with``: the same context, faster), its completions from
    this one's when they are the same (``reenumerate``); the rows of every set asked for at
    once are scored together, and an answer set asked for twice (a mitigation set and the
    same condition) is scored once."""
    rulebase = context.rulebase
    # As build_context(answers, None, context.weights) would resolve them
    _, weights = resolve_weights(rulebase, None, context.weights)
    vector = rulebase.scorer.weight_vector(weights)
    seen: dict[Any, tuple[int, float]] = {}

    def rescore(answer_sets: list[dict[str, Any]]) -> list[tuple[int, float]]:
        # (None: a value no key can hold; that set is scored on its own)
        keys = [answers_key(answers) or object() for answers in answer_sets]
        new: dict[Any, np.ndarray] = {}
        for key, answers in zip(keys, answer_sets, strict=True):
            if key not in seen and key not in new:
                changed = context_with(context, answers, weights, vector)
                new[key] = traced_rows(changed, _reuse(context, head, changed))
        seen.update(zip(new, _headlines(rulebase, list(new.values()), vector), strict=True))
        return [seen[key] for key in keys]

    return rescore


#: Answer sets' rows are scored together up to this many rows (bounds the arrays: one set's
#: completions can number thousands).
BATCH_ROWS = 512


def _headlines(rulebase: CompiledRuleBase, blocks: list[np.ndarray], vector: np.ndarray,
               ) -> list[tuple[int, float]]:
    """Per block of rows (one answer set's): the worst verdict and the highest balance, blocks
    scored together up to BATCH_ROWS rows."""
    found: list[tuple[int, float]] = []
    start = 0
    while start < len(blocks):
        end, rows = start + 1, len(blocks[start])
        while end < len(blocks) and rows + len(blocks[end]) <= BATCH_ROWS:
            rows += len(blocks[end])
            end += 1
        group = blocks[start:end]
        owners = np.repeat(np.arange(len(group)), [len(b) for b in group])
        verdicts, balances = extremes(rulebase, np.vstack(group), owners, len(group), vector,
                                      upper=True)
        found += [(int(v), float(b)) for v, b in zip(verdicts, balances, strict=True)]
        start = end
    return found


def _reuse(context: Context, head: Headline, changed: Context) -> Reuse | None:
    """What ``changed`` can reuse of this headline, when it was built from this context
    incrementally (the same applicability: no question that decides one changed)."""
    if not head.variables or changed.resolution.applicable is not (
            context.resolution.applicable):
        return None
    state = context.resolution.state
    return Reuse(head.variables, head.enumeration,
                 {q for q, v in changed.resolution.state.items() if v is not state.get(q)})


def unanswered_questions(context: Context) -> list[str]:
    """The questions that apply (for certain) and must be answered but have no answer: what
    keeps an assessment a draft. Free-text questions are optional."""
    applicable = context.resolution.applicable
    return [q.id for q in context.rulebase.bank.ordered()
            if q.kind.enumerable and applicable.get(q.id) is True and q.id not in context.answers]


def _single(head: Headline) -> Batch | None:
    """The headline's scores when it considered one row only: those of its traced row, as
    scoring that row alone gives them (the same array, the same weights)."""
    return head.batch if head.batch is not None and len(head.batch.verdict) == 1 else None


def _result(context: Context, head: Headline, analysis: Analysis | None) -> Result:
    row = score_row(context, head.row, head.assumed, _single(head))
    reasons = list(row.reasons)
    verdict = row.verdict
    if head.verdict > verdict:  # a completion with a lower balance has a worse verdict
        verdict = Verdict(head.verdict)
        reasons.append(UnknownsReason(verdict))
    # The headline balance is the top of the interval (recomputed for the traced row).
    low = row.balance if head.robust and head.exact and head.low == head.high else head.low
    unanswered = unanswered_questions(context)
    return Result(
        verdict=verdict, balance=row.balance, complete=not unanswered, unanswered=unanswered,
        profile=context.profile,
        weights=context.weights, ruleset=context.rulebase.fingerprint, concerns=row.concerns,
        findings=row.findings, red_lines=row.red_lines,
        ignored_answers=dict(context.resolution.ignored), band_verdict=row.band,
        verdict_reasons=reasons, unknown_questions=context.unknown_questions,
        assumed=head.assumed, interval=[min(low, row.balance), row.balance],
        interval_exact=head.exact, robust=head.robust,
        verdicts_possible=[Verdict(v) for v in head.verdicts], analysis=analysis)
