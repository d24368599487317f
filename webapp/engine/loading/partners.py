"""The partner registry (``rules/partners.yaml``): named companies and the dated, sourced facts
about them that answer questions of the bank.

Every fact names its question, an answer valid for that question, a source (a key of the
file's ``sources``) and an "as of" date. Loading checks all of it and reports problems by file,
partner id and field. Pure: no Flask, no database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import AnswerError, ProblemList, did_you_mean
from ..core.values import UNKNOWN
from .answers import normalise_value
from .model import QuestionBank

PARTNER_ID = re.compile(r"^[a-z][a-z0-9_]*$")
TOP_FIELDS = ("list_source", "sources", "sector_notes", "partners")
PARTNER_FIELDS = ("id", "name", "sector", "facts", "notes")
FACT_FIELDS = ("question", "answer", "source", "as_of")
NOTE_FIELDS = ("text", "source", "as_of")
SECTOR_QUESTION = "sector"
NAME_QUESTION = "partner_name"
FALLBACK_SECTORS = ("networks", "devices", "platforms_apps", "critical_components")

#: What a pre-fill gives per question: (answer, source text, as of).
Prefill = dict[str, tuple[Any, str, str]]


@dataclass(frozen=True)
class Fact:
    """One answer the registry supports, with where it comes from and when it held."""

    question: str
    answer: Any
    source: str
    as_of: str
    source_id: str = ""


@dataclass(frozen=True)
class Note:
    """Something worth knowing that no question captures."""

    text: str
    source: str
    as_of: str
    source_id: str = ""


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    sector: str
    facts: tuple[Fact, ...] = ()
    notes: tuple[Note, ...] = ()

    def fact(self, question_id: str) -> Fact | None:
        return next((f for f in self.facts if f.question == question_id), None)


@dataclass
class Registry:
    """The validated registry: partners in file order, sources, notes per sector."""

    partners: dict[str, Partner]
    sources: dict[str, str]
    sectors: tuple[str, ...]
    list_source: str = ""
    list_as_of: str = ""
    sector_notes: dict[str, tuple[Note, ...]] = field(default_factory=dict)

    def get(self, partner_id: str | None) -> Partner | None:
        return self.partners.get(partner_id or "")

    def by_sector(self) -> list[tuple[str, list[Partner]]]:
        """Sectors in the bank's order, each with its partners in file order."""
        return [(s, [p for p in self.partners.values() if p.sector == s]) for s in self.sectors]

    def prefill(self, partner_id: str) -> Prefill:
        """``{question_id: (answer, source, as_of)}`` for every answer the registry supports,
        the partner's name included. Unknown ids give an empty dict."""
        partner = self.get(partner_id)
        if partner is None:
            return {}
        filled: Prefill = {}
        if self.list_source:
            filled[NAME_QUESTION] = (partner.name, self.list_source, self.list_as_of)
        for fact in partner.facts:
            filled[fact.question] = (fact.answer, fact.source, fact.as_of)
        return filled


def parse_partners(data: Any, bank: QuestionBank, problems: ProblemList) -> Registry:
    """Build the registry from parsed YAML; every problem goes into ``problems``."""
    sectors = _sectors(bank)
    registry = Registry({}, {}, sectors)
    if not isinstance(data, dict) or not isinstance(data.get("partners"), list):
        problems.add("", "partners", "the file must have a top-level list `partners`")
        return registry
    for key in data:
        if key not in TOP_FIELDS:
            problems.add("", str(key), "unknown field" + did_you_mean(key, TOP_FIELDS))
    registry.sources = _sources(data.get("sources"), problems)
    reader = _Reader(bank, registry.sources, problems)
    list_source = data.get("list_source")
    if list_source is not None:
        if not isinstance(list_source, dict):
            problems.add("", "list_source", "list_source is {source: KEY, as_of: \"...\"}: "
                                            "where the list of companies comes from")
        else:
            registry.list_source, _ = reader.source(list_source, "", "list_source")
            registry.list_as_of = reader.as_of(list_source, "", "list_source")
            if NAME_QUESTION not in bank.questions:
                problems.add("", "list_source", f"the bank has no question {NAME_QUESTION} "
                                                "for the partner's name")
    registry.sector_notes = _sector_notes(data.get("sector_notes"), sectors, reader, problems)
    for index, raw in enumerate(data["partners"]):
        partner = _parse_partner(raw, index, sectors, reader, problems)
        if partner is None:
            continue
        if partner.id in registry.partners:
            problems.add(partner.id, "id", "duplicate partner id")
            continue
        registry.partners[partner.id] = partner
    return registry


def _sectors(bank: QuestionBank) -> tuple[str, ...]:
    question = bank.questions.get(SECTOR_QUESTION)
    return question.option_ids if question is not None else FALLBACK_SECTORS


def _sources(raw: Any, problems: ProblemList) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        problems.add("", "sources", "`sources` maps a short key to the full citation")
        return {}
    sources = {}
    for key, text in raw.items():
        if not isinstance(text, str) or not text.strip():
            problems.add("", f"sources.{key}", "a source is the full citation, as plain text")
            continue
        sources[str(key)] = " ".join(text.split())
    return sources


