"""Who made a complaint for the account holder, as a column of the case.

- `cases.made_on_behalf`: someone made the complaint on the account holder's behalf, in their own
  telling ("Jane Doe, who says they act for their dad"; power of attorney added when said). Until
  now it was a `case_needs` row (`made_on_behalf`), which flagged the case as needing care, showed
  an "agreed on" date and went with "remove my needs" (issue 18). Personal data of the case like
  the customer's name: in subject access, and cleared by erasure. A plain ALTER TABLE ADD COLUMN,
  so SQLite's search triggers on `cases` (revision 0005) stay as they are.
- Existing `made_on_behalf` need rows are moved into the column (the words between "made on behalf
  of the account holder by " and "; authority to be confirmed by the provider") and deleted.
  Downgrading moves them back.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

NEED_ID = "made_on_behalf"
PREFIX = "made on behalf of the account holder by "
SUFFIX = "; authority to be confirmed by the provider"


def _tables() -> tuple[sa.Table, sa.Table]:
    metadata = sa.MetaData()
    cases = sa.Table(
        "cases",
        metadata,
        sa.Column("id", sa.Integer()),
        sa.Column("made_on_behalf", sa.String(300)),
    )
    needs = sa.Table(
        "case_needs",
        metadata,
        sa.Column("id", sa.Integer()),
        sa.Column("case_id", sa.Integer()),
        sa.Column("need_id", sa.String(40)),
        sa.Column("need", sa.String(200)),
        sa.Column("consented_at", sa.DateTime(timezone=True)),
        sa.Column("channel", sa.String(16)),
    )
    return cases, needs


def _who(need: str) -> str:
    who = need[len(PREFIX) :] if need.startswith(PREFIX) else need
    return (who[: -len(SUFFIX)] if who.endswith(SUFFIX) else who).strip()[:300]


def upgrade() -> None:
    op.add_column("cases", sa.Column("made_on_behalf", sa.String(300), nullable=True))
    cases, needs = _tables()
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(needs.c.id, needs.c.case_id, needs.c.need).where(needs.c.need_id == NEED_ID)
    ).all()
    for row in rows:
        bind.execute(
            sa.update(cases).where(cases.c.id == row.case_id).values(made_on_behalf=_who(row.need))
        )
    bind.execute(sa.delete(needs).where(needs.c.need_id == NEED_ID))


def downgrade() -> None:
    cases, needs = _tables()
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(cases.c.id, cases.c.made_on_behalf).where(cases.c.made_on_behalf.is_not(None))
    ).all()
    now = datetime.now(timezone.utc)
    for row in rows:
        bind.execute(
            sa.insert(needs).values(
                case_id=row.id,
                need_id=NEED_ID,
                need=f"{PREFIX}{row.made_on_behalf}{SUFFIX}"[:200],
                consented_at=now,
                channel="chat",
            )
        )
    op.drop_column("cases", "made_on_behalf")
