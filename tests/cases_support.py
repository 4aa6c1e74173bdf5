"""Shared helpers for the case store's tests: moments in London, intakes, and PostgreSQL databases."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg2
import pytest
from psycopg2 import sql

from bot.intake import Intake, validate_intake
from tests.services import postgres_admin_dsn

LONDON = ZoneInfo("Europe/London")
DIALECTS = ("sqlite", "postgresql")


def sqlite_url(folder: Path) -> str:
    """The URL of the case database `cases.db` in `folder` (created when first opened)."""
    return f"sqlite:///{folder / 'cases.db'}"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def make_intake(**overrides: Any) -> Intake:
    raw: dict[str, Any] = {
        "provider": "infinity-group",
        "channel": "email",
        "category": "billing",
        "description": "I was charged twice for December.",
        "name": "Jane Doe",
        "email": "jane.doe@example.co.uk",
        "phone": "07700 900123",
        "postcode": "TN1 2PY",
        "customer_type": "consumer",
    }
    raw.update(overrides)
    return validate_intake({k: v for k, v in raw.items() if v is not None})


def case_typable_without_prefix(store: Any, received: datetime, **overrides: Any) -> Any:
    """A case (made by the assistant on the chat) whose reference's six characters hold a letter
    and a digit: only such a body typed alone ("8ZBBTK") is read as a reference; references are
    random, and "IN-HEEDDZ" or "IN-123456" typed without the prefix is rightly no reference."""
    for _ in range(200):
        case = store.create_case(
            make_intake(**{"channel": "chat", **overrides}),
            received=received,
            actor="assistant",
            channel="chat",
        )
        body = case.reference.partition("-")[2]
        if any(c.isdigit() for c in body) and any(c.isalpha() for c in body):
            return case
    raise AssertionError("no reference with a letter and a digit in 200 cases")


def _admin_connection() -> Any:
    # The machine's PostgreSQL (trust auth), or the throwaway one tests/services.py started.
    dsn = postgres_admin_dsn()
    try:
        connection = psycopg2.connect(dsn, connect_timeout=5)
    except psycopg2.OperationalError as error:
        pytest.fail(
            f"PostgreSQL is not reachable at {dsn} ({str(error).strip()}). The case "
            "store's tests need it: start it with .ci/run or `pg_ctlcluster --skip-systemctl-redirect "
            "15 main start`.",
            pytrace=False,
        )
    connection.autocommit = True
    return connection


@contextmanager
def postgres_database(prefix: str = "cases_test") -> Iterator[str]:
    """A new, empty PostgreSQL database for the duration of the block; dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = _admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base, _, _ = postgres_admin_dsn().rpartition("/")
        yield f"{base}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.close()
