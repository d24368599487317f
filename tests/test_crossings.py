"""The report's crossings (the verdict just past each end of a concern's weight range) are
those of a full ``assess`` with that weight: checked for every example and calibration
scenario under every profile, as they are and with answers made unknown (so that both the
enumeration and the relaxation bound are crossed)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from webapp.engine import RuleBase, WeightsError, assess, verdicts_with_weights
from webapp.reports.decision import Crossing, crossings

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "examples").glob("*.json")) + sorted(
    (ROOT / "tests" / "calibration").glob("*.json"))


def crossings_by_full_assess(result, rulebase: RuleBase, answers: dict) -> list[Crossing]:
    """The crossings as the report computed them before: one full assess per end."""
    found = []
    for concern, r in result.analysis.sensitivity.weights.items():
        if r.applies is False:
            continue
        ends = [("above", r.holds_to)] if r.holds_to is not None else []
        if r.holds_from > 0:
            ends.append(("below", r.holds_from))
        for direction, at in ends:
            past = at * 1.001 + 1e-6 if direction == "above" else max(at * 0.999 - 1e-6, 0.0)
            weights = {**result.weights, concern: past}
            becomes = assess(rulebase, answers, weights=weights, analyse=False).verdict
            if becomes != result.verdict:
                found.append(Crossing(concern, rulebase.concerns[concern].name, r.weight,
                                      direction, at, becomes))
    return found


def variants(rulebase: RuleBase, answers: dict, seed: int) -> list[dict]:
    """The answers, and with 3 and with 12 of the questions the rules read made unknown."""
    candidates = [q for q in rulebase.relevant_questions
                  if q in answers and q not in rulebase.controllers]
    rng = random.Random(seed)
    return [answers] + [{**answers, **{q: "unknown" for q in rng.sample(candidates, count)}}
                        for count in (3, 12) if len(candidates) >= count]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_crossings_match_a_full_assess_per_end(path, rulebase):
    answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
    for n, case in enumerate(variants(rulebase, answers, seed=len(path.stem))):
        for profile in rulebase.profiles:
            result = assess(rulebase, case, profile=profile)
            expected = crossings_by_full_assess(result, rulebase, case)
            assert crossings(result, rulebase, case) == expected, (n, profile)


def test_the_scenarios_have_crossings_to_compare(rulebase):
    """The comparison above is not empty: some scenario has a verdict that changes past an
    end of a weight range."""
    answers = json.loads(SCENARIOS[0].read_text(encoding="utf-8"))["answers"]
    result = assess(rulebase, answers)
    assert crossings(result, rulebase, answers)


def test_every_verdict_with_weights_is_that_of_assess(rulebase):
    answers = json.loads(SCENARIOS[0].read_text(encoding="utf-8"))["answers"]
    weight_sets = [{c: float(k + 1) if c == concern else 1.0 for c in rulebase.concern_ids}
                   for k, concern in enumerate(rulebase.concern_ids)] + [
        {rulebase.concern_ids[0]: 0.0}]
    for case in variants(rulebase, answers, seed=1):
        assert verdicts_with_weights(rulebase, case, weight_sets) == [
            assess(rulebase, case, weights=w, analyse=False).verdict for w in weight_sets]
    assert verdicts_with_weights(rulebase, answers, []) == []
    with pytest.raises(WeightsError):
        verdicts_with_weights(rulebase, answers, [{c: 0.0 for c in rulebase.concern_ids}])
