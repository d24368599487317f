"""The calibration set: reference scenarios with the verdict a careful official would expect.

Each file in tests/calibration/ is {"title", "expected", "why", "answers"}. The expectations were
written before the scenarios were run (blind), from the brief and SOURCES.md; the model was then
calibrated against them (rules/bands.yaml, rules/concerns.yaml, rule points). Two go-ahead
scenarios with a real but outweighed vendor risk (03, 04) first came out "proceed": the additive
balance netted the risk away against development benefits. bands.yaml's residual_conditions_at
(risk left after mitigation keeps the verdict at least "proceed with conditions") places them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from webapp.engine import Verdict, assess, load_rulebase

from .conftest import RULES

VERDICTS = [v.id for v in Verdict]

CALIBRATION = Path(__file__).resolve().parent / "calibration"
FILES = sorted(CALIBRATION.glob("*.json"))
_RULEBASE = load_rulebase(RULES)

def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_set_spans_the_space():
    docs = [load(p) for p in FILES]
    assert len(docs) >= 12
    assert {d["expected"] for d in docs} == set(VERDICTS)
    answers = [d["answers"] for d in docs]
    assert {a["sector"] for a in answers} == {"networks", "devices", "platforms_apps",
                                             "critical_components"}
    assert {a["deployment_location"] for a in answers} == {"home", "partner_country"}
    assert {a["surveillance_capability"] for a in answers} == {"yes", "no"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_scenario_is_well_formed_and_complete(path):
    doc = load(path)
    assert set(doc) == {"title", "expected", "why", "answers"}, path.name
    assert doc["expected"] in VERDICTS, path.name
    assert doc["title"].strip() and len(doc["why"].split()) >= 20, path.name
    assert "unknown" not in json.dumps(doc["answers"]), f"{path.name}: avoid 'unknown' answers"
    result = assess(_RULEBASE, doc["answers"], profile="balanced", analyse=False)
    assert result.unknown_questions == [], (
        f"{path.name}: answer every applicable question, missing {result.unknown_questions}")
    assert result.ignored_answers == {}, (
        f"{path.name}: answers to questions that do not apply: {sorted(result.ignored_answers)}")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_verdict_matches_the_careful_official(path):
    doc = load(path)
    result = assess(_RULEBASE, doc["answers"], profile="balanced", analyse=False)
    nets = ", ".join(f"{c} {s.net:+.2f}" for c, s in result.concerns.items())
    assert result.verdict.id == doc["expected"], (
        f"{path.name}: expected {doc['expected']}, got {result.verdict} "
        f"(balance {result.balance:+.3f}; {nets}).\nWhy {doc['expected']}: {doc['why']}")
