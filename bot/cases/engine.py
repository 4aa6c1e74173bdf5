"""The case store's database engines: `DATABASE_URL` or the embedded SQLite file, and an engine
for either (SQLite in WAL mode with foreign keys on and each write transaction begun IMMEDIATE, so
concurrent writers queue instead of failing; PostgreSQL with connections checked before use and a
short connect timeout). Used by the store (bot/cases/store.py) and the migrations.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

from bot.sqlite import SQLITE_BUSY_SECONDS, configure_connection, private_sqlite_file

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = REPO_ROOT / "var" / "cases.db"
POSTGRES_CONNECT_SECONDS = 5


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """`DATABASE_URL`, or the embedded SQLite file `var/cases.db` (its folder is created)."""
    environ = os.environ if environ is None else environ
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN (pysqlite's own would be deferred, and a deferred
    # transaction that reads and then writes fails at once under concurrency instead of waiting).
    dbapi_connection.isolation_level = None
    configure_connection(dbapi_connection)


def _sqlite_on_begin(connection: Any) -> None:
    mode = "DEFERRED" if connection.get_execution_options().get("read_only") else "IMMEDIATE"
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for the case store: SQLite with WAL, foreign keys and a busy timeout, or
    PostgreSQL with connections checked before use."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    # A failed statement's error never carries its parameters (customers' details) into a message
    # or a log.
    options.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ValueError("the case store needs a SQLite file, not an in-memory database")
        private_sqlite_file(url)
        # Pooled connections (SQLAlchemy 1.4 would open and close a file connection per session,
        # and the last close of a WAL database checkpoints it); any thread may use one.
        options.setdefault("poolclass", QueuePool)
        engine = create_engine(
            url,
            future=True,
            connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False},
            **options,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    options.setdefault("pool_pre_ping", True)
    # A database that has gone away must fail fast, not hang a conversation.
    options.setdefault("connect_args", {"connect_timeout": POSTGRES_CONNECT_SECONDS})
    return create_engine(url, future=True, **options)


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown as "the database"
        return "the database"
