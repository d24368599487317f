"""The scoring model of DESIGN.md on a tiny rule base whose numbers can be checked by hand."""

from __future__ import annotations

import json
import shutil

import pytest

from webapp.engine import WeightsError, assess, load_rulebase

from .conftest import MINI

COMPLETE = {"colour": "red", "shade": "light", "flag": "no", "amount": 10, "safeguards": []}


def finding(result, rule_id):
    return next(f for f in result.findings if f.rule == rule_id)


def test_risk_counts_in_its_concern(mini):
    result = assess(mini, COMPLETE)
    security = result.concerns["digital_security"]
    assert (security.risk, security.residual_risk, security.net) == (4.0, 4.0, pytest.approx(0.4))
    assert result.balance == pytest.approx(0.4 / 5)
    assert result.verdict.id == "proceed_with_conditions"


def test_one_mitigation_removes_its_share(mini):
    result = assess(mini, {**COMPLETE, "safeguards": ["first"]})
    risk = finding(result, "T-RED-RISK")
    assert (risk.points, risk.residual) == (4.0, pytest.approx(2.0))
    assert [m.rule for m in risk.mitigated_by] == ["T-MIT-FIRST"]
    mitigation = finding(result, "T-MIT-FIRST")
    assert mitigation.reduces[0].points_removed == pytest.approx(2.0)


def test_mitigations_multiply_but_never_below_the_floor(mini):
    # 0.5 and 0.9 would leave 4 x 0.05 = 0.2 points; the floor 0.2 keeps 4 x 0.2 = 0.8
    result = assess(mini, {**COMPLETE, "safeguards": ["first", "second"]})
    assert finding(result, "T-RED-RISK").residual == pytest.approx(0.8)
    assert result.concerns["digital_security"].residual_risk == pytest.approx(0.8)
    removed = sum(finding(result, r).points for r in ("T-MIT-FIRST", "T-MIT-SECOND"))
    assert removed == pytest.approx(4.0 - 0.8)


def test_benefit_argues_for_and_contributions_add_up(mini):
    result = assess(mini, {**COMPLETE, "flag": "yes", "detail": "y"})
    assert result.concerns["development"].net == pytest.approx(-0.2)
    assert finding(result, "T-FLAG-BENEFIT").weighted == pytest.approx(-0.2 / 5)
    counted = sum(f.weighted for f in result.findings if f.counts)
    assert counted == pytest.approx(result.balance)
    assert result.balance == pytest.approx((0.4 - 0.2) / 5)


def test_no_evidence_is_not_a_neutral_zero(mini):
    result = assess(mini, COMPLETE)
    assert result.concerns["rights"].evidence is False
    assert result.concerns["digital_security"].evidence is True


def test_weights_change_the_balance(mini):
    balanced = assess(mini, COMPLETE)
    security = assess(mini, COMPLETE, profile="security_led")
    custom = assess(mini, COMPLETE, weights={"digital_security": 0, "development": 2})
    assert security.balance == pytest.approx(3 * 0.4 / 7)
    assert security.balance > balanced.balance
    assert custom.profile == "custom" and custom.balance == pytest.approx(0.0)
    with pytest.raises(WeightsError, match="unknown profile"):
        assess(mini, COMPLETE, profile="nope")
    with pytest.raises(WeightsError, match="at least one weight"):
        assess(mini, COMPLETE, weights={c: 0 for c in result_concerns(balanced)})


def result_concerns(result):
    return list(result.concerns)


def test_red_line_sets_a_minimum_verdict_whatever_the_weights(mini):
    answers = {**COMPLETE, "colour": "green", "flag": "yes", "detail": "x"}
    for weights in (None, {"rights": 0.001, "development": 10}):
        result = assess(mini, answers, weights=weights)
        assert result.verdict.id == "escalate"
        assert result.band_verdict != "escalate"
        [line] = result.red_lines
        assert (line.rule, line.status, line.lifted_by) == ("T-DETAIL-LINE", "fired",
                                                            "Choosing detail y.")


