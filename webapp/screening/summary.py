"""One screened project as a summary row, and the CSV files screening writes.

Every cell passes through ``safe_cell``: a project id, title or answer that a spreadsheet
would read as a formula (``=``, ``+``, ``-``, ``@``) is written with a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from ..actions_csv import safe_cell
from ..engine import Result, RuleBase

SUMMARY_HEADER = ["row", "project_id", "title", "verdict", "balance", "interval_low",
                  "interval_high", "robust", "top_concern", "top_finding", "top_condition",
                  "unknowns"]
ERRORS_HEADER = ["row", "project_id", "column", "problem"]


def summarise(row: int, project_id: str, title: str, result: Result,
              rulebase: RuleBase) -> list[Any]:
    """The summary columns (plain values: the verdict's id, rounded numbers) of one result.

    * top concern: the concern with the largest share of the balance against going ahead
      (empty when no concern argues against it);
    * top finding: the risk finding that weighs most in the balance, by title;
    * top condition: the condition ranked first (the one that improves the balance most);
    * unknowns: questions that could change the result and have no known answer.
    """
    shares = [(score.weighted, cid) for cid, score in result.concerns.items()
              if score.applies is not False and score.weighted > 0]
    top_concern = rulebase.concerns[max(shares)[1]].name if shares else ""
    risks = [f for f in result.findings if f.counts and f.effect == "risk" and f.weighted > 0]
    top_finding = max(risks, key=lambda f: f.weighted).title if risks else ""
    conditions = result.analysis.conditions if result.analysis else []
    return [row, project_id, title, result.verdict.id, round(result.balance, 4),
            round(result.interval[0], 4), round(result.interval[1], 4),
            "yes" if result.robust else "no", top_concern, top_finding,
            conditions[0].text if conditions else "", len(result.unknown_questions)]


def csv_writer(handle: IO[str], header: list[str]) -> Any:
    """A CSV writer (CRLF, as spreadsheets expect) whose header is already written."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(header)
    return writer


def safe_row(cells: Iterable[Any]) -> list[str]:
    return [safe_cell(cell) for cell in cells]
