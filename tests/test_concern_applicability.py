"""A concern that does not apply takes no part in the balance (DESIGN.md: neither in Σw·net nor
in Σw); when whether it applies depends on an unknown answer, both cases are completions."""

from __future__ import annotations

import itertools

import pytest
import yaml

from webapp.engine import Verdict, assess, load_rulebase

QUESTIONS = {"sections": [
    {"id": "s", "title": "S", "questions": [
        {"id": "where", "type": "choice", "text": "Where?", "help": "Here or there.",
         "options": [{"id": "home", "label": "Home"}, {"id": "partner", "label": "Partner"}]},
        {"id": "poor", "type": "yesno", "unknown": True, "text": "Poor?", "help": "Y/N."},
        {"id": "risky", "type": "yesno", "unknown": True, "text": "Risky?", "help": "Y/N."},
        {"id": "good", "type": "yesno", "unknown": True, "text": "Good?", "help": "Y/N."}]},
    {"id": "d", "title": "Development", "questions": [
        {"id": "need", "type": "yesno", "unknown": True, "text": "Need?", "help": "Y/N."}],
     "show_if": {"any": [{"q": "where", "is": "partner"}, {"q": "poor", "is": "yes"}]}}]}
DEV_APPLIES = {"any": [{"q": "where", "is": "partner"}, {"q": "poor", "is": "yes"}]}


def concern(cid, scale=8, applies_if=None):
    data = {"id": cid, "name": cid.title(), "definition": "D.", "section": "S", "scale": scale,
            "floor": 0.2}
    if applies_if:
        data["applies_if"] = applies_if
        data["applies_note"] = "Not at home in a rich country."
    return data


def rule(rid, concern_id, effect, q, points):
    return {"id": rid, "concern": concern_id, "effect": effect, "points": points,
            "when": {"q": q, "is": "yes"}, "says": rid, "why": "W.", "source": "S.",
            "advice": "A.", "examples": [{"answers": {q: "yes"}, "fires": True},
                                         {"answers": {q: "no"}, "fires": False}]}


def build(tmp_path, concerns, rules, weights):
    files = {
        "questions.yaml": QUESTIONS, "concerns.yaml": {"concerns": concerns},
        "bands.yaml": {"cuts": {"proceed_with_conditions": -0.15, "escalate": 0.2,
                                "do_not_proceed": 0.4}, "concern_escalates_at": 0.9},
        "profiles.yaml": {"profiles": [{"id": "balanced", "name": "B", "rationale": "R.",
                                        "weights": weights}]},
        "rules.yaml": {"rules": rules}}
    for name, data in files.items():
        (tmp_path / name).write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_rulebase(tmp_path)


@pytest.fixture
def base(tmp_path):
    return build(tmp_path, [concern("security"), concern("dev", 4, DEV_APPLIES)],
                 [rule("S-RISK", "security", "risk", "risky", 2),
                  rule("D-GOOD", "dev", "benefit", "need", 2),
                  rule("D-CHEAP", "dev", "benefit", "good", 1)],
                 {"security": 1, "dev": 3})


HOME_RICH = {"where": "home", "poor": "no", "risky": "yes", "good": "yes"}


def test_a_concern_that_does_not_apply_drops_out_of_both_sums(base):
    result = assess(base, HOME_RICH)
    dev = result.concerns["dev"]
    assert dev.applies is False and dev.weighted == 0 and not dev.evidence
    # security alone: 2/8, its weight alone in the denominator (not (1*0.25 + 3*0)/4)
    assert result.balance == pytest.approx(0.25)
    assert result.concerns["security"].weighted == pytest.approx(0.25)
    assert not [f for f in result.findings if f.concern == "dev"]  # D-CHEAP does not count
    data = result.to_dict()
    assert data["concerns"]["dev"]["applies"] is False
    assert data["concerns"]["security"]["applies"] is True
    weights = result.analysis.sensitivity.weights
    assert weights["dev"].applies is False and weights["dev"].holds_to is None
    assert weights["dev"].holds_from == 0.0


