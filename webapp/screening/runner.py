"""Scoring the rows of a portfolio: in this process, or in ``jobs`` worker processes that
each load the rule base once, in order either way (the same output for any ``jobs``).

Rows go to the workers in batches, so memory stays flat however long the file is. Identical
answer sets (the same project screened twice, or templates filled alike, differing only in
free text) are scored once per process: the summary of a result depends only on the answers
the rules read, the profile and the weights.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine import AnswerError, RuleBase, assess, load_rulebase
from ..paths import rules_directory
from .reader import ParsedRow, RowError
from .summary import summarise

#: Rows sent to the workers at a time, per worker.
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
        self.rulebase = rulebase or load_rulebase(rules_directory(settings.rules_dir))
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


def _start_worker(settings: Settings) -> None:
    global _worker
    _worker = Screener(settings)


def _screen_in_worker(task: tuple[ParsedRow, str | None]) -> list[Any] | RowError:
    assert _worker is not None
    return _worker.screen(*task)


def pdf_name(project_id: str, row: int, used: set[str]) -> str:
    """A file name for the project's PDF: its id made safe, the row added if taken."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", project_id).strip("._-")[:80] or f"row-{row}"
    name = f"{stem}.pdf"
    if name.lower() in used:
        name = f"{stem}-row{row}.pdf"
    used.add(name.lower())
    return name


def screen_rows(rows: Iterable[ParsedRow | RowError], settings: Settings, jobs: int = 1,
                rulebase: RuleBase | None = None
                ) -> Iterator[tuple[ParsedRow | RowError, list[Any] | RowError, str | None]]:
    """(row, summary cells or RowError, PDF file name) for every row, in the file's order."""
    used: set[str] = set()

    def task(row: ParsedRow) -> tuple[ParsedRow, str | None]:
        return row, pdf_name(row.project_id, row.row, used) if settings.pdf_dir else None

    if jobs <= 1:
        screener = Screener(settings, rulebase)
        for row in rows:
            if isinstance(row, RowError):
                yield row, row, None
            else:
                item = task(row)
                yield row, screener.screen(*item), item[1]
        return
    with multiprocessing.get_context("fork").Pool(jobs, _start_worker, (settings,)) as pool:
        batch: list[ParsedRow | RowError] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH_PER_JOB * jobs:
                yield from _batch(pool, batch, task, jobs)
                batch = []
        if batch:
            yield from _batch(pool, batch, task, jobs)


def _batch(pool: Any, batch: list[ParsedRow | RowError], task: Any, jobs: int
           ) -> Iterator[tuple[ParsedRow | RowError, list[Any] | RowError, str | None]]:
    tasks = [task(row) for row in batch if isinstance(row, ParsedRow)]
    results = iter(pool.map(_screen_in_worker, tasks, chunksize=max(1, len(tasks) // (4 * jobs))))
    names = iter(t[1] for t in tasks)
    for row in batch:
        if isinstance(row, RowError):
            yield row, row, None
        else:
            yield row, next(results), next(names)
