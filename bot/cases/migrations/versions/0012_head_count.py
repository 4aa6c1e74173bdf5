"""A business's head count as the customer gave it, and an ADR letter the customer says they hold.

- `cases.head_count`: the groups the customer named ("8 employees and 3 contractors"), as they
  gave them, set only when they named groups. `employees` still keeps the count under the
  provider's ADR scheme's rule; the Communications Ombudsman counts employees, contractors and
  volunteers together, CISAS employees only (../shared/regulation.md), so one number alone read
  as the business's size (outside compliance r12 H7: "business, 11 employees"). Personal data of
  the case like `employees`: in subject access and the export. A plain ALTER TABLE ADD COLUMN, so
  SQLite's search triggers on `cases` (revision 0005) stay as they are.
- `cases.adr_letter_held`: the day of an ADR (deadlock) letter the customer says they already
  hold ("you sent me a deadlock letter dated 2 March 2026"), as their word; `adr_letter_date`
  stays the provider's record of sending one. With it no ADR letter is shown as owed (outside
  compliance r12 H3: the case said "ADR letter OVERDUE").

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("head_count", sa.String(200), nullable=True))
    op.add_column("cases", sa.Column("adr_letter_held", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "adr_letter_held")
    op.drop_column("cases", "head_count")
