"""Managing assessments and listing them with their verdict: a summary, archived and deleted
(trash) times, and the verdict, balance and completeness last scored (with the rule set they
were scored under, so a rules update is noticed). Columns are only added, so no table is
rebuilt and no row is touched.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = [
    sa.Column("summary", sa.Text(), nullable=False, server_default=""),
    sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("verdict", sa.String(40), nullable=True),
    sa.Column("balance", sa.Float(), nullable=True),
    sa.Column("complete", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("scored_with", sa.String(40), nullable=False, server_default=""),
]


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("assessment", column)
    op.create_index("ix_assessment_deleted_at", "assessment", ["deleted_at"])


def downgrade() -> None:
    op.drop_index("ix_assessment_deleted_at", table_name="assessment")
    for column in reversed(COLUMNS):
        op.drop_column("assessment", column.name)
