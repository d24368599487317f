"""``CompiledRuleBase``: a rule base with everything scoring and analysis need, built once."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from ..loading.conditions import Leaf, Node, leaves, questions_read
from ..loading.rulebase import RuleBase
from .domains import all_conditions, question_domains
from .evaluate import Evaluator, LeafTables, compile_condition
from .resolver import Resolver
from .scorer import Scorer


@dataclass
class CompiledRuleBase(RuleBase):
    """The loaded rule base plus its compiled forms (built in ``compile_rulebase``)."""

    def __post_init__(self) -> None:
        bank, rules = self.bank, self.rules
        self.resolver = Resolver(bank)
        #: one compiled condition per rule, in rule order
        self.evaluators: list[Evaluator] = [compile_condition(rule.when) for rule in rules]
        #: per rule (in order), the questions its condition reads, sorted
        self.rule_questions = [tuple(sorted(questions_read(rule.when))) for rule in rules]
        #: per question, the indices of the rules whose condition reads it
        self.readers: dict[str, list[int]] = {}
        for i, questions in enumerate(self.rule_questions):
            for qid in questions:
                self.readers.setdefault(qid, []).append(i)
        #: questions some show_if reads: changing them can change applicability
        self.controllers: set[str] = set()
        #: per question, the show_if conditions (its section's and its own) that decide it
        self.applicability: dict[str, list[Node]] = {}
        for section in bank.sections:
            self.controllers |= questions_read(section.show_if)
            for question in section.questions:
                self.controllers |= questions_read(question.show_if)
                self.applicability[question.id] = [
                    c for c in (section.show_if, question.show_if) if c is not None]
        #: questions a rule reads, with the questions their applicability depends on
        self.relevant_questions = self.with_controllers(set(self.readers))
        self.domains: dict[str, list[Any]] = question_domains(bank, rules)
        #: every leaf of every rule and show_if, by the question it tests
        self.leaves_by_question: dict[str, list[Leaf]] = {}
        for condition in all_conditions(bank, rules):
            for leaf in leaves(condition):
                self.leaves_by_question.setdefault(leaf.q, []).append(leaf)
        self.leaf_tables = LeafTables()
        self.scorer = Scorer(self)
        self.is_risk: np.ndarray = self.scorer.is_risk

    def with_controllers(self, qids: set[str]) -> list[str]:
        """The questions and, transitively, those deciding whether they apply, in bank order."""
        found, frontier = set(qids), list(qids)
        while frontier:
            question = self.bank.questions[frontier.pop()]
            section = self.bank.section(question.section)
            for controller in questions_read(question.show_if) | questions_read(section.show_if):
                if controller not in found:
                    found.add(controller)
                    frontier.append(controller)
        return [q.id for q in self.bank.ordered() if q.id in found]


def compile_rulebase(rulebase: RuleBase) -> CompiledRuleBase:
    """Compile a loaded rule base (conditions, applicability, domains, scoring arrays)."""
    return CompiledRuleBase(**{f.name: getattr(rulebase, f.name) for f in fields(rulebase)})
