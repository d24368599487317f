"""Reading a question's options from YAML, shared by the types that have options."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..core.values import UNKNOWN
from .base import Option

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def parse_options(raw: dict, report: Callable[[str, str], None]) -> tuple[Option, ...]:
    """At least two options {id, label, help}; every problem reported by field."""
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        report("options", "a choice or multi question needs at least two options")
        return ()
    options: list[Option] = []
    for i, item in enumerate(raw_options):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            report(f"options[{i}]", "each option is {id: ..., label: ...}")
            continue
        oid = item["id"]
        if not ID_PATTERN.match(oid) or oid == UNKNOWN:
            report(f"options[{i}].id", f'"{oid}" is not a valid option id ("unknown" is reserved)')
        if oid in {o.id for o in options}:
            report(f"options[{i}].id", f'duplicate option "{oid}"')
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            report(f"options[{i}].label", "each option needs a label")
            label = oid
        options.append(Option(oid, label, str(item.get("help", "") or "")))
    return tuple(options)


def no_options(raw: dict, type_id: str, report: Callable[[str, str], None]) -> None:
    if "options" in raw:
        report("options", f"a {type_id} question has no options")


def option_list(question: Any, raw: Any, op: str, report: Callable[[str], None],
                check: Callable[[Any], bool]) -> frozenset[str] | None:
    """A list operand (in, has_any, has_all): a non-empty list of option ids."""
    if not isinstance(raw, list) or not raw:
        report(f"{op} takes a non-empty list of option ids")
        return None
    good = [check(value) for value in raw]
    return frozenset(raw) if all(good) else None
