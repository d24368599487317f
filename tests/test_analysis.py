"""Decision analysis: the interval over unknowns, evidence gaps, weight sensitivity and what
would change the verdict, each checked against plain re-scoring."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from webapp.engine import Verdict, assess, load_rulebase

from .conftest import EXAMPLES, MINI, RULES, example_answers

# Module-level (not fixtures) so that hypothesis does not print them with every example.
RULEBASE = load_rulebase(RULES)
MINI_RULEBASE = load_rulebase(MINI)

EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.json"))
CALIBRATION = sorted((Path(__file__).parent / "calibration").glob("*.json"))
TOLERANCE = 1e-9


def answer_value(rulebase, qid, value):
    """A domain value in answer form."""
    return rulebase.bank.questions[qid].kind.answer(value)


def completions(rulebase, answers, unknown):
    """Every combination of domain values for the unknown questions (brute force)."""
    domains = [[answer_value(rulebase, q, v) for v in rulebase.domains[q]] for q in unknown]
    for values in itertools.product(*domains):
        yield {**answers, **dict(zip(unknown, values, strict=True))}


def with_unknowns(answers, unknown):
    return {**answers, **{q: "unknown" for q in unknown}}


# --- the interval ------------------------------------------------------------------------


def relevant_answered(rulebase, answers):
    return [q for q in rulebase.relevant_questions if q in answers]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_interval_is_exact_and_sound_on_the_real_rule_base(data):
    rulebase = RULEBASE
    answers = example_answers(data.draw(st.sampled_from(EXAMPLE_NAMES)))
    # Questions that open no other question, so the unknowns are exactly the ones drawn, and
    # with small domains, so that brute force stays quick (at most 8 x 8 x 8 completions).
    candidates = [q for q in relevant_answered(rulebase, answers)
                  if q not in rulebase.controllers and len(rulebase.domains[q]) <= 8]
    unknown = data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=3,
                                 unique=True))
    result = assess(rulebase, with_unknowns(answers, unknown), analyse=False)
    low, high = result.interval
    assert low <= result.balance <= high and result.interval_exact
    scores = [assess(rulebase, c, analyse=False) for c in completions(rulebase, answers,
                                                                          unknown)]
    balances = [s.balance for s in scores]
    verdicts = {s.verdict for s in scores}
    # sound: every completion inside; exact: both ends reached by some completion
    assert min(balances) >= low - TOLERANCE and max(balances) <= high + TOLERANCE
    assert min(balances) == pytest.approx(low, abs=TOLERANCE)
    assert max(balances) == pytest.approx(high, abs=TOLERANCE)
    assert result.verdict == max(verdicts)  # the headline takes the worst case
    assert set(result.verdicts_possible) == verdicts
    assert result.robust == (len(verdicts) == 1)


def random_answer(question, draw):
    if question.type in ("choice", "yesno"):
        return draw(st.sampled_from(question.option_ids))
    if question.type == "multi":
        return draw(st.lists(st.sampled_from(question.option_ids), unique=True))
    if question.type == "number":
        low = question.minimum if question.minimum is not None else 0
        high = question.maximum if question.maximum is not None else 1000
        return draw(st.floats(min_value=low, max_value=high, allow_nan=False))
    return "text"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_completions_fall_inside_the_interval(data):
    """Any real answers (not only the representatives) to any unknowns land inside, also when
    an unknown opens questions of its own (the completion's own worst case is inside)."""
    rulebase = RULEBASE
    answers = example_answers(data.draw(st.sampled_from(EXAMPLE_NAMES)))
    candidates = relevant_answered(rulebase, answers)
    unknown = data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=8,
                                 unique=True))
    result = assess(rulebase, with_unknowns(answers, unknown), analyse=False)
    completion = {**answers, **{q: random_answer(rulebase.bank.questions[q], data.draw)
                                for q in unknown}}
    scored = assess(rulebase, completion, analyse=False)
    low, high = result.interval
    assert low - TOLERANCE <= scored.balance <= high + TOLERANCE
    assert scored.verdict <= result.verdict


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_interval_is_exact_on_random_answers_to_the_mini_rule_base(data):
    mini = MINI_RULEBASE
    answers = {}
    for question in mini.bank.ordered():
        if data.draw(st.booleans()):
            answers[question.id] = random_answer(question, data.draw)
    unknown = [q for q in mini.relevant_questions if q not in answers]
    result = assess(mini, answers, analyse=False)
    scores = [assess(mini, c, analyse=False) for c in completions(mini, answers, unknown)]
    assert min(s.balance for s in scores) == pytest.approx(result.interval[0], abs=TOLERANCE)
    assert max(s.balance for s in scores) == pytest.approx(result.interval[1], abs=TOLERANCE)
    assert result.verdict == max(s.verdict for s in scores)


