"""The audit trail (audit_event, append-only), the action plan (action) and what a changed rule
set is compared with: the result summary kept under the rule set an assessment was answered
under, and, on a copy re-assessed under new rules, where it came from. Tables and columns are
only added.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(),
                  sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=True),
        sa.Column("old_value", sa.JSON(), nullable=True),
        sa.Column("new_value", sa.JSON(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_event_assessment", "audit_event", ["assessment_id", "id"])
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(),
                  sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("addresses", sa.JSON(), nullable=False),
        sa.Column("owner", sa.String(120), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("assessment_id", "key"),
    )
    op.create_index("ix_action_assessment_id", "action", ["assessment_id"])
    op.add_column("assessment", sa.Column("rules_summary", sa.JSON(), nullable=True))
    op.add_column("assessment", sa.Column("reassessed_from", sa.JSON(), nullable=True))


def downgrade() -> None:
    # dropped in place (no batch copy of the table, which would cascade to its answers)
    op.drop_column("assessment", "reassessed_from")
    op.drop_column("assessment", "rules_summary")
    op.drop_index("ix_action_assessment_id", table_name="action")
    op.drop_table("action")
    op.drop_index("ix_audit_event_assessment", table_name="audit_event")
    op.drop_table("audit_event")
