"""Concerns are data: a rule base with four concerns of other names (tests/fixtures/
four_concerns) loads, scores, renders the report and the method page, and runs the CLI, with
nothing of the real five concerns showing."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from webapp.cli import main
from webapp.engine import Verdict, assess, load_rulebase

from .conftest import FOUR_CONCERNS, make_app

RULEBASE = load_rulebase(FOUR_CONCERNS)
ANSWERS = {"cheap": "yes", "remote": "yes", "logged": "yes", "cameras": "no"}
REAL_NAMES = ("Open economy", "Digital security", "Human rights", "Development",
              "open_economy", "digital_security")


def test_the_concerns_come_from_the_file_in_its_order():
    assert RULEBASE.concern_ids == ("economy", "safety", "partners", "people")
    assert RULEBASE.concerns["safety"].floor == 0.5


def test_scoring_by_hand():
    result = assess(RULEBASE, ANSWERS)
    nets = {c: s.net for c, s in result.concerns.items()}
    # remote 4 points halved by logging (floor 0.5 of safety): 2/6; partners 1/6; cheap -2/6
    assert nets == {"economy": pytest.approx(-2 / 6), "safety": pytest.approx(2 / 6),
                    "partners": pytest.approx(1 / 6), "people": 0.0}
    assert not result.concerns["people"].evidence
    assert result.balance == pytest.approx((-2 + 2 + 1 + 0) / 6 / 4)
    weighted = assess(RULEBASE, ANSWERS, profile="people_first")
    assert weighted.balance == pytest.approx((-2 + 2 + 0.5) / 6 / 5.5)
    assert set(weighted.analysis.sensitivity.weights) == set(RULEBASE.concern_ids)
    red = assess(RULEBASE, {**ANSWERS, "cameras": "yes"})
    assert red.verdict >= Verdict.ESCALATE  # the red line holds whatever the weights


def test_the_cli_with_four_concerns(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": ANSWERS}), encoding="utf-8")
    runner = CliRunner()
    data = json.loads(runner.invoke(main, ["--rules", str(FOUR_CONCERNS), "assess",
                                           str(path)]).output)
    assert list(data["concerns"]) == ["economy", "safety", "partners", "people"]
    assert list(data["weights"]) == ["economy", "safety", "partners", "people"]
    text = runner.invoke(main, ["--rules", str(FOUR_CONCERNS), "assess", str(path),
                                "--format", "text", "--weights", "people=2"]).output
    assert "Economy" in text and "People" in text and "Open economy" not in text
    bad = runner.invoke(main, ["--rules", str(FOUR_CONCERNS), "assess", str(path),
                               "--weights", "rights=2"])
    assert bad.exit_code == 2 and 'unknown concern "rights"' in bad.output
    check = runner.invoke(main, ["--rules", str(FOUR_CONCERNS), "rules", "check"])
    assert check.exit_code == 0 and "people" in check.output


def test_the_report_and_the_method_page_with_four_concerns(tmp_path):
    app = make_app(tmp_path, FOUR_CONCERNS)
    client = app.test_client()
    step = client.post("/assessments/new", data={"title": "Four"}).headers["Location"]
    response = client.post(step, data={"action": "next", **ANSWERS})
    assert response.status_code == 302
    report = client.get(response.headers["Location"] + "?w_people=3")
    html = report.text
    assert report.status_code == 200
    for name in ("Economy and trade", "Safety", "Partners abroad", "People and their rights"):
        assert name in html
    assert not [n for n in REAL_NAMES if n in html]
    assert len(re.findall(r'<text [^>]*class="label"', html)) >= 4  # a chart row each
    assert 'name="w_people"' in html and 'name="w_economy"' in html
    # the floors of these concerns, not a hard-coded concern's
    assert re.search(r"at least\s+20% \(by concern, up to 50%\)", html)
    method = client.get("/method").text
    assert "The four concerns" in method and "Partners abroad" in method
    assert not [n for n in REAL_NAMES if n in method]
    assert "economy, safety, partners and people" in client.get("/").text  # the footer
