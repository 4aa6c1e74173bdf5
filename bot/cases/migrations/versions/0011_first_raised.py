"""The day the customer says they first raised the complaint with the provider.

- `cases.first_raised`: a date, set when the customer says they raised the complaint before the
  case was logged ("I first complained on 3 September", "three weeks ago"). Ofcom's wait before
  ADR runs from when a complaint was first raised (../shared/regulation.md), so the case's
  `adr_opens`, its ADR letter and what the customer is told count from this day when it is set,
  and from `raised_at` when it is not (issue 14: the chat answered from the stated day, but the
  confirmation and the case status counted from the day the case was logged). Never after the
  day the case was logged. Not personal data beyond the case itself: kept on anonymisation like
  `raised_at`; included in subject access and the export. A plain ALTER TABLE ADD COLUMN, so
  SQLite's search triggers on `cases` (revision 0005) stay as they are.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("first_raised", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "first_raised")
