"""One meaning for conditions: the same table of conditions and answer states through the
engine's evaluator and through static/conditions.js (the browser's show_if), with equal
answers required. JavaScript runs in Node, or in Chromium where Node is missing."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from webapp.engine import load_rulebase
from webapp.engine.compiling.evaluate import compile_condition
from webapp.engine.core.problems import ProblemList
from webapp.engine.core.values import NOT_APPLICABLE, UNKNOWN, Conditional
from webapp.engine.loading.answers import state_value
from webapp.engine.loading.conditions import ConditionParser

from .conftest import DATED

SCRIPT = Path(__file__).resolve().parent.parent / "webapp" / "static" / "conditions.js"
RULEBASE = load_rulebase(DATED)
NA = "__not_applicable__"  # a question whose show_if is false, in the table
MAY_APPLY = "__may_apply__"  # {MAY_APPLY: value}: an answer to a question that may not apply

LEAVES = [
    {"q": "vendor", "is": "acme"}, {"q": "vendor", "in": ["acme", "other"]},
    {"q": "audited", "is": "yes"}, {"q": "audited", "is": "no"},
    {"q": "checks", "has": "logs"}, {"q": "checks", "has_any": ["logs", "keys"]},
    {"q": "checks", "has_all": ["logs", "tests"]},
    {"q": "share", "gt": 50}, {"q": "share", "gte": 50}, {"q": "share", "lt": 50},
    {"q": "share", "lte": 50.5},
    {"q": "signed_on", "before": "2021-01-01"}, {"q": "signed_on", "after": "2021-01-01"},
    {"q": "renewal_on", "before": "2026-01-01"},
]
VALUES = {
    "vendor": ["acme", "other"], "audited": ["yes", "no"],
    "checks": [[], ["logs"], ["tests"], ["logs", "tests"], ["keys", "tests"]],
    "share": [0, 49.9, 50, 50.5, 51, 100],
    "signed_on": ["2020-12-31", "2021-01-01", "2021-01-02", "2024-02-29"],
    "renewal_on": ["2025-12-31", "2026-01-01", "2030-06-30"],
}


def conditions() -> list[dict]:
    rng = random.Random(7)
    found = list(LEAVES)
    for _ in range(60):
        a, b, c = rng.sample(LEAVES, 3)
        found.append(rng.choice([
            {"all": [a, b]}, {"any": [a, b]}, {"not": a}, {"all": [a, {"not": b}, c]},
            {"any": [{"all": [a, b]}, {"not": c}]}, {"not": {"any": [a, b, c]}},
        ]))
    return found


def states() -> list[dict]:
    rng = random.Random(11)
    found = []
    for _ in range(120):
        state = {}
        for qid, values in VALUES.items():
            pick = rng.random()
            if pick < 0.15:
                state[qid] = "unknown"
            elif pick < 0.25:
                state[qid] = NA
            elif pick < 0.4:
                state[qid] = {MAY_APPLY: rng.choice(values)}
            elif pick < 0.9:
                state[qid] = rng.choice(values)
            # else: missing, which means unknown
        found.append(state)
    return found


CASES = [{"condition": c, "state": s} for c in conditions() for s in states()]


def python_truth(case: dict):
    problems = ProblemList("parity")
    node = ConditionParser(RULEBASE.bank.questions, problems, "T").parse(case["condition"], "c")
    assert not problems, [str(p) for p in problems.items]
    state = {}
    for qid, value in case["state"].items():
        question = RULEBASE.bank.questions[qid]
        if isinstance(value, dict):
            state[qid] = Conditional(state_value(question, value[MAY_APPLY]))
        else:
            state[qid] = (NOT_APPLICABLE if value == NA else UNKNOWN if value == UNKNOWN
                          else state_value(question, value))
    return compile_condition(node)(state)


RUNNER = """
const W = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const [NA, MAY] = [process.argv[2], process.argv[3]];
const value = v => v === NA ? W.NA : (v !== null && typeof v === "object" && MAY in v)
  ? {conditional: v[MAY]} : v;
console.log(JSON.stringify(cases.map(c => W.evaluate(c.condition, q =>
  !(q in c.state) ? undefined : value(c.state[q])))));
"""


def javascript_truths(cases: list[dict]) -> list:
    node = shutil.which("node")
    if node:
        result = subprocess.run([node, "-e", RUNNER, str(SCRIPT), NA, MAY_APPLY],
                                input=json.dumps(cases),
                                capture_output=True, text=True, timeout=60, check=True)
        return json.loads(result.stdout)
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("neither Node nor Chromium is installed to run conditions.js")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.add_script_tag(path=str(SCRIPT))
        truths = page.evaluate("""([cases, NA, MAY]) => {
            const W = window.Weighbridge;
            const value = v => v === NA ? W.NA : (v !== null && typeof v === "object" && MAY in v)
              ? {conditional: v[MAY]} : v;
            return cases.map(c => W.evaluate(c.condition,
                                             q => !(q in c.state) ? undefined : value(c.state[q])));
        }""", [cases, NA, MAY_APPLY])
        browser.close()
        return truths


def test_the_table_covers_every_operator_and_state():
    ops = {next(k for k in leaf if k != "q") for leaf in LEAVES}
    allowed = {op for q in RULEBASE.bank.ordered() for op in q.kind.operators}
    assert ops == allowed
    outcomes = {python_truth(case) for case in CASES[:2000]}
    assert outcomes == {True, False, None}


def test_python_and_javascript_agree_on_every_case():
    expected = [python_truth(case) for case in CASES]
    actual = javascript_truths(CASES)
    differ = [(case, e, a) for case, e, a in zip(CASES, expected, actual, strict=True) if e != a]
    assert not differ, f"{len(differ)} of {len(CASES)} differ, e.g. {differ[:3]}"
