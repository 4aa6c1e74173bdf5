"""Idempotent submissions, customers' requests and the purge log.

- `cases.submission_key` with a unique index: a retried submission finds its case instead of
  making a second one;
- `cases.escalation_requested`, `adr_letter_requested`, `callback_requested`: what the customer
  has asked for through the assistant and staff have not yet acted on;
- `purges`: one row per retention purge, with the references removed and no personal data.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_FLAGS = ("escalation_requested", "adr_letter_requested", "callback_requested")


def upgrade() -> None:
    op.add_column("cases", sa.Column("submission_key", sa.String(128), nullable=True))
    op.create_index("ix_cases_submission_key", "cases", ["submission_key"], unique=True)
    for flag in _FLAGS:
        op.add_column(
            "cases", sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "purges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("closed_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_references", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_purges"),
    )


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later): a batch "move and copy" would drop
    # and recreate `cases`, and with foreign keys on, dropping it would cascade to the event log.
    op.drop_table("purges")
    for flag in reversed(_FLAGS):
        op.drop_column("cases", flag)
    op.drop_index("ix_cases_submission_key", table_name="cases")
    op.drop_column("cases", "submission_key")
