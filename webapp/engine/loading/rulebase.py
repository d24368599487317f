"""Read a whole rules directory, validate it, and fingerprint it: the plain ``RuleBase``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..core.problems import Problem, ProblemList, RuleBaseError
from ..core.yamlcache import cached_parse
from ..core.yamlio import YAMLError, load_yaml_text
from .model import Bands, Cause, Concern, Dilemma, Profile, QuestionBank, Rule, Source
from .partners import Registry, parse_partners
from .questions import parse_question_bank
from .references import parse_causes, parse_sources
from .rules import References, check_cross_references, parse_rule_file
from .settings import parse_bands, parse_concerns, parse_dilemmas, parse_profiles

SPECIAL_FILES = ("questions.yaml", "concerns.yaml", "profiles.yaml", "bands.yaml",
                 "dilemmas.yaml", "partners.yaml", "sources.yaml", "causes.yaml")
REQUIRED_FILES = ("questions.yaml", "concerns.yaml", "profiles.yaml", "bands.yaml")


@dataclass
class RuleBase:
    """Everything the rules directory says, validated."""

    directory: Path
    bank: QuestionBank
    concerns: dict[str, Concern]  # in file order: the order of every table and chart
    profiles: dict[str, Profile]
    bands: Bands
    rules: list[Rule]
    dilemmas: dict[str, Dilemma]
    fingerprint: str
    partners: Registry | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    causes: dict[str, Cause] = field(default_factory=dict)

    @cached_property
    def concern_ids(self) -> tuple[str, ...]:
        return tuple(self.concerns)

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    @cached_property
    def rule_index(self) -> dict[str, int]:
        return {rule.id: i for i, rule in enumerate(self.rules)}


def _parse(data: bytes, problems: ProblemList) -> Any:
    try:
        return cached_parse(data, load_yaml_text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problems.add(where, "", f"not valid YAML: {getattr(error, 'problem', error)}")
    except UnicodeDecodeError as error:
        problems.add("", "", f"not UTF-8 text: {error}")
    return None


def fingerprint_files(contents: dict[str, bytes]) -> str:
    """A short hash of every rules file's name and bytes: changes whenever any rule changes."""
    digest = hashlib.sha256()
    for name in sorted(contents):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(contents[name])
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def _contents(paths: list[Path], problems_for: Callable[[str], ProblemList],
              ) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    for path in paths:
        try:
            contents[path.name] = path.read_bytes()
        except OSError as error:
            problems_for(path.name).add("", "", f"cannot read: {error}")
    return contents


def _optional(parsed: dict[str, Any], name: str, parse: Callable[[Any, ProblemList], dict],
              problems_for: Callable[[str], ProblemList]) -> dict:
    return parse(parsed[name], problems_for(name)) if name in parsed else {}


def read_rulebase(directory: str | Path) -> RuleBase:
    """Load and validate every file; raise RuleBaseError listing all problems found."""
    directory = Path(directory)
    if not directory.is_dir():
        raise RuleBaseError([Problem(str(directory), "", "", "the rules directory does not exist")])
    paths = sorted(directory.glob("*.yaml"))
    names = {p.name for p in paths}
    all_problems: dict[str, ProblemList] = {}

    def problems_for(name: str) -> ProblemList:
        return all_problems.setdefault(name, ProblemList(name))

    for required in REQUIRED_FILES:
        if required not in names:
            problems_for(required).add("", "", "required file is missing")
    contents = _contents(paths, problems_for)
    parsed = {name: _parse(data, problems_for(name)) for name, data in contents.items()}

    bank = parse_question_bank(parsed.get("questions.yaml"), problems_for("questions.yaml"))
    concerns = parse_concerns(parsed.get("concerns.yaml"), bank, problems_for("concerns.yaml"))
    concern_ids = tuple(concerns)
    profiles = parse_profiles(parsed.get("profiles.yaml"), concern_ids,
                              problems_for("profiles.yaml"))
    bands = parse_bands(parsed.get("bands.yaml"), problems_for("bands.yaml"))
    # Optional files: without them nothing refers to their ids.
    dilemmas: dict[str, Dilemma] = _optional(parsed, "dilemmas.yaml", parse_dilemmas,
                                             problems_for)
    sources: dict[str, Source] = _optional(parsed, "sources.yaml", parse_sources, problems_for)
    causes: dict[str, Cause] = _optional(parsed, "causes.yaml", parse_causes, problems_for)

    rules: list[Rule] = []
    for name in (p.name for p in paths if p.name not in SPECIAL_FILES):
        if parsed.get(name) is not None:
            rules.extend(parse_rule_file(parsed[name], bank, concern_ids, problems_for(name)))
    check_cross_references(rules, References(set(dilemmas), set(sources), causes),
                           {n: problems_for(n) for n in names})

    partners = None
    if "partners.yaml" in parsed:
        partners = parse_partners(parsed["partners.yaml"], bank, problems_for("partners.yaml"),
                                  set(sources) if sources else None)

    problems = [p for name in sorted(all_problems) for p in all_problems[name].items]
    if problems:
        raise RuleBaseError(problems)
    if not rules:
        raise RuleBaseError([Problem(str(directory), "", "", "no rule files found")])
    return RuleBase(directory, bank, concerns, profiles, bands, rules, dilemmas,
                    fingerprint_files(contents), partners, sources, causes)
