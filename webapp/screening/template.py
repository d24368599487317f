"""The portfolio template: a header of ``project_id``, ``title`` and every question id in the
bank's order, and its help: one line per column with the values it takes."""

from __future__ import annotations

import csv
import io

from ..actions_csv import safe_cell
from ..engine import RuleBase
from .reader import ID_COLUMN, MAX_ID, MAX_TITLE, TITLE_COLUMN

HELP_HEADER = ["column", "section", "question", "type", "allowed values", "help"]


def template_csv(rulebase: RuleBase) -> str:
    """The header line of a portfolio file."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(
        [ID_COLUMN, TITLE_COLUMN, *(q.id for q in rulebase.bank.ordered())])
    return buffer.getvalue()


def allowed_values(question) -> str:  # noqa: ANN001 - a loading.model.Question
    """What a cell of this question's column may hold, in words."""
    unknown = "; unknown or empty = don't know"
    if question.type == "multi":
        ids = ", ".join(f"{o.id} ({o.label})" for o in question.options)
        return f"option ids separated by | from: {ids}; none = none of them{unknown}"
    if question.options:
        return "one of: " + ", ".join(f"{o.id} ({o.label})" for o in question.options) + unknown
    if question.type == "number":
        bounds = [f"at least {question.minimum:g}" if question.minimum is not None else "",
                  f"at most {question.maximum:g}" if question.maximum is not None else ""]
        limits = " and ".join(b for b in bounds if b)
        unit = f" ({question.unit})" if question.unit else ""
        return f"a number{unit}" + (f", {limits}" if limits else "") + unknown
    if question.type == "date":
        return f"a date, YYYY-MM-DD{unknown}"
    return "free text (at most 2,000 characters); empty = no answer"


def template_help_csv(rulebase: RuleBase) -> str:
    """One line per column: id, section, question, type, allowed values and help."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HELP_HEADER)
    writer.writerow([ID_COLUMN, "", "Project id", "text",
                     f"required, unique in the file, at most {MAX_ID} characters",
                     "Names the project in the summary and the PDF's file name."])
    writer.writerow([TITLE_COLUMN, "", "Project title", "text",
                     f"at most {MAX_TITLE} characters; empty = the project id", ""])
    for question in rulebase.bank.ordered():
        section = rulebase.bank.section(question.section)
        writer.writerow([safe_cell(c) for c in (
            question.id, section.title, question.text, question.type,
            allowed_values(question), question.help)])
    return buffer.getvalue()
