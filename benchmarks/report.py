"""Time the report: the HTML page through the test client, and the PDF.

Run by hand: `python benchmarks/report.py [--runs 50] [--pdf-runs 3]`. For every example
(complete, balanced weights):

* HTML: the report page rendered in full (the analysis and the template; the page cache is
  bypassed and the engine's kept work for the answers dropped, so each run renders and
  analyses afresh), p50 and p95 through Flask's test client, and "cold" with
  the report's kept parts (rule notes, Appendix A's cards, Appendix B) cleared too, as the
  first view ever of an assessment. Target (issue 10): p50 <= 15 ms for an assessment with
  no unknowns.
* PDF: WeasyPrint, median of a few runs, for the summary and body (page one, concerns,
  conditions, findings table, mitigations, analysis, method note: "PDF without appendices")
  and for the full report with Appendix A and B. Target: <= 1 s for the summary and body.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.accounts_support import account_id  # noqa: E402
from tests.conftest import make_app  # noqa: E402
from tests.wizard_helpers import new_assessment, walk  # noqa: E402
from webapp.reports import fragments, review_box, routes, toolbar  # noqa: E402
from webapp.reports.pdf import html_to_pdf, pdf_unavailable  # noqa: E402


def percentile(times: list[float], share: float) -> float:
    times = sorted(times)
    return times[int(share * (len(times) - 1))]


def page_count(pdf: bytes) -> int | str:
    """The PDF's pages (poppler's pdfinfo; "?" without it)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        try:
            info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True).stdout
        except OSError:
            return "?"
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found.group(1)) if found else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pdf-runs", type=int, default=3, help="0: the HTML only")
    args = parser.parse_args()
    app = make_app(Path(tempfile.mkdtemp()))
    client = app.test_client()
    rulebase = app.extensions["weighbridge_rules"]
    examples = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        answers = json.loads(path.read_text())["answers"]
        assessment_id = new_assessment(client, path.stem)
        walk(client, assessment_id, answers)
        examples.append((path, assessment_id, f"/assessments/{assessment_id}/report"))
    times = {path: ([], []) for path, _, _ in examples}
    # Round by round over the examples, so that a slower spell of the machine falls on all
    # of them alike rather than on whichever example it met; the warm runs first (the kept
    # parts of every example stay), then the cold ones.
    for cold in (False, True):
        for run in range(args.runs + 1):
            for path, _, url in examples:
                if cold:
                    for kept in (fragments.FRAGMENTS, fragments.APPENDICES, fragments.CARDS,
                                 fragments.ROWS, toolbar.TOOLBARS,
                                 review_box.REVIEW_BOXES):
                        kept.clear()  # as the first view of an assessment ever: nothing kept
                routes.REPORT_PAGES.clear()  # each run renders; the first warms up
                rulebase.forget_kept()  # and analyses the answers afresh
                gc.collect()
                start = time.perf_counter()
                assert client.get(url).status_code == 200
                if run:
                    times[path][cold].append((time.perf_counter() - start) * 1000)
    rows = []
    for path, assessment_id, url in examples:
        html_times, cold_times = times[path]
        row = [path.stem, statistics.median(html_times), percentile(html_times, 0.95),
               statistics.median(cold_times)]
        if args.pdf_runs and not pdf_unavailable():
            with app.test_request_context(url):
                from flask_login import login_user

                from webapp.extensions import db
                from webapp.models import Account
                from webapp.snapshot import load_snapshot

                login_user(db.session.get(Account, account_id(app, "tester")))
                assessment = load_snapshot(assessment_id)
                pages = {part: routes.render_report(assessment, pdf=True, appendices=part)[0]
                         for part in (False, True)}
            counts = []
            for part in (False, True):
                pdf_times = []
                for _ in range(args.pdf_runs):
                    start = time.perf_counter()
                    pdf = html_to_pdf(pages[part], app.static_folder)
                    pdf_times.append(time.perf_counter() - start)
                row.append(statistics.median(pdf_times))
                counts.append(page_count(pdf))
            row.append(counts)
        rows.append(row)
        print(f"{row[0]:46} html p50 {row[1]:6.1f} ms p95 {row[2]:6.1f} ms cold p50 "
              f"{row[3]:6.1f} ms" + (
                  f"  pdf body {row[4]:5.2f} s  full {row[5]:5.2f} s  pages {row[6][0]} / "
                  f"{row[6][1]}" if len(row) > 4 else ""), flush=True)
    print(f"{'median over the examples':46} html p50 "
          f"{statistics.median(r[1] for r in rows):6.1f} ms, cold "
          f"{statistics.median(r[3] for r in rows):6.1f} ms" + (
              f"  pdf body {statistics.median(r[4] for r in rows):5.2f} s  full "
              f"{statistics.median(r[5] for r in rows):5.2f} s" if len(rows[0]) > 4 else ""))


if __name__ == "__main__":
    main()
