"""The `weighbridge` command line: the contract later issues and scripts rely on."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from webapp.cli import main

from .conftest import EXAMPLES, MINI, RULES

CONCERN_KEYS = {"risk", "residual_risk", "benefit", "net", "saturated", "evidence"}


def run(*args):
    return CliRunner().invoke(main, ["--rules", str(RULES), *args], catch_exceptions=False)


def test_questions_json_lists_the_bank():
    result = run("questions", "--json")
    assert result.exit_code == 0
    questions = json.loads(result.output)["questions"]
    assert len(questions) >= 40
    by_id = {q["id"]: q for q in questions}
    assert by_id["us_federal_funds"]["options"] == ["yes", "no"]
    assert by_id["us_federal_funds"]["unknown"] is True
    assert by_id["platform_state_scoring"]["show_if"] == {"q": "sector", "is": "platforms_apps"}
    for q in questions:
        assert {"id", "section", "type", "options", "unknown", "show_if"} <= set(q)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_assess_every_example_prints_the_json_contract(path):
    result = run("assess", str(path))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verdict"] in {"proceed", "proceed_with_conditions", "escalate", "do_not_proceed"}
    assert -1 <= data["balance"] <= 1
    assert data["profile"] == "balanced" and len(data["ruleset"]) == 12
    assert set(data["concerns"]) == {"open_economy", "digital_security", "alliances",
                                     "development", "rights"}
    for concern in data["concerns"].values():
        assert CONCERN_KEYS <= set(concern)
    for finding in data["findings"]:
        assert {"rule", "concern", "effect", "points", "weighted", "says", "status"} <= set(
            finding)
        assert finding["status"] in {"fired", "possible"}
    for line in data["red_lines"]:
        assert {"rule", "at_least", "lifted_by", "status"} <= set(line)
    assert "ignored_answers" in data
    assert "NaN" not in result.output and "Infinity" not in result.output


def test_examples_reach_different_verdicts():
    verdicts = {json.loads(run("assess", str(p)).output)["verdict"]
                for p in EXAMPLES.glob("*.json")}
    assert len(verdicts) >= 3


def test_profile_and_custom_weights_change_the_result():
    path = str(EXAMPLES / "rural_access_network_ldc.json")
    balanced = json.loads(run("assess", path).output)
    security = json.loads(run("assess", path, "--profile", "security_led").output)
    custom = json.loads(run("assess", path, "--weights", "development=0,digital_security=3")
                        .output)
    assert security["profile"] == "security_led" and security["weights"]["digital_security"] > 1
    assert custom["profile"] == "custom" and custom["weights"]["development"] == 0
    assert len({balanced["balance"], security["balance"], custom["balance"]}) == 3


def test_text_format_reads_as_a_report():
    result = run("assess", str(EXAMPLES / "ministry_laptops_own_it.json"), "--format", "text")
    assert result.exit_code == 0
    assert result.output.startswith("Verdict: ")
    assert "Findings (by weighted contribution):" in result.output


@pytest.mark.parametrize("content, message", [
    ('{"answers": {"vendor_hme": "china"}}',
     'answers.vendor_hme: unknown question id (did you mean "vendor_home"?)'),
    ('{"answers": {"sector": "satellites"}}', "answers.sector: 'satellites' is not one of"),
    ('{"answers": {"vendor_share_pct": 140}}', "answers.vendor_share_pct: 140 is above"),
    ('{"answers": {"data_kinds": "personal"}}', "answers.data_kinds: expects a list"),
    ('{"answers": [1, 2]}', 'expected an object with "answers"'),
    ('{"answers": {', "not valid JSON (line 1"),
])
def test_bad_answers_file_gives_one_line_error_naming_the_fault(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = run("assess", str(path))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0]


def test_missing_file_and_bad_weights(tmp_path):
    assert run("assess", str(tmp_path / "none.json")).exit_code == 2
    result = run("assess", str(EXAMPLES / "ministry_laptops_own_it.json"), "--weights",
                 "securty=2")
    assert result.exit_code == 2 and 'unknown concern "securty"' in result.output
    result = run("assess", str(EXAMPLES / "ministry_laptops_own_it.json"), "--profile", "x")
    assert result.exit_code == 2 and "unknown profile" in result.output


def test_rules_check_json_on_the_real_rule_base():
    result = run("rules", "check", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["problems"] == [] and data["examples"]["failed"] == 0
    assert data["examples"]["passed"] >= 2 * data["rules"]
    for counts in data["by_concern"].values():
        assert set(counts) == {"risk", "benefit", "mitigation"}
    assert sum(sum(c.values()) for c in data["by_concern"].values()) == data["rules"]


def test_rules_check_fails_on_a_failing_example(tmp_path):
    import shutil

    target = tmp_path / "rules"
    shutil.copytree(MINI, target)
    text = (target / "rules.yaml").read_text().replace(
        "- {answers: {}, fires: possible}", "- {answers: {}, fires: true}")
    (target / "rules.yaml").write_text(text)
    result = CliRunner().invoke(main, ["--rules", str(target), "rules", "check", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["examples"]["failed"] == 1
    assert data["problems"][0]["id"] == "T-RED-RISK"


def test_rules_check_reports_broken_files_and_impossible_rules(tmp_path):
    import shutil

    target = tmp_path / "rules"
    shutil.copytree(MINI, target)
    (target / "extra.yaml").write_text("""
rules:
  - id: T-NEVER
    concern: rights
    effect: risk
    points: 1
    when: {all: [{q: colour, is: red}, {q: colour, is: blue}]}
    says: Never.
    why: Contradiction.
    source: Brief.
    advice: None.
    examples:
      - {answers: {colour: red}, fires: true}
      - {answers: {colour: blue}, fires: false}
""")
    result = CliRunner().invoke(main, ["--rules", str(target), "rules", "check"])
    assert result.exit_code == 1
    assert "T-NEVER: when: can never be true" in result.output
    (target / "extra.yaml").write_text("rules: [{id: T-X, concern: nope}]")
    result = CliRunner().invoke(main, ["--rules", str(target), "rules", "check", "--json"])
    assert result.exit_code == 1
    fields = {(p["file"], p["id"], p["field"]) for p in json.loads(result.output)["problems"]}
    assert ("extra.yaml", "T-X", "concern") in fields


def test_rules_check_warns_about_questions_no_rule_reads(tmp_path):
    import shutil

    target = tmp_path / "rules"
    shutil.copytree(MINI, target)
    result = CliRunner().invoke(main, ["--rules", str(target), "rules", "check", "--json"])
    warned = {w["id"] for w in json.loads(result.output)["warnings"]}
    assert "note" not in warned  # free text is read by people, not rules
    assert "colour" not in warned and "flag" not in warned


def test_rules_coverage_json():
    result = run("rules", "coverage", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["uncovered"] == []
    assert {f"D{n:02d}" for n in range(1, 19)} <= set(data["dilemmas"])
