"""One count per cause: rules that restate one cause count together at most its cap, the
report says so, and `rules check` warns about likely double counts outside a cause."""

from __future__ import annotations

import shutil

import pytest
import yaml

from webapp.engine import assess, load_rulebase
from webapp.engine.checks import check_rulebase, overlap_warnings
from webapp.engine.core.yamlio import load_yaml_text

from .conftest import RULES, example_answers


def test_every_cause_is_used_and_rules_check_reports_no_overlap(rulebase):
    members = {c: [r.id for r in rulebase.rules if r.cause == c] for c in rulebase.causes}
    assert all(len(ids) >= 2 for ids in members.values()), members
    assert overlap_warnings(rulebase) == []
    report = check_rulebase(rulebase)
    assert not [w for w in report.warnings if w.field == "cause"]


def test_a_cause_past_its_cap_scales_its_members_and_the_balance_adds_up(rulebase):
    answers = example_answers("core_network_listed_vendor.json")
    result = assess(rulebase, answers)
    home = [f for f in result.findings if f.cause and f.cause.id == "home_state_pressure"]
    assert len(home) >= 3
    cause = home[0].cause
    assert cause.total > cause.cap and cause.share == pytest.approx(cause.cap / cause.total)
    counted = sum(f.residual * cause.share for f in home if f.counts)
    assert counted == pytest.approx(cause.cap)
    security = result.concerns["digital_security"]
    others = sum(f.residual for f in result.findings if f.concern == "digital_security"
                 and f.effect == "risk" and f.counts and f not in home)
    assert security.residual_risk == pytest.approx(others + cause.cap)
    # the contributions still add up to the balance (no concern saturated here is needed)
    if not any(c.saturated for c in result.concerns.values()):
        assert sum(f.weighted for f in result.findings) == pytest.approx(result.balance)


def test_the_overlap_warning_catches_a_new_double_count(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    data = load_yaml_text((target / "digital_security.yaml").read_text(encoding="utf-8"))
    twin = next(r for r in data["rules"] if r["id"] == "SEC-STATE-LINKS")
    copy = {**twin, "id": "SEC-STATE-LINKS-AGAIN"}
    copy.pop("cause")
    data["rules"].append(copy)
    (target / "digital_security.yaml").write_text(yaml.safe_dump(data, sort_keys=False),
                                                  encoding="utf-8")
    warnings = overlap_warnings(load_rulebase(target))
    assert any(w.id == "SEC-STATE-LINKS" and "SEC-STATE-LINKS-AGAIN" in w.message
               and "without sharing a cause" in w.message for w in warnings)


def test_a_cause_must_exist_and_group_one_kind_of_rule(tmp_path):
    from webapp.engine import RuleBaseError

    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    text = (target / "open_economy.yaml").read_text(encoding="utf-8")
    text = text.replace("cause: state_control_of_vendor", "cause: state_control_of_vendr", 1)
    (target / "open_economy.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleBaseError) as caught:
        load_rulebase(target)
    assert 'did you mean "state_control_of_vendor"' in str(caught.value)
