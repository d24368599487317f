"""Conditions in three-valued logic, applicability, and the YAML boolean trap."""

from __future__ import annotations

import pytest

from webapp.engine.compiling.evaluate import compile_condition
from webapp.engine.core.problems import ProblemList
from webapp.engine.core.yamlio import load_yaml_text
from webapp.engine.loading.conditions import ConditionParser


def parse(mini, data):
    problems = ProblemList("test.yaml")
    node = ConditionParser(mini.bank.questions, problems, "T").parse(data, "when")
    assert not problems, [str(p) for p in problems.items]
    return node


def truth(mini, data, answers):
    node = parse(mini, data)
    state = mini.resolver.resolve(answers).state
    return compile_condition(node)(state)


def test_leaf_on_known_unknown_and_missing_answers(mini):
    cond = {"q": "colour", "is": "red"}
    assert truth(mini, cond, {"colour": "red"}) is True
    assert truth(mini, cond, {"colour": "blue"}) is False
    assert truth(mini, cond, {"colour": "unknown"}) is None
    assert truth(mini, cond, {}) is None  # a missing answer is unknown


def test_kleene_all_any_not(mini):
    red, up = {"q": "colour", "is": "red"}, {"q": "flag", "is": "yes"}
    # all: false beats unknown; any: true beats unknown
    assert truth(mini, {"all": [red, up]}, {"colour": "blue"}) is False
    assert truth(mini, {"all": [red, up]}, {"colour": "red"}) is None
    assert truth(mini, {"any": [red, up]}, {"flag": "yes"}) is True
    assert truth(mini, {"any": [red, up]}, {"flag": "no"}) is None
    assert truth(mini, {"not": red}, {}) is None
    assert truth(mini, {"not": red}, {"colour": "green"}) is True


def test_numeric_comparisons_at_the_threshold(mini):
    assert truth(mini, {"q": "amount", "gte": 50}, {"amount": 50}) is True
    assert truth(mini, {"q": "amount", "gt": 50}, {"amount": 50}) is False
    assert truth(mini, {"q": "amount", "lt": 50}, {"amount": 49.9}) is True
    assert truth(mini, {"q": "amount", "lte": 50}, {"amount": 50.1}) is False
    assert truth(mini, {"q": "amount", "lte": 50}, {"amount": "unknown"}) is None


def test_multi_tests_and_the_empty_answer(mini):
    assert truth(mini, {"q": "safeguards", "has": "first"}, {"safeguards": ["first"]}) is True
    assert truth(mini, {"q": "safeguards", "has_any": ["first", "second"]},
                 {"safeguards": []}) is False
    assert truth(mini, {"q": "safeguards", "has_all": ["first", "second"]},
                 {"safeguards": ["first"]}) is False
    assert truth(mini, {"q": "safeguards", "has": "first"}, {"safeguards": "unknown"}) is None


def test_not_applicable_is_false_and_unknown_applicability_depends_on_the_answer(mini):
    dark = {"q": "shade", "is": "dark"}
    assert truth(mini, dark, {"colour": "red", "shade": "dark"}) is True
    # shade applies only to red: with blue its (stale) answer does not count
    assert truth(mini, dark, {"colour": "blue", "shade": "dark"}) is False
    assert truth(mini, {"not": dark}, {"colour": "blue", "shade": "dark"}) is True
    # colour unknown: shade may or may not apply
    assert truth(mini, dark, {"shade": "dark"}) is None
    # ... but a leaf its answer makes false is false either way (DESIGN.md, conditions)
    assert truth(mini, dark, {"shade": "light"}) is False
    assert truth(mini, {"not": dark}, {"shade": "light"}) is True
    assert truth(mini, dark, {"shade": "unknown"}) is None


def test_section_show_if_hides_its_questions(mini):
    resolution = mini.resolver.resolve({"flag": "no", "detail": "x"})
    assert resolution.sections["details"] is False
    assert resolution.applicable["detail"] is False
    assert resolution.ignored == {"detail": "x"}
    assert mini.resolver.resolve({"detail": "x"}).sections["details"] is None


def test_yaml_trap_yes_no_are_strings():
    data = load_yaml_text("a: yes\nb: no\nc: NO\nd: on\ne: true\nf: False\n")
    assert data == {"a": "yes", "b": "no", "c": "NO", "d": "on", "e": True, "f": False}


def test_is_yes_in_a_rule_means_the_option_yes(mini):
    node = parse(mini, load_yaml_text("q: flag\nis: yes\n"))
    assert node.value == "yes"
    assert compile_condition(node)(mini.resolver.resolve({"flag": "yes"}).state) is True


@pytest.mark.parametrize("data, fragment", [
    ({"q": "colr", "is": "red"}, 'unknown question "colr" (did you mean "colour"?)'),
    ({"q": "colour", "is": "redd"}, '"redd" is not an option of "colour"'),
    ({"q": "colour", "is": "redd"}, 'did you mean "red"?'),
    ({"q": "flag", "is": True}, "is a YAML boolean"),
    ({"q": "amount", "gte": "fifty"}, "needs a number"),
    ({"q": "safeguards", "is": "first"}, "use one of has, has_any, has_all"),
    ({"q": "note", "is": "x"}, "is free text"),
    ({"alll": []}, "a leaf needs q"),
])
def test_condition_problems_name_the_field_and_suggest(mini, data, fragment):
    problems = ProblemList("rules.yaml")
    ConditionParser(mini.bank.questions, problems, "R-1").parse(data, "when")
    text = " | ".join(str(p) for p in problems.items)
    assert fragment in text
    assert text.startswith("rules.yaml: R-1: when")
