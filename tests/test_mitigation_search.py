"""The search for mitigation sets puts a set's row together from its members' own changes; that
row must be the one re-evaluating the set's merged answers gives. Checked for every set of up to
three candidates of every example and calibration scenario, as they are, with answers made
unknown and with answers changed (so that candidates come in different mixes)."""

from __future__ import annotations

import json
import random
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from webapp.engine import clean_answers
from webapp.engine.analysis.counterfactuals import _candidates, alternatives, base_answers
from webapp.engine.analysis.headline import headline
from webapp.engine.analysis.incremental import Rescorer
from webapp.engine.analysis.mitigation_search import _Pieces
from webapp.engine.scoring.context import build_context

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "examples").glob("*.json")) + sorted(
    (ROOT / "tests" / "calibration").glob("*.json"))


def cases(rulebase, answers: dict, seed: int) -> list[dict]:
    """The answers; with four made unknown; with four of the mitigations' questions changed."""
    rng = random.Random(seed)
    known = [q for q in rulebase.relevant_questions
             if q in answers and q not in rulebase.controllers]
    bank = rulebase.bank.questions
    actions = sorted(q for q in rulebase.action_questions if bank[q].type in ("choice", "yesno"))
    changed = dict(answers)
    for qid in rng.sample(actions, min(4, len(actions))):
        changed[qid] = rng.choice(bank[qid].option_ids)
    return [answers, {**answers, **{q: "unknown" for q in rng.sample(known, 4)}}, changed]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_a_sets_row_is_that_of_its_merged_answers(path, rulebase):
    answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
    for case in cases(rulebase, answers, seed=len(path.stem)):
        context = build_context(rulebase, clean_answers(case, rulebase.bank), None, None)
        head = headline(context)
        rescorer = (Rescorer(rulebase, base_answers(context, head.assumed)) if head.assumed
                    else Rescorer(rulebase, context.answers, context.resolution, context.truth))
        candidates = _candidates(context, rescorer)
        pieces = _Pieces(rescorer, [change for _, change in candidates])
        for size in (1, 2, 3):
            every = list(combinations(range(len(candidates)), size))
            combos = [c for c, ok in zip(every, pieces.compatible(every), strict=True) if ok]
            for combo in combos:  # compatible: no question answered two ways
                merged = [candidates[j][1] for j in combo]
                assert all(m[q] == n[q] for m in merged for n in merged for q in m.keys() & n)
            rows = pieces.rows(combos)
            if rows is None:
                continue
            expected, owners = rescorer.rows([pieces.merged(c) for c in combos])
            assert np.array_equal(owners, np.arange(len(combos)))
            assert np.array_equal(rows, expected)


def test_rows_are_put_together_where_sets_are_searched(rulebase):
    """Not a vacuous check: the core-network example's pairs and triples are laid together."""
    answers = json.loads((ROOT / "examples" / "core_network_listed_vendor.json").read_text())
    context = build_context(rulebase, clean_answers(answers["answers"], rulebase.bank), None,
                            None)
    rescorer = Rescorer(rulebase, context.answers, context.resolution, context.truth)
    candidates = _candidates(context, rescorer)
    pieces = _Pieces(rescorer, [change for _, change in candidates])
    triples = list(combinations(range(len(candidates)), 3))
    assert len(candidates) > 3 and pieces.rows(triples) is not None


@pytest.mark.parametrize("path", SCENARIOS[:6], ids=lambda p: p.stem)
def test_changes_read_together_by_a_rule_are_not_laid_apart(path, rulebase):
    """Sets of single-answer changes to questions one rule reads together: laid together only
    where that gives the row of re-evaluating their merged answers (a rule reading both
    changed questions must see both)."""
    answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
    context = build_context(rulebase, clean_answers(answers, rulebase.bank), None, None)
    rescorer = Rescorer(rulebase, context.answers, context.resolution, context.truth)
    rng = random.Random(len(path.stem))
    pairs = [(a, b) for questions in rulebase.rule_questions
             for a, b in combinations(questions, 2)
             if not {a, b} & rulebase.controllers and rescorer.is_applicable(a)
             and rescorer.is_applicable(b)]
    refused = 0
    for a, b in rng.sample(pairs, min(40, len(pairs))):
        changes = [{q: v} for q in (a, b) for v in alternatives(rescorer, q)]
        pieces = _Pieces(rescorer, changes)
        combos = [c for c in combinations(range(len(changes)), 2)
                  if changes[c[0]].keys() != changes[c[1]].keys()]
        for combo in combos:
            rows = pieces.rows([combo])
            expected, _ = rescorer.rows([pieces.merged(combo)])
            if rows is None:
                refused += 1
            else:
                assert np.array_equal(rows, expected), (a, b, combo)
    assert refused  # pairs a rule reads together are re-evaluated, not laid together
