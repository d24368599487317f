"""Migrations: a database made with the schema from before migrations (answers as JSON in the
assessment row) upgrades with every answer kept; several workers starting together on an empty
database migrate it once; `weighbridge db upgrade` does the same for operators."""

from __future__ import annotations

import json
import multiprocessing
from datetime import UTC, datetime

from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text

from webapp.app import create_app

from .accounts_support import SignedInClient, add_account
from .conftest import RULES, example_answers
from .databases import empty_database_url

#: The table exactly as `db.create_all()` made it before migrations existed.
LEGACY_TABLE = """
CREATE TABLE assessment (
    id INTEGER NOT NULL PRIMARY KEY,
    title VARCHAR(200) NOT NULL,
    assessor VARCHAR(120) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    answers JSON NOT NULL,
    evidence JSON NOT NULL,
    prefilled JSON NOT NULL,
    partner_id VARCHAR(80),
    sections_done JSON NOT NULL,
    current_section VARCHAR(80),
    profile VARCHAR(80) NOT NULL,
    ruleset VARCHAR(40) NOT NULL,
    notes TEXT NOT NULL
)
"""


def app_on(url: str, **config):
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "t",
                       "SQLALCHEMY_DATABASE_URI": url, "RULES_DIR": str(RULES), **config})


def legacy_database(url: str) -> dict:
    """An old database with two assessments; returns what was stored."""
    answers = example_answers("rural_access_network_ldc.json")
    evidence = {"ldc": "UN list of LDCs, 2024", "vendor_home": "Annual report"}
    prefilled = {"vendor_home": {"partner": "Huawei", "source": "The brief's table",
                                 "as_of": "2021", "answer": "china"}}
    engine = create_engine(url)
    now = datetime(2025, 5, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(text(LEGACY_TABLE))
        insert = text(
            "INSERT INTO assessment (id, title, assessor, created_at, updated_at, answers, "
            "evidence, prefilled, partner_id, sections_done, current_section, profile, ruleset,"
            " notes) VALUES (:id, :title, 'A. Official', :now, :now, :answers, :evidence, "
            ":prefilled, :partner, :done, 'technology', 'balanced', 'old', '')")
        connection.execute(insert, {"id": 1, "title": "Rural network", "now": now,
                                    "answers": json.dumps(answers),
                                    "evidence": json.dumps(evidence),
                                    "prefilled": json.dumps(prefilled), "partner": "huawei",
                                    "done": json.dumps(["scenario", "partner"])})
        connection.execute(insert, {"id": 2, "title": "Empty", "now": now, "answers": "{}",
                                    "evidence": "{}", "prefilled": "{}", "partner": None,
                                    "done": "[]"})
    engine.dispose()
    return {"answers": answers, "evidence": evidence, "prefilled": prefilled}


def test_an_old_database_upgrades_with_every_answer(tmp_path):
    url = empty_database_url(tmp_path)
    old = legacy_database(url)
    app = app_on(url)  # starts, recognises the old table, migrates
    from webapp.extensions import db
    from webapp.models import Assessment

    with app.app_context():
        first = db.session.get(Assessment, 1)
        assert first.answers == old["answers"]
        assert first.evidence == old["evidence"]
        assert first.prefilled == old["prefilled"]
        assert first.sections_done == ["scenario", "partner"]
        assert first.partner_id == "huawei" and first.current_section == "technology"
        assert db.session.get(Assessment, 2).answers == {}
        columns = {c["name"] for c in inspect(db.engine).get_columns("assessment")}
        assert not columns & {"answers", "evidence", "prefilled", "profile", "notes"}
    add_account(app, "tester")
    client = SignedInClient(app, app.response_class)
    assert client.get("/").status_code == 200
    report = client.get("/assessments/1/report")
    assert report.status_code == 200 and "UN list of LDCs, 2024" in report.text


def test_the_migration_goes_down_and_up_again_keeping_the_answers(tmp_path):
    import flask_migrate

    from webapp.database import MIGRATIONS

    url = empty_database_url(tmp_path)
    old = legacy_database(url)
    app = app_on(url)
    with app.app_context():
        flask_migrate.downgrade(directory=str(MIGRATIONS), revision="0001")
        engine = create_engine(url)
        with engine.connect() as connection:
            row = connection.execute(text("SELECT answers, evidence FROM assessment "
                                          "WHERE id = 1")).one()
        engine.dispose()
        loaded = [json.loads(v) if isinstance(v, str) else v for v in row]
        assert loaded == [old["answers"], old["evidence"]]
        flask_migrate.upgrade(directory=str(MIGRATIONS))
    from webapp.extensions import db
    from webapp.models import Assessment

    with app.app_context():
        assert db.session.get(Assessment, 1).answers == old["answers"]


def _start(url: str, queue) -> None:
    try:
        app_on(url)
        queue.put("ok")
    except Exception as error:  # reported to the test, which fails with it
        queue.put(repr(error))


def test_workers_starting_together_migrate_an_empty_database_once(tmp_path):
    url = empty_database_url(tmp_path)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_start, args=(url, queue)) for _ in range(6)]
    for worker in workers:
        worker.start()
    outcomes = [queue.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == ["ok"] * 6
    engine = create_engine(url)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    engine.dispose()
    assert [v[0] for v in versions] == [head_revision()]


def test_weighbridge_db_upgrade_migrates_for_operators(tmp_path, monkeypatch):
    from webapp.cli import main

    url = empty_database_url(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    result = CliRunner().invoke(main, ["--rules", str(RULES), "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"at revision {head_revision()}" in result.output
    engine = create_engine(url)
    assert {"assessment", "answer", "section_done"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from webapp.database import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()
