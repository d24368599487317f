"""Load concerns, profiles, bands and dilemmas: the small files around the rules."""

from __future__ import annotations

import math
import re
from typing import Any

from ..core.problems import ProblemList, did_you_mean
from ..core.verdicts import VERDICT_IDS
from .conditions import ConditionParser
from .model import Bands, Concern, Dilemma, Profile, QuestionBank

CONCERN_ID = re.compile(r"^[a-z][a-z0-9_]*$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CONCERN_FIELDS = ("id", "name", "section", "definition", "risk_means", "benefit_means", "scale",
                  "floor", "colour", "short", "applies_if", "applies_note")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def parse_concerns(data: Any, bank: QuestionBank, problems: ProblemList) -> dict[str, Concern]:
    """The concerns in file order: the order of every table, chart and JSON object."""
    concerns: dict[str, Concern] = {}
    items = data.get("concerns") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        problems.add("", "concerns", "the file must have a non-empty top-level list `concerns`")
        return concerns
    for i, raw in enumerate(items):
        cid = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(cid, str) or not CONCERN_ID.match(cid):
            problems.add(f"concerns[{i}]", "id", "every concern needs an id of lower-case "
                                                 "letters, digits and _")
            continue
        if cid in concerns:
            problems.add(cid, "id", "duplicate concern id")
        concerns[cid] = _concern(cid, raw, bank, problems)
    return concerns


