"""The conditions the engine attaches to a decision: every one re-scored with its answers gives
the balance and verdict it states, adopting one never makes the verdict worse, one action
appears once, and only actions a buyer can take are offered as answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from webapp.engine import Verdict, assess
from webapp.engine.loading.conditions import questions_read

from .conftest import EXAMPLES

CALIBRATION = Path(__file__).resolve().parent / "calibration"
CASES = sorted(EXAMPLES.glob("*.json")) + sorted(CALIBRATION.glob("*.json"))
VERDICTS = [v.id for v in Verdict]


def answers_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["answers"]


@pytest.fixture(scope="module")
def results(rulebase):
    return {path.name: (answers_of(path), assess(rulebase, answers_of(path)).to_dict())
            for path in CASES}


@pytest.mark.parametrize("case", [p.name for p in CASES])
def test_adopting_a_condition_gives_what_it_says_and_never_worse(rulebase, results, case):
    answers, result = results[case]
    for condition in result["conditions"]:
        if not condition["answers"] or condition["balance_if_adopted"] is None:
            continue
        adopted = assess(rulebase, {**answers, **condition["answers"]}, analyse=False)
        assert adopted.balance == pytest.approx(condition["balance_if_adopted"], abs=1e-9), (
            case, condition["text"])
        assert adopted.verdict.id == condition["verdict_if_adopted"]
        assert VERDICTS.index(condition["verdict_if_adopted"]) <= VERDICTS.index(
            result["verdict"]), (case, condition["text"])
        assert condition["balance_if_adopted"] <= result["balance"] + 1e-9


@pytest.mark.parametrize("case", [p.name for p in CASES])
def test_each_condition_answers_a_risk_counted_now_and_appears_once(rulebase, results, case):
    _, result = results[case]
    risks = {f["rule"] for f in result["findings"] if f["effect"] == "risk" and f["counts"]}
    red_lines = {r["rule"] for r in result["red_lines"]}
    seen_texts, seen_answers = set(), set()
    for condition in result["conditions"]:
        assert condition["text"] and condition["addresses"]
        assert set(condition["addresses"]) <= risks | red_lines, (case, condition)
        assert condition["text"] not in seen_texts
        seen_texts.add(condition["text"])
        if condition["answers"]:
            key = tuple(sorted(condition["answers"].items()))
            assert key not in seen_answers, (case, condition["text"])
            seen_answers.add(key)


def test_conditions_offer_only_actions_never_a_change_of_the_facts(rulebase, results):
    actions = {q for rule in rulebase.rules if rule.effect == "mitigation"
               for q in questions_read(rule.when)}
    offered = {q for _, result in results.values() for c in result["conditions"]
               for q in c["answers"]}
    assert offered and offered <= actions
    assert not offered & {"nato_member", "surveillance_capability", "deployment_location"}


def test_ranked_red_lines_first_then_by_effect(results):
    for case, (_, result) in results.items():
        conditions = result["conditions"]
        kinds = [c["kind"] == "red_line" for c in conditions]
        assert kinds == sorted(kinds, reverse=True), case
        scored = [(VERDICTS.index(c["verdict_if_adopted"]), c["balance_if_adopted"])
                  for c in conditions if c["kind"] != "red_line" and c["balance_if_adopted"]
                  is not None]
        assert scored == sorted(scored), case
        unscored_at = [i for i, c in enumerate(conditions) if c["balance_if_adopted"] is None]
        assert all(c["balance_if_adopted"] is None for c in conditions[unscored_at[0]:]) \
            if unscored_at else True


def test_proceed_with_conditions_comes_with_conditions(results):
    cases = [r for _, r in results.values() if r["verdict"] == "proceed_with_conditions"]
    assert len(cases) >= 3
    for result in cases:
        assert result["conditions"], "a verdict of proceed with conditions lists none"


def test_a_red_line_comes_first_with_its_lift(results):
    with_red_line = [r for _, r in results.values()
                     if any(line["status"] == "fired" for line in r["red_lines"])]
    assert with_red_line
    for result in with_red_line:
        first = result["conditions"][0]
        assert first["kind"] == "red_line"
        lifted = {line["rule"]: line["lifted_by"] for line in result["red_lines"]}
        assert first["text"] in lifted.values()


def test_complete_is_false_until_every_applicable_question_is_answered(rulebase, results):
    for case, (_, result) in results.items():
        assert result["complete"] is True and result["unanswered"] == [], case
    answers, _ = results["rural_access_network_ldc.json"]
    missing = dict(answers)
    missing.pop("m_exit_plan")
    draft = assess(rulebase, missing, analyse=False)
    assert draft.complete is False and draft.unanswered == ["m_exit_plan"]
    unknown = assess(rulebase, {**answers, "m_exit_plan": "unknown"}, analyse=False)
    assert unknown.complete is True  # "don't know" is an answer
    blank = assess(rulebase, {}, analyse=False)
    assert not blank.complete and len(blank.unanswered) > 10


def test_with_unknown_answers_the_scored_conditions_are_exact_over_the_completions(rulebase):
    answers = answers_of(EXAMPLES / "police_facial_recognition_not_free.json")
    unknown = [q for q in answers if q.startswith("m_")][:6]
    draft = {**answers, **{q: "unknown" for q in unknown}}
    result = assess(rulebase, draft).to_dict()
    scored = [c for c in result["conditions"] if c["balance_if_adopted"] is not None]
    assert scored
    for condition in scored:
        if condition["answers"]:
            adopted = assess(rulebase, {**draft, **condition["answers"]}, analyse=False)
            assert adopted.balance == pytest.approx(condition["balance_if_adopted"], abs=1e-9)
            assert adopted.verdict.id == condition["verdict_if_adopted"]