def test_no_unknowns_means_zero_width_and_robust(rulebase):
    for name in EXAMPLE_NAMES:
        result = assess(rulebase, example_answers(name))
        assert result.interval == [result.balance, result.balance]
        assert result.robust and result.interval_exact and result.unknown_questions == []
        assert result.analysis.evidence_gaps == []


def test_beyond_the_limit_the_interval_is_a_sound_bound(rulebase):
    answers = example_answers("rural_access_network_ldc.json")
    unknown = [q for q in relevant_answered(rulebase, answers)
               if rulebase.bank.questions[q].type in ("choice", "yesno")][:14]
    result = assess(rulebase, with_unknowns(answers, unknown))
    assert not result.interval_exact
    low, high = result.interval
    for completion in itertools.islice(completions(rulebase, answers, unknown), 0, None, 97):
        balance = assess(rulebase, completion, analyse=False).balance
        assert low - TOLERANCE <= balance <= high + TOLERANCE


def test_show_if_on_an_unknown_answer_counts_both_ways(mini):
    """Shade applies only to red: with the colour unknown, its answer may or may not count."""
    result = assess(mini, {"colour": "unknown", "shade": "dark", "flag": "no", "amount": 10,
                           "safeguards": []})
    red_dark = assess(mini, {"colour": "red", "shade": "dark", "flag": "no", "amount": 10,
                             "safeguards": []}, analyse=False)
    blue = assess(mini, {"colour": "blue", "shade": "dark", "flag": "no", "amount": 10,
                         "safeguards": []}, analyse=False)
    assert result.interval == [pytest.approx(blue.balance), pytest.approx(red_dark.balance)]
    assert result.assumed == {"colour": "red"}


# --- evidence gaps -----------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_evidence_gaps_match_answering_each_question(rulebase, name):
    answers = example_answers(name)
    unknown = relevant_answered(rulebase, answers)[3:6]
    result = assess(rulebase, with_unknowns(answers, unknown))
    width = result.interval[1] - result.interval[0]
    gaps = {g.question: g for g in result.analysis.evidence_gaps}
    assert set(unknown) <= set(gaps)
    for qid in unknown:
        widest, changes = 0.0, False
        for value in rulebase.domains[qid]:
            answered = assess(rulebase, {**with_unknowns(answers, unknown),
                                         qid: answer_value(rulebase, qid, value)}, analyse=False)
            widest = max(widest, answered.interval[1] - answered.interval[0])
            changes |= answered.verdict != result.verdict
        assert gaps[qid].narrows_by == pytest.approx(max(0.0, width - widest), abs=1e-9)
        assert gaps[qid].could_change_verdict == changes
    ranks = [(not g.could_change_verdict, -g.narrows_by) for g in result.analysis.evidence_gaps]
    assert ranks == sorted(ranks)


# --- weight sensitivity ------------------------------------------------------------------


def verdict_with(rulebase, answers, weights):
    return assess(rulebase, answers, weights=weights, analyse=False).verdict


SENSITIVITY_CASES = [(n, u) for n in EXAMPLE_NAMES for u in (0, 2)]


@pytest.mark.parametrize("name, n_unknown", SENSITIVITY_CASES)
def test_weight_ranges_hold_inside_and_change_outside(rulebase, name, n_unknown):
    answers = example_answers(name)
    answers = with_unknowns(answers, relevant_answered(rulebase, answers)[:n_unknown])
    result = assess(rulebase, answers)
    base = dict(result.weights)
    checked = 0
    for concern, r in result.analysis.sensitivity.weights.items():
        assert r.weight == base[concern]
        assert r.holds_from <= base[concern] and (r.holds_to is None or base[concern] <= r.holds_to)
        for end, inside, outside in (
                ("holds_to", -1, +1), ("holds_from", +1, -1)):
            value = getattr(r, end)
            if value is None or value <= 0:
                continue
            step = 1e-6 * max(1.0, value)
            assert verdict_with(rulebase, answers, {**base, concern: value + inside * step}) \
                == result.verdict, (concern, end, "inside")
            assert verdict_with(rulebase, answers, {**base, concern: value + outside * step}) \
                != result.verdict, (concern, end, "outside")
            checked += 1
        if r.holds_to is None:
            assert verdict_with(rulebase, answers, {**base, concern: 1000.0}) == result.verdict
    assert checked or all(r.holds_to is None
                          for r in result.analysis.sensitivity.weights.values())


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_verdict_under_every_profile(rulebase, name):
    answers = example_answers(name)
    result = assess(rulebase, answers)
    for profile, verdict in result.analysis.sensitivity.profiles.items():
        assert assess(rulebase, answers, profile=profile, analyse=False).verdict == verdict