def test_a_red_line_that_depends_on_an_unknown_answer_is_possible_and_counts(mini):
    result = assess(mini, {**COMPLETE, "colour": "green", "flag": "yes", "detail": "unknown"})
    [line] = result.red_lines
    assert line.status == "possible"
    assert result.verdict.id == "escalate"


def test_unknown_risk_counts_as_possible(mini):
    answers = {"colour": "unknown", "flag": "no", "amount": 10, "safeguards": []}
    result = assess(mini, answers)
    risk = finding(result, "T-RED-RISK")
    assert risk.status == "possible" and risk.counts
    # the worst case: red, and then the (unanswered) shade dark
    assert result.balance == pytest.approx((0.4 + 0.1) / 5)
    assert result.interval == [pytest.approx(0.0), pytest.approx(0.1)]
    assert not result.robust


def test_unknown_benefit_does_not_count_and_possible_red_line_does(mini):
    result = assess(mini, {**COMPLETE, "flag": "unknown"})
    benefit = finding(result, "T-FLAG-BENEFIT")
    assert benefit.status == "possible"
    assert result.verdict.id == "escalate"  # detail x (a red line) is possible if the flag is up
    assert [line.status for line in result.red_lines] == ["possible"]


def test_stale_answer_to_a_hidden_question_does_not_count(mini):
    result = assess(mini, {**COMPLETE, "colour": "blue", "shade": "dark"})
    assert result.ignored_answers == {"shade": "dark"}
    assert all(f.rule != "T-DARK" for f in result.findings)
    assert result.concerns["alliances"].evidence is False


@pytest.fixture
def steep(tmp_path):
    """The mini rule base with a digital_security scale of 2: one red answer saturates it."""
    target = tmp_path / "rules"
    shutil.copytree(MINI, target)
    concerns = (target / "concerns.yaml").read_text().replace(
        "name: Digital security, definition: Security., section: Responding, scale: 10",
        "name: Digital security, definition: Security., section: Responding, scale: 2")
    (target / "concerns.yaml").write_text(concerns)
    return load_rulebase(target)


def test_saturated_concern_escalates_on_its_own(steep):
    result = assess(steep, {**COMPLETE, "safeguards": []}, weights={
        "open_economy": 10, "digital_security": 0.1, "alliances": 10, "development": 10,
        "rights": 10})
    security = result.concerns["digital_security"]
    assert security.raw == pytest.approx(2.0) and security.net == 1.0 and security.saturated
    assert result.band_verdict.id == "proceed_with_conditions"
    assert result.verdict.id == "escalate"
    assert any(r.kind == "concern" and r.concern == "digital_security"
               for r in result.verdict_reasons)


def test_result_json_has_no_nan_or_infinity(mini):
    data = assess(mini, {}).to_dict()
    json.dumps(data, allow_nan=False)
    for key in ("verdict", "balance", "profile", "weights", "ruleset", "concerns", "findings",
                "red_lines", "ignored_answers"):
        assert key in data


def test_residual_risk_keeps_the_verdict_at_least_with_conditions(tmp_path):
    """Benefits in other concerns do not average away a risk that remains after mitigation."""
    target = tmp_path / "rules"
    shutil.copytree(MINI, target)
    with (target / "bands.yaml").open("a") as bands:
        bands.write("residual_conditions_at: 0.3\n")
    rulebase = load_rulebase(target)
    weights = {"open_economy": 1, "digital_security": 1, "alliances": 1, "development": 20,
               "rights": 1}
    answers = {**COMPLETE, "flag": "yes", "detail": "y"}  # red risk 4/10 and a benefit
    result = assess(rulebase, answers, weights=weights)
    assert result.band_verdict.id == "proceed"  # the benefit's weight carries the balance
    assert result.verdict.id == "proceed_with_conditions"
    assert any(r.kind == "residual" for r in result.verdict_reasons)
    mitigated = assess(rulebase, {**answers, "safeguards": ["first"]}, weights=weights)
    assert mitigated.verdict.id == "proceed"  # 4 x 0.5 = 2 points: 0.2 < 0.3
