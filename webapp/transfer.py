"""An assessment as a JSON file, out and in.

The file carries what a user entered — title, assessor, summary, answers, evidence notes,
registry marks, the registry partner chosen, the sections done — and the rule-set fingerprint
and format version; nothing volatile (no numbers, no times), so export → import → export gives
the same bytes. Asked for (``?history=1``, ``export --history``), the file also carries the
assessment's audit trail as ``history``; import reads it but does not store it (the imported
assessment's history starts with "Imported from a file"). ``weighbridge assess`` reads the
same file (it needs only ``answers``).

Reading validates the whole file and collects every problem with its path (``$.answers.ldc``);
a file with any problem is refused whole. Under a rule set other than the file's, answers and
notes to questions that no longer exist or no longer fit are not problems but listed as
dropped, so a file made under older rules still imports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .engine import RuleBase
from .engine.core.problems import AnswerError
from .engine.loading.answers import normalise_value
from .engine.qtypes.text import MAX_TEXT, text_problem

FORMAT = "weighbridge-assessment"
FORMAT_VERSION = 1
LIMITS = {"title": 200, "assessor": 120, "summary": MAX_TEXT}
FIELDS = ("format", "format_version", "title", "assessor", "summary", "ruleset", "partner",
          "answers", "evidence", "registry", "sections_done", "history")
MARK_FIELDS = ("partner", "source", "as_of", "answer")


class ImportRefused(ValueError):
    """The file cannot be imported; ``problems`` lists each path that is wrong."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class Imported:
    """A validated file, ready to store; ``dropped`` says what no longer applies."""

    title: str
    assessor: str = ""
    summary: str = ""
    partner: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    registry: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections_done: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    #: how many events the file's ``history`` lists (read, not imported)
    history: int = 0


