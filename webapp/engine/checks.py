"""`weighbridge rules check` and `rules coverage`: examples, impossible rules, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import product
from typing import Any

from .compiling.compiled import CompiledRuleBase
from .compiling.evaluate import compile_condition
from .core.problems import Problem
from .core.values import NOT_APPLICABLE
from .loading.conditions import All, Node, questions_read
from .loading.model import Rule
from .loading.rules import EFFECTS

#: Above this many combinations a condition is not brute-forced for satisfiability.
SATISFIABILITY_LIMIT = 200_000


@dataclass
class ExampleOutcome:
    rule: str
    index: int
    expected: str
    actual: str

    @property
    def passed(self) -> bool:
        return self.expected == self.actual


@dataclass
class CheckReport:
    rules: int
    by_concern: dict[str, dict[str, int]]
    examples: list[ExampleOutcome]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def failed_examples(self) -> list[ExampleOutcome]:
        return [e for e in self.examples if not e.passed]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.failed_examples

    def to_dict(self) -> dict[str, Any]:
        failed = self.failed_examples
        problems = [p.to_dict() for p in self.problems] + [
            {"file": "", "id": e.rule, "field": f"examples[{e.index}]",
             "message": f"expected fires: {e.expected}, got {e.actual}"} for e in failed]
        return {
            "rules": self.rules, "by_concern": self.by_concern,
            "examples": {"passed": len(self.examples) - len(failed), "failed": len(failed)},
            "problems": problems, "warnings": [w.to_dict() for w in self.warnings],
        }


def example_outcome(rulebase: CompiledRuleBase, rule_index: int, answers: dict[str, Any]) -> str:
    """How the rule's condition comes out on the example's answers: true, false or possible."""
    state = rulebase.resolver.resolve(answers).state
    value = rulebase.evaluators[rule_index](state)
    return "possible" if value is None else str(value).lower()


def run_examples(rulebase: CompiledRuleBase) -> list[ExampleOutcome]:
    outcomes = []
    for i, rule in enumerate(rulebase.rules):
        for j, example in enumerate(rule.examples):
            actual = example_outcome(rulebase, i, example.answers)
            outcomes.append(ExampleOutcome(rule.id, j, example.fires, actual))
    return outcomes


def count_by_concern(rulebase: CompiledRuleBase) -> dict[str, dict[str, int]]:
    counts = {c: {effect: 0 for effect in EFFECTS} for c in rulebase.concern_ids}
    rules: list[Rule] = rulebase.rules
    for rule in rules:
        counts[rule.concern][rule.effect] += 1
    return counts


class Satisfiability:
    """Brute force over the finite answer domains: can a condition ever be true?"""

    def __init__(self, rulebase: CompiledRuleBase):
        self.rulebase = rulebase

    @cached_property
    def states(self) -> dict[str, list[Any]]:
        bank = self.rulebase.bank
        states = {}
        for qid, values in self.rulebase.domains.items():
            question = bank.questions[qid]
            hideable = question.show_if is not None or bank.section(question.section).show_if
            states[qid] = list(values) + ([NOT_APPLICABLE] if hideable else [])
        return states

    def satisfiable(self, node: Node) -> bool | None:
        """True or False; None when there are too many combinations to try."""
        qids = sorted(questions_read(node))
        choices = [self.states[q] for q in qids]
        size = 1
        for values in choices:
            size *= len(values)
        if size > SATISFIABILITY_LIMIT:
            return None
        evaluate = compile_condition(node)
        return any(evaluate(dict(zip(qids, combo, strict=True))) is True
                   for combo in product(*choices))


def impossible_rules(rulebase: CompiledRuleBase, sat: Satisfiability) -> list[Problem]:
    problems = []
    for rule in rulebase.rules:
        if sat.satisfiable(rule.when) is False:
            problems.append(Problem(rule.file, rule.id, "when",
                                    "can never be true: no combination of answers makes it fire "
                                    "(look for the same question required to have two values)"))
    return problems


def collect_warnings(rulebase: CompiledRuleBase, sat: Satisfiability) -> list[Problem]:
    warnings = []
    bank = rulebase.bank
    read = set(rulebase.readers) | rulebase.controllers
    for question in bank.ordered():
        if not question.kind.enumerable or question.id in read:
            continue
        warnings.append(Problem("questions.yaml", question.id, "",
                                "no rule reads this question"))
    for rule in rulebase.rules:
        for target in rule.mitigates:
            target_rule = rulebase.rules_by_id.get(target.rule)
            if target_rule is None:
                continue
            both = All((rule.when, target_rule.when))
            if sat.satisfiable(both) is False:
                warnings.append(Problem(rule.file, rule.id, "mitigates",
                                        f"can never fire together with its target {target.rule}"))
    return warnings


#: Two risk rules of one concern reading more than this many of the same questions, without a
#: shared cause, probably count one cause twice.
OVERLAP_LIMIT = 2


def overlap_warnings(rulebase: CompiledRuleBase) -> list[Problem]:
    """Pairs of risk rules in one concern whose conditions overlap on more than two questions
    and that are not in one cause group (causes.yaml)."""
    warnings = []
    risks = [r for r in rulebase.rules if r.effect == "risk"]
    for i, first in enumerate(risks):
        for second in risks[i + 1:]:
            if first.concern != second.concern or (first.cause and first.cause == second.cause):
                continue
            shared = questions_read(first.when) & questions_read(second.when)
            if len(shared) > OVERLAP_LIMIT:
                warnings.append(Problem(
                    first.file, first.id, "cause",
                    f"reads {len(shared)} of the same questions as {second.id} "
                    f"({', '.join(sorted(shared))}) without sharing a cause: if both restate "
                    "one cause, give them one `cause` in causes.yaml so it counts once"))
    return warnings


def check_rulebase(rulebase: CompiledRuleBase) -> CheckReport:
    sat = Satisfiability(rulebase)
    return CheckReport(
        rules=len(rulebase.rules), by_concern=count_by_concern(rulebase),
        examples=run_examples(rulebase), problems=impossible_rules(rulebase, sat),
        warnings=collect_warnings(rulebase, sat) + overlap_warnings(rulebase))


def coverage(rulebase: CompiledRuleBase) -> dict[str, Any]:
    """Every dilemma mapped to the rules that name it, and those no rule covers."""
    mapping: dict[str, list[str]] = {did: [] for did in rulebase.dilemmas}
    for rule in rulebase.rules:
        for did in rule.dilemmas:
            mapping.setdefault(did, []).append(rule.id)
    return {"dilemmas": mapping, "uncovered": [d for d, rules in mapping.items() if not rules]}
