"""Parse and validate rule files (``rules/<concern>.yaml``): every problem with file, id, field."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import AnswerError, ProblemList, did_you_mean
from ..core.verdicts import Verdict
from .answers import normalise_answers
from .conditions import ConditionParser
from .model import Cause, Example, MitigationTarget, QuestionBank, RedLine, Rule

EFFECTS = ("risk", "benefit", "mitigation")

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
RULE_FIELDS = ("id", "title", "concern", "effect", "points", "when", "says", "why", "source",
               "advice", "mitigates", "red_line", "examples", "dilemmas", "cause", "sources")
TEXT_FIELDS = ("says", "why", "source", "advice")
RED_LINE_BANDS = ("escalate", "do_not_proceed")
FIRES_VALUES = ("true", "false", "possible")


def parse_rule_file(data: Any, bank: QuestionBank, concerns: tuple[str, ...],
                    problems: ProblemList) -> list[Rule]:
    """Rules of one file. Cross-file checks (mitigation targets, duplicates) come later."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        problems.add("", "rules", "a rule file has a top-level list `rules`")
        return []
    rules = []
    for index, raw in enumerate(data["rules"]):
        rule = _parse_rule(raw, index, bank, concerns, problems)
        if rule is not None:
            rules.append(rule)
    return rules


def _parse_rule(raw: Any, index: int, bank: QuestionBank, concerns: tuple[str, ...],
                problems: ProblemList) -> Rule | None:
    if not isinstance(raw, dict):
        problems.add(f"rules[{index}]", "", "a rule must be a mapping")
        return None
    rid = raw.get("id")
    if not isinstance(rid, str) or not RULE_ID.match(rid):
        problems.add(f"rules[{index}]" if not isinstance(rid, str) else rid, "id",
                     "rule ids are upper-case words joined by hyphens, e.g. SEC-CORE-VENDOR")
        if not isinstance(rid, str):
            return None
    for key in raw:
        if key not in RULE_FIELDS:
            problems.add(rid, str(key), "unknown field" + did_you_mean(key, RULE_FIELDS))
    effect = raw.get("effect")
    if effect not in EFFECTS:
        problems.add(rid, "effect", f"effect must be one of {', '.join(EFFECTS)}"
                     + did_you_mean(effect, EFFECTS))
        effect = "risk"
    concern = raw.get("concern")
    if concern is None and effect == "mitigation":
        concern = ""  # taken from the first target once all rules are loaded
    elif concern not in concerns:
        problems.add(rid, "concern", f"concern must be one of {', '.join(concerns)}"
                     + did_you_mean(concern, concerns))
        concern = concerns[0] if concerns else ""
    for key in TEXT_FIELDS:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.add(rid, key, f"every rule needs `{key}` (plain text)")
    when = None
    if "when" not in raw:
        problems.add(rid, "when", "every rule needs a `when` condition")
    else:
        when = ConditionParser(bank.questions, problems, rid).parse(raw["when"], "when")
    rule = Rule(
        id=rid, file=problems.file, concern=concern, effect=effect,
        points=_points(raw, rid, effect, problems), when=when,  # type: ignore[arg-type]
        says=str(raw.get("says", "")).strip(), why=str(raw.get("why", "")).strip(),
        source=str(raw.get("source", "")).strip(), advice=str(raw.get("advice", "")).strip(),
        mitigates=_mitigates(raw, rid, effect, problems),
        red_line=_red_line(raw, rid, effect, problems),
        examples=_examples(raw, rid, bank, problems),
        dilemmas=_id_list(raw, "dilemmas", rid, problems), title=str(raw.get("title", "") or ""),
        cause=_cause(raw, rid, effect, problems),
        sources=_id_list(raw, "sources", rid, problems),
    )
    # Kept even when broken, so cross-file checks do not report it again as missing.
    return rule