def _concern(cid: str, raw: dict, bank: QuestionBank, problems: ProblemList) -> Concern:
    for key in raw:
        if key not in CONCERN_FIELDS:
            problems.add(cid, str(key), "unknown field" + did_you_mean(key, CONCERN_FIELDS))
    scale, floor = _number(raw.get("scale")), _number(raw.get("floor"))
    if scale is None or scale <= 0:
        problems.add(cid, "scale", "scale must be a positive number (points that make net 1)")
        scale = 1.0
    if floor is None or not 0 < floor <= 1:
        problems.add(cid, "floor", "floor must be a number in (0, 1]: the share of a risk "
                                   "left after any mitigation")
        floor = 1.0
    for key in ("name", "definition", "section"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.add(cid, key, f"every concern needs {key}")
    colour = raw.get("colour", "#555555")
    if not isinstance(colour, str) or not COLOUR.match(colour):
        problems.add(cid, "colour", 'a colour is written "#rrggbb", e.g. "#1f5f8b"')
        colour = "#555555"
    applies_if = None
    if "applies_if" in raw:
        applies_if = ConditionParser(bank.questions, problems, cid).parse(raw["applies_if"],
                                                                           "applies_if")
    return Concern(cid, str(raw.get("name", cid)), str(raw.get("definition", "")), scale, floor,
                   str(raw.get("section", "")), str(raw.get("risk_means", "")),
                   str(raw.get("benefit_means", "")), colour, str(raw.get("short", "") or ""),
                   applies_if, " ".join(str(raw.get("applies_note", "") or "").split()))


def parse_weights(raw: Any, concerns: tuple[str, ...], problems: ProblemList, owner: str,
                  field: str = "weights") -> dict[str, float]:
    """Weights for every concern, non-negative, at least one positive."""
    weights: dict[str, float] = {}
    if not isinstance(raw, dict):
        problems.add(owner, field, "weights map each concern to a number")
        return weights
    for key, value in raw.items():
        if key not in concerns:
            problems.add(owner, f"{field}.{key}", "unknown concern" + did_you_mean(key, concerns))
            continue
        number = _number(value)
        if number is None or number < 0:
            problems.add(owner, f"{field}.{key}", "a weight is a number of 0 or more")
            continue
        weights[key] = number
    for cid in concerns:
        if cid not in raw:
            problems.add(owner, f"{field}.{cid}", "missing weight")
    if weights and sum(weights.values()) <= 0:
        problems.add(owner, field, "at least one weight must be above 0")
    return {cid: weights[cid] for cid in concerns if cid in weights}


def parse_profiles(data: Any, concerns: tuple[str, ...], problems: ProblemList,
                   ) -> dict[str, Profile]:
    profiles: dict[str, Profile] = {}
    items = data.get("profiles") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        problems.add("", "profiles", "the file must have a non-empty top-level list `profiles`")
        return profiles
    for i, raw in enumerate(items):
        pid = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(pid, str) or not pid:
            problems.add(f"profiles[{i}]", "id", "every profile needs an id")
            continue
        if pid in profiles:
            problems.add(pid, "id", "duplicate profile id")
        for key in ("name", "rationale"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                problems.add(pid, key, f"every profile needs a {key}")
        weights = parse_weights(raw.get("weights"), concerns, problems, pid)
        profiles[pid] = Profile(pid, str(raw.get("name", pid)), str(raw.get("rationale", "")),
                                weights)
    if "balanced" not in profiles:
        problems.add("balanced", "id", "a profile with id `balanced` is required (the default)")
    return profiles


def parse_bands(data: Any, problems: ProblemList) -> Bands:
    fallback = Bands((0.0, 0.25, 0.5), 0.8)
    if not isinstance(data, dict) or not isinstance(data.get("cuts"), dict):
        problems.add("", "cuts", "bands.yaml needs `cuts`: the balance at which each band "
                                 "from proceed_with_conditions upwards begins")
        return fallback
    cuts: list[float] = []
    for verdict in VERDICT_IDS[1:]:
        value = _number(data["cuts"].get(verdict))
        if value is None or not -1 <= value <= 1:
            problems.add("cuts", verdict, "needs a number in [-1, 1]")
            return fallback
        cuts.append(value)
    for key in data["cuts"]:
        if key not in VERDICT_IDS[1:]:
            problems.add("cuts", str(key), "unknown band" + did_you_mean(key, VERDICT_IDS[1:]))
    if not cuts[0] < cuts[1] < cuts[2]:
        problems.add("cuts", "", "cut points must rise: proceed_with_conditions < escalate < "
                                 "do_not_proceed")
    escalates = _number(data.get("concern_escalates_at"))
    if escalates is None or not 0 < escalates <= 1:
        problems.add("", "concern_escalates_at", "needs a number in (0, 1]: a single concern's "
                                                 "net at which the verdict is at least escalate")
        escalates = 1.0
    residual = None
    if "residual_conditions_at" in data:
        residual = _number(data["residual_conditions_at"])
        if residual is None or residual <= 0:
            problems.add("", "residual_conditions_at", "needs a number above 0: the residual "
                                                       "risk at which conditions are required")
            residual = None
    for key in data:
        if key not in ("cuts", "concern_escalates_at", "residual_conditions_at"):
            problems.add("", str(key), "unknown field" + did_you_mean(
                key, ("cuts", "concern_escalates_at", "residual_conditions_at")))
    return Bands((cuts[0], cuts[1], cuts[2]), escalates, residual)


def parse_dilemmas(data: Any, problems: ProblemList) -> dict[str, Dilemma]:
    dilemmas: dict[str, Dilemma] = {}
    items = data if isinstance(data, list) else (data or {}).get("dilemmas")
    if not isinstance(items, list):
        problems.add("", "dilemmas", "the file must be a list of dilemmas")
        return dilemmas
    for i, raw in enumerate(items):
        did = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(did, str) or not did:
            problems.add(f"[{i}]", "id", "every dilemma needs an id")
            continue
        if did in dilemmas:
            problems.add(did, "id", "duplicate dilemma id")
        for key in ("name", "section", "says"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                problems.add(did, key, f"every dilemma needs {key}")
        dilemmas[did] = Dilemma(did, str(raw.get("name", "")), str(raw.get("section", "")),
                                str(raw.get("says", "")))
    return dilemmas
