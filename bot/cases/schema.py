"""Bringing a database to the case store's current schema with Alembic, from code.

The desk and the action server call `upgrade` when they open the store, so an empty or older
database just works. On PostgreSQL the upgrade holds an advisory lock, so two processes starting at
once do not both try to create the tables.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# SQLite's full-text index of cases (revision 0005): an FTS5 table and the tables it keeps for
# itself. They belong to the database's search, not to the models.
SEARCH_INDEX_TABLES = frozenset(
    {
        "case_search",
        "case_search_data",
        "case_search_idx",
        "case_search_docsize",
        "case_search_config",
    }
)
# Any fixed 64-bit number: the key of the advisory lock held while migrating on PostgreSQL.
_MIGRATION_LOCK_KEY = 0x436F6D706C61696E  # "Complain"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's filter when comparing the database with the models: the search index's tables
    are left out (autogenerate would otherwise offer to drop them)."""
    return not (type_ == "table" and name in SEARCH_INDEX_TABLES)


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _run(engine: Engine, action: str, revision: str) -> None:
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
            )
        config = alembic_config(connection)
        if action == "upgrade":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to `revision` (by default, the newest)."""
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to `revision` ("base": no tables at all)."""
    _run(engine, "downgrade", revision)
