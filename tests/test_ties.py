"""Ties at cut points: half-point steps and shares in tenths land exactly on the cut they add
up to, and a value on a cut or threshold reaches it (DESIGN.md: tolerance 1e-9)."""

from __future__ import annotations

import pytest
import yaml

from webapp.engine import Verdict, assess, load_rulebase

QUESTIONS = {"sections": [{"id": "s", "title": "S", "questions": [
    {"id": f"q{i}", "type": "yesno", "text": f"Q{i}?", "help": "Yes or no."}
    for i in range(1, 5)]}]}
CONCERNS = {"concerns": [
    {"id": "a", "name": "A", "definition": "A.", "section": "S", "scale": 8, "floor": 0.1},
    {"id": "b", "name": "B", "definition": "B.", "section": "S", "scale": 10, "floor": 0.1},
    {"id": "c", "name": "C", "definition": "C.", "section": "S", "scale": 5, "floor": 0.1}]}
BANDS = {"cuts": {"proceed_with_conditions": -0.15, "escalate": 0.2, "do_not_proceed": 0.4},
         "concern_escalates_at": 0.6, "residual_conditions_at": 0.15}


def rule(rid, concern, effect, when, points=None, mitigates=None):
    data = {"id": rid, "concern": concern, "effect": effect, "when": {"q": when, "is": "yes"},
            "says": rid, "why": "Because.", "source": "Test.", "advice": "None.",
            "examples": [{"answers": {when: "yes"}, "fires": True},
                         {"answers": {when: "no"}, "fires": False}]}
    if points is not None:
        data["points"] = points
    if mitigates:
        data["mitigates"] = mitigates
        del data["concern"]
    return data


def build(tmp_path, rules, weights):
    files = {"questions.yaml": QUESTIONS, "concerns.yaml": CONCERNS, "bands.yaml": BANDS,
             "profiles.yaml": {"profiles": [{"id": "balanced", "name": "B", "rationale": "R.",
                                             "weights": weights}]},
             "rules.yaml": {"rules": rules}}
    for name, data in files.items():
        (tmp_path / name).write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_rulebase(tmp_path)


ALL_YES = {f"q{i}": "yes" for i in range(1, 5)}


@pytest.mark.parametrize("points, removes, verdict", [
    (4, 0.2, Verdict.DO_NOT_PROCEED),  # 4 x 0.8 = 3.2; 3.2 / 8 = 0.4, the cut itself
    (2, 0.2, Verdict.ESCALATE),  # 1.6 / 8 = 0.2
])
def test_a_mitigated_risk_on_a_cut_reaches_it(tmp_path, points, removes, verdict):
    rulebase = build(tmp_path, [
        rule("R-RISK", "a", "risk", "q1", points),
        rule("R-MIT", "a", "mitigation", "q2", mitigates=[{"rule": "R-RISK",
                                                           "removes": removes}])],
        {"a": 1, "b": 0, "c": 0})
    result = assess(rulebase, ALL_YES)
    risk = next(f for f in result.findings if f.rule == "R-RISK")
    assert risk.residual == points * (1 - removes)  # multiplied directly: 3.2, not 3.19999...
    assert result.balance == pytest.approx(points * (1 - removes) / 8, abs=1e-15)
    assert result.band_verdict == verdict


def test_a_benefit_on_the_lowest_cut_reaches_it(tmp_path):
    rulebase = build(tmp_path, [rule("R-GOOD", "b", "benefit", "q1", 1.5)],
                     {"a": 0, "b": 1, "c": 0})
    result = assess(rulebase, ALL_YES)
    assert result.balance == pytest.approx(-0.15, abs=1e-15)
    assert result.band_verdict == Verdict.PROCEED_WITH_CONDITIONS


def test_a_concern_on_concern_escalates_at_escalates(tmp_path):
    # 5 points with 40% removed: 3 / 5 = 0.6, the threshold itself; weight 0, so only the
    # floor decides
    rulebase = build(tmp_path, [
        rule("R-RISK", "c", "risk", "q1", 5),
        rule("R-MIT", "c", "mitigation", "q2", mitigates=[{"rule": "R-RISK", "removes": 0.4}]),
        rule("R-GOOD", "b", "benefit", "q3", 5)],
        {"a": 0, "b": 1, "c": 0})
    result = assess(rulebase, ALL_YES)
    assert result.concerns["c"].net == pytest.approx(0.6, abs=1e-15)
    assert result.band_verdict == Verdict.PROCEED
    assert result.verdict == Verdict.ESCALATE
    assert any(r.kind == "concern" and r.concern == "c" for r in result.verdict_reasons)


def test_risk_left_on_residual_conditions_at_needs_conditions(tmp_path):
    # 2.5 points with 40% removed: 1.5 / 10 = 0.15, the threshold itself
    rulebase = build(tmp_path, [
        rule("R-RISK", "b", "risk", "q1", 2.5),
        rule("R-MIT", "b", "mitigation", "q2", mitigates=[{"rule": "R-RISK", "removes": 0.4}]),
        rule("R-GOOD", "a", "benefit", "q3", 5)],
        {"a": 1, "b": 0, "c": 0})
    result = assess(rulebase, ALL_YES)
    assert result.band_verdict == Verdict.PROCEED
    assert result.verdict == Verdict.PROCEED_WITH_CONDITIONS
    assert any(r.kind == "residual" for r in result.verdict_reasons)
    below = build(tmp_path, [
        rule("R-RISK", "b", "risk", "q1", 2.5),
        rule("R-MIT", "b", "mitigation", "q2", mitigates=[{"rule": "R-RISK", "removes": 0.5}]),
        rule("R-GOOD", "a", "benefit", "q3", 5)],
        {"a": 1, "b": 0, "c": 0})
    assert assess(below, ALL_YES).verdict == Verdict.PROCEED  # 1.25 / 10 stays below