def _points(raw: dict, rid: str, effect: str, problems: ProblemList) -> float:
    points = raw.get("points")
    if effect == "mitigation":
        if points is not None:
            problems.add(rid, "points", "a mitigation has no points; it removes a share of "
                                        "its targets' points (mitigates: removes)")
        return 0.0
    if isinstance(points, bool) or not isinstance(points, int | float):
        problems.add(rid, "points", "risk and benefit rules need points: 0.5 to 5 in steps of 0.5")
        return 0.0
    if not 0.5 <= points <= 5 or not math.isclose(points * 2, round(points * 2)):
        hint = " (a benefit is written with positive points)" if points < 0 else ""
        problems.add(rid, "points", f"{points} is not 0.5 to 5 in steps of 0.5" + hint)
    return float(points)


def _mitigates(raw: dict, rid: str, effect: str, problems: ProblemList,
               ) -> tuple[MitigationTarget, ...]:
    items = raw.get("mitigates")
    if effect != "mitigation":
        if items is not None:
            problems.add(rid, "mitigates", "only a mitigation rule has `mitigates`")
        return ()
    if not isinstance(items, list) or not items:
        problems.add(rid, "mitigates", "a mitigation lists the risks it reduces: "
                                       "[{rule: RISK-ID, removes: 0.5}]")
        return ()
    targets = []
    for i, item in enumerate(items):
        target = item.get("rule") if isinstance(item, dict) else None
        removes = item.get("removes") if isinstance(item, dict) else None
        if not isinstance(target, str):
            problems.add(rid, f"mitigates[{i}].rule", "names the risk rule this reduces")
            continue
        if isinstance(removes, bool) or not isinstance(removes, int | float) or not (
                0 < removes <= 1):
            problems.add(rid, f"mitigates[{i}].removes", "the share of the risk removed, "
                                                          "a number above 0 and at most 1")
            continue
        targets.append(MitigationTarget(target, float(removes)))
    return tuple(targets)


def _red_line(raw: dict, rid: str, effect: str, problems: ProblemList) -> RedLine | None:
    data = raw.get("red_line")
    if data is None:
        return None
    if effect != "risk":
        problems.add(rid, "red_line", "only a risk rule can be a red line")
        return None
    if not isinstance(data, dict):
        problems.add(rid, "red_line", "red_line is {at_least: escalate|do_not_proceed, "
                                      "lifted_by: ...}")
        return None
    at_least = data.get("at_least")
    if at_least not in RED_LINE_BANDS:
        problems.add(rid, "red_line.at_least", f"must be one of {', '.join(RED_LINE_BANDS)}"
                     + did_you_mean(at_least, RED_LINE_BANDS))
        return None
    lifted_by = data.get("lifted_by")
    if not isinstance(lifted_by, str) or not lifted_by.strip():
        problems.add(rid, "red_line.lifted_by", "say what would lift this red line")
        return None
    return RedLine(Verdict.of(at_least), lifted_by.strip())


def _examples(raw: dict, rid: str, bank: QuestionBank, problems: ProblemList,
              ) -> tuple[Example, ...]:
    items = raw.get("examples")
    if not isinstance(items, list) or len(items) < 2:
        problems.add(rid, "examples", "at least two examples: one that fires, one that does not")
        return ()
    examples = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "answers" not in item or "fires" not in item:
            problems.add(rid, f"examples[{i}]", "an example is {answers: {...}, fires: "
                                                "true|false|possible}")
            continue
        fires = item["fires"]
        fires = str(fires).lower() if isinstance(fires, bool) else fires
        if fires not in FIRES_VALUES:
            problems.add(rid, f"examples[{i}].fires", "fires is true, false or possible")
            continue
        try:
            answers = normalise_answers(item["answers"] or {}, bank, f"examples[{i}].answers")
        except AnswerError as error:
            problems.add(rid, error.where, error.detail)
            continue
        examples.append(Example(answers, fires, str(item.get("note", "") or "")))
    if examples and not ({"true"} <= {e.fires for e in examples} and
                         {"false"} <= {e.fires for e in examples}):
        problems.add(rid, "examples", "needs at least one example that fires (fires: true) "
                                      "and one that does not (fires: false)")
    return tuple(examples)


