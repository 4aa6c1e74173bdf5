"""How every SQLite file here is opened: readable by its owner only, a busy timeout, and WAL so
readers never wait for a writer.

Used by the case store (bot/cases/store.py, and so the migrations) and by the Rasa server's tracker
store (rasa_plugins/turn_cost.py).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

logger = logging.getLogger(__name__)

OWNER_ONLY = 0o600


def private_sqlite_file(url: Any) -> None:
    """Make a SQLite database's file readable and writable by its owner only, before SQLite opens it.

    SQLite creates a new file with the process's umask (usually 0644: readable by every local user,
    and these files hold customers' complaints and conversations), and creates the -wal and -shm
    files with the database file's own mode. So the file is created here, empty (an empty file is
    an empty SQLite database), with mode 0600; an existing database, -wal or -shm file readable by
    others is narrowed to its owner. Any other database URL is left alone."""
    parsed = make_url(str(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
        return
    except FileExistsError:
        pass
    for existing in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            mode = existing.stat().st_mode & 0o777
            if mode & 0o077:
                os.chmod(existing, mode & 0o700)
                logger.warning(
                    "%s was readable by other users; now by its owner only", existing.name
                )
        except FileNotFoundError:
            continue


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
