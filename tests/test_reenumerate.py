"""Re-scoring a condition with unknown answers reuses the assessment's completions
(``reenumerate``): the same completions and truths as enumerating the changed answers afresh."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from webapp.engine.analysis.counterfactuals import alternatives
from webapp.engine.analysis.enumeration import (
    EXACT_LIMIT,
    enumerate_completions,
    reenumerate,
    variables_of,
)
from webapp.engine.analysis.incremental import Rescorer
from webapp.engine.scoring.context import build_context, context_with

from .conftest import EXAMPLES


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_reenumerate_is_enumerating_afresh(path, rulebase):
    answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
    rng = random.Random(path.stem)
    candidates = [q for q in rulebase.relevant_questions
                  if q in answers and q not in rulebase.controllers]
    for _ in range(4):
        case = {**answers, **{q: "unknown" for q in rng.sample(candidates, 3)}}
        base = build_context(rulebase, case)
        enumeration = enumerate_completions(base, variables_of(base), EXACT_LIMIT)
        assert enumeration is not None
        rescorer = Rescorer(rulebase, base.answers, base.resolution, base.truth)
        compared = 0
        for qid in sorted(rulebase.action_questions):
            if base.resolution.applicable.get(qid) is not True or qid not in case or (
                    case[qid] == "unknown"):
                continue
            for value in alternatives(rescorer, qid)[:2]:
                changed = context_with(base, {**base.answers, qid: rescorer.answer(qid, value)},
                                       base.weights, base.weight_vector)
                variables = variables_of(changed)
                if variables != enumeration.variables:
                    continue
                fresh = enumerate_completions(changed, variables, EXACT_LIMIT)
                reused = reenumerate(changed, enumeration, {qid})
                assert fresh is not None
                assert np.array_equal(fresh.index, reused.index)
                assert np.array_equal(fresh.rows, reused.rows)
                compared += 1
        assert compared


def test_too_many_completions_stay_too_many(rulebase):
    """Beyond the limit for the assessment, beyond it for a changed answer set with the same
    variables (the headline then skips enumerating it)."""
    checked = 0
    for path in sorted(EXAMPLES.glob("*.json")):
        answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
        candidates = [q for q in rulebase.relevant_questions
                      if q in answers and q not in rulebase.controllers]
        case = {**answers, **{q: "unknown" for q in random.Random(12).sample(candidates, 12)}}
        base = build_context(rulebase, case)
        if enumerate_completions(base, variables_of(base), EXACT_LIMIT) is not None:
            continue
        rescorer = Rescorer(rulebase, base.answers, base.resolution, base.truth)
        for qid in sorted(rulebase.action_questions):
            if base.resolution.applicable.get(qid) is not True or case.get(qid) in (
                    None, "unknown"):
                continue
            for value in alternatives(rescorer, qid)[:1]:
                changed = context_with(base, {**base.answers, qid: rescorer.answer(qid, value)},
                                       base.weights, base.weight_vector)
                if variables_of(changed) == variables_of(base):
                    assert enumerate_completions(changed, variables_of(changed),
                                                 EXACT_LIMIT) is None
                    checked += 1
    assert checked
