"""Portfolio files made from the examples, for the screening tests (CLI and web)."""

from __future__ import annotations

import csv
import io
import json

from webapp.screening.cells import portfolio_csv

from .conftest import EXAMPLES


def example_projects() -> list[tuple[str, str, dict]]:
    projects = []
    for path in sorted(EXAMPLES.glob("*.json")):
        data = json.loads(path.read_text())
        projects.append((path.stem, data.get("title", ""), data["answers"]))
    return projects


def portfolio(rulebase, projects=None, delimiter: str = ",") -> str:
    return portfolio_csv(rulebase, example_projects() if projects is None else projects,
                         delimiter)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def with_bad_rows(rulebase) -> str:
    """The examples, with three rows spoiled: an unknown option, a wrong type, an extra cell."""
    projects = example_projects()
    projects[1][2]["ldc"] = "maybe"
    projects[2][2]["contract_value_meur"] = "lots"
    lines = portfolio(rulebase, projects).split("\r\n")
    lines[4] += ",surplus"
    return "\r\n".join(lines)
