"""Finding a case by what staff are told: phone, postcode, e-mail, account, name and words.

- Normalised keys as generated columns, each indexed, computed by the database from the stored
  value so they can never disagree with it (an erasure that clears a phone clears its key):
  `phone_key` (the digits: the intake stores UK numbers in national form, '07700 900123'),
  `postcode_key` ('TN12PY'), `email_key` (lower case), `account_key` (upper case, without spaces,
  hyphens, dots, slashes or underscores). SQLite computes them when read (VIRTUAL, the only kind
  ALTER TABLE may add there); PostgreSQL stores them.
- Full-text search over the customer's name and the description, in each database's own way:
  SQLite: an FTS5 index (`case_search`, external content: it holds no copy of the text, only the
  index) kept in step with `cases` by triggers on insert, update and delete, so a purge or an
  erasure needs nothing more; PostgreSQL: a GIN index on the same tsvector expression the search
  uses (`bot/cases/search.py`, `PG_DOCUMENT`), which PostgreSQL maintains itself.

A later SQLite migration that rebuilds `cases` (Alembic's batch "move and copy") drops the triggers
with the old table: it must create them again (SQLITE_TRIGGERS) and rebuild the index. Adding a
column (plain ALTER TABLE) keeps them. A column the keys are computed from cannot be dropped on
SQLite while its key exists.

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None

# The same expressions as `bot/cases/models.py` (a migration is frozen: it does not import them).
KEYS: tuple[tuple[str, int, str], ...] = (
    ("phone_key", 20, "replace(customer_phone, ' ', '')"),
    ("postcode_key", 8, "upper(replace(customer_postcode, ' ', ''))"),
    ("email_key", 254, "lower(customer_email)"),
    (
        "account_key",
        64,
        "upper(replace(replace(replace(replace(replace(customer_account, ' ', ''), '-', ''), "
        "'.', ''), '/', ''), '_', ''))",
    ),
)
# PostgreSQL: the text a case is searched by (the query in bot/cases/search.py uses it verbatim,
# which is what lets the planner use the index).
PG_DOCUMENT = (
    "to_tsvector('english'::regconfig, coalesce(customer_name, '') || ' ' || "
    "coalesce(description, ''))"
)
SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE case_search USING fts5(customer_name, description, content='cases', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
)
_SQLITE_ADD = (
    "INSERT INTO case_search(rowid, customer_name, description) "
    "VALUES (new.id, new.customer_name, new.description);"
)
_SQLITE_REMOVE = (
    "INSERT INTO case_search(case_search, rowid, customer_name, description) "
    "VALUES ('delete', old.id, old.customer_name, old.description);"
)
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER case_search_insert AFTER INSERT ON cases BEGIN {_SQLITE_ADD} END",
    f"CREATE TRIGGER case_search_delete AFTER DELETE ON cases BEGIN {_SQLITE_REMOVE} END",
    "CREATE TRIGGER case_search_update AFTER UPDATE OF customer_name, description ON cases "
    f"BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END",
)


def upgrade() -> None:
    for name, length, expression in KEYS:
        op.add_column("cases", sa.Column(name, sa.String(length), sa.Computed(expression)))
        op.create_index(f"ix_cases_{name}", "cases", [name])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(SQLITE_SEARCH)
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO case_search(case_search) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_cases_search ON cases USING gin ({PG_DOCUMENT})")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("case_search_update", "case_search_delete", "case_search_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS case_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_cases_search")
    for name, _length, _expression in reversed(KEYS):
        op.drop_index(f"ix_cases_{name}", table_name="cases")
        op.drop_column("cases", name)
