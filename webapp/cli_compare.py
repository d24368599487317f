"""`weighbridge compare A.json B.json [...]`: 2 to 5 answer files side by side under one
weighting, as JSON, text or a PDF (the web compare page's PDF, made from the files)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.command("compare")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--profile", default=None, help="Weight profile (default: balanced).")
@click.option("--weights", default=None, help="Custom weights: concern=w,concern=w,...")
@click.option("--format", "fmt", type=click.Choice(["json", "text", "pdf"]), default="json",
              show_default=True)
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Write to this file (required for --format pdf).")
@click.pass_context
def compare_command(ctx: click.Context, files: tuple[str, ...], profile: str | None,
                    weights: str | None, fmt: str, output: str | None) -> None:
    """Compare 2 to 5 answers files (as `assess` reads them) under the same weights; each is
    named by its title, else its file name."""
    from .cli import _dump, _load, parse_weights_option
    from .engine import AnswerError, WeightsError
    from .engine.compare import MAX_ALTERNATIVES, MIN_ALTERNATIVES, compare

    if not MIN_ALTERNATIVES <= len(files) <= MAX_ALTERNATIVES:
        _fail(f"compare needs {MIN_ALTERNATIVES} to {MAX_ALTERNATIVES} answer files, "
              f"not {len(files)}")
    if fmt == "pdf":
        if not output:
            _fail("--format pdf needs -o OUT.pdf (a PDF is not written to the terminal)")
        from .reports.pdf import pdf_unavailable

        problem = pdf_unavailable()
        if problem:
            _fail(problem)
    try:
        custom = parse_weights_option(weights) if weights else None
    except ValueError as error:
        _fail(f"--weights: {error}")
    alternatives = [read_alternative(file) for file in files]
    rulebase = _load(ctx.find_root().obj["rules_dir"])
    pairs = [(name, answers) for name, answers, _ in alternatives]
    for _, answers, file in alternatives:
        _check_answers(rulebase, answers, file)
    try:
        result = compare(rulebase, pairs, profile=profile, weights=custom)
    except AnswerError as error:
        _fail(str(error))
    except (WeightsError, ValueError) as error:
        _fail(f"--weights/--profile: {error}")
    if fmt == "pdf":
        pdf = comparison_pdf(ctx.find_root().obj["rules_dir"], result, files)
        Path(output).write_bytes(pdf)
        click.echo(f"wrote {output}", err=True)
        return
    data = result.to_dict()
    text = _dump(data) + "\n" if fmt == "json" else render_comparison_text(result, rulebase)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def read_alternative(file: str) -> tuple[str, dict[str, Any], str]:
    """(name, answers, file) of an answers file: named by its title, else its stem."""
    from .cli import read_answers_file
    from .jsonfile import read_json_file

    answers = read_answers_file(file)  # exits 2 with one line on a bad file
    data = read_json_file(file)
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    return (title.strip()[:120] or Path(file).stem), answers, file


def _check_answers(rulebase, answers: dict[str, Any], file: str) -> None:
    """Refuse answers that do not fit the bank, naming the file."""
    from .engine import AnswerError, normalise_answers

    try:
        normalise_answers(answers, rulebase.bank)
    except AnswerError as error:
        _fail(f"{file}: {error}")


def render_comparison_text(result, rulebase) -> str:
    """The comparison as a short plain-text report."""
    from .engine.compare import ranking_sentences
    from .engine.core.verdicts import LABELS

    def signed(value: float | None) -> str:
        return "n/a" if value is None else f"{value:+.2f}"

    data = result.to_dict()
    profiles = {p.id: p.name for p in rulebase.profiles.values()}
    weighting = (f"the {profiles[data['profile']]} profile" if data["profile"] in profiles
                 else "custom weights " + ", ".join(f"{c}={w:g}"
                                                    for c, w in data["weights"].items()))
    lines = [f"Alternatives compared under {weighting}", "", "Ranking (best first):"]
    by_name = {a["name"]: a for a in data["alternatives"]}
    for i, name in enumerate(data["ranking"], 1):
        alt = by_name[name]
        low, high = alt["interval"]
        interval = "" if low == high else f", between {signed(low)} and {signed(high)}"
        draft = "" if alt["complete"] else " (draft)"
        lines.append(f"  {i}. {name}: {LABELS[alt['verdict']]}{draft}, balance "
                     f"{signed(alt['balance'])}{interval}")
    if data["ranking_robust"]:
        lines.append("The ranking is robust (intervals and every built-in profile).")
    else:
        lines.append("The ranking is not robust. " + " ".join(ranking_sentences(result,
                                                                              profiles)))
    names = [a["name"] for a in data["alternatives"]]
    letter = {name: chr(ord("A") + i) for i, name in enumerate(names)}
    label = max(len(c.label) for c in rulebase.concerns.values()) + 2
    lines += ["", "Concern nets (" + "; ".join(f"{letter[n]}: {n}" for n in names) + "):",
              " " * label + "".join(f"{letter[n]:>8}" for n in names)]
    for cid in rulebase.concern_ids:
        cells = "".join(f"{signed(a['concerns'].get(cid)):>8}" for a in data["alternatives"])
        lines.append(f"{rulebase.concerns[cid].label:<{label}}{cells}")
    lines += ["", f"Answers that differ ({len(data['differing_answers'])}), "
              f"{' | '.join(letter[n] for n in names)}:"]
    for qid, values in data["differing_answers"].items():
        lines.append(f"  {qid}: " + " | ".join(json.dumps(v, ensure_ascii=False)
                                               for v in values))
    lines += ["", f"Findings that differ ({len(data['differing_findings'])}):"]
    for finding in data["differing_findings"]:
        lines.append(f"  {finding['rule']} ({finding['effect']}), in "
                     f"{', '.join(letter[n] for n in finding['fired_in'])}: {finding['title']}")
    lines += ["", "Conditions each would need (the first five):"]
    for alt in data["alternatives"]:
        lines.append(f"  {alt['name']}:")
        for condition in alt["conditions"][:5] or [{"text": "none"}]:
            lines.append(f"    - {condition['text']}")
    return "\n".join(lines) + "\n"


def comparison_pdf(rules_dir: str | None, result, files: tuple[str, ...]) -> bytes:
    """The web compare page's PDF for answer files."""
    from types import SimpleNamespace

    from flask import render_template

    from .comparisons.routes import comparison_context
    from .reports.forms import report_options_form
    from .reports.pdf import html_to_pdf
    from .reports.standalone import PdfMaker

    maker = PdfMaker(rules_dir)
    names = [a.name for a in result.alternatives]
    comparison = SimpleNamespace(id="from files", name="Alternatives: " + ", ".join(names))
    shown = [SimpleNamespace(id=Path(file).name) for file in files]
    with maker.app.test_request_context():
        html = render_template("comparisons/compare.html", **comparison_context(
            maker.rulebase, comparison, shown, result, pdf=True),
            form=report_options_form(maker.rulebase, {}))
    return html_to_pdf(html, maker.app.static_folder or "")
