"""Portfolio screening: an uploaded portfolio (its progress, so a page reload shows how far
the screening is) and its projects, one row of the file each, with their summary.

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portfolio",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True, index=True),  # the uploader's team
        sa.Column("profile", sa.String(80), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("ruleset", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "portfolio_project",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("portfolio_id", sa.Integer(),
                  sa.ForeignKey("portfolio.id", ondelete="CASCADE"), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(100), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("problems", sa.JSON(), nullable=True),
        sa.Column("verdict", sa.String(40), nullable=True),
        sa.Column("balance", sa.Float(), nullable=True),
        sa.Column("interval_low", sa.Float(), nullable=True),
        sa.Column("interval_high", sa.Float(), nullable=True),
        sa.Column("robust", sa.Boolean(), nullable=True),
        sa.Column("top_concern", sa.String(200), nullable=False),
        sa.Column("top_finding", sa.Text(), nullable=False),
        sa.Column("top_condition", sa.Text(), nullable=False),
        sa.Column("unknowns", sa.Integer(), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_portfolio_project_portfolio_id", "portfolio_project", ["portfolio_id"])


def downgrade() -> None:
    op.drop_index("ix_portfolio_project_portfolio_id", table_name="portfolio_project")
    op.drop_table("portfolio_project")
    op.drop_table("portfolio")
