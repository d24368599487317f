"""``weighbridge users``: create an account (the first admin, say) and list them."""

from __future__ import annotations

import click

from .cli_store import _fail, app_context


@click.group()
def users() -> None:
    """Accounts of the web app."""


@users.command("create")
@click.option("--username", prompt=True, help="What the person types to sign in.")
@click.option("--name", default=None, help="The name printed on approvals (default: username).")
@click.option("--role", type=click.Choice(["assessor", "reviewer", "admin"]), default="assessor",
              show_default=True)
@click.option("--team", default=None, help="Team name (default: the default team).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given (better: not on the command line).")
@click.pass_context
def create(ctx: click.Context, username: str, name: str | None, role: str, team: str | None,
           password: str) -> None:
    """Create an account, e.g. the first admin: users create --role admin."""
    from .accounts.service import AccountError, create_account, team_named
    from .extensions import db

    with app_context(ctx):
        try:
            account = create_account(username, name or username, password, role,
                                     team_named(team))
        except AccountError as error:
            db.session.rollback()
            _fail(str(error))
        db.session.commit()
        click.echo(f"created {account.username} ({account.role}, "
                   f"{account.team.name if account.team else 'no team'})")


@users.command("list")
@click.pass_context
def list_users(ctx: click.Context) -> None:
    """Every account: username, name, role, team, active."""
    from sqlalchemy import select

    from .extensions import db
    from .models import Account

    with app_context(ctx):
        for account in db.session.scalars(select(Account).order_by(Account.username)):
            team = account.team.name if account.team else "-"
            state = "active" if account.active else "deactivated"
            click.echo(f"{account.username}\t{account.name}\t{account.role}\t{team}\t{state}")
