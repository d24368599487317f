"""Reading a portfolio CSV: the file as a whole first, then its rows one at a time.

``check_file`` reads the whole file once without keeping it (memory flat in rows) and refuses
it with every problem it can name (``FileRefused``) when it is too large, not UTF-8, has no
header, names a column that is neither ``project_id``, ``title`` nor a question id, or repeats
a project id; nothing is screened or written from such a file. ``read_rows`` then yields each
row as answers (``ParsedRow``) or as the problems that make it unusable (``RowError``: row
number and column), so one bad row never stops the others. Rows whose cells are all empty are
skipped silently (spreadsheets leave them at the end).

A cell holds an option id, a number, a date or a text; a multi answer is its option ids
separated by ``|`` (``none`` for none of them); ``unknown`` or an empty cell is "don't know".
The question types parse the cells (``QuestionType.parse_cell``).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from ..engine import RuleBase
from ..engine.core.problems import AnswerError, did_you_mean
from ..engine.qtypes.text import text_problem

#: The largest file the command line screens (the web app's request limit is smaller).
MAX_FILE_BYTES = 50 * 2**20
ID_COLUMN, TITLE_COLUMN = "project_id", "title"
MAX_ID, MAX_TITLE = 100, 200
#: At most this many problems are listed for a refused file.
MAX_LISTED = 20


class FileRefused(ValueError):
    """The file cannot be screened at all; ``problems`` are one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems[:MAX_LISTED] + (
            [f"… and {len(problems) - MAX_LISTED} more"] if len(problems) > MAX_LISTED else [])
        super().__init__("; ".join(self.problems))


@dataclass
class FileInfo:
    """What ``check_file`` learnt: the delimiter, the columns and how many rows to screen."""

    delimiter: str
    columns: list[str]
    rows: int  # rows that are not empty


@dataclass
class ParsedRow:
    row: int  # the spreadsheet's row number (the header is row 1)
    project_id: str
    title: str
    answers: dict[str, Any]


@dataclass
class RowError:
    row: int
    project_id: str
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, message)

    def lines(self) -> list[str]:
        return [f"row {self.row}" + (f", column {column}" if column else "") + f": {message}"
                for column, message in self.problems]


def open_source(source: str | os.PathLike | IO[bytes]) -> IO[bytes]:
    """A binary file for a path (or the file itself); FileRefused when it cannot be opened."""
    if hasattr(source, "read"):
        return source  # type: ignore[return-value]
    try:
        return open(source, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as error:
        raise FileRefused([f"cannot read the file ({error.strerror or error})"]) from None


def check_file(handle: IO[bytes], rulebase: RuleBase, limit: int | None = None) -> FileInfo:
    """Check the file as a whole (see the module's docstring); FileRefused lists why not."""
    limit = MAX_FILE_BYTES if limit is None else limit
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    if size > limit:
        raise FileRefused([f"the file has {size:,} bytes; files of at most "
                           f"{_size(limit)} are screened (split it)"])
    head = handle.read(4096)
    handle.seek(0)
    _check_head(head)
    delimiter = sniff_delimiter(head)
    problems: list[str] = []
    rows = 0
    first_row: dict[str, int] = {}
    repeated: dict[str, list[int]] = {}
    with _text(handle) as text:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = next(reader, None)
            columns = check_header(header or [], rulebase)
            id_at = columns.index(ID_COLUMN)
            for number, cells in enumerate(reader, 2):
                if not any(cell.strip() for cell in cells):
                    continue
                rows += 1
                pid = cells[id_at].strip() if id_at < len(cells) else ""
                if not pid:
                    continue  # a row error when the row is read
                if pid in first_row:
                    repeated.setdefault(pid, [first_row[pid]]).append(number)
                else:
                    first_row[pid] = number
        except UnicodeDecodeError:
            raise FileRefused([f"the file is not UTF-8 text (after line {reader.line_num}); "
                               "save it as “CSV UTF-8 (comma delimited)”"]) from None
        except csv.Error as error:
            raise FileRefused([f"line {reader.line_num}: cannot read the CSV ({error})"]) from None
    for pid, numbers in repeated.items():
        problems.append(f"project_id {_quoted(pid)} is used on rows "
                        + ", ".join(map(str, numbers)) + "; each project needs its own id")
    if problems:
        raise FileRefused(problems)
    if not rows:
        raise FileRefused(["the file has a header but no project rows"])
    return FileInfo(delimiter=delimiter, columns=columns, rows=rows)


def _size(limit: int) -> str:
    return f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit:,} bytes"