def test_a_range_that_ends_is_found(rulebase):
    ranges = [r for name in EXAMPLE_NAMES for r in assess(
        rulebase, example_answers(name)).analysis.sensitivity.weights.values()]
    assert any(r.holds_to is not None for r in ranges)


# --- what would change the verdict ---------------------------------------------------------


MINI_ESCALATED = {"colour": "red", "shade": "light", "flag": "no", "amount": 60,
                  "safeguards": []}


def test_mitigations_that_would_improve_the_verdict_are_found_and_rescored(mini):
    result = assess(mini, MINI_ESCALATED)
    assert result.verdict == Verdict.ESCALATE
    changes = result.analysis.what_would_change
    assert {tuple(c.mitigations) for c in changes} == {("T-MIT-FIRST",), ("T-MIT-SECOND",)}
    for change in changes:
        rescored = assess(mini, {**MINI_ESCALATED, **change.answers}, analyse=False)
        assert rescored.verdict == change.verdict == Verdict.PROCEED_WITH_CONDITIONS
        assert rescored.balance == pytest.approx(change.balance)
        fired = {f.rule for f in rescored.findings if f.status == "fired"}
        assert set(change.mitigations) <= fired


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_reported_change_is_confirmed_by_rescoring(rulebase, name):
    answers = example_answers(name)
    for extra in ({}, {"m_multi_vendor": "no", "m_segmentation": "no", "m_encryption": "no"}):
        data = {**answers, **{k: v for k, v in extra.items() if k in answers}}
        result = assess(rulebase, data)
        sets = [(frozenset(c.mitigations), c.verdict) for c in result.analysis.what_would_change]
        for change in result.analysis.what_would_change:
            rescored = assess(rulebase, {**data, **change.answers}, analyse=False)
            assert rescored.verdict == change.verdict
            assert rescored.verdict < result.verdict
        for (small, small_verdict), (large, large_verdict) in itertools.permutations(sets, 2):
            if small < large:  # a larger set is listed only if it reaches a better band
                assert large_verdict < small_verdict
        for lift in result.analysis.red_line_lifts:
            for option in lift.answers:
                rescored = assess(rulebase, {**data, option.question: option.answer},
                                  analyse=False)
                assert lift.rule not in {line.rule for line in rescored.red_lines}


def test_red_line_lift_names_what_lifts_it(mini):
    answers = {**MINI_ESCALATED, "flag": "yes", "detail": "x"}
    result = assess(mini, answers)
    [lift] = result.to_dict()["red_line_lifts"]
    assert lift["rule"] == "T-DETAIL-LINE" and lift["lifted_by"] == "Choosing detail y."
    assert {"question": "detail", "answer": "y"} in lift["answers"]
    assert {"question": "flag", "answer": "no"} in lift["answers"]


def test_single_answers_that_would_make_a_favourable_verdict_worse(rulebase):
    answers = example_answers("ministry_laptops_own_it.json")
    result = assess(rulebase, answers)
    assert result.verdict <= Verdict.PROCEED_WITH_CONDITIONS
    worse = result.analysis.worse_if
    assert worse
    for item in worse:
        rescored = assess(rulebase, {**answers, item.question: item.answer}, analyse=False)
        assert rescored.verdict == item.verdict
        assert rescored.verdict > result.verdict


# --- the JSON contract ---------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXAMPLES / n for n in EXAMPLE_NAMES] + CALIBRATION,
                         ids=lambda p: p.stem)
