"""How roughly the customer gave the day of the ADR letter they hold, as a column of the case.

- `cases.adr_letter_held_rough`: the words the customer gave that day in, to say back ("about 11
  months ago", "in mid October"), when they gave it only roughly; NULL when they gave it exactly
  (or hold no letter). `adr_letter_held` keeps the day read from those words; with this column
  the case check says that day, and the time limit from it, as approximate, in the words logging
  used (truth15: the case check gave an exact deadline). A plain ALTER TABLE ADD COLUMN, so
  SQLite's search triggers on `cases` (revision 0005) stay as they are.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("adr_letter_held_rough", sa.String(80), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "adr_letter_held_rough")
