"""A postal address for customers who want letters.

- `cases.customer_address`: the street and town as the customer wrote them (the postcode stays in
  `customer_postcode`). Asked in the chat only when the customer prefers letters or gives neither an
  e-mail address nor a phone number (outside testing: a bereaved customer who wanted letters only was
  asked for a phone number until she gave one, and the address she typed was thrown away). Personal
  data: cleared by erasure and anonymisation with the other contact details, included in subject
  access and the export. A plain ALTER TABLE ADD COLUMN, so SQLite's search triggers on `cases`
  (revision 0005) stay as they are.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("customer_address", sa.String(300), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "customer_address")