def _check_head(head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise FileRefused(["the file is UTF-16 (Excel's “Unicode text”); save it as "
                           "“CSV UTF-8 (comma delimited)”"])
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise FileRefused(["the file is empty; it needs a header line: project_id, title and "
                           "question ids (weighbridge screen --template writes one)"])


def sniff_delimiter(head: bytes) -> str:
    """Comma, semicolon (spreadsheets in many European locales) or tab, by the header line."""
    line = head.split(b"\n", 1)[0]
    counts = {d: line.count(d.encode()) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def check_header(header: list[str], rulebase: RuleBase) -> list[str]:
    """The column names; FileRefused naming every unknown, repeated or missing column."""
    columns = [cell.strip() for cell in header]
    questions = rulebase.bank.questions
    known = {ID_COLUMN, TITLE_COLUMN, *questions}
    if not columns or not any(c in known for c in columns):
        raise FileRefused(["the first line is not a header: it must name the columns "
                           "project_id, title and question ids (weighbridge screen --template "
                           "writes one)"])
    problems = []
    seen: set[str] = set()
    for n, column in enumerate(columns, 1):
        if not column:
            problems.append(f"column {n} has no name in the header")
        elif column in seen:
            problems.append(f"column {_quoted(column)} appears twice in the header")
        elif column not in known:
            problems.append(f"column {_quoted(column)} is not a question id"
                            + did_you_mean(column, sorted(known)))
        seen.add(column)
    if ID_COLUMN not in seen:
        problems.insert(0, "the header has no project_id column (each row needs an id)")
    if problems:
        raise FileRefused(problems)
    return columns


def read_rows(handle: IO[bytes], rulebase: RuleBase, info: FileInfo
              ) -> Iterator[ParsedRow | RowError]:
    """Each non-empty row, parsed; the file must have passed ``check_file``."""
    questions = rulebase.bank.questions
    for number, cells in raw_rows(handle, info):
        yield parse_row(number, cells, info.columns, questions)


def raw_rows(handle: IO[bytes], info: FileInfo) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each non-empty row, not parsed (worker processes parse them)."""
    handle.seek(0)
    with _text(handle) as text:
        reader = csv.reader(text, delimiter=info.delimiter)
        next(reader)
        for number, cells in enumerate(reader, 2):
            if any(cell.strip() for cell in cells):
                yield number, cells


def parse_row(number: int, cells: list[str], columns: list[str],
              questions: dict[str, Any]) -> ParsedRow | RowError:
    """One row's answers, or every problem with its column."""
    problems: list[tuple[str, str]] = []
    if len(cells) > len(columns):
        extra = [c for c in cells[len(columns):] if c.strip()]
        if extra:
            problems.append(("", f"{len(cells)} cells but the header names {len(columns)} "
                                 f"columns (extra value {_quoted(extra[0])})"))
    values = dict(zip(columns, cells, strict=False))
    pid = values.get(ID_COLUMN, "").strip()
    title = values.get(TITLE_COLUMN, "").strip()
    if not pid:
        problems.append((ID_COLUMN, "no project id"))
    for column, text, limit in ((ID_COLUMN, pid, MAX_ID), (TITLE_COLUMN, title, MAX_TITLE)):
        problem = text_problem(text, limit)
        if problem:
            problems.append((column, f"the text {problem}"))
    answers: dict[str, Any] = {}
    for column, cell in values.items():
        question = questions.get(column)
        if question is None:
            continue
        try:
            answers[column] = question.kind.parse_cell(question, cell)
        except AnswerError as error:
            problems.append((column, _cell_message(question, error.detail)))
    if problems:
        return RowError(number, pid[:MAX_ID], problems)
    return ParsedRow(number, pid, title or pid, answers)


def _cell_message(question: Any, detail: str) -> str:
    hint = " (separate option ids with |; none for none of them)" if question.type == "multi" \
        else ""
    return f"{detail}{hint}"


def _quoted(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return "“" + text + "”"


class _text:
    """The binary file as UTF-8 text (BOM or not) for the csv module, left open afterwards."""

    def __init__(self, handle: IO[bytes]):
        self.wrapper = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="strict",
                                        newline="")

    def __enter__(self) -> io.TextIOWrapper:
        return self.wrapper

    def __exit__(self, *exc: object) -> None:
        self.wrapper.detach()
