"""Portfolio screening: a CSV of projects, one row each, scored with the full analysis.

Shared by ``weighbridge screen`` and the web app's Portfolio page, and free of Flask so the
command starts quickly and worker processes load only the engine:

* ``template``: the CSV template and its column help;
* ``reader``: the file checked as a whole (size, encoding, delimiter, header, project ids),
  then its rows parsed one at a time into answers or row errors;
* ``summary``: one result as a summary row, and the CSVs written with formula cells neutralised;
* ``runner``: every row scored (one process or several), with progress.
"""

from __future__ import annotations

from .reader import FileRefused, ParsedRow, RowError, check_file, read_rows
from .summary import SUMMARY_HEADER, summarise

__all__ = ["SUMMARY_HEADER", "FileRefused", "ParsedRow", "RowError", "check_file",
           "read_rows", "summarise"]
