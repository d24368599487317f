"""Turn an answers dict into the form data a browser would post for one section."""

from __future__ import annotations

from typing import Any


def section_form_data(section, answers: dict[str, Any], evidence: dict[str, str] | None = None,
                      action: str = "next") -> dict[str, Any]:
    """What a browser posts for these answers: each question's type says how."""
    data: dict[str, Any] = {"action": action}
    for question in section.questions:
        if question.id in answers:
            data.update(question.kind.post_data(question, answers[question.id]))
    for qid, note in (evidence or {}).items():
        data[qid + "__evidence"] = note
    return data
