"""The conversation behind a case, and the customer's written confirmation queue.

- `cases.conversation_id`: the Rasa sender id of the chat that created the case (NULL for a case
  opened at the desk). A plain ALTER TABLE ADD COLUMN, so SQLite's search triggers on `cases`
  (revision 0005) stay as they are. Indexed: retention asks "which conversations are linked".
- `case_mail`: the durable queue of e-mails to customers (today the confirmation sent when a case is
  created). A row is written in the same transaction as the case, so a case never exists without
  its confirmation queued, and the send happens afterwards, retried until it goes. The row holds no
  personal data: the message is composed from the case at the moment of sending, and an erasure
  that clears the customer's address leaves nothing to send.

Revision ID: 0009
Revises: 0008 (written on 0005; relinked after 0006 and 0008 at merges)
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("conversation_id", sa.String(255), nullable=True))
    op.create_index("ix_cases_conversation_id", "cases", ["conversation_id"])
    op.create_table(
        "case_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name="fk_case_mail_case_id_cases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_mail"),
        sa.UniqueConstraint("case_id", "kind", name="uq_case_mail_case_id"),
    )
    op.create_index("ix_case_mail_sent_at", "case_mail", ["sent_at"])


def downgrade() -> None:
    op.drop_index("ix_case_mail_sent_at", table_name="case_mail")
    op.drop_table("case_mail")
    op.drop_index("ix_cases_conversation_id", table_name="cases")
    op.drop_column("cases", "conversation_id")
