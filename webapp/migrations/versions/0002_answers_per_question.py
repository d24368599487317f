"""Answers one row per question, with a version each, so that concurrent saves of different
sections never overwrite each other and a save from a stale page can be told apart; sections
done as insert-only rows. Every existing answer, evidence note and registry mark is copied.
The unused columns profile and notes go.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

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
ANSWER_COLUMNS = ("assessment_id", "question_id", "value", "evidence", "registry", "version",
                  "updated_at")


def _answer_table() -> list[sa.Column]:
    return [
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
    ]


def upgrade():
    # Read everything first: on SQLite, dropping columns rebuilds the assessment table, which
    # must happen before any row refers to it (a foreign key would cascade the rebuild's drop).
    connection = op.get_bind()
    answers, sections = [], []
    for row in connection.execute(sa.select(OLD)).mappings():
        values, evidence = row["answers"] or {}, row["evidence"] or {}
        marks = row["prefilled"] or {}
        when = row["updated_at"] or datetime.now(UTC)
        for qid in dict.fromkeys([*values, *evidence]):
            answers.append({"assessment_id": row["id"], "question_id": qid,
                            "value": values.get(qid), "evidence": evidence.get(qid, "") or "",
                            "registry": marks.get(qid), "version": 1, "updated_at": when})
        for section_id in row["sections_done"] or []:
            sections.append({"assessment_id": row["id"], "section_id": section_id,
                             "done_at": when})
    with op.batch_alter_table("assessment") as batch:
        for column in ("answers", "evidence", "prefilled", "sections_done", "profile", "notes"):
            batch.drop_column(column)
    answer = op.create_table("answer", *_answer_table())
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
    if answers:
        op.bulk_insert(answer, answers)
    if sections:
        op.bulk_insert(done, sections)


def downgrade():
    connection = op.get_bind()
    answer = sa.table("answer", *(sa.column(c, sa.JSON if c in ("value", "registry") else None)
                                  for c in ANSWER_COLUMNS))
    done = sa.table("section_done", sa.column("assessment_id"), sa.column("section_id"))
    collected: dict[int, dict] = {}

    def entry(ident: int) -> dict:
        return collected.setdefault(ident, {"answers": {}, "evidence": {}, "prefilled": {},
                                            "sections_done": []})

    for row in connection.execute(sa.select(answer)).mappings():
        found = entry(row["assessment_id"])
        if row["value"] is not None:
            found["answers"][row["question_id"]] = row["value"]
        if row["evidence"]:
            found["evidence"][row["question_id"]] = row["evidence"]
        if row["registry"]:
            found["prefilled"][row["question_id"]] = row["registry"]
    for row in connection.execute(sa.select(done)).mappings():
        entry(row["assessment_id"])["sections_done"].append(row["section_id"])
    op.drop_table("section_done")
    op.drop_table("answer")
    with op.batch_alter_table("assessment") as batch:
        for column in ("answers", "evidence", "prefilled", "sections_done"):
            batch.add_column(sa.Column(column, sa.JSON(), nullable=True))
        batch.add_column(sa.Column("profile", sa.String(80), nullable=False,
                                   server_default="balanced"))
        batch.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
    table = sa.table("assessment", sa.column("id"), sa.column("answers", sa.JSON),
                     sa.column("evidence", sa.JSON), sa.column("prefilled", sa.JSON),
                     sa.column("sections_done", sa.JSON))
    for ident in [r[0] for r in connection.execute(sa.select(table.c.id))]:
        connection.execute(table.update().where(table.c.id == ident).values(**entry(ident)))
