"""Alternatives side by side: a named comparison, and on each assessment the comparison it is
an alternative of and its name there. Columns are only added, so no table is rebuilt.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comparison",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.add_column("assessment", sa.Column("comparison_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot add a constraint in place
        op.create_foreign_key("fk_assessment_comparison_id", "assessment", "comparison",
                              ["comparison_id"], ["id"], ondelete="SET NULL")
    op.add_column("assessment", sa.Column("alternative_name", sa.String(120), nullable=True))
    op.create_index("ix_assessment_comparison_id", "assessment", ["comparison_id"])


def downgrade() -> None:
    op.drop_index("ix_assessment_comparison_id", table_name="assessment")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_assessment_comparison_id", "assessment", type_="foreignkey")
    op.drop_column("assessment", "alternative_name")
    op.drop_column("assessment", "comparison_id")
    op.drop_table("comparison")
