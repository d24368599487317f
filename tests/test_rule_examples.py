"""Every rule's examples run as tests, and the rule base passes its own checks."""

from __future__ import annotations

import pytest

from webapp.engine import load_rulebase
from webapp.engine.checks import check_rulebase, coverage, example_outcome

from .conftest import RULES

_RULEBASE = load_rulebase(RULES)
CASES = [(i, j) for i, rule in enumerate(_RULEBASE.rules) for j in range(len(rule.examples))]


@pytest.mark.parametrize("rule_index, example_index", CASES,
                         ids=[f"{_RULEBASE.rules[i].id}[{j}]" for i, j in CASES])
def test_rule_example(rule_index, example_index):
    rule = _RULEBASE.rules[rule_index]
    example = rule.examples[example_index]
    assert example_outcome(_RULEBASE, rule_index, example.answers) == example.fires, (
        f"{rule.file}: {rule.id}: examples[{example_index}]")


def test_rule_base_check_is_clean():
    report = check_rulebase(_RULEBASE)
    assert report.problems == []
    assert report.failed_examples == []


def test_every_dilemma_is_covered():
    assert coverage(_RULEBASE)["uncovered"] == []


def test_docs_rules_md_matches_the_rule_base():
    from webapp.ruledocs import rules_markdown

    from .conftest import ROOT

    expected = rules_markdown(_RULEBASE)
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == expected, (
        "docs/rules.md is stale: run `weighbridge rules docs --output docs/rules.md`")
