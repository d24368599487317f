"""Everything the report's analysis sections show, as typed data."""

from __future__ import annotations

from ..core.results import Analysis
from ..scoring.context import Context
from .conditions import conditions
from .counterfactuals import (
    Rescore,
    base_answers,
    mitigation_sets,
    red_line_lifts,
    worse_single_answers,
)
from .gaps import evidence_gaps
from .headline import Headline
from .incremental import Rescorer
from .sensitivity import sensitivity


def run_analysis(context: Context, head: Headline, rescore: Rescore) -> Analysis:
    """Evidence gaps, sensitivity and counterfactuals; ``rescore`` scores a changed answer
    set in full where the incremental re-scoring is not exact (unknown answers)."""
    rulebase = context.rulebase
    scorer = rulebase.scorer
    batch = head.batch
    assert batch is not None
    profiles = {p.id: scorer.weight_vector(p.weights) for p in rulebase.profiles.values()}
    weights = sensitivity(scorer, batch.net, batch.floor, batch.applies, context.weight_vector,
                          profiles)
    rescorer = _rescorer(context, head)
    lifts = red_line_lifts(context, rescorer)
    return Analysis(
        evidence_gaps=evidence_gaps(context, head, rescorer),
        sensitivity=weights,
        what_would_change=mitigation_sets(context, rescorer, head.verdict, rescore),
        red_line_lifts=lifts,
        worse_if=worse_single_answers(context, rescorer, head.verdict),
        conditions=conditions(context, rescorer, head.verdict, head.high, lifts, rescore),
    )


def _rescorer(context: Context, head: Headline) -> Rescorer:
    """The re-scorer of the answers with the worst case filled in, kept for the same answers
    (what it works out depends on them alone)."""
    rulebase = context.rulebase
    answers = base_answers(context, head.assumed) if head.assumed else context.answers
    # Complete answers and the relaxation bound assume nothing: reuse what context computed.
    return rulebase.kept(rulebase.kept_rescorers, answers, lambda: (
        Rescorer(rulebase, answers) if head.assumed else
        Rescorer(rulebase, answers, context.resolution, context.truth)))
