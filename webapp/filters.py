"""Template filters and globals shared by every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .engine import Verdict
from .engine.core.verdicts import LABELS
from .engine.describe import answer_text, describe
from .engine.loading.conditions import Node, to_data
from .extensions import get_rulebase


def signed(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "unbounded"
    text = f"{value:+.{digits}f}"
    return "0.00" if text in ("+0.00", "-0.00") and digits == 2 else text.replace("-", "−")


def condition_json(node: Node | None) -> Markup:
    """A show_if condition as JSON safe inside a single-quoted HTML attribute."""
    return htmlsafe_json_dumps(to_data(node))


def describe_condition(node: Node) -> str:
    return describe(node, get_rulebase().bank)


def answer_label(value: Any, qid: str) -> str:
    """An answer shown in a finding's "because you answered" list."""
    question = get_rulebase().bank.questions[qid]
    if isinstance(value, dict):  # {"unknown, assumed": v}: the worst case assumed for an unknown
        assumed = next(iter(value.values()))
        return f"don't know (the worst case assumes: {answer_text(question, assumed)})"
    if value == "not applicable":
        return "not applicable"
    return answer_text(question, value)


def answer_of(question, value) -> str:
    """A stored answer of a question in words ("not answered" for none)."""
    return answer_text(question, value)


def question_text(qid: str) -> str:
    question = get_rulebase().bank.questions.get(qid)
    return question.text if question else qid


def verdict_label(verdict: Verdict | str) -> str:
    return verdict.label if isinstance(verdict, Verdict) else LABELS.get(verdict, verdict)


def concern_name(concern_id: str) -> str:
    concern = get_rulebase().concerns.get(concern_id)
    return concern.name if concern else concern_id


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten")


def number_word(count: int) -> str:
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def concern_list() -> dict[str, str]:
    """The concerns in words for the page footer: "open economy, ... and human rights"."""
    names = [c.label.lower() for c in get_rulebase().concerns.values()]
    text = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return {"concern_list": text}


def stale_years(as_of: str | None) -> int | None:
    """Years since a registry fact was recorded, when past the registry's configured age."""
    registry = get_rulebase().partners
    if registry is None or not as_of:
        return None
    return registry.is_stale(str(as_of), dt.date.today())


def register(app: Flask) -> None:
    app.jinja_env.filters["stale_years"] = stale_years
    app.context_processor(concern_list)
    app.jinja_env.filters["number_word"] = number_word
    app.jinja_env.filters["question_text"] = question_text
    app.jinja_env.filters["answer_label"] = answer_label
    app.jinja_env.filters["answer_of"] = answer_of
    app.jinja_env.filters["condition_json"] = condition_json
    app.jinja_env.filters["describe"] = describe_condition
    app.jinja_env.filters["signed"] = signed
    app.jinja_env.filters["verdict_label"] = verdict_label
    app.jinja_env.filters["concern_name"] = concern_name