class _Reader:
    """Reads the fields shared by facts and notes: source keys and as-of dates."""

    def __init__(self, bank: QuestionBank, sources: dict[str, str], problems: ProblemList):
        self.bank = bank
        self.sources = sources
        self.problems = problems

    def source(self, raw: dict, owner: str, where: str) -> tuple[str, str]:
        key = raw.get("source")
        if not isinstance(key, str) or key not in self.sources:
            hint = did_you_mean(key, self.sources) if isinstance(key, str) else ""
            self.problems.add(owner, f"{where}.source", f"{key!r} is not a key of `sources`"
                              + hint)
            return "", ""
        return self.sources[key], key

    def as_of(self, raw: dict, owner: str, where: str) -> str:
        value = raw.get("as_of")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.problems.add(owner, f"{where}.as_of", "every fact and note needs an as-of "
                                                       'date, e.g. as_of: "12 March 2021"')
            return ""
        return value.strip()

    def unknown_fields(self, raw: dict, allowed: tuple[str, ...], owner: str,
                       where: str) -> None:
        for key in raw:
            if key not in allowed:
                self.problems.add(owner, f"{where}.{key}", "unknown field"
                                  + did_you_mean(key, allowed))

    def note(self, raw: Any, owner: str, where: str) -> Note | None:
        if not isinstance(raw, dict):
            self.problems.add(owner, where, "a note is {text: ..., source: KEY, as_of: ...}")
            return None
        self.unknown_fields(raw, NOTE_FIELDS, owner, where)
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            self.problems.add(owner, f"{where}.text", "a note needs its text")
            text = ""
        source, key = self.source(raw, owner, where)
        return Note(" ".join(text.split()), source, self.as_of(raw, owner, where), key)

    def fact(self, raw: Any, owner: str, where: str) -> Fact | None:
        if not isinstance(raw, dict):
            self.problems.add(owner, where, "a fact is {question: ID, answer: ..., "
                                            "source: KEY, as_of: ...}")
            return None
        self.unknown_fields(raw, FACT_FIELDS, owner, where)
        qid = raw.get("question")
        question = self.bank.questions.get(qid) if isinstance(qid, str) else None
        answer = None
        if question is None:
            self.problems.add(owner, f"{where}.question", f"{qid!r} is not a question of the "
                              "bank" + did_you_mean(qid, self.bank.questions))
        elif "answer" not in raw:
            self.problems.add(owner, f"{where}.answer", "a fact needs an answer")
        elif isinstance(raw["answer"], str) and raw["answer"] == UNKNOWN:
            self.problems.add(owner, f"{where}.answer", "the registry records facts; leave a "
                                                        "question out rather than answer unknown")
        else:
            try:
                answer = normalise_value(question, raw["answer"])
            except AnswerError as error:
                self.problems.add(owner, f"{where}.answer", error.detail)
        source, key = self.source(raw, owner, where)
        as_of = self.as_of(raw, owner, where)
        if question is None or answer is None:
            return None
        return Fact(question.id, answer, source, as_of, key)


def _sector_notes(raw: Any, sectors: tuple[str, ...], reader: _Reader,
                  problems: ProblemList) -> dict[str, tuple[Note, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add("", "sector_notes", "sector_notes maps a sector to a list of notes")
        return {}
    result = {}
    for sector, items in raw.items():
        if sector not in sectors:
            problems.add("", f"sector_notes.{sector}", f"not one of {', '.join(sectors)}"
                         + did_you_mean(sector, sectors))
            continue
        if not isinstance(items, list):
            problems.add("", f"sector_notes.{sector}", "a list of notes")
            continue
        notes = [reader.note(item, "", f"sector_notes.{sector}[{i}]")
                 for i, item in enumerate(items)]
        result[sector] = tuple(n for n in notes if n is not None)
    return result


def _parse_partner(raw: Any, index: int, sectors: tuple[str, ...], reader: _Reader,
                   problems: ProblemList) -> Partner | None:
    if not isinstance(raw, dict):
        problems.add(f"partners[{index}]", "", "a partner must be a mapping")
        return None
    pid = raw.get("id")
    if not isinstance(pid, str) or not PARTNER_ID.match(pid):
        problems.add(pid if isinstance(pid, str) else f"partners[{index}]", "id",
                     "partner ids are lower-case letters, digits and _, e.g. china_mobile")
        if not isinstance(pid, str):
            return None
    reader.unknown_fields(raw, PARTNER_FIELDS, pid, "")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.add(pid, "name", "every partner needs a name")
        name = pid
    sector = raw.get("sector")
    if sector not in sectors:
        problems.add(pid, "sector", f"{sector!r} is not one of {', '.join(sectors)}"
                     + did_you_mean(sector, sectors))
        sector = ""
    facts = _items(raw, "facts", pid, reader.fact, problems)
    seen: set[str] = set()
    for i, fact in facts:
        if fact.question in seen:
            problems.add(pid, f"facts[{i}].question", f"{fact.question} is answered twice")
        seen.add(fact.question)
        if fact.question == SECTOR_QUESTION and sector and fact.answer != sector:
            problems.add(pid, f"facts[{i}].answer", f"the sector fact says {fact.answer} but "
                                                    f"the partner's sector is {sector}")
    notes = _items(raw, "notes", pid, reader.note, problems)
    return Partner(pid, name.strip(), str(sector), tuple(f for _, f in facts),
                   tuple(n for _, n in notes))


def _items(raw: dict, key: str, pid: str, read: Callable[[Any, str, str], Any],
           problems: ProblemList) -> list[tuple[int, Any]]:
    """The parsed items of a list field with their positions in the file; broken ones left out."""
    items = raw.get(key, [])
    if not isinstance(items, list):
        problems.add(pid, key, f"`{key}` is a list")
        return []
    parsed = [(i, read(item, pid, f"{key}[{i}]")) for i, item in enumerate(items)]
    return [(i, p) for i, p in parsed if p is not None]
