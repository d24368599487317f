"""Accounts, teams and review: people who sign in (``account``) with a role and a team,
failed sign-ins counted for throttling (``login_throttle``), each assessment's team, author,
review status and comment, and the snapshot an approval freezes (``approval``). Existing
assessments go to a "Default team" created here (the first admin joins it).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DEFAULT_TEAM = "Default team"


def upgrade() -> None:
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id", name="fk_account_team"),
                  nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("status", sa.String(20), nullable=False,
                                   server_default="draft"))
        batch.add_column(sa.Column("review_comment", sa.Text(), nullable=False,
                                   server_default=""))
        batch.create_foreign_key("fk_assessment_team", "team", ["team_id"], ["id"])
        batch.create_foreign_key("fk_assessment_author", "account", ["author_id"], ["id"])
        batch.create_index("ix_assessment_team_id", ["team_id"])
    op.create_table(
        "approval",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(),
                  sa.ForeignKey("assessment.id", ondelete="CASCADE",
                                name="fk_approval_assessment"), nullable=False, unique=True),
        sa.Column("approved_by_id", sa.Integer(),
                  sa.ForeignKey("account.id", name="fk_approval_account"), nullable=True),
        sa.Column("approved_by", sa.String(120), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ruleset", sa.String(40), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("report_html", sa.Text(), nullable=False),
        sa.Column("report_pdf", sa.LargeBinary(), nullable=True),
    )
    # Every existing assessment goes to the default team.
    op.execute(sa.text("INSERT INTO team (name, created_at) VALUES (:name, CURRENT_TIMESTAMP)")
               .bindparams(name=DEFAULT_TEAM))
    op.execute(sa.text("UPDATE assessment SET team_id = (SELECT min(id) FROM team)"))


def downgrade() -> None:
    op.drop_table("approval")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_index("ix_assessment_team_id")
        batch.drop_constraint("fk_assessment_author", type_="foreignkey")
        batch.drop_constraint("fk_assessment_team", type_="foreignkey")
        for name in ("review_comment", "status", "author_id", "team_id"):
            batch.drop_column(name)
    op.drop_table("login_throttle")
    op.drop_table("account")
    op.drop_table("team")
