"""A broken rules file stops loading with every problem listed by file, id and field."""

from __future__ import annotations

import shutil

import pytest

from webapp import create_app
from webapp.engine import RuleBaseError, load_rulebase

from .conftest import MINI, RULES

BROKEN_RULES = """
rules:
  - id: T-BROKEN-ONE
    concern: digital_securty
    effect: risk
    points: 7
    when: {q: colour, is: purple}
    says: Broken.
    why: Because.
    source: Brief.
    advise: Typo in a field name.
    examples:
      - {answers: {colour: red}, fires: true}
      - {answers: {colour: blue}, fires: false}
  - id: T-BROKEN-TWO
    effect: mitigation
    when: {q: flag, is: yes}
    mitigates: [{rule: T-RED-RISKY, removes: 0.5}]
    says: Mitigates a rule that does not exist.
    why: Because.
    source: Brief.
    advice: None.
    examples:
      - {answers: {flag: "yes"}, fires: true}
  - id: T-RED-RISK
    concern: rights
    effect: benefit
    points: 1
    when: {q: flag, is: "no"}
    says: Duplicate id.
    why: Because.
    source: Brief.
    advice: None.
    examples:
      - {answers: {flag: "no"}, fires: true}
      - {answers: {flag: "yes"}, fires: false}
"""


@pytest.fixture
def broken_dir(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(MINI, target)
    (target / "broken.yaml").write_text(BROKEN_RULES)
    return target


def test_every_problem_is_reported_with_file_id_and_field(broken_dir):
    with pytest.raises(RuleBaseError) as caught:
        load_rulebase(broken_dir)
    lines = [str(p) for p in caught.value.problems]
    expected = [
        'broken.yaml: T-BROKEN-ONE: concern: concern must be one of',
        'did you mean "digital_security"?',
        "broken.yaml: T-BROKEN-ONE: points: 7 is not 0.5 to 5 in steps of 0.5",
        'broken.yaml: T-BROKEN-ONE: when.is: "purple" is not an option of "colour"',
        'broken.yaml: T-BROKEN-ONE: advise: unknown field (did you mean "advice"?)',
        "broken.yaml: T-BROKEN-ONE: advice: every rule needs `advice`",
        'broken.yaml: T-BROKEN-TWO: mitigates[0].rule: no rule "T-RED-RISKY" '
        '(did you mean "T-RED-RISK"?)',
        "broken.yaml: T-BROKEN-TWO: examples: at least two examples: one that fires, "
        "one that does not",
        "rules.yaml: T-RED-RISK: id: duplicate rule id (also in broken.yaml)",
    ]
    text = "\n".join(lines)
    for fragment in expected:
        assert fragment in text, fragment


def test_invalid_yaml_names_the_line(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(MINI, target)
    (target / "bad.yaml").write_text("rules:\n  - id: X\n    says: [unclosed\n")
    with pytest.raises(RuleBaseError) as caught:
        load_rulebase(target)
    assert any(p.file == "bad.yaml" and "not valid YAML" in p.message
               for p in caught.value.problems)


def test_missing_required_file_is_a_problem(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(MINI, target)
    (target / "bands.yaml").unlink()
    with pytest.raises(RuleBaseError, match="bands.yaml: required file is missing"):
        load_rulebase(target)


def test_broken_rules_stop_app_start_up(broken_dir, tmp_path):
    with pytest.raises(RuleBaseError, match="T-BROKEN-ONE"):
        create_app({"TESTING": True, "RULES_DIR": str(broken_dir),
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})


def test_show_if_may_not_read_a_later_question(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(MINI, target)
    text = (target / "questions.yaml").read_text().replace(
        "show_if: {q: colour, is: red}", "show_if: {q: flag, is: 'yes'}")
    (target / "questions.yaml").write_text(text)
    with pytest.raises(RuleBaseError, match='shade: show_if.q: unknown question "flag"'):
        load_rulebase(target)


def test_parsed_rule_files_are_cached_by_content(tmp_path, monkeypatch):
    import datetime as dt

    from webapp.engine.core.yamlcache import cached_parse
    from webapp.engine.core.yamlio import load_yaml_text

    monkeypatch.setenv("WEIGHBRIDGE_CACHE_DIR", str(tmp_path / "cache"))
    calls = []

    def parse(text):
        calls.append(text)
        return load_yaml_text(text)

    source = b"a: yes\nwhen: 2024-02-29\nitems: [1, 2.5, {b: NO}]\n"
    first = cached_parse(source, parse)
    second = cached_parse(source, parse)
    assert first == second == {"a": "yes", "when": dt.date(2024, 2, 29),
                               "items": [1, 2.5, {"b": "NO"}]}
    assert len(calls) == 1  # the second came from the cache
    assert cached_parse(source.replace(b"yes", b"no"), parse)["a"] == "no"  # never stale
    for cached in (tmp_path / "cache").iterdir():
        cached.write_bytes(b"\x00garbage")
    assert cached_parse(source, parse) == first and len(calls) == 3  # a broken cache is ignored
    monkeypatch.setenv("WEIGHBRIDGE_CACHE_DIR", "/dev/null/cannot")
    assert cached_parse(source, parse) == first  # an unwritable cache is not used


def test_every_rule_names_its_documents_from_the_bibliography(tmp_path, rulebase):
    assert all(rule.sources for rule in rulebase.rules)
    assert {sid for rule in rulebase.rules for sid in rule.sources} <= set(rulebase.sources)
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    text = (target / "rights.yaml").read_text(encoding="utf-8")
    text = text.replace("sources: [brief", "sources: [breif", 1)
    (target / "rights.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleBaseError) as caught:
        load_rulebase(target)
    assert 'unknown id "breif" (did you mean "brief"?)' in str(caught.value)
