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
COLUMNS = [
    sa.Column("team_id", sa.Integer(), nullable=True),
    sa.Column("author_id", sa.Integer(), nullable=True),
    sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
    sa.Column("review_comment", sa.Text(), nullable=False, server_default=""),
]


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
    # Columns only added (no table rebuilt: on SQLite a rebuild of assessment would cascade
    # to its answers); the foreign keys are declared where the database can add them.
    for column in COLUMNS:
        op.add_column("assessment", column)
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key("fk_assessment_team", "assessment", "team", ["team_id"], ["id"])
        op.create_foreign_key("fk_assessment_author", "assessment", "account", ["author_id"],
                              ["id"])
    op.create_index("ix_assessment_team_id", "assessment", ["team_id"])
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
    op.drop_index("ix_assessment_team_id", table_name="assessment")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_assessment_author", "assessment", type_="foreignkey")
        op.drop_constraint("fk_assessment_team", "assessment", type_="foreignkey")
    for column in reversed(COLUMNS):
        op.drop_column("assessment", column.name)
    op.drop_table("login_throttle")
    op.drop_table("account")
    op.drop_table("team")