ID_LISTS = {"dilemmas": "a list of dilemma ids from dilemmas.yaml, e.g. [D08]",
            "sources": "a list of source ids from sources.yaml, e.g. [brief, eu_5g_toolbox]"}


def _id_list(raw: dict, key: str, rid: str, problems: ProblemList) -> tuple[str, ...]:
    items = raw.get(key, [])
    if not isinstance(items, list) or not all(isinstance(d, str) for d in items):
        problems.add(rid, key, ID_LISTS[key])
        return ()
    return tuple(items)


def _cause(raw: dict, rid: str, effect: str, problems: ProblemList) -> str:
    cause = raw.get("cause", "")
    if cause and (not isinstance(cause, str) or effect == "mitigation"):
        problems.add(rid, "cause", "a risk or benefit names the id of its cause in causes.yaml")
        return ""
    return cause or ""


def check_cross_references(rules: list[Rule], references: References,
                           problems_for: dict[str, ProblemList]) -> None:
    """Duplicate ids, mitigation targets, mitigation concerns, dilemma, source and cause ids."""
    by_id: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in by_id:
            other = by_id[rule.id]
            problems_for[rule.file].add(rule.id, "id",
                                        f"duplicate rule id (also in {other.file})")
        else:
            by_id[rule.id] = rule
    risk_ids = sorted(r.id for r in rules if r.effect == "risk")
    for rule in rules:
        problems = problems_for[rule.file]
        _check_targets(rule, by_id, risk_ids, problems)
        _check_ids(rule, references, problems)


@dataclass
class References:
    """What rules may refer to by id (empty when the file is absent: nothing is checked)."""

    dilemmas: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    causes: dict[str, Cause] = field(default_factory=dict)


def _check_ids(rule: Rule, references: References, problems: ProblemList) -> None:
    if references.sources and not rule.sources:
        problems.add(rule.id, "sources", "name the documents this rule cites: a list of ids "
                                         "from sources.yaml, e.g. [brief, eu_5g_toolbox]")
    for key, known in (("dilemmas", references.dilemmas), ("sources", references.sources)):
        for i, item in enumerate(getattr(rule, key)):
            if known and item not in known:
                problems.add(rule.id, f"{key}[{i}]", f'unknown id "{item}"'
                             + did_you_mean(item, known))
    if rule.cause:
        cause = references.causes.get(rule.cause)
        if cause is None:
            problems.add(rule.id, "cause", f'no cause "{rule.cause}" in causes.yaml'
                         + did_you_mean(rule.cause, references.causes))
        elif cause.effect != rule.effect:
            problems.add(rule.id, "cause", f'cause "{cause.id}" groups {cause.effect}s; this '
                                           f"rule is a {rule.effect}")


def _check_targets(rule: Rule, by_id: dict[str, Rule], risk_ids: list[str],
                   problems: ProblemList) -> None:
    """A mitigation's targets are risk rules, each listed once; it takes its concern from the
    first of them."""
    for i, target in enumerate(rule.mitigates):
        found = by_id.get(target.rule)
        if found is None:
            problems.add(rule.id, f"mitigates[{i}].rule", f'no rule "{target.rule}"'
                         + did_you_mean(target.rule, risk_ids))
        elif found.effect != "risk":
            problems.add(rule.id, f"mitigates[{i}].rule",
                         f'"{target.rule}" is a {found.effect}; a mitigation reduces risks')
    if rule.effect == "mitigation" and rule.mitigates:
        first = by_id.get(rule.mitigates[0].rule)
        if first is not None and first.effect == "risk":
            if rule.concern and rule.concern != first.concern:
                problems.add(rule.id, "concern", f"a mitigation belongs to the concern of its "
                                                 f"first target ({first.concern})")
            rule.concern = first.concern
    if len({t.rule for t in rule.mitigates}) != len(rule.mitigates):
        problems.add(rule.id, "mitigates", "the same target is listed twice")
