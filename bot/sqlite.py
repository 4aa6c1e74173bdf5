"""How every SQLite file here is opened: a busy timeout, and WAL so readers never wait for a writer.

Used by the case store (bot/cases/store.py) and by the Rasa server's tracker store
(rasa_plugins/turn_cost.py).
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

# How long a connection waits for another's write before giving up.
SQLITE_BUSY_SECONDS = 30


def use_wal(cursor: Any, busy_seconds: float = SQLITE_BUSY_SECONDS) -> None:
    """Switch the file to WAL (it stays so). The switch needs the file to itself and SQLite does
    not wait for it as it waits for a lock (processes opening a new database at once got "database
    is locked" at once), so it is retried here for as long as the busy timeout."""
    deadline = time.monotonic() + busy_seconds
    while cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def configure_connection(dbapi_connection: Any, busy_seconds: float = SQLITE_BUSY_SECONDS) -> None:
    """A new connection's settings: the busy timeout, WAL and enforced foreign keys."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_seconds * 1000)}")
    use_wal(cursor, busy_seconds)
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
