"""Work kept for rows and answers scored again (a report viewed under other weights): the same
figures as a fresh scoring, never changed by the caller, and bounded."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from webapp.engine import assess, load_rulebase
from webapp.engine.compiling.kept import KeptScores
from webapp.engine.compiling.scorer import Batch, Scorer
from webapp.engine.loading.rulebase import read_rulebase
from webapp.engine.scoring.context import build_context, relaxed_rows

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fresh():
    """A scorer of its own: nothing kept from other tests' scorings."""
    return Scorer(read_rulebase(ROOT / "rules"))


def _rows(rulebase, count: int, seed: int) -> np.ndarray:
    """Rows of the examples' truths with random columns flipped."""
    rng = np.random.default_rng(seed)
    blocks = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        context = build_context(rulebase, json.loads(path.read_text())["answers"])
        row = relaxed_rows(rulebase, context.truth, upper=True)[0]
        block = np.repeat(row[None, :], count, axis=0)
        block ^= rng.random(block.shape) < 0.05
        blocks.append(block)
    return np.vstack(blocks)


def _same(a: Batch, b: Batch) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in Batch.__dataclass_fields__)


def test_rows_scored_again_under_other_weights_give_a_fresh_scorings_figures(rulebase, fresh):
    rows = _rows(rulebase, 20, seed=1)
    scorer = rulebase.scorer
    for profile in rulebase.profiles.values():
        weights = scorer.weight_vector(profile.weights)
        first, again = scorer.evaluate(rows, weights), scorer.evaluate(rows, weights)
        assert _same(first, fresh.evaluate(rows, weights))
        assert _same(again, first)
    # One row alone, then among others: each scoring is its own
    assert _same(scorer.evaluate(rows[:1], weights), fresh.evaluate(rows[:1], weights))


def test_a_kept_score_cannot_be_changed_by_its_caller(rulebase, fresh):
    rows = _rows(rulebase, 3, seed=2)
    weights = rulebase.scorer.weight_vector(rulebase.profiles["balanced"].weights)
    batch = rulebase.scorer.evaluate(rows, weights)
    with pytest.raises(ValueError, match="read-only"):
        batch.net[0, 0] = 5.0
    net = batch.net.copy()
    rows[:] = ~rows  # the caller reuses its array: the scores kept for the old rows stay
    assert np.array_equal(rulebase.scorer.evaluate(~rows, weights).net, net)
    assert _same(rulebase.scorer.evaluate(rows, weights), fresh.evaluate(rows, weights))


def test_the_store_keeps_at_most_its_rows_dropping_the_least_recently_used():
    kept = KeptScores(max_rows=10)
    keys = [kept.key(np.eye(4, dtype=bool)[:n]) for n in (1, 2, 3, 4)]
    for key in keys:
        kept.put(key, (np.zeros(key[0]),))
    assert kept.get(keys[0]) is not None  # 1 + 2 + 3 + 4 = 10 rows: all kept
    kept.put(kept.key(np.ones((3, 4), dtype=bool)), (np.zeros(3),))
    # 13 rows: the least recently used go (rows 2, then 3), the one just read stays
    assert kept.get(keys[1]) is None and kept.get(keys[2]) is None
    assert kept.get(keys[0]) is not None and kept.get(keys[3]) is not None


@pytest.fixture(scope="module")
def fresh_rulebase():
    """A rule base of its own: nothing kept from other tests' assessments."""
    return load_rulebase(ROOT / "rules")


def test_an_assessment_viewed_under_another_profile_reads_as_a_fresh_one(rulebase,
                                                                         fresh_rulebase):
    profiles = list(rulebase.profiles)
    for path in sorted((ROOT / "examples").glob("*.json")):
        answers = json.loads(path.read_text())["answers"]
        answers = {**answers, **{q: "unknown" for q in list(answers)[5:8]}}
        for profile in profiles:  # the same answers, one profile after another
            again = assess(rulebase, answers, profile=profile).to_dict()
            assert again == assess(fresh_rulebase, answers, profile=profile).to_dict(), (
                path.name, profile)


def test_a_context_changed_by_its_caller_leaves_the_next_one_alone(rulebase):
    path = ROOT / "examples" / "core_network_listed_vendor.json"
    answers = json.loads(path.read_text())["answers"]
    first = build_context(rulebase, answers)
    truth, normal = list(first.truth), dict(first.answers)
    first.truth[:] = [None] * len(first.truth)
    first.answers.clear()
    second = build_context(rulebase, answers)
    assert second.truth == truth and second.answers == normal


def test_a_rule_base_for_screening_keeps_nothing_and_scores_the_same(rulebase):
    screening = load_rulebase(ROOT / "rules")
    screening.keep_nothing()
    for path in sorted((ROOT / "examples").glob("*.json"))[:3]:
        answers = json.loads(path.read_text())["answers"]
        for profile in ("balanced", "rights_led"):
            assert (assess(screening, answers, profile=profile).to_dict()
                    == assess(rulebase, answers, profile=profile).to_dict())
    assert screening.scorer.kept is None
    assert screening.kept_answers is None and screening.kept_rescorers is None
