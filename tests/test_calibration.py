"""The calibration set: reference scenarios with the verdict a careful official would expect.

Each file in tests/calibration/ is {"title", "expected", "why", "answers"}. The expectations were
written before the scenarios were run (blind), from the brief and SOURCES.md; the model was then
calibrated against them (rules/bands.yaml, rules/concerns.yaml, rule points). A scenario the model
still gets wrong is listed in KNOWN_GAPS with the reason, as a strict xfail: the expectation stays
on record, and the test fails loudly once the model is fixed so that the entry can be removed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from webapp.engine import VERDICTS, assess, load_rulebase

from .conftest import RULES

CALIBRATION = Path(__file__).resolve().parent / "calibration"
FILES = sorted(CALIBRATION.glob("*.json"))
_RULEBASE = load_rulebase(RULES)

# Scenarios the balance cannot yet place where a careful official would. Both are go-ahead cases
# with a real, outweighed vendor risk: the additive balance nets the risk away against the
# development and open-economy benefits, so they rank as favourable as the clean cases and come
# out "proceed". No cut point separates them from the clean scenarios 01, 02 and 16 without
# breaking those; the engine would need a rule that a material risk in one concern keeps the
# verdict at least "proceed with conditions" (as concern_escalates_at does for "escalate").
KNOWN_GAPS = {
    "03_partner_rural_access_ldc_mitigated": (
        "development and open-economy benefits net away the residual security risk of a "
        "vendor whose home law compels cooperation; the balance has no 'at least conditions' "
        "floor for a material risk in one concern"),
    "04_partner_school_tablets_ldc": (
        "vendor-pushed updates on 20,000 devices are a material security risk (+0.33 in digital "
        "security) that the development benefit outweighs in the balance; same missing floor"),
}


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


def _verdict_cases():
    for path in FILES:
        marks = ([pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[path.stem])]
                 if path.stem in KNOWN_GAPS else [])
        yield pytest.param(path, id=path.stem, marks=marks)


@pytest.mark.parametrize("path", list(_verdict_cases()))
def test_verdict_matches_the_careful_official(path):
    doc = load(path)
    result = assess(_RULEBASE, doc["answers"], profile="balanced", analyse=False)
    nets = ", ".join(f"{c} {s.net:+.2f}" for c, s in result.concerns.items())
    assert result.verdict == doc["expected"], (
        f"{path.name}: expected {doc['expected']}, got {result.verdict} "
        f"(balance {result.balance:+.3f}; {nets}).\nWhy {doc['expected']}: {doc['why']}")


def test_known_gaps_name_real_scenarios():
    assert set(KNOWN_GAPS) <= {p.stem for p in FILES}
