"""Load the whole rule base from a directory, validate it, and fingerprint it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .answers import Resolver
from .conditions import Evaluator, compile_condition, questions_read
from .model import Bands, Concern, Dilemma, Profile, QuestionBank, Rule
from .problems import Problem, ProblemList, RuleBaseError
from .questions import parse_question_bank
from .rules import check_cross_references, parse_rule_file
from .settings import parse_bands, parse_concerns, parse_dilemmas, parse_profiles
from .yamlio import load_yaml_text

SPECIAL_FILES = ("questions.yaml", "concerns.yaml", "profiles.yaml", "bands.yaml",
                 "dilemmas.yaml", "partners.yaml")
REQUIRED_FILES = ("questions.yaml", "concerns.yaml", "profiles.yaml", "bands.yaml")


@dataclass
class RuleBase:
    """Everything the engine needs, validated. Compiled helpers are built once, lazily."""

    directory: Path
    bank: QuestionBank
    concerns: dict[str, Concern]
    profiles: dict[str, Profile]
    bands: Bands
    rules: list[Rule]
    dilemmas: dict[str, Dilemma]
    fingerprint: str
    files: list[str]
    partners: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    @cached_property
    def rule_index(self) -> dict[str, int]:
        return {rule.id: i for i, rule in enumerate(self.rules)}

    @cached_property
    def relevant_questions(self) -> list[str]:
        """Questions a rule reads, with the questions their applicability depends on."""
        read: set[str] = set()
        for rule in self.rules:
            read |= questions_read(rule.when)
        return self.with_controllers(read)

    def with_controllers(self, qids: set[str]) -> list[str]:
        """The questions and, transitively, those deciding whether they apply, in bank order."""
        found, frontier = set(qids), list(qids)
        while frontier:
            question = self.bank.questions[frontier.pop()]
            section = self.bank.section(question.section)
            for controller in questions_read(question.show_if) | questions_read(section.show_if):
                if controller not in found:
                    found.add(controller)
                    frontier.append(controller)
        return [q.id for q in self.bank.ordered() if q.id in found]

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(self.bank)

    @cached_property
    def evaluators(self) -> list[Evaluator]:
        """One compiled condition per rule, in rule order."""
        return [compile_condition(rule.when) for rule in self.rules]

    @cached_property
    def rule_questions(self) -> list[tuple[str, ...]]:
        """Per rule (in order), the questions its condition reads, sorted."""
        return [tuple(sorted(questions_read(rule.when))) for rule in self.rules]

    @cached_property
    def readers(self) -> dict[str, list[int]]:
        """Per question, the indices of the rules whose condition reads it."""
        readers: dict[str, list[int]] = {}
        for i, rule in enumerate(self.rules):
            for qid in questions_read(rule.when):
                readers.setdefault(qid, []).append(i)
        return readers

    @cached_property
    def controllers(self) -> set[str]:
        """Questions some show_if reads: changing them can change applicability."""
        found: set[str] = set()
        for section in self.bank.sections:
            found |= questions_read(section.show_if)
            for question in section.questions:
                found |= questions_read(question.show_if)
        return found

    @cached_property
    def compiled(self):  # -> enumeration.Compiled: answer domains and leaf tables
        from .enumeration import Compiled

        return Compiled(self)

    @cached_property
    def scorer(self):  # -> scoring.Scorer; imported lazily to keep this module light
        from .scoring import Scorer

        return Scorer(self)


def _read(path: Path, problems: ProblemList) -> Any:
    try:
        return load_yaml_text(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problems.add(where, "", f"not valid YAML: {getattr(error, 'problem', error)}")
    except OSError as error:
        problems.add("", "", f"cannot read: {error}")
    return None


def fingerprint_files(paths: list[Path]) -> str:
    """A short hash of every rules file's name and bytes: changes whenever any rule changes."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def load_rulebase(directory: str | Path) -> RuleBase:
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
    parsed = {p.name: _read(p, problems_for(p.name)) for p in paths}

    bank = parse_question_bank(parsed.get("questions.yaml"), problems_for("questions.yaml"))
    concerns = parse_concerns(parsed.get("concerns.yaml"), problems_for("concerns.yaml"))
    profiles = parse_profiles(parsed.get("profiles.yaml"), problems_for("profiles.yaml"))
    bands = parse_bands(parsed.get("bands.yaml"), problems_for("bands.yaml"))
    dilemmas: dict[str, Dilemma] = {}
    if "dilemmas.yaml" in parsed:
        dilemmas = parse_dilemmas(parsed["dilemmas.yaml"], problems_for("dilemmas.yaml"))

    rules: list[Rule] = []
    rule_files = [p.name for p in paths if p.name not in SPECIAL_FILES]
    for name in rule_files:
        if parsed[name] is not None:
            rules.extend(parse_rule_file(parsed[name], bank, problems_for(name)))
    check_cross_references(rules, set(dilemmas), {n: problems_for(n) for n in names})

    partners = None
    if "partners.yaml" in parsed:
        from .partners import parse_partners

        partners = parse_partners(parsed["partners.yaml"], bank, problems_for("partners.yaml"))

    problems = [p for name in sorted(all_problems) for p in all_problems[name].items]
    if problems:
        raise RuleBaseError(problems)
    if not rules:
        raise RuleBaseError([Problem(str(directory), "", "", "no rule files found")])
    return RuleBase(directory, bank, concerns, profiles, bands, rules, dilemmas,
                    fingerprint_files(paths), [p.name for p in paths], partners)
