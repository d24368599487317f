"""Template filters and globals shared by every page."""

from __future__ import annotations

from flask import Flask
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .engine import VERDICT_LABELS
from .engine.conditions import to_data
from .engine.describe import answer_text, describe
from .textreport import CONCERN_NAMES


def signed(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "unbounded"
    text = f"{value:+.{digits}f}"
    return "0.00" if text in ("+0.00", "-0.00") and digits == 2 else text.replace("-", "−")


def condition_json(node) -> Markup:
    """A show_if condition as JSON safe inside a single-quoted HTML attribute."""
    return htmlsafe_json_dumps(to_data(node))


def describe_condition(node) -> str:
    from . import get_rulebase

    return describe(node, get_rulebase().bank)


def answer_label(value, qid: str) -> str:
    """An answer shown in a finding's "because you answered" list."""
    from . import get_rulebase

    question = get_rulebase().bank.questions[qid]
    if isinstance(value, dict):  # {"unknown, assumed": v}: the worst case assumed for an unknown
        assumed = next(iter(value.values()))
        return f"don't know (the worst case assumes: {answer_text(question, assumed)})"
    if value == "not applicable":
        return "not applicable"
    return answer_text(question, value)


def question_text(qid: str) -> str:
    from . import get_rulebase

    question = get_rulebase().bank.questions.get(qid)
    return question.text if question else qid


def register(app: Flask) -> None:
    app.jinja_env.filters["question_text"] = question_text
    app.jinja_env.filters["answer_label"] = answer_label
    app.jinja_env.filters["condition_json"] = condition_json
    app.jinja_env.filters["describe"] = describe_condition
    app.jinja_env.filters["signed"] = signed
    app.jinja_env.filters["verdict_label"] = lambda v: VERDICT_LABELS.get(v, v)
    app.jinja_env.filters["concern_name"] = lambda c: CONCERN_NAMES.get(c, c)
    app.jinja_env.globals["verdict_labels"] = VERDICT_LABELS
