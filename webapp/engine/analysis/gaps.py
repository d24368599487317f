"""Evidence gaps: for each unknown question, how much answering it narrows the interval at
least, and whether some answer to it alone would change the verdict."""

from __future__ import annotations

from ..core.results import AnswerOutcome, EvidenceGap
from ..core.values import is_unknown
from ..core.verdicts import Verdict
from ..scoring.context import Context
from .headline import Headline
from .incremental import Rescorer


def evidence_gaps(context: Context, head: Headline, rescorer: Rescorer) -> list[EvidenceGap]:
    if head.enumeration is not None:
        gaps = _gaps_exact(context, head)
    elif head.exact:
        gaps = []
    else:
        gaps = _gaps_relaxed(context, head, rescorer)
    gaps.sort(key=lambda g: (not g.could_change_verdict, -g.narrows_by, g.question))
    return gaps


def _gaps_exact(context: Context, head: Headline) -> list[EvidenceGap]:
    enumeration, batch = head.enumeration, head.batch
    assert enumeration is not None and batch is not None
    balance, verdict = batch.balance, batch.verdict
    width = float(balance.max() - balance.min())
    gaps = []
    for i, variable in enumerate(enumeration.variables):
        if not variable.answer_unknown:
            continue
        kind = context.rulebase.bank.questions[variable.qid].kind
        column = enumeration.index[:, i]
        real = len(variable.values) - (1 if variable.has_na else 0)
        widest, outcomes = 0.0, []
        for j in range(real):
            rows = column == j
            if variable.has_na:
                rows |= column == variable.na_index
            if not rows.any():
                continue
            widest = max(widest, float(balance[rows].max() - balance[rows].min()))
            outcomes.append(AnswerOutcome(kind.answer(variable.values[j]),
                                          Verdict(int(verdict[rows].max()))))
        gaps.append(_gap(variable.qid, width, widest, outcomes, head.verdict))
    return gaps


def _gaps_relaxed(context: Context, head: Headline, rescorer: Rescorer) -> list[EvidenceGap]:
    """Beyond the enumeration limit: the relaxation bounds after each possible answer, each
    re-scored incrementally from the current answers (only the rules reading it change); the
    answers to every question scored together."""
    rulebase = context.rulebase
    width = head.high - head.low
    asked: list[tuple[str, list]] = []
    for qid in context.unknown_questions:
        if not is_unknown(context.answers.get(qid)):
            continue  # known answer, unknown applicability: answering another question decides
        kind = rulebase.bank.questions[qid].kind
        values = [kind.answer(v) for v in rulebase.domains.get(qid, [])]
        if values:
            asked.append((qid, values))
    if not asked:
        return []
    changes = [{qid: value} for qid, values in asked for value in values]
    _, lows = rescorer.score(changes, context.weight_vector, upper=False)
    high_verdicts, highs = rescorer.score(changes, context.weight_vector, upper=True)
    gaps, start = [], 0
    for qid, values in asked:
        end = start + len(values)
        widest = float((highs[start:end] - lows[start:end]).max())
        outcomes = [AnswerOutcome(value, Verdict(int(v)))
                    for value, v in zip(values, high_verdicts[start:end], strict=True)]
        gaps.append(_gap(qid, width, widest, outcomes, head.verdict))
        start = end
    return gaps


def _gap(qid: str, width: float, widest: float, outcomes: list[AnswerOutcome],
         current: int) -> EvidenceGap:
    return EvidenceGap(qid, max(0.0, width - widest),
                       any(o.verdict != current for o in outcomes), outcomes)
