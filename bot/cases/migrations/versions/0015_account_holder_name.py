"""The account holder's name, when someone complains for them, as a column of the case.

- `cases.account_holder_name`: the name of the account holder as the person complaining for them
  gave it ("it's my mum's account, her name is Margaret Hill, I'm her son": "Margaret Hill").
  Before, only who complained was kept (`made_on_behalf`, revision 0013), so staff could not find
  the account (outside testers, round 15, F3). Personal data of the case like the customer's
  name: in `cases show`, the export, subject access, and cleared by erasure. A plain ALTER TABLE
  ADD COLUMN, so SQLite's search triggers on `cases` (revision 0005) stay as they are.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("account_holder_name", sa.String(100), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "account_holder_name")
