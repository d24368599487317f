"""The files rules refer to by id: ``sources.yaml`` (the documents cited) and ``causes.yaml``
(the underlying causes that several rules restate, each counted once)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ..core.problems import ProblemList, did_you_mean
from .model import Cause, Source

ID = re.compile(r"^[a-z][a-z0-9_]*$")
SOURCE_FIELDS = ("id", "title", "issuer", "date", "used", "url")
CAUSE_FIELDS = ("id", "name", "cap", "explains", "effect")


def _text(raw: dict, key: str) -> str:
    value = raw.get(key, "")
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value or "").split())


def _entries(data: Any, key: str, problems: ProblemList, fields: tuple[str, ...],
             ) -> list[tuple[str, dict]]:
    """(id, raw) of each well-formed entry of the top-level list ``key``."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        problems.add("", key, f"the file must have a top-level list `{key}`")
        return []
    found: dict[str, dict] = {}
    for i, raw in enumerate(items):
        eid = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(eid, str) or not ID.match(eid):
            problems.add(f"{key}[{i}]", "id", "needs an id of lower-case letters, digits and _")
            continue
        if eid in found:
            problems.add(eid, "id", "duplicate id")
        for field in raw:
            if field not in fields:
                problems.add(eid, str(field), "unknown field" + did_you_mean(field, fields))
        found[eid] = raw
    return list(found.items())


def parse_sources(data: Any, problems: ProblemList) -> dict[str, Source]:
    sources = {}
    for sid, raw in _entries(data, "sources", problems, SOURCE_FIELDS):
        if not _text(raw, "title"):
            problems.add(sid, "title", "every source needs its title")
        url = _text(raw, "url")
        if url and not url.startswith("https://"):
            problems.add(sid, "url", "a public address starting with https://")
        sources[sid] = Source(sid, _text(raw, "title"), _text(raw, "issuer"), _text(raw, "date"),
                              _text(raw, "used"), url)
    return sources


def parse_causes(data: Any, problems: ProblemList) -> dict[str, Cause]:
    causes = {}
    for cid, raw in _entries(data, "causes", problems, CAUSE_FIELDS):
        cap = raw.get("cap")
        if isinstance(cap, bool) or not isinstance(cap, int | float) or not (
                0 < cap <= 10 and math.isclose(cap * 2, round(cap * 2))):
            problems.add(cid, "cap", "the points the cause counts at most: 0.5 to 10 in steps "
                                     "of 0.5")
            cap = 10
        effect = raw.get("effect", "risk")
        if effect not in ("risk", "benefit"):
            problems.add(cid, "effect", "a cause groups risks or benefits: risk or benefit")
            effect = "risk"
        for key in ("name", "explains"):
            if not _text(raw, key):
                problems.add(cid, key, f"every cause needs {key}")
        causes[cid] = Cause(cid, _text(raw, "name"), float(cap), _text(raw, "explains"), effect)
    return causes
