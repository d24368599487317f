"""The commands that work on the app's database (DATABASE_URL, else SQLite in instance/):
import and export an assessment as JSON, and purge the trash."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@contextmanager
def app_context(ctx: click.Context):
    """The web app's context, on its configured database, migrated if need be."""
    from .app import create_app

    rules_dir = ctx.find_root().obj["rules_dir"]
    app = create_app({"RULES_DIR": rules_dir} if rules_dir else None)
    with app.app_context():
        yield app


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--team", default=None, help="The team it belongs to (default: the default team).")
@click.pass_context
def import_command(ctx: click.Context, file: str, team: str | None) -> None:
    """Store an assessment file as a new assessment and print its number."""
    from .accounts.service import AccountError, team_named
    from .assessments import create_from
    from .extensions import db, get_rulebase
    from .jsonfile import JsonFileError, read_json_file
    from .transfer import ImportRefused, read_document

    try:
        data = read_json_file(file)
    except JsonFileError as error:
        _fail(str(error))
    with app_context(ctx):
        try:
            imported = read_document(data, get_rulebase())
        except ImportRefused as error:
            _fail(f"{file}: refused, nothing stored: " + "; ".join(error.problems))
        try:
            owner = team_named(team)
        except AccountError as error:
            _fail(str(error))
        assessment = create_from(imported, get_rulebase(), team_id=owner.id)
        db.session.commit()
        for line in imported.dropped:
            click.echo(f"not imported (no longer applies under the current rules): {line}",
                       err=True)
        click.echo(assessment.id)


@click.command("export")
@click.argument("number", type=click.IntRange(1))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of printing.")
@click.option("--history", is_flag=True, help="Include the audit trail (as \"history\").")
@click.pass_context
def export_command(ctx: click.Context, number: int, output: str | None,
                   history: bool) -> None:
    """Write assessment NUMBER as JSON (the format import and assess read)."""
    from .audit import as_document, events, record
    from .extensions import db, get_rulebase
    from .models import MAX_ID, Assessment
    from .transfer import dumps, export_document

    with app_context(ctx):
        assessment = db.session.get(Assessment, number) if number <= MAX_ID else None
        if assessment is None or assessment.deleted_at is not None:
            _fail(f"no assessment number {number}")
        trail = [as_document(e) for e in events(number, newest_first=False)] \
            if history else None
        text = dumps(export_document(assessment, get_rulebase(), trail))
        record(assessment, "exported", detail="With its history." if history else "")
        db.session.commit()
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.command("purge")
@click.option("--days", type=click.IntRange(0), default=None,
              help="Purge what has been in the trash longer than this (default 30).")
@click.pass_context
def purge_command(ctx: click.Context, days: int | None) -> None:
    """Remove for good the assessments in the trash for more than 30 days."""
    from .assessments import TRASH_DAYS, purge
    from .extensions import db

    with app_context(ctx):
        removed = purge(TRASH_DAYS if days is None else days)
        db.session.commit()
    click.echo(f"purged {len(removed)} assessment(s)"
               + (f": {', '.join(map(str, removed))}" if removed else ""))
