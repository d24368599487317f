"""Appendix B, the answers given, section by section: what it shows, and the key it is kept
under (``fragments.answers_appendix``): the stored answers, notes and registry marks, which
decide every row (with the rule set, part of every kept part's key)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..engine import RuleBase
from ..engine.describe import answer_text
from ..engine.loading.model import Question, Section


class AnswersShown:
    """The answers of one report, their rows made only when Appendix B is rendered."""

    def __init__(self, rulebase: RuleBase, assessment: Any, answers: dict[str, Any], result):
        self.rulebase, self.assessment, self.answers, self.result = (
            rulebase, assessment, answers, result)

    def key(self) -> str:
        """What the rows are made from: the answers, evidence notes and registry marks (the
        answers decide which apply, which are ignored and which are unknown)."""
        assessment = self.assessment
        return json.dumps([self.answers, assessment.evidence or {}, assessment.prefilled or {}],
                          sort_keys=True, default=str)

    def sections(self) -> list[AnsweredSection]:
        return answered_sections(self.rulebase, self.assessment, self.answers, self.result)


@dataclass
class AnsweredRow:
    """One answer as the report's answers table shows it."""

    question: Question
    answer: str
    evidence: str
    ignored: bool
    unknown: bool
    source: dict[str, Any] | None  # the registry mark, when the answer came from it


@dataclass
class AnsweredSection:
    section: Section
    rows: list[AnsweredRow]
    applies: bool


def answered_sections(rulebase: RuleBase, assessment: Any, answers: dict[str, Any],
                      result) -> list[AnsweredSection]:
    """The answers given, section by section, with evidence notes and where they came from."""
    resolution = rulebase.resolver.resolve(answers)
    evidence = assessment.evidence or {}
    prefilled = assessment.prefilled or {}
    sections = []
    for section in rulebase.bank.sections:
        rows = []
        for question in section.questions:
            if question.id not in answers and not evidence.get(question.id):
                if resolution.applicable[question.id] is False:
                    continue
            value = answers.get(question.id)
            rows.append(AnsweredRow(
                question=question, answer=answer_text(question, value),
                evidence=evidence.get(question.id, ""),
                ignored=question.id in result.ignored_answers,
                unknown=value is None or value == "unknown",
                source=prefilled.get(question.id)))
        if rows:
            sections.append(AnsweredSection(section, rows,
                                            resolution.sections[section.id] is not False))
    return sections
