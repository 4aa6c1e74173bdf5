"""Needs of customers in vulnerable circumstances, recorded with their consent.

`case_needs`: one row per need the customer agreed to have recorded on a case ("needs priority fault
repair"), with when and where they agreed. No circumstance and no health detail is stored; the
customer's own words only when they ask for them to be kept (`customer_words`). Rows go with their
case (ON DELETE CASCADE: a purge or an erasure needs nothing more) and are deleted when the customer
withdraws consent.

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.String(40), nullable=False),
        sa.Column("need", sa.String(200), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("customer_words", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name="fk_case_needs_case_id_cases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_needs"),
        sa.UniqueConstraint("case_id", "need_id", name="uq_case_needs_case_id"),
    )


def downgrade() -> None:
    op.drop_table("case_needs")
