"""The schema as it was before migrations: one assessment table with its answers as JSON.

A database made by earlier versions (with ``db.create_all()``) is stamped at this revision when
the app first starts on it, then upgraded.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("assessor", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("prefilled", sa.JSON(), nullable=False),
        sa.Column("partner_id", sa.String(80), nullable=True),
        sa.Column("sections_done", sa.JSON(), nullable=False),
        sa.Column("current_section", sa.String(80), nullable=True),
        sa.Column("profile", sa.String(80), nullable=False),
        sa.Column("ruleset", sa.String(40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
    )


def downgrade():
    op.drop_table("assessment")
