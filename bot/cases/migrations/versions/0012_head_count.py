"""A business's head count as the customer gave it.

- `cases.head_count`: the groups the customer named ("8 employees and 3 contractors"), as they
  gave them, set only when they named groups. `employees` still keeps the count under the
  provider's ADR scheme's rule; the Communications Ombudsman counts employees, contractors and
  volunteers together, CISAS employees only (../shared/regulation.md), so one number alone read
  as the business's size (outside compliance r12 H7: "business, 11 employees"). Personal data of
  the case like `employees`: in subject access and the export. A plain ALTER TABLE ADD COLUMN, so
  SQLite's search triggers on `cases` (revision 0005) stay as they are.

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


def downgrade() -> None:
    op.drop_column("cases", "head_count")
