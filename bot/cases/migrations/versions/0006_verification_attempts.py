"""Verification that cannot be reset: failed checks and locks per reference, in the case store.

- `verification_attempts`: one row per check of a customer's email address or postcode against a
  reference (no answer is kept: the reference, a hash of the conversation id, the channel, the
  outcome), so failures count across conversations, senders and channels, and the action server
  records here the verification that a disclosure needs;
- `verification_locks`: a reference locked after too many failures, until a time or until staff
  lift it (`complaints cases unlock REF`).

New tables only: `cases` (and its search triggers from 0005) is untouched.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "verification_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("conversation", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_verification_attempts"),
    )
    op.create_index(
        "ix_verification_attempts_reference_at", "verification_attempts", ["reference", "at"]
    )
    op.create_index(
        "ix_verification_attempts_conversation_at", "verification_attempts", ["conversation", "at"]
    )
    op.create_table(
        "verification_locks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_verification_locks"),
    )
    op.create_index(
        "ix_verification_locks_reference_locked_at",
        "verification_locks",
        ["reference", "locked_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_verification_locks_reference_locked_at", table_name="verification_locks")
    op.drop_table("verification_locks")
    op.drop_index("ix_verification_attempts_conversation_at", table_name="verification_attempts")
    op.drop_index("ix_verification_attempts_reference_at", table_name="verification_attempts")
    op.drop_table("verification_attempts")
