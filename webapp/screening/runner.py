"""Scoring the rows of a portfolio: in this process, or in ``jobs`` worker processes that
each load the rule base once, in order either way (the same output for any ``jobs``).

Rows go to the workers (which parse them too) with a bound on those in flight, so memory stays
flat however long the file is. Identical answer sets (the same project screened twice, or
templates filled alike, differing only in free text) are scored once per process: the summary
of a result depends only on the answers the rules read, the profile and the weights.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..engine import AnswerError, RuleBase, assess, load_rulebase
from ..paths import rules_directory
from .reader import ID_COLUMN, FileInfo, ParsedRow, RowError, parse_row, raw_rows
from .summary import summarise

#: Rows in flight to the workers at a time, per worker.
BATCH_PER_JOB = 64
#: Answer sets remembered per process.
CACHE_SIZE = 4096


@dataclass(frozen=True)
class Settings:
    """What every row is screened with (picklable: it goes to the workers)."""

    rules_dir: str | None = None
    profile: str | None = None
    weights: dict[str, float] | None = None
    pdf_dir: str | None = None  # write one PDF per project here


class Screener:
    """Screens rows in one process: the rule base, a PDF maker if wanted, and the cache."""

    def __init__(self, settings: Settings, rulebase: RuleBase | None = None):
        self.settings = settings
        if rulebase is None:  # a worker's own: each row's answers come once
            rulebase = load_rulebase(rules_directory(settings.rules_dir))
            rulebase.keep_nothing()
        self.rulebase = rulebase
        self.pdf_maker: Any = None
        if settings.pdf_dir:
            from ..reports.standalone import PdfMaker

            self.pdf_maker = PdfMaker(settings.rules_dir)
        self.cache: dict[Any, list[Any]] = {}
        self.relevant = frozenset(self.rulebase.relevant_questions)

    def screen(self, row: ParsedRow, pdf_name: str | None = None) -> list[Any] | RowError:
        """The summary cells of the row (and its PDF written), or a RowError."""
        key = _key(row.answers, self.relevant)
        cached = self.cache.get(key)
        try:
            if cached is None:
                result = assess(self.rulebase, row.answers, profile=self.settings.profile,
                                weights=self.settings.weights)
                cached = summarise(0, "", "", result, self.rulebase)[3:]
                if len(self.cache) >= CACHE_SIZE:
                    self.cache.clear()
                self.cache[key] = cached
            if pdf_name and self.pdf_maker is not None:
                self._pdf(row, pdf_name)
        except AnswerError as error:
            return RowError(row.row, row.project_id, [(error.where.split(".")[-1],
                                                       error.detail)])
        return [row.row, row.project_id, row.title, *cached]

    def _pdf(self, row: ParsedRow, name: str) -> None:
        from ..reports.standalone import FileAssessment

        assessment = FileAssessment(id=row.project_id, title=row.title, answers=row.answers)
        pdf = self.pdf_maker.pdf(assessment, self.settings.profile, self.settings.weights)
        Path(self.settings.pdf_dir or ".", name).write_bytes(pdf)


def _key(answers: dict[str, Any], relevant: frozenset[str]) -> bytes:
    """A digest of the answers that can change a summary: those to questions a rule, a
    concern's applies_if or a show_if reads (free text and unread answers cannot). A digest,
    not the answers, so that the cache stays small (a few MB) however long the file."""
    items = sorted((q, v) for q, v in answers.items() if q in relevant)
    return hashlib.blake2b(repr(items).encode(), digest_size=20).digest()


_worker: Screener | None = None
_columns: list[str] = []


def _start_worker(settings: Settings, columns: list[str]) -> None:
    global _worker, _columns
    _worker, _columns = Screener(settings), columns


def _screen_in_worker(task: tuple[int, list[str], str | None]) -> Outcome:
    assert _worker is not None
    return _parse_and_screen(_worker, _columns, *task)


#: A row's summary cells (or the RowError that kept it out) and its PDF's file name.
Outcome = tuple[list[Any] | RowError, str | None]


def _parse_and_screen(screener: Screener, columns: list[str], number: int, cells: list[str],
                      pdf: str | None) -> Outcome:
    parsed = parse_row(number, cells, columns, screener.rulebase.bank.questions)
    if isinstance(parsed, RowError):
        return parsed, None
    outcome = screener.screen(parsed, pdf)
    return outcome, None if isinstance(outcome, RowError) else pdf


def pdf_name(project_id: str, row: int, used: set[str]) -> str:
    """A file name for the project's PDF: its id made safe, the row added if taken."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", project_id).strip("._-")[:80] or f"row-{row}"
    name = f"{stem}.pdf"
    if name.lower() in used:
        name = f"{stem}-row{row}.pdf"
    used.add(name.lower())
    return name


def screen_file(handle: IO[bytes], info: FileInfo, settings: Settings, jobs: int = 1,
                rulebase: RuleBase | None = None) -> Iterator[Outcome]:
    """Every non-empty row of a checked file parsed and screened, in the file's order.

    With several jobs the workers parse the rows as well as score them (the main process only
    reads the CSV and writes the results), and at most BATCH_PER_JOB rows per worker are in
    flight, so memory stays flat however long the file."""
    used: set[str] = set()
    id_at = info.columns.index(ID_COLUMN)

    def tasks() -> Iterator[tuple[int, list[str], str | None]]:
        for number, cells in raw_rows(handle, info):
            pid = cells[id_at].strip() if id_at < len(cells) else ""
            yield number, cells, pdf_name(pid, number, used) if settings.pdf_dir and pid else None

    if jobs <= 1:
        screener = Screener(settings, rulebase)
        for task in tasks():
            yield _parse_and_screen(screener, info.columns, *task)
        return
    slots = threading.Semaphore(BATCH_PER_JOB * jobs)
    stop = threading.Event()

    def bounded() -> Iterator[tuple[int, list[str], str | None]]:
        for task in tasks():
            slots.acquire()
            if stop.is_set():
                return
            yield task

    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, _start_worker, (settings, info.columns)) as pool:
        try:
            for outcome in pool.imap(_screen_in_worker, bounded(), chunksize=8):
                slots.release()
                yield outcome
        finally:  # let the feeding thread end if the caller stops early
            stop.set()
            slots.release(BATCH_PER_JOB * jobs + 1)
