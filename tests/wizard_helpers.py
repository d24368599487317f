"""Turn an answers dict into the form data a browser would post for one section."""

from __future__ import annotations

from typing import Any


def section_form_data(section, answers: dict[str, Any], evidence: dict[str, str] | None = None,
                      action: str = "next") -> dict[str, Any]:
    data: dict[str, Any] = {"action": action}
    for question in section.questions:
        if question.id not in answers:
            continue
        value = answers[question.id]
        if question.type == "multi":
            data[question.id] = ("unknown" if value == "unknown" else
                                 ["__none__"] if value == [] else list(value))
        elif question.type == "number":
            if value == "unknown":
                data[question.id + "__unknown"] = "y"
            else:
                data[question.id] = str(value)
        else:
            data[question.id] = value
    for qid, note in (evidence or {}).items():
        data[qid + "__evidence"] = note
    return data