def test_analysis_fields_present_and_consistent(rulebase, path):
    answers = json.loads(path.read_text())["answers"]
    for variant in (answers, with_unknowns(answers, relevant_answered(rulebase, answers)[:4])):
        data = json.loads(json.dumps(assess(rulebase, variant).to_dict(), allow_nan=False))
        low, high = data["interval"]
        assert low <= data["balance"] <= high and data["balance"] == high
        assert isinstance(data["interval_exact"], bool) and isinstance(data["robust"], bool)
        assert data["verdict"] in data["verdicts_possible"]
        assert data["robust"] == (len(data["verdicts_possible"]) == 1)
        for gap in data["evidence_gaps"]:
            assert {"question", "narrows_by", "could_change_verdict"} <= set(gap)
            assert gap["narrows_by"] >= 0
        assert set(data["sensitivity"]["profiles"]) == set(rulebase.profiles)
        assert set(data["sensitivity"]["weights"]) == set(rulebase.concern_ids)
        for r in data["sensitivity"]["weights"].values():
            assert {"holds_from", "holds_to"} <= set(r)
        for change in data["what_would_change"]:
            assert {"mitigations", "verdict"} <= set(change)
        assert isinstance(data["red_line_lifts"], list)


# --- completions counted by what really differs ------------------------------------------------


def real_completions(rulebase, answers, unknown):
    """Brute force: every combination of domain values of the unknowns, scored, with the
    number of distinct completions (states of the relevant questions) among them; None when
    some combination opens a question that has no answer (it is not a completion then)."""
    seen, balances, verdicts = set(), [], set()
    for completion in completions(rulebase, answers, unknown):
        resolution = rulebase.resolver.resolve(completion)
        state = resolution.state
        if any(resolution.applicable[q] is not False and state[q] == "unknown"
               for q in rulebase.relevant_questions):
            return None
        key = tuple(repr(state[q]) for q in rulebase.relevant_questions)
        if key in seen:
            continue
        seen.add(key)
        scored = assess(rulebase, completion, analyse=False)
        balances.append(scored.balance)
        verdicts.add(scored.verdict)
    return len(seen), min(balances), max(balances), verdicts


SURVEILLANCE_HARMLESS = {
    "surveillance_functions": [], "covert_design": "no", "end_user": "other_public",
    "end_use": "specific_lawful", "targets_groups": "no", "repression_record": "no",
    "independent_oversight": "yes", "overbroad_laws": "no"}


def test_a_whole_section_of_unknown_applicability_is_one_branch(rulebase):
    """Issue 8: the ministry laptops with the surveillance section answered harmlessly and
    whether it applies unknown have 32 completions, not one per question and answer."""
    answers = {**example_answers("ministry_laptops_own_it.json"), **SURVEILLANCE_HARMLESS}
    unknown = ["surveillance_capability", "deployment_layer", "freedom_status"]
    result = assess(rulebase, with_unknowns(answers, unknown))
    count, low, high, verdicts = real_completions(rulebase, answers, unknown)
    assert count == 32 and result.interval_exact
    assert result.interval == [pytest.approx(low, abs=TOLERANCE),
                               pytest.approx(high, abs=TOLERANCE)]
    assert set(result.verdicts_possible) == verdicts
    assert result.red_lines == []  # no completion can fire one: none is listed as possible


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_interval_is_exact_whenever_the_real_completions_are_few(data):
    """Random answer sets, with questions that open others (controllers) among the unknowns:
    when the completions that really differ number at most 4,096, the interval is exact and
    equals brute force."""
    rulebase = RULEBASE
    answers = {**example_answers(data.draw(st.sampled_from(EXAMPLE_NAMES))),
               **data.draw(st.sampled_from([{}, SURVEILLANCE_HARMLESS]))}
    candidates = [q for q in relevant_answered(rulebase, answers)
                  if len(rulebase.domains[q]) <= 6]
    unknown = data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=4,
                                 unique=True))
    size = 1
    for qid in unknown:
        size *= len(rulebase.domains[qid])
    assume(size <= 400)
    brute = real_completions(rulebase, answers, unknown)
    assume(brute is not None)
    count, low, high, verdicts = brute
    result = assess(rulebase, with_unknowns(answers, unknown), analyse=False)
    assert count <= 4096
    assert result.interval_exact
    assert result.interval == [pytest.approx(low, abs=TOLERANCE),
                               pytest.approx(high, abs=TOLERANCE)]
    assert result.verdict == max(verdicts) and set(result.verdicts_possible) == verdicts