def export_document(assessment: Any, rulebase: RuleBase,
                    history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The file's content for a stored assessment, in the question bank's order; with
    ``history`` (the audit trail, oldest first) last, as ``history``. Without it the file
    holds nothing volatile, so export → import → export gives the same bytes."""
    order = {q.id: n for n, q in enumerate(rulebase.bank.ordered())}
    sections = [s.id for s in rulebase.bank.sections]

    def ordered(mapping: dict[str, Any]) -> dict[str, Any]:
        return dict(sorted(mapping.items(), key=lambda kv: (order.get(kv[0], len(order)),
                                                            kv[0])))

    done = assessment.sections_done
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "title": assessment.title, "assessor": assessment.assessor or "",
        "summary": assessment.summary or "", "ruleset": assessment.ruleset or "",
        "partner": assessment.partner_id,
        "answers": ordered(assessment.answers), "evidence": ordered(assessment.evidence),
        "registry": ordered(assessment.prefilled),
        "sections_done": [s for s in sections if s in done] + sorted(
            s for s in done if s not in sections),
    } | ({"history": history} if history is not None else {})


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def read_document(data: Any, rulebase: RuleBase) -> Imported:
    """Validate a parsed file against the current rules; ImportRefused with every problem."""
    if not isinstance(data, dict):
        raise ImportRefused(["$: expected an object with at least \"title\" and \"answers\""])
    reader = _Reader(rulebase, data)
    return reader.read()


class _Reader:
    def __init__(self, rulebase: RuleBase, data: dict[str, Any]):
        self.rulebase, self.data = rulebase, data
        self.problems: list[str] = []
        self.dropped: list[str] = []
        ruleset = data.get("ruleset")
        #: under other rules, what no longer fits is dropped rather than refused
        self.other_rules = bool(ruleset) and ruleset != rulebase.fingerprint

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def no_longer(self, path: str, message: str) -> None:
        if self.other_rules:
            self.dropped.append(f"{path}: {message}")
        else:
            self.problem(path, message)

    def read(self) -> Imported:
        data = self.data
        for key in data:
            if key not in FIELDS:
                self.problem(f"$.{key}", "not a field of an assessment file (fields: "
                             + ", ".join(FIELDS) + ")")
        if data.get("format", FORMAT) != FORMAT:
            self.problem("$.format", f'expected "{FORMAT}"')
        if data.get("format_version", FORMAT_VERSION) != FORMAT_VERSION:
            self.problem("$.format_version", f"this version reads format {FORMAT_VERSION}")
        if "ruleset" in data and not isinstance(data["ruleset"], str):
            self.problem("$.ruleset", "expected the rule-set fingerprint as text")
            self.other_rules = False
        texts = {name: self.text(name, required=name == "title") for name in LIMITS}
        result = Imported(title=texts["title"], assessor=texts["assessor"],
                          summary=texts["summary"])
        result.answers = self.answers()
        result.evidence = self.evidence()
        result.registry = self.registry(result.answers)
        result.sections_done = self.sections()
        result.partner = self.partner()
        result.history = self.history()
        if self.problems:
            raise ImportRefused(self.problems)
        result.dropped = self.dropped
        return result

    def text(self, name: str, required: bool = False) -> str:
        value = self.data.get(name, "")
        if not isinstance(value, str):
            self.problem(f"$.{name}", "expected text")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(f"$.{name}", "the assessment needs a title")
        problem = text_problem(value, LIMITS[name])
        if problem:
            self.problem(f"$.{name}", problem)
        return value

    def mapping(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            self.problem(f"$.{name}", "expected an object {question_id: ...}")
            return {}
        return value

    def answers(self) -> dict[str, Any]:
        questions = self.rulebase.bank.questions
        answers = {}
        if "answers" not in self.data:
            self.problem("$.answers", "missing (an object {question_id: answer}, may be empty)")
        for qid, value in self.mapping("answers").items():
            path = f"$.answers.{qid}"
            if qid not in questions:
                self.no_longer(path, "no such question")
                continue
            try:
                answers[qid] = normalise_value(questions[qid], value)
            except AnswerError as error:
                self.no_longer(path, error.detail)
        return answers

    def evidence(self) -> dict[str, str]:
        notes = {}
        for qid, note in self.mapping("evidence").items():
            path = f"$.evidence.{qid}"
            if not isinstance(note, str):
                self.problem(path, "expected text")
            elif text_problem(note):
                self.problem(path, text_problem(note) or "")
            elif qid not in self.rulebase.bank.questions:
                self.no_longer(path, "no such question")
            elif note.strip():
                notes[qid] = note.strip()
        return notes

    def registry(self, answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
        marks = {}
        for qid, mark in self.mapping("registry").items():
            path = f"$.registry.{qid}"
            if not isinstance(mark, dict) or set(mark) - set(MARK_FIELDS) or not all(
                    isinstance(mark.get(k, ""), str) and len(mark.get(k, "")) <= 200
                    for k in MARK_FIELDS if k != "answer"):
                self.problem(path, "expected {partner, source, as_of, answer} with short texts")
            elif qid not in answers:
                self.no_longer(path, "marks a question with no answer")
            else:
                marks[qid] = mark
        return marks

    def sections(self) -> list[str]:
        value = self.data.get("sections_done", [])
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            self.problem("$.sections_done", "expected a list of section ids")
            return []
        known = {s.id for s in self.rulebase.bank.sections}
        done = []
        for n, section_id in enumerate(value):
            if section_id not in known:
                self.no_longer(f"$.sections_done[{n}]", f'no section "{section_id[:80]}"')
            elif section_id not in done:
                done.append(section_id)
        return done

    def history(self) -> int:
        """The file's history is read only to be counted: an imported assessment's history
        starts with its import (events from another database cannot be vouched for)."""
        value = self.data.get("history", [])
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            self.problem("$.history", "expected a list of events")
            return 0
        return len(value)

    def partner(self) -> str | None:
        value = self.data.get("partner")
        if value is None:
            return None
        registry = self.rulebase.partners
        if not isinstance(value, str):
            self.problem("$.partner", "expected a partner id from the registry, or null")
        elif registry is None or registry.get(value) is None:
            self.no_longer("$.partner", f'no partner "{value[:80]}" in the registry')
        else:
            return value
        return None
