"""Load and validate the question bank (``rules/questions.yaml``)."""

from __future__ import annotations

import re
from typing import Any

from .conditions import ConditionParser, questions_read
from .model import Option, Question, QuestionBank, Section
from .problems import ProblemList, did_you_mean
from .values import QUESTION_TYPES, UNKNOWN

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
QUESTION_FIELDS = ("id", "text", "help", "type", "options", "unknown", "show_if",
                   "min", "max", "unit")
SECTION_FIELDS = ("id", "title", "intro", "show_if", "questions")
YESNO_OPTIONS = (Option("yes", "Yes"), Option("no", "No"))


def parse_question_bank(data: Any, problems: ProblemList) -> QuestionBank:
    """Build the bank from parsed YAML; every problem goes into ``problems``.

    A ``show_if`` may only refer to questions that come earlier in the bank, which keeps
    applicability free of cycles and lets it be computed in one pass.
    """
    sections: list[Section] = []
    questions: dict[str, Question] = {}
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        problems.add("", "sections", "the file must have a top-level list `sections`")
        return QuestionBank(sections, questions)
    seen_sections: set[str] = set()
    for s_index, raw_section in enumerate(data["sections"]):
        section = _parse_section(raw_section, s_index, seen_sections, questions, problems)
        if section is not None:
            sections.append(section)
    if len(questions) == 0:
        problems.add("", "sections", "the bank has no questions")
    return QuestionBank(sections, questions)


def _parse_section(raw: Any, index: int, seen: set[str], questions: dict[str, Question],
                   problems: ProblemList) -> Section | None:
    if not isinstance(raw, dict):
        problems.add(f"sections[{index}]", "", "a section must be a mapping")
        return None
    sid = raw.get("id")
    if not isinstance(sid, str) or not ID_PATTERN.match(sid):
        problems.add(f"sections[{index}]", "id", "needs an id of lower-case letters, digits, _")
        return None
    if sid in seen:
        problems.add(sid, "id", "duplicate section id")
    seen.add(sid)
    for key in raw:
        if key not in SECTION_FIELDS:
            problems.add(sid, str(key), "unknown field" + did_you_mean(key, SECTION_FIELDS))
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.add(sid, "title", "a section needs a title")
        title = sid
    show_if = None
    if "show_if" in raw:
        # A section's show_if may read any question of an earlier section.
        show_if = ConditionParser(dict(questions), problems, sid).parse(raw["show_if"], "show_if")
    section = Section(sid, title, str(raw.get("intro", "") or ""), show_if)
    raw_questions = raw.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.add(sid, "questions", "a section needs a non-empty list of questions")
        return section
    for q_index, raw_q in enumerate(raw_questions):
        question = _parse_question(raw_q, sid, q_index, questions, problems)
        if question is not None:
            section.questions.append(question)
            questions[question.id] = question
    return section


def _parse_question(raw: Any, sid: str, index: int, earlier: dict[str, Question],
                    problems: ProblemList) -> Question | None:
    if not isinstance(raw, dict):
        problems.add(f"{sid}.questions[{index}]", "", "a question must be a mapping")
        return None
    qid = raw.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        problems.add(f"{sid}.questions[{index}]", "id",
                     "needs an id of lower-case letters, digits and _")
        return None
    if qid in earlier:
        problems.add(qid, "id", "duplicate question id")
        return None
    for key in raw:
        if key not in QUESTION_FIELDS:
            problems.add(qid, str(key), "unknown field" + did_you_mean(key, QUESTION_FIELDS))
    for key in ("text", "help"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.add(qid, key, f"every question needs {key} written for a non-specialist")
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        problems.add(qid, "type", f"type must be one of {', '.join(QUESTION_TYPES)}"
                     + did_you_mean(qtype, QUESTION_TYPES))
        return None
    unknown = raw.get("unknown", False)
    if not isinstance(unknown, bool):
        problems.add(qid, "unknown", "unknown must be true or false")
        unknown = False
    question = Question(
        id=qid, section=sid, text=str(raw.get("text", qid)), help=str(raw.get("help", "")),
        type=qtype, options=_parse_options(raw, qid, qtype, problems), unknown=unknown,
        unit=str(raw.get("unit", "") or ""),
    )
    if qtype == "number":
        question.minimum, question.maximum = _parse_bounds(raw, qid, problems)
    if "show_if" in raw:
        question.show_if = ConditionParser(earlier, problems, qid).parse(raw["show_if"], "show_if")
        if question.show_if is not None and qid in questions_read(question.show_if):
            problems.add(qid, "show_if", "a question cannot depend on itself")
    return question


def _parse_options(raw: dict, qid: str, qtype: str, problems: ProblemList) -> tuple[Option, ...]:
    if qtype == "yesno":
        if "options" in raw:
            problems.add(qid, "options", "a yesno question has the options yes and no; "
                                         "leave options out")
        return YESNO_OPTIONS
    if qtype not in ("choice", "multi"):
        if "options" in raw:
            problems.add(qid, "options", f"a {qtype} question has no options")
        return ()
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        problems.add(qid, "options", "a choice or multi question needs at least two options")
        return ()
    options: list[Option] = []
    for i, item in enumerate(raw_options):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.add(qid, f"options[{i}]", "each option is {id: ..., label: ...}")
            continue
        oid = item["id"]
        if not ID_PATTERN.match(oid) or oid == UNKNOWN:
            problems.add(qid, f"options[{i}].id",
                         f'"{oid}" is not a valid option id ("unknown" is reserved)')
        if oid in {o.id for o in options}:
            problems.add(qid, f"options[{i}].id", f'duplicate option "{oid}"')
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.add(qid, f"options[{i}].label", "each option needs a label")
            label = oid
        options.append(Option(oid, label, str(item.get("help", "") or "")))
    return tuple(options)


def _parse_bounds(raw: dict, qid: str, problems: ProblemList) -> tuple[float | None, float | None]:
    bounds: list[float | None] = []
    for key in ("min", "max"):
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            problems.add(qid, key, f"{key} must be a number")
            value = None
        bounds.append(None if value is None else float(value))
    low, high = bounds
    if low is not None and high is not None and low >= high:
        problems.add(qid, "max", "max must be greater than min")
    return low, high
