"""`weighbridge screen`: the template, a good portfolio, bad rows, files refused whole."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from webapp.cli import main
from webapp.reports.pdf import pdf_unavailable
from webapp.screening import reader

from .conftest import EXAMPLES, RULES
from .screen_helpers import example_projects, portfolio, rows_of, with_bad_rows


def run(*args):
    return CliRunner().invoke(main, ["--rules", str(RULES), *args], catch_exceptions=False)


def screen(tmp_path, text: str | bytes, *args, name: str = "portfolio.csv"):
    source = tmp_path / name
    if isinstance(text, str):
        source.write_text(text, encoding="utf-8", newline="")
    else:
        source.write_bytes(text)
    out = tmp_path / "out"
    return run("screen", str(source), "-o", str(out), *args), out


def test_template_has_project_id_title_and_every_question(rulebase, tmp_path):
    result = run("screen", "--template")
    assert result.exit_code == 0
    header = result.stdout.strip().split(",")
    assert header[:2] == ["project_id", "title"]
    assert header[2:] == [q.id for q in rulebase.bank.ordered()]
    target = tmp_path / "portfolio.csv"
    assert run("screen", "--template", "-o", str(target)).exit_code == 0
    assert target.read_text().strip().split(",") == header
    help_rows = {r["column"]: r for r in rows_of((tmp_path / "portfolio.help.csv").read_text())}
    assert set(help_rows) == set(header)
    assert "none = none of them" in help_rows["data_kinds"]["allowed values"]
    assert help_rows["ldc"]["allowed values"].startswith("one of: yes")
    assert "a number (million EUR), at least 0" in help_rows["contract_value_meur"][
        "allowed values"]


def test_template_help_to_a_named_file(tmp_path):
    target = tmp_path / "columns.csv"
    result = run("screen", "--template-help", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert rows_of(target.read_text())[0]["column"] == "project_id"


def test_a_good_portfolio_gives_the_same_verdicts_as_assess(rulebase, tmp_path):
    result, out = screen(tmp_path, portfolio(rulebase))
    assert result.exit_code == 0, result.output
    summary = rows_of((out / "summary.csv").read_text())
    assert [r["project_id"] for r in summary] == [p[0] for p in example_projects()]
    for row in summary:
        single = json.loads(run("assess", str(EXAMPLES / f"{row['project_id']}.json")).stdout)
        assert row["verdict"] == single["verdict"]
        assert float(row["balance"]) == pytest.approx(single["balance"], abs=1e-4)
        assert float(row["interval_low"]) == pytest.approx(single["interval"][0], abs=1e-4)
        assert row["robust"] == ("yes" if single["robust"] else "no")
        top = single["conditions"][0]["text"] if single["conditions"] else ""
        assert row["top_condition"] == top
        assert row["unknowns"] == "0"
    assert {r["verdict"] for r in summary} >= {"proceed", "escalate", "do_not_proceed"}
    assert (out / "errors.csv").read_text().strip() == "row,project_id,column,problem"
    assert "screened 6 projects" in result.stderr and "0 rows failed" in result.stderr


def test_unknown_and_empty_cells_are_dont_know(rulebase, tmp_path):
    projects = example_projects()[:1]
    pid, title, answers = projects[0]
    answers = dict(answers, ldc="unknown", us_federal_funds="")
    answers.pop("freedom_status", None)
    result, out = screen(tmp_path, portfolio(rulebase, [(pid, title, answers)]))
    assert result.exit_code == 0
    assert int(rows_of((out / "summary.csv").read_text())[0]["unknowns"]) >= 1


def test_progress_lines_when_not_a_terminal(rulebase, tmp_path):
    result, _ = screen(tmp_path, portfolio(rulebase))
    lines = [line for line in result.stderr.splitlines() if line.startswith("screened ")]
    assert lines[0] == "screened 1 of 6 rows" and "screened 6 of 6 rows" in lines


def test_bom_and_semicolons_read_like_commas(rulebase, tmp_path):
    plain, out = screen(tmp_path, portfolio(rulebase))
    expected = (out / "summary.csv").read_bytes()
    shutil.rmtree(out)
    text = portfolio(rulebase, delimiter=";")
    result, out = screen(tmp_path, b"\xef\xbb\xbf" + text.encode(), name="excel.csv")
    assert result.exit_code == 0, result.output
    assert (out / "summary.csv").read_bytes() == expected


def test_bad_rows_are_reported_and_skipped(rulebase, tmp_path):
    result, out = screen(tmp_path, with_bad_rows(rulebase))
    assert result.exit_code == 1
    assert "row 3, column ldc: 'maybe' is not one of yes, no" in result.stderr
    assert "row 4, column contract_value_meur: \"lots\" is not a number" in result.stderr
    assert "row 5: 90 cells but the header names 89 columns" in result.stderr.replace(
        str(len(rulebase.bank.questions) + 3), "90").replace(
        str(len(rulebase.bank.questions) + 2), "89")
    summary = rows_of((out / "summary.csv").read_text())
    assert [r["row"] for r in summary] == ["2", "6", "7"]
    errors = rows_of((out / "errors.csv").read_text())
    assert [(e["row"], e["column"]) for e in errors] == [("3", "ldc"),
                                                          ("4", "contract_value_meur"),
                                                          ("5", "")]
    assert "3 rows failed" in result.stderr


def test_bad_multi_and_missing_id(rulebase, tmp_path):
    pid, title, answers = example_projects()[0]
    text = portfolio(rulebase, [(pid, title, dict(answers, data_kinds=["x"])),
                                ("", "no id", answers)])
    result, out = screen(tmp_path, text)
    assert result.exit_code == 1
    assert "row 2, column data_kinds: 'x' is not one of" in result.stderr
    assert "separate option ids with |" in result.stderr
    assert "row 3, column project_id: no project id" in result.stderr
    assert rows_of((out / "summary.csv").read_text()) == []


def test_empty_rows_are_skipped_silently_and_keep_row_numbers(rulebase, tmp_path):
    lines = portfolio(rulebase).split("\r\n")
    lines.insert(2, ",,,")
    lines.insert(2, "")
    result, out = screen(tmp_path, "\r\n".join(lines))
    assert result.exit_code == 0, result.output
    assert [r["row"] for r in rows_of((out / "summary.csv").read_text())][:2] == ["2", "5"]


def test_formula_cells_are_neutralised_in_every_csv(rulebase, tmp_path):
    _, title, answers = example_projects()[0]
    text = portfolio(rulebase, [("=1+2", "@SUM(A1)", answers),
                                ("-cmd", "+x", dict(answers, ldc="=bad"))])
    result, out = screen(tmp_path, text)
    assert result.exit_code == 1
    summary = rows_of((out / "summary.csv").read_text())
    assert (summary[0]["project_id"], summary[0]["title"]) == ("'=1+2", "'@SUM(A1)")
    errors = rows_of((out / "errors.csv").read_text())
    assert errors[0]["project_id"] == "'-cmd"
    for path in (out / "summary.csv", out / "errors.csv"):
        for row in rows_of(path.read_text()):
            assert not any(cell.startswith(("=", "+", "-", "@")) and cell[1:2] != "0"
                           for cell in row.values() if cell and not cell[1:].replace(
                               ".", "").isdigit())


@pytest.mark.parametrize("content, message", [
    ("project_id,title\r\n".encode("utf-16"), "UTF-16"),
    ("project_id,title,scenario_summary\r\np1,Café,x\r\n".encode("latin-1"), "not UTF-8"),
    (b"", "the file is empty"),
    (b"p1,Some project,yes\r\n", "the first line is not a header"),
    (b"project_id,title,ldcc\r\np1,x,yes\r\n",
     'column “ldcc” is not a question id (did you mean "ldc"?)'),
    (b"title,ldc\r\nx,yes\r\n", "the header has no project_id column"),
    (b"project_id,ldc,ldc\r\np1,yes,yes\r\n", "appears twice in the header"),
    (b"project_id,ldc\r\np1,yes\r\np2,no\r\np1,no\r\n", "project_id “p1” is used on rows 2, 4"),
    (b"project_id,ldc\r\n", "no project rows"),
], ids=["utf16", "latin1", "empty", "no-header", "unknown-column", "no-id-column",
        "repeated-column", "duplicate-ids", "no-rows"])
def test_files_refused_whole_write_nothing(tmp_path, content, message):
    result, out = screen(tmp_path, content)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert not out.exists()


def test_a_file_over_the_limit_is_refused(rulebase, tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    result, out = screen(tmp_path, portfolio(rulebase))
    assert result.exit_code == 2
    assert "files of at most" in result.stderr and not out.exists()


def test_bad_options_exit_2(rulebase, tmp_path):
    result, out = screen(tmp_path, portfolio(rulebase), "--profile", "nonesuch")
    assert result.exit_code == 2 and "--weights/--profile" in result.stderr
    assert not out.exists()
    assert run("screen").exit_code == 2
    assert run("screen", str(tmp_path / "portfolio.csv")).exit_code == 2


def test_two_jobs_write_the_same_summary_as_one(rulebase, tmp_path):
    projects = example_projects() * 30
    projects = [(f"{pid}-{n}", title, answers) for n, (pid, title, answers)
                in enumerate(projects)]
    text = portfolio(rulebase, projects)
    one, out = screen(tmp_path, text, "--jobs", "1")
    expected = (out / "summary.csv").read_bytes()
    shutil.rmtree(out)
    two, out = screen(tmp_path, text, "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert (out / "summary.csv").read_bytes() == expected
    assert len(rows_of(expected.decode())) == 180


@pytest.mark.skipif(bool(pdf_unavailable()), reason="Pango is not installed")
def test_pdf_per_project(rulebase, tmp_path):
    projects = example_projects()[2:3]
    projects.append(("../evil id", "Second", projects[0][2]))
    result, out = screen(tmp_path, portfolio(rulebase, projects), "--pdf")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (out / "pdf").iterdir())
    assert names == ["evil_id.pdf", f"{projects[0][0]}.pdf"]
    assert (out / "pdf" / names[1]).read_bytes().startswith(b"%PDF")
    assert not list(out.glob(".screening-*"))
