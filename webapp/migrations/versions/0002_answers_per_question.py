"""Answers one row per question, with a version each, so that concurrent saves of different
sections never overwrite each other and a save from a stale page can be told apart; sections
done as insert-only rows. Every existing answer, evidence note and registry mark is copied.
The unused columns profile and notes go.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD = sa.table(
    "assessment", sa.column("id", sa.Integer), sa.column("answers", sa.JSON),
    sa.column("evidence", sa.JSON), sa.column("prefilled", sa.JSON),
    sa.column("sections_done", sa.JSON), sa.column("updated_at", sa.DateTime(timezone=True)))


def _loaded(value):
    """A JSON column's value (SQLite may hand back text when the column type was not kept)."""
    return json.loads(value) if isinstance(value, str) else value


def upgrade():
    answer = op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(),
                  sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("registry", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("assessment_id", "question_id"),
    )
    op.create_index("ix_answer_assessment_id", "answer", ["assessment_id"])
    done = op.create_table(
        "section_done",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(),
                  sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False),
        sa.Column("section_id", sa.String(80), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("assessment_id", "section_id"),
    )
    op.create_index("ix_section_done_assessment_id", "section_done", ["assessment_id"])
    connection = op.get_bind()
    answers, sections = [], []
    for row in connection.execute(sa.select(OLD)).mappings():
        values = _loaded(row["answers"]) or {}
        evidence = _loaded(row["evidence"]) or {}
        marks = _loaded(row["prefilled"]) or {}
        when = row["updated_at"] or datetime.now(UTC)
        for qid in dict.fromkeys([*values, *evidence]):
            answers.append({"assessment_id": row["id"], "question_id": qid,
                            "value": values.get(qid), "evidence": evidence.get(qid, "") or "",
                            "registry": marks.get(qid), "version": 1, "updated_at": when})
        for section_id in _loaded(row["sections_done"]) or []:
            sections.append({"assessment_id": row["id"], "section_id": section_id,
                             "done_at": when})
    if answers:
        op.bulk_insert(answer, answers)
    if sections:
        op.bulk_insert(done, sections)
    with op.batch_alter_table("assessment") as batch:
        for column in ("answers", "evidence", "prefilled", "sections_done", "profile", "notes"):
            batch.drop_column(column)


def downgrade():
    with op.batch_alter_table("assessment") as batch:
        for column in ("answers", "evidence", "prefilled", "sections_done"):
            batch.add_column(sa.Column(column, sa.JSON(), nullable=True))
        batch.add_column(sa.Column("profile", sa.String(80), nullable=False,
                                   server_default="balanced"))
        batch.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    answer = sa.table("answer", sa.column("assessment_id"), sa.column("question_id"),
                      sa.column("value", sa.JSON), sa.column("evidence"),
                      sa.column("registry", sa.JSON))
    done = sa.table("section_done", sa.column("assessment_id"), sa.column("section_id"))
    collected: dict[int, dict] = {}
    for row in connection.execute(sa.select(answer)).mappings():
        entry = collected.setdefault(row["assessment_id"], {"answers": {}, "evidence": {},
                                                            "prefilled": {}, "sections": []})
        if row["value"] is not None:
            entry["answers"][row["question_id"]] = _loaded(row["value"])
        if row["evidence"]:
            entry["evidence"][row["question_id"]] = row["evidence"]
        if row["registry"]:
            entry["prefilled"][row["question_id"]] = _loaded(row["registry"])
    for row in connection.execute(sa.select(done)).mappings():
        collected.setdefault(row["assessment_id"], {"answers": {}, "evidence": {},
                                                    "prefilled": {}, "sections": []})
        collected[row["assessment_id"]]["sections"].append(row["section_id"])
    table = sa.table("assessment", sa.column("id"), sa.column("answers", sa.JSON),
                     sa.column("evidence", sa.JSON), sa.column("prefilled", sa.JSON),
                     sa.column("sections_done", sa.JSON))
    for ident in [r[0] for r in connection.execute(sa.select(table.c.id))]:
        entry = collected.get(ident, {"answers": {}, "evidence": {}, "prefilled": {},
                                      "sections": []})
        connection.execute(table.update().where(table.c.id == ident).values(
            answers=entry["answers"], evidence=entry["evidence"], prefilled=entry["prefilled"],
            sections_done=entry["sections"]))
    op.drop_table("section_done")
    op.drop_table("answer")
