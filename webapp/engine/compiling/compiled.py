"""``CompiledRuleBase``: a rule base with everything scoring and analysis need, built once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from ..core.lru import LRU
from ..loading.answers import answers_key
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
        #: the conditions the analysis evaluates, one per column of a row of truths: every
        #: rule's `when`, in rule order, then every concern's `applies_if` (None: always)
        self.concern_conditions = [c.applies_if for c in self.concerns.values()]
        self.conditions: list[Node | None] = [rule.when for rule in rules] + list(
            self.concern_conditions)
        self.evaluators: list[Evaluator] = [compile_condition(c) for c in self.conditions]
        #: per column (in order), the questions its condition reads, sorted
        self.rule_questions = [tuple(sorted(questions_read(c))) for c in self.conditions]
        #: per question, the columns whose condition reads it
        self.readers: dict[str, list[int]] = {}
        for i, questions in enumerate(self.rule_questions):
            for qid in questions:
                self.readers.setdefault(qid, []).append(i)
        #: the column of each concern's applicability, by concern id
        self.concern_column = {cid: len(rules) + c for c, cid in enumerate(self.concern_ids)}
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
        #: questions a rule or a concern's applies_if reads, with those deciding whether they
        #: apply: the questions whose unknown answers the analysis enumerates
        self.relevant_questions = self.with_controllers(set(self.readers))
        #: per rule, the questions its condition reads with those deciding whether they apply
        self.rule_reads: list[list[str]] = [self.with_controllers(set(self.rule_questions[i]))
                                            for i in range(len(rules))]
        #: questions a mitigation rule reads: what the buyer can do (safeguards, terms, reviews)
        self.action_questions: frozenset[str] = frozenset(
            q for i, rule in enumerate(rules) if rule.effect == "mitigation"
            for q in self.rule_questions[i])
        self.domains: dict[str, list[Any]] = question_domains(bank, rules,
                                                              self.concern_conditions)
        #: every leaf of every rule and show_if, by the question it tests
        self.leaves_by_question: dict[str, list[Leaf]] = {}
        for condition in all_conditions(bank, rules, self.concern_conditions):
            for leaf in leaves(condition):
                self.leaves_by_question.setdefault(leaf.q, []).append(leaf)
        self.leaf_tables = LeafTables()
        self.scorer = Scorer(self)
        #: the answers-only work of recent assessments (``build_context``, the analysis's
        #: ``Rescorer``), kept for the same answers scored again under other weights
        self.kept_answers: LRU | None = LRU(64)
        self.kept_rescorers: LRU | None = LRU(16)
        #: the rows a headline considers and their nets, floors and concerns taking part
        #: (``verdicts_with_weights``: none of it depends on the weights)
        self.kept_headlines: LRU | None = LRU(16)
        #: per column: whether it is a risk rule (a concern's column is not)
        self.is_risk: np.ndarray = np.concatenate([self.scorer.is_risk,
                                                   np.zeros(len(self.concerns), dtype=bool)])
        #: per column: whether it is a concern's applicability
        self.is_concern: np.ndarray = np.arange(len(self.conditions)) >= len(rules)

    def kept(self, store: LRU | None, answers: Mapping[str, Any], make: Callable[[], Any]) -> Any:
        """``make()``, kept in ``store`` for the same answers scored again (None: keep
        nothing; answers no key can hold are not kept either)."""
        key = answers_key(answers) if store is not None else None
        return make() if key is None else store.get_or_make(key, make)

    def keep_nothing(self) -> None:
        """Keep no work for answers or rows scored again: for a batch where each answer set
        comes once (screening), where keeping would only cost time and memory."""
        self.kept_answers = self.kept_rescorers = self.kept_headlines = None
        self.scorer.kept = None

    def forget_kept(self) -> None:
        """Drop the work kept so far (benchmarks time an analysis from nothing with it)."""
        for store in (self.kept_answers, self.kept_rescorers, self.kept_headlines,
                      self.scorer.kept):
            if store is not None:
                store.clear()

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
