"""The `weighbridge` command: serve, questions, assess, compare, screen, users, rules check /
coverage / docs.

Each command imports what it needs when it runs (the engine and numpy for the rules, Flask
only for ``serve``), so ``weighbridge --help`` and a one-file ``assess`` start quickly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .paths import RulesNotFound, rules_directory


def _load(rules_dir: str | None, as_problems: bool = False):
    """The compiled rule base, or every problem on stderr and exit 1."""
    from .engine import RuleBaseError, load_rulebase

    try:
        return load_rulebase(rules_directory(rules_dir))
    except RulesNotFound as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    except RuleBaseError as error:
        if as_problems:
            raise
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


def parse_weights_option(text: str) -> dict[str, float]:
    """``concern=w,concern=w`` into a dict; raises ValueError naming the bad part."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f'"{part}" is not concern=weight')
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise ValueError(f'"{part}": the weight is not a number') from None
    return weights


@click.group()
@click.option("--rules", "rules_dir", default=None,
              help="Rules directory (default: WEIGHBRIDGE_RULES_DIR, else the shipped rules).")
@click.pass_context
def main(ctx: click.Context, rules_dir: str | None) -> None:
    """Weighbridge: a weighted balance-of-concerns report for digital-technology decisions."""
    ctx.obj = {"rules_dir": rules_dir}


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Gunicorn worker processes (default: 2 per core plus 1, at most 8).")
@click.option("--dev", is_flag=True,
              help="Flask's development server: reload on change, show tracebacks.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int | None, dev: bool) -> None:
    """Start the web app under gunicorn (SQLite in instance/ unless DATABASE_URL is set)."""
    from .app import create_app
    from .engine import RuleBaseError
    from .server import default_workers, serve_production

    config = {"RULES_DIR": ctx.obj["rules_dir"]} if ctx.obj["rules_dir"] else None
    try:
        app = create_app(config)
    except RulesNotFound as error:
        _exit_with(f"error: {error}")
    except RuleBaseError as error:
        _exit_with("\n".join(f"error: {problem}" for problem in error.problems))
    database = app.config["SQLALCHEMY_DATABASE_URI"].split("@")[-1]
    if dev:
        click.echo(f"Weighbridge (development server) on http://{host}:{port}/  "
                   f"(database: {database})")
        app.run(host=host, port=port, debug=True)
        return
    workers = workers or default_workers()
    click.echo(f"Weighbridge on http://{host}:{port}/ with {workers} gunicorn workers  "
               f"(database: {database})")
    serve_production(app, host, port, workers)


def _exit_with(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@main.group("db")
def database() -> None:
    """The database: migrations (the app also applies them itself when it starts)."""


@database.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Bring the database (DATABASE_URL, else SQLite in instance/) to the newest schema."""
    from sqlalchemy import text

    from .app import create_app
    from .database import upgrade_database
    from .extensions import db

    rules_dir = ctx.find_root().obj["rules_dir"]
    app = create_app({"AUTO_MIGRATE": False, **({"RULES_DIR": rules_dir} if rules_dir else {})})
    upgrade_database(app)
    with app.app_context():
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        click.echo(f"{app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}: at revision "
                   f"{revision}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def questions(ctx: click.Context, as_json: bool) -> None:
    """List the question bank."""
    from .engine.loading.conditions import questions_read, to_data

    rulebase = _load(ctx.obj["rules_dir"])
    items = []
    for question in rulebase.bank.ordered():
        section = rulebase.bank.section(question.section)
        items.append({
            "id": question.id, "section": question.section, "type": question.type,
            "text": question.text, "options": list(question.option_ids),
            "unknown": question.unknown,
            "show_if": to_data(question.show_if),
            "section_show_if": to_data(section.show_if),
            "reads": sorted(questions_read(question.show_if)),
        })
    if as_json:
        click.echo(_dump({"questions": items}))
        return
    for item in items:
        options = f" [{', '.join(item['options'])}]" if item["options"] else ""
        click.echo(f"{item['section']:<14} {item['id']:<28} {item['type']:<7}{options}")


@main.command("assess")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--profile", default=None, help="Weight profile (default: balanced).")
@click.option("--weights", default=None, help="Custom weights: concern=w,concern=w,...")
@click.option("--format", "fmt", type=click.Choice(["json", "text", "pdf"]), default="json",
              show_default=True)
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Write to this file (required for --format pdf).")
@click.pass_context
def assess_command(ctx: click.Context, file: str, profile: str | None, weights: str | None,
                   fmt: str, output: str | None) -> None:
    """Score an answers file {"answers": {question_id: value}}."""
    from .engine import AnswerError, WeightsError, assess
    from .textreport import render_text

    if fmt == "pdf":
        _assess_pdf(ctx, file, profile, weights, output)
        return
    rulebase = _load(ctx.obj["rules_dir"])
    answers = read_answers_file(file)
    try:
        custom = parse_weights_option(weights) if weights else None
        result = assess(rulebase, answers, profile=profile, weights=custom)
    except AnswerError as error:
        _fail(f"{file}: {error}")
    except (WeightsError, ValueError) as error:
        _fail(f"--weights/--profile: {error}")
    data = result.to_dict()
    text = _dump(data) + "\n" if fmt == "json" else render_text(data, rulebase)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _assess_pdf(ctx: click.Context, file: str, profile: str | None, weights: str | None,
                output: str | None) -> None:
    """The report of an answers file as a PDF, the web report's PDF made from a file."""
    from .engine import AnswerError, WeightsError
    from .reports.pdf import pdf_unavailable

    if not output:
        _fail("--format pdf needs -o OUT.pdf (a PDF is not written to the terminal)")
    problem = pdf_unavailable()
    if problem:
        _fail(problem)
    from .jsonfile import JsonFileError, read_json_file
    from .reports.standalone import FileAssessment, PdfMaker

    try:
        data = read_json_file(file)
    except JsonFileError as error:
        _fail(str(error))
    answers = read_answers_file(file)
    evidence = data.get("evidence") if isinstance(data.get("evidence"), dict) else {}
    assessment = FileAssessment(
        id=Path(file).stem, title=str(data.get("title") or Path(file).stem)[:200],
        answers=answers, assessor=str(data.get("assessor") or "")[:120],
        evidence={str(k): str(v) for k, v in evidence.items()})
    try:
        custom = parse_weights_option(weights) if weights else None
        pdf = PdfMaker(ctx.obj["rules_dir"]).pdf(assessment, profile, custom)
    except AnswerError as error:
        _fail(f"{file}: {error}")
    except (WeightsError, ValueError) as error:
        _fail(f"--weights/--profile: {error}")
    Path(output).write_bytes(pdf)
    click.echo(f"wrote {output}", err=True)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def read_answers_file(file: str) -> dict[str, Any]:
    """The answers mapping of a JSON file, or a one-line error and exit 2."""
    from .jsonfile import JsonFileError, read_json_file

    try:
        data = read_json_file(file)
    except JsonFileError as error:
        _fail(str(error))
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        _fail(f'{file}: expected an object with "answers": {{question_id: value}}')
    return data["answers"]


@main.group()
def rules() -> None:
    """Check the rule base and its coverage of the brief."""


@rules.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rules_check(ctx: click.Context, as_json: bool) -> None:
    """Validate the rule base and run every rule's examples."""
    from .engine import RuleBaseError
    from .engine.checks import check_rulebase

    try:
        rulebase = _load(ctx.find_root().obj["rules_dir"], as_problems=True)
    except RuleBaseError as error:
        if as_json:
            click.echo(_dump({"rules": 0, "by_concern": {}, "examples": {"passed": 0, "failed": 0},
                              "problems": [p.to_dict() for p in error.problems],
                              "warnings": []}))
        else:
            for problem in error.problems:
                click.echo(f"problem: {problem}")
        sys.exit(1)
    report = check_rulebase(rulebase)
    data = report.to_dict()
    if as_json:
        click.echo(_dump(data))
    else:
        click.echo(f"{data['rules']} rules; examples: {data['examples']['passed']} passed, "
                   f"{data['examples']['failed']} failed")
        for concern, counts in data["by_concern"].items():
            click.echo(f"  {concern:<18} risk {counts['risk']:>3}  benefit {counts['benefit']:>3}"
                       f"  mitigation {counts['mitigation']:>3}")
        for problem in data["problems"]:
            click.echo("problem: " + _line(problem))
        for warning in data["warnings"]:
            click.echo("warning: " + _line(warning))
    sys.exit(0 if report.ok else 1)


def _line(item: dict[str, str]) -> str:
    return ": ".join(part for part in (item["file"], item["id"], item["field"], item["message"])
                     if part)


@rules.command("coverage")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rules_coverage(ctx: click.Context, as_json: bool) -> None:
    """Map every dilemma of the brief to the rules that implement it."""
    from .engine.checks import coverage

    rulebase = _load(ctx.find_root().obj["rules_dir"])
    data = coverage(rulebase)
    if as_json:
        click.echo(_dump(data))
    else:
        for did, rule_ids in data["dilemmas"].items():
            name = rulebase.dilemmas[did].name if did in rulebase.dilemmas else ""
            click.echo(f"{did} {name:<40} {', '.join(rule_ids) or 'UNCOVERED'}")
    sys.exit(1 if data["uncovered"] else 0)


@rules.command("docs")
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (e.g. docs/rules.md) instead of printing.")
@click.pass_context
def rules_docs(ctx: click.Context, output: str | None) -> None:
    """The coverage table and every rule, as Markdown (docs/rules.md)."""
    from .ruledocs import rules_markdown

    text = rules_markdown(_load(ctx.find_root().obj["rules_dir"]))
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


def _register_store_commands() -> None:
    from .cli_compare import compare_command
    from .cli_screen import screen_command
    from .cli_store import export_command, import_command, purge_command
    from .cli_users import users

    main.add_command(users)

    for command in (import_command, export_command, purge_command, compare_command,
                    screen_command):
        main.add_command(command)


_register_store_commands()


if __name__ == "__main__":
    main()
