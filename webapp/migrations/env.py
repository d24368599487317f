"""Alembic's environment for Weighbridge: the Flask app's engine and models' metadata.

Unlike Flask-Migrate's template, it leaves logging alone (migrations also run inside the app at
start-up) and renders SQLite changes in batch mode (SQLite cannot drop columns in place).
"""

from alembic import context
from flask import current_app

config = context.config
database = current_app.extensions["migrate"].db


def run_migrations_offline() -> None:
    context.configure(url=str(database.engine.url), target_metadata=database.metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    arguments = dict(current_app.extensions["migrate"].configure_args)
    arguments.setdefault("render_as_batch", True)
    with database.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=database.metadata, **arguments)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
