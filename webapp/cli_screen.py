"""``weighbridge screen``: a portfolio CSV screened with the full analysis, one row a project.

Exit status: 0 when every row was screened, 1 when some rows failed (they are reported with
their row and column, skipped, and listed in ``OUTDIR/errors.csv``; the others are screened),
2 when the file (or an option) is refused as a whole: nothing is written then.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import IO, Any

import click


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _load(rules_dir: str | None):  # noqa: ANN202 - the compiled rule base
    from .cli import _load as load

    return load(rules_dir)


class Progress:
    """A bar redrawn in place on a terminal; plain lines (every tenth) otherwise."""

    def __init__(self, total: int, stream: IO[str] | None = None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.step = max(1, total // 10)
        self.started = self.drawn = time.monotonic()

    def advance(self) -> None:
        self.done += 1
        if self.tty:
            now = time.monotonic()
            if now - self.drawn >= 0.1 or self.done == self.total:
                self.drawn = now
                self._bar(now)
        elif self.done % self.step == 0 or self.done == self.total:
            self.stream.write(f"screened {self.done} of {self.total} rows\n")
            self.stream.flush()

    def _bar(self, now: float) -> None:
        filled = int(30 * self.done / self.total)
        rate = self.done / max(now - self.started, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} "
                          f"rows  {rate:,.0f}/s ")
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """A line above the bar (a row's problem)."""
        self.stream.write(("\r\033[K" if self.tty else "") + text + "\n")
        self.stream.flush()


@click.command("screen")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("-o", "--output", default=None, type=click.Path(),
              help="Screening: the output directory (summary.csv, errors.csv, pdf/). "
                   "With --template: the template file (its help is written beside it as "
                   "NAME.help.csv).")
@click.option("--template", is_flag=True,
              help="Write the CSV template (project_id, title, one column per question).")
@click.option("--template-help", "template_help", default=None,
              type=click.Path(dir_okay=False),
              help="Write each column's allowed values and help to this CSV file.")
@click.option("--profile", default=None, help="Weight profile (default: balanced).")
@click.option("--weights", default=None, help="Custom weights: concern=w,concern=w,...")
@click.option("--pdf", is_flag=True, help="Also write one PDF report per project (OUTDIR/pdf/).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes.")
@click.pass_context
def screen_command(ctx: click.Context, file: str | None, output: str | None, template: bool,
                   template_help: str | None, profile: str | None, weights: str | None,
                   pdf: bool, jobs: int) -> None:
    """Screen a portfolio CSV: every row a project, scored with the full analysis."""
    rules_dir = ctx.find_root().obj["rules_dir"]
    if template or template_help:
        _write_template(rules_dir, template, output, template_help)
        if not file:
            return
    if not file:
        _fail("give a portfolio CSV to screen, or --template for an empty one")
    if not output:
        _fail("-o OUTDIR is needed: the directory for summary.csv (and the PDFs)")
    _screen(rules_dir, file, Path(output), profile, weights, pdf, jobs)


def _write_template(rules_dir: str | None, template: bool, output: str | None,
                    help_file: str | None) -> None:
    from .screening.template import template_csv, template_help_csv

    rulebase = _load(rules_dir)
    if output and template:
        help_file = help_file or str(Path(output).with_suffix("")) + ".help.csv"
    targets = []
    if template:
        targets.append((output, template_csv(rulebase)))
    if help_file:
        targets.append((help_file, template_help_csv(rulebase)))
    for target, text in targets:
        if target:
            _write_atomic(Path(target), text)
            click.echo(f"wrote {target}", err=True)
        else:
            click.echo(text, nl=False)


def _write_atomic(path: Path, text: str) -> None:
    try:
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8", newline="")
        os.replace(temporary, path)
    except OSError as error:
        _fail(f"{path}: cannot write ({error.strerror or error})")


def _screen(rules_dir: str | None, file: str, outdir: Path, profile: str | None,
            weights: str | None, pdf: bool, jobs: int) -> None:
    from .cli import parse_weights_option
    from .engine import WeightsError, resolve_weights
    from .screening.reader import FileRefused, check_file, open_source
    from .screening.runner import Settings, screen_file

    rulebase = _load(rules_dir)
    try:
        custom = parse_weights_option(weights) if weights else None
        resolve_weights(rulebase, profile, custom)
    except (WeightsError, ValueError) as error:
        _fail(f"--weights/--profile: {error}")
    if pdf:
        from .reports.pdf import pdf_unavailable

        problem = pdf_unavailable()
        if problem:
            _fail(problem)
    if outdir.exists() and not outdir.is_dir():
        _fail(f"{outdir}: exists and is not a directory")
    try:
        handle = open_source(file)
    except FileRefused as error:
        _fail(f"{file}: {error.problems[0]}")
    with handle:
        try:
            info = check_file(handle, rulebase)
        except FileRefused as error:
            for problem in error.problems:
                click.echo(f"error: {file}: {problem}", err=True)
            sys.exit(2)
        try:
            outdir.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".screening-", dir=outdir))
        except OSError as error:
            _fail(f"{outdir}: cannot write ({error.strerror or error})")
        try:
            settings = Settings(rules_dir, profile, custom,
                                str(staging / "pdf") if pdf else None)
            if pdf:
                (staging / "pdf").mkdir()
            rulebase.keep_nothing()  # the command's own rule base; each row comes once
            rows = screen_file(handle, info, settings, jobs, rulebase)
            counts, failed = _write_outputs(staging, rows, Progress(info.rows), file)
            _publish(staging, outdir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    verdicts = ", ".join(f"{counts[v.id]} {v.label.lower()}" for v in _verdicts()
                         if counts[v.id])
    click.echo(f"screened {sum(counts.values())} projects ({verdicts or 'none'}); "
               f"{failed} rows failed; wrote {outdir / 'summary.csv'}", err=True)
    sys.exit(1 if failed else 0)


def _verdicts() -> Any:
    from .engine import Verdict

    return list(Verdict)


def _write_outputs(staging: Path, rows: Any, progress: Progress, file: str
                   ) -> tuple[Counter, int]:
    """summary.csv and errors.csv in the staging directory; (verdict counts, rows failed)."""
    from .screening.reader import RowError
    from .screening.summary import ERRORS_HEADER, SUMMARY_HEADER, csv_writer, safe_row

    counts: Counter = Counter()
    failed = 0
    with open(staging / "summary.csv", "w", encoding="utf-8", newline="") as summary_file, \
            open(staging / "errors.csv", "w", encoding="utf-8", newline="") as errors_file:
        summary = csv_writer(summary_file, SUMMARY_HEADER)
        errors = csv_writer(errors_file, ERRORS_HEADER)
        for outcome, _pdf in rows:
            if isinstance(outcome, RowError):
                failed += 1
                for line in outcome.lines():
                    progress.message(f"error: {file}: {line}")
                for column, message in outcome.problems:
                    errors.writerow(safe_row([outcome.row, outcome.project_id, column,
                                              message]))
            else:
                counts[outcome[3]] += 1
                summary.writerow(safe_row(outcome))
            progress.advance()
    return counts, failed


def _publish(staging: Path, outdir: Path) -> None:
    """Move the finished files into the output directory (PDFs into OUTDIR/pdf/)."""
    pdfs = staging / "pdf"
    if pdfs.is_dir():
        target = outdir / "pdf"
        target.mkdir(exist_ok=True)
        for item in pdfs.iterdir():
            os.replace(item, target / item.name)
    for name in ("errors.csv", "summary.csv"):
        os.replace(staging / name, outdir / name)
