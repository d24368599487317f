"""Load and validate the question bank (``rules/questions.yaml``)."""

from __future__ import annotations

import re
from typing import Any

from ..core.problems import ProblemList, did_you_mean
from ..qtypes import question_type, type_ids
from .conditions import ConditionParser, questions_read
from .model import Question, QuestionBank, Section

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
COMMON_FIELDS = ("id", "text", "help", "type", "unknown", "show_if")
SECTION_FIELDS = ("id", "title", "intro", "show_if", "questions")


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
    for key in ("text", "help"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.add(qid, key, f"every question needs {key} written for a non-specialist")
    type_id = raw.get("type")
    if type_id not in type_ids():
        problems.add(qid, "type", f"type must be one of {', '.join(type_ids())}"
                     + did_you_mean(type_id, type_ids()))
        return None
    qtype = question_type(type_id)
    allowed = COMMON_FIELDS + qtype.fields
    for key in raw:
        if key not in allowed and key != "options":  # the type says what it makes of options
            problems.add(qid, str(key), "unknown field" + did_you_mean(key, allowed))
    unknown = raw.get("unknown", False)
    if not isinstance(unknown, bool):
        problems.add(qid, "unknown", "unknown must be true or false")
        unknown = False
    question = Question(id=qid, section=sid, text=str(raw.get("text", qid)),
                        help=str(raw.get("help", "")), type=type_id, unknown=unknown)
    qtype.parse(raw, question, lambda field, message: problems.add(qid, field, message))
    if "show_if" in raw:
        question.show_if = ConditionParser(earlier, problems, qid).parse(raw["show_if"], "show_if")
        if question.show_if is not None and qid in questions_read(question.show_if):
            problems.add(qid, "show_if", "a question cannot depend on itself")
    return question
