"""The partner registry (``rules/partners.yaml``): named companies and the dated, sourced facts
about them that answer questions of the bank.

Every fact names its question, an answer valid for that question, a source (a key of the
file's ``sources``, which cites a document of ``sources.yaml``) and an "as of" date. A hint says
what a source states about a question when it states less than an answer: it is shown beside
the question, which stays unanswered. Loading checks all of it and reports problems by file,
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
TOP_FIELDS = ("list_source", "registry_stale_after_years", "sources", "sector_notes", "partners")
PARTNER_FIELDS = ("id", "name", "sector", "facts", "hints", "notes")
FACT_FIELDS = ("question", "answer", "source", "as_of")
HINT_FIELDS = ("question", "text", "source", "as_of")
NOTE_FIELDS = ("text", "source", "as_of")
SOURCE_FIELDS = ("cites", "text")
DEFAULT_STALE_AFTER = 2
YEAR = re.compile(r"\b(19|20)\d\d\b")
SECTOR_QUESTION = "sector"
NAME_QUESTION = "partner_name"
FALLBACK_SECTORS = ("networks", "devices", "platforms_apps", "critical_components")

#: What a pre-fill gives per question: (answer, source text, as of).
Prefill = dict[str, tuple[Any, str, str]]


def recorded_year(as_of: str) -> int | None:
    """The year of an "as of" date ("12 March 2021", "2018", "August 2020")."""
    years = [int(m.group(0)) for m in YEAR.finditer(as_of)]
    return max(years) if years else None


@dataclass(frozen=True)
class Fact:
    """One answer the registry supports, with where it comes from and when it held."""

    question: str
    answer: Any
    source: str
    as_of: str
    source_id: str = ""
    cites: str = ""  # the document of sources.yaml

    def age(self, today: dt.date) -> int | None:
        """Whole years since the fact was recorded (by year), or None without a year."""
        year = recorded_year(self.as_of)
        return None if year is None else today.year - year


@dataclass(frozen=True)
class Hint:
    """What a source says about a question when it says less than an answer."""

    question: str
    text: str
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
    hints: tuple[Hint, ...] = ()

    def fact(self, question_id: str) -> Fact | None:
        return next((f for f in self.facts if f.question == question_id), None)

    def hint(self, question_id: str) -> Hint | None:
        return next((h for h in self.hints if h.question == question_id), None)


@dataclass
class Registry:
    """The validated registry: partners in file order, sources, notes per sector."""

    partners: dict[str, Partner]
    sources: dict[str, str]  # key -> the citation's text
    sectors: tuple[str, ...]
    list_source: str = ""
    list_as_of: str = ""
    sector_notes: dict[str, tuple[Note, ...]] = field(default_factory=dict)
    stale_after_years: int = DEFAULT_STALE_AFTER
    cites: dict[str, str] = field(default_factory=dict)  # key -> sources.yaml id

    def is_stale(self, as_of: str, today: dt.date) -> int | None:
        """The age in years of a fact recorded "as of", when it is past the configured age."""
        year = recorded_year(as_of)
        if year is None:
            return None
        age = today.year - year
        return age if age >= self.stale_after_years else None

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


def parse_partners(data: Any, bank: QuestionBank, problems: ProblemList,
                   source_ids: set[str] | None = None) -> Registry:
    """Build the registry from parsed YAML; every problem goes into ``problems``. With
    ``source_ids`` (those of sources.yaml) every source must cite one of them."""
    sectors = _sectors(bank)
    registry = Registry({}, {}, sectors)
    if not isinstance(data, dict) or not isinstance(data.get("partners"), list):
        problems.add("", "partners", "the file must have a top-level list `partners`")
        return registry
    for key in data:
        if key not in TOP_FIELDS:
            problems.add("", str(key), "unknown field" + did_you_mean(key, TOP_FIELDS))
    registry.sources, registry.cites = _sources(data.get("sources"), source_ids, problems)
    stale = data.get("registry_stale_after_years", DEFAULT_STALE_AFTER)
    if isinstance(stale, bool) or not isinstance(stale, int) or stale < 1:
        problems.add("", "registry_stale_after_years", "a whole number of years, 1 or more")
        stale = DEFAULT_STALE_AFTER
    registry.stale_after_years = stale
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


def _sources(raw: Any, source_ids: set[str] | None, problems: ProblemList,
             ) -> tuple[dict[str, str], dict[str, str]]:
    """Per key: the citation's text, and the sources.yaml id it cites."""
    if not isinstance(raw, dict) or not raw:
        problems.add("", "sources", "`sources` maps a short key to {cites: SOURCE-ID, text: ...}")
        return {}, {}
    texts, cites = {}, {}
    for key, entry in raw.items():
        where = f"sources.{key}"
        if not isinstance(entry, dict):
            problems.add("", where, "a source is {cites: SOURCE-ID, text: what in it supports "
                                    "the facts}")
            continue
        for field_name in entry:
            if field_name not in SOURCE_FIELDS:
                problems.add("", f"{where}.{field_name}", "unknown field"
                             + did_you_mean(field_name, SOURCE_FIELDS))
        text, cited = entry.get("text"), entry.get("cites")
        if not isinstance(text, str) or not text.strip():
            problems.add("", f"{where}.text", "what in the document supports the facts")
            continue
        if not isinstance(cited, str) or (source_ids is not None and cited not in source_ids):
            hint = did_you_mean(cited, source_ids or ()) if isinstance(cited, str) else ""
            problems.add("", f"{where}.cites", f"{cited!r} is not a source id of sources.yaml"
                         + hint)
            continue
        texts[str(key)] = " ".join(text.split())
        cites[str(key)] = cited
    return texts, cites


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

    def hint(self, raw: Any, owner: str, where: str) -> Hint | None:
        if not isinstance(raw, dict):
            self.problems.add(owner, where, "a hint is {question: ID, text: ..., source: KEY, "
                                            "as_of: ...}")
            return None
        self.unknown_fields(raw, HINT_FIELDS, owner, where)
        qid = raw.get("question")
        if not isinstance(qid, str) or qid not in self.bank.questions:
            self.problems.add(owner, f"{where}.question", f"{qid!r} is not a question of the "
                              "bank" + did_you_mean(qid, self.bank.questions))
            return None
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            self.problems.add(owner, f"{where}.text", "what the source says about the question")
            return None
        source, key = self.source(raw, owner, where)
        return Hint(qid, " ".join(text.split()), source, self.as_of(raw, owner, where), key)


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
    hints = _items(raw, "hints", pid, reader.hint, problems)
    seen: set[str] = set()
    for i, fact in facts:
        if fact.question in seen:
            problems.add(pid, f"facts[{i}].question", f"{fact.question} is answered twice")
        seen.add(fact.question)
        if fact.question == SECTOR_QUESTION and sector and fact.answer != sector:
            problems.add(pid, f"facts[{i}].answer", f"the sector fact says {fact.answer} but "
                                                    f"the partner's sector is {sector}")
    for i, hint in hints:
        if hint.question in seen:
            problems.add(pid, f"hints[{i}].question", f"{hint.question} is answered by a fact; "
                                                      "a hint is for a question left unanswered")
    notes = _items(raw, "notes", pid, reader.note, problems)
    return Partner(pid, name.strip(), str(sector), tuple(f for _, f in facts),
                   tuple(n for _, n in notes), tuple(h for _, h in hints))


def _items(raw: dict, key: str, pid: str, read: Callable[[Any, str, str], Any],
           problems: ProblemList) -> list[tuple[int, Any]]:
    """The parsed items of a list field with their positions in the file; broken ones left out."""
    items = raw.get(key, [])
    if not isinstance(items, list):
        problems.add(pid, key, f"`{key}` is a list")
        return []
    parsed = [(i, read(item, pid, f"{key}[{i}]")) for i, item in enumerate(items)]
    return [(i, p) for i, p in parsed if p is not None]