def test_where_it_applies_it_weighs_in(base):
    result = assess(base, {**HOME_RICH, "poor": "yes", "need": "yes"})
    assert result.concerns["dev"].applies is True
    # security 2/8 = 0.25 with weight 1; dev -(2+1)/4 = -0.75 with weight 3
    assert result.balance == pytest.approx((0.25 - 3 * 0.75) / 4)


def completions(rulebase, answers, unknown):
    balances, verdicts = [], set()
    for values in itertools.product(*[["yes", "no"]] * len(unknown)):
        scored = assess(rulebase, {**answers, **dict(zip(unknown, values, strict=True))},
                        analyse=False)
        balances.append(scored.balance)
        verdicts.add(scored.verdict)
    return min(balances), max(balances), verdicts


@pytest.mark.parametrize("unknown", [["poor"], ["poor", "need"], ["poor", "risky", "need"]])
def test_unknown_applicability_counts_both_cases_exactly(base, unknown):
    answers = {**HOME_RICH, "need": "yes"}
    result = assess(base, {**answers, **{q: "unknown" for q in unknown}})
    low, high, verdicts = completions(base, answers, unknown)
    assert result.concerns["dev"].applies is None
    assert result.to_dict()["concerns"]["dev"]["applies"] is None
    assert result.interval_exact
    assert result.interval == [pytest.approx(low), pytest.approx(high)]
    assert set(result.verdicts_possible) == verdicts


@pytest.mark.parametrize("unknown", [["poor"], ["poor", "need"], ["poor", "risky", "good"]])
def test_the_relaxation_bound_stays_sound_when_concerns_come_and_go(base, monkeypatch, unknown):
    import webapp.engine.analysis.headline as headline

    monkeypatch.setattr(headline, "EXACT_LIMIT", 1)  # force the bound
    answers = {**HOME_RICH, "need": "yes"}
    result = assess(base, {**answers, **{q: "unknown" for q in unknown}})
    low, high, verdicts = completions(base, answers, unknown)
    assert not result.interval_exact
    assert result.interval[0] <= low + 1e-12 and high <= result.interval[1] + 1e-12
    assert max(verdicts) <= result.verdict


def test_weight_ranges_hold_when_a_concern_may_not_apply(base):
    answers = {**HOME_RICH, "need": "yes", "poor": "unknown"}
    result = assess(base, answers)
    for concern_id, r in result.analysis.sensitivity.weights.items():
        for end, inside, outside in (("holds_to", -1, 1), ("holds_from", 1, -1)):
            value = getattr(r, end)
            if value is None or value <= 0:
                continue
            step = 1e-6 * max(1.0, value)
            weights = dict(result.weights)
            assert assess(base, answers, weights={**weights, concern_id: value + inside * step},
                          analyse=False).verdict == result.verdict
            assert assess(base, answers, weights={**weights, concern_id: value + outside * step},
                          analyse=False).verdict != result.verdict


def test_with_no_concern_applying_the_balance_is_zero_and_says_why(tmp_path):
    rulebase = build(tmp_path, [concern("dev", 4, DEV_APPLIES)],
                     [rule("D-GOOD", "dev", "benefit", "need", 2)], {"dev": 1})
    result = assess(rulebase, {"where": "home", "poor": "no", "risky": "no", "good": "no"})
    assert result.balance == 0.0 and result.band_verdict == Verdict.PROCEED_WITH_CONDITIONS
    assert any(r.kind == "no_concern" for r in result.verdict_reasons)


def test_the_real_development_concern_applies_at_home_only_in_a_poor_country(rulebase):
    from .conftest import example_answers

    laptops = assess(rulebase, example_answers("ministry_laptops_own_it.json"))
    assert laptops.concerns["development"].applies is False
    assert laptops.analysis.sensitivity.weights["development"].applies is False
    own_project = assess(rulebase, {**example_answers("rural_access_network_ldc.json"),
                                    "deployment_location": "home", "ldc": "yes"})
    assert own_project.concerns["development"].applies is True
    assert own_project.concerns["development"].evidence
