"""Alembic migrations on SQLite and PostgreSQL: up from empty, down to base and up again, an older
database upgraded equals a fresh one, and the models agree with what the migrations build."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, insert, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.types import NullType

from bot.cases import schema
from bot.cases.models import Base
from bot.cases.search import find_cases
from bot.cases.store import CaseStore, make_engine
from tests.cases_support import DIALECTS, at, make_intake, postgres_database

ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "alembic_version",
    "cases",
    "case_commitments",
    "case_events",
    "case_mail",
    "purges",
    "verification_attempts",
    "verification_locks",
    "case_needs",
}


@pytest.fixture(params=DIALECTS)
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'older.db'}", f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    with postgres_database("cases_older") as older, postgres_database("cases_fresh") as fresh:
        yield older, fresh


@pytest.fixture
def engine(empty_database: str) -> Iterator[Engine]:
    created = make_engine(empty_database)
    try:
        yield created
    finally:
        created.dispose()


def schema_of(engine: Engine) -> dict[str, Any]:
    """Tables, columns (with types as the database names them), keys, indexes and constraints."""
    inspector = inspect(engine)
    described: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        described[table] = {
            "columns": [
                (
                    c["name"],
                    # An FTS5 table's columns have no type (SQLAlchemy reflects NullType).
                    "untyped"
                    if isinstance(c["type"], NullType)
                    else c["type"].compile(dialect=engine.dialect),
                    c["nullable"],
                    str(c.get("default")),
                )
                for c in inspector.get_columns(table)
            ],
            "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": sorted(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    (fk.get("options") or {}).get("ondelete"),
                )
                for fk in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
            "unique": sorted(
                (u["name"], tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(table)
            ),
        }
    return described


def test_upgrade_an_empty_database_to_head(engine: Engine) -> None:
    assert schema.current_revision(engine) is None
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.head_revision() == "0015"
    # SQLite's full-text index is a table of its own (with its shadow tables); PostgreSQL's is an
    # index on `cases`.
    search = schema.SEARCH_INDEX_TABLES if engine.dialect.name == "sqlite" else set()
    assert set(inspect(engine).get_table_names()) == TABLES | search
    columns = {c["name"] for c in inspect(engine).get_columns("cases")}
    assert {"reference", "submission_key", "callback_requested", "adr_opens"} <= columns
    assert {"phone_key", "postcode_key", "email_key", "account_key"} <= columns


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    schema.upgrade(engine)
    at_head = schema_of(engine)
    schema.downgrade(engine, "0001")
    assert schema.current_revision(engine) == "0001"
    assert "purges" not in inspect(engine).get_table_names()
    assert "submission_key" not in {c["name"] for c in inspect(engine).get_columns("cases")}
    schema.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    assert schema.current_revision(engine) is None
    schema.upgrade(engine)
    assert schema_of(engine) == at_head


def test_revision_0011_keeps_the_day_first_raised_and_downgrades_without_it(
    empty_database: str,
) -> None:
    """A case logged before revision 0011 has no day first raised and counts ADR from when it
    was logged; a new case keeps the customer's day and counts from it; downgrading drops it."""
    engine = make_engine(empty_database)
    try:
        schema.upgrade(engine, "0010")
        assert "first_raised" not in {c["name"] for c in inspect(engine).get_columns("cases")}
        _insert_case_at_0001(engine)
        schema.upgrade(engine)
        column = next(
            c for c in inspect(engine).get_columns("cases") if c["name"] == "first_raised"
        )
        assert column["nullable"] is True
    finally:
        engine.dispose()
    with CaseStore.open(empty_database) as store:
        older = store.require("IG-7K3Q9X")
        assert older.first_raised is None
        assert older.adr_counted_from == older.raised_at
        newer = store.create_case(
            make_intake(first_raised=date(2026, 9, 3)),
            received=at(2026, 11, 26, 10),
            actor="assistant",
            channel="chat",
        )
        again = store.require(newer.reference)
        assert again.first_raised == date(2026, 9, 3)
        # Raised on 3 September 2026 (after 8 April 2026): six weeks, not from 26 November.
        assert again.adr_opens == date(2026, 10, 15)
    engine = make_engine(empty_database)
    try:
        schema.downgrade(engine, "0010")
        assert "first_raised" not in {c["name"] for c in inspect(engine).get_columns("cases")}
        schema.upgrade(engine)
    finally:
        engine.dispose()


def test_revision_0012_keeps_the_head_count_as_given_and_downgrades_without_it(
    empty_database: str,
) -> None:
    """A case logged before revision 0012 has no head count as given; a new business case keeps
    the groups the customer named; downgrading drops the column (outside compliance r12 H7)."""
    engine = make_engine(empty_database)
    try:
        schema.upgrade(engine, "0011")
        columns = {c["name"] for c in inspect(engine).get_columns("cases")}
        assert not {"head_count", "adr_letter_held"} & columns
        _insert_case_at_0001(engine)
        schema.upgrade(engine)
    finally:
        engine.dispose()
    with CaseStore.open(empty_database) as store:
        older = store.require("IG-7K3Q9X")
        assert older.customer.head_count is None
        assert older.adr_letter_held is None
        newer = store.create_case(
            make_intake(
                customer_type="business", employees=11, head_count="8 employees and 3 contractors"
            ),
            received=at(2026, 11, 26, 10),
            actor="assistant",
            channel="chat",
        )
        assert store.require(newer.reference).customer.head_count == (
            "8 employees and 3 contractors"
        )
    engine = make_engine(empty_database)
    try:
        schema.downgrade(engine, "0011")
        columns = {c["name"] for c in inspect(engine).get_columns("cases")}
        assert not {"head_count", "adr_letter_held"} & columns
        schema.upgrade(engine)
    finally:
        engine.dispose()


def _dialect_moment(engine: Engine, moment: datetime) -> datetime:
    utc = moment.astimezone(timezone.utc)
    return utc.replace(tzinfo=None) if engine.dialect.name == "sqlite" else utc


def _insert_case_at_0001(engine: Engine) -> None:
    """A case as revision 0001 stored it (before submission keys, requests and purges)."""
    tables = MetaData()
    tables.reflect(engine)
    raised = _dialect_moment(engine, at(2026, 12, 22, 10))
    with engine.begin() as connection:
        connection.execute(
            insert(tables.tables["cases"]).values(
                id=1,
                reference="IG-7K3Q9X",
                provider="infinity-group",
                category="billing",
                channel="email",
                description="Charged twice.",
                customer_name="Jane Doe",
                customer_email="jane.doe@example.co.uk",
                customer_postcode="TN1 2PY",
                customer_type="consumer",
                raised_at=raised,
                status="raised",
                escalation_level=0,
                handler="Customer Service Team or your Account Manager",
                adr_opens=date(2027, 2, 2),
            )
        )
        connection.execute(
            insert(tables.tables["case_commitments"]).values(
                case_id=1,
                commitment_id="respond-email",
                kind="respond",
                due=_dialect_moment(engine, at(2026, 12, 31, 17, 30)),
            )
        )
        connection.execute(
            insert(tables.tables["case_events"]).values(
                case_id=1,
                at=raised,
                actor="assistant",
                channel="chat",
                kind="raised",
                detail='{"to": "raised"}',
            )
        )


def test_an_older_database_upgraded_equals_a_fresh_one(two_databases: tuple[str, str]) -> None:
    older_url, fresh_url = two_databases
    older, fresh = make_engine(older_url), make_engine(fresh_url)
    try:
        schema.upgrade(older, "0001")
        _insert_case_at_0001(older)
        schema.upgrade(older)
        schema.upgrade(fresh)
        assert schema_of(older) == schema_of(fresh)
    finally:
        older.dispose()
        fresh.dispose()

    # The case written at 0001 is intact and usable.
    with CaseStore.open(older_url) as store:
        case = store.require("IG-7K3Q9X")
        assert (case.status, case.raised_at, case.submission_key) == (
            "raised",
            at(2026, 12, 22, 10),
            None,
        )
        assert (case.escalation_requested, case.adr_letter_requested, case.callback_requested) == (
            False,
            False,
            False,
        )
        assert [(c.id, c.due) for c in case.commitments] == [
            ("respond-email", at(2026, 12, 31, 17, 30))
        ]
        acknowledged = store.acknowledge(
            "IG-7K3Q9X", now=at(2026, 12, 23), actor="sam", channel="desk"
        )
        assert acknowledged.status == "acknowledged"
        assert [e.kind for e in store.events("IG-7K3Q9X")] == ["raised", "acknowledged"]
        # Revision 0005 indexed the case written before it: found by its postcode and its words.
        for query in ("tn1 2py", "Jane", "charged"):
            assert [f.case.reference for f in find_cases(store, query)] == ["IG-7K3Q9X"], query


def test_the_models_agree_with_the_migrations(engine: Engine) -> None:
    schema.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": schema.include_name}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_opening_the_store_upgrades_an_older_database(empty_database: str) -> None:
    engine = make_engine(empty_database)
    try:
        schema.upgrade(engine, "0001")
        assert schema.current_revision(engine) == "0001"
    finally:
        engine.dispose()
    with CaseStore.open(empty_database) as store:
        assert schema.current_revision(store.engine) == schema.head_revision()


def test_processes_starting_at_once_migrate_once(empty_database: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        try:
            barrier.wait()
            CaseStore.open(empty_database).dispose()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    engine = make_engine(empty_database)
    try:
        assert schema.current_revision(engine) == schema.head_revision()
    finally:
        engine.dispose()


def _open_at_once(url: str, count: int) -> tuple[list[str], list[BaseException]]:
    """`count` engines, as separate processes would have, connect to `url` at the same moment and
    write; their journal modes and errors."""
    barrier = threading.Barrier(count)
    modes: list[str] = []
    errors: list[BaseException] = []

    def connect() -> None:
        engine = make_engine(url)
        try:
            barrier.wait()
            with engine.begin() as connection:
                connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS opened (at TEXT)")
                modes.append(connection.exec_driver_sql("PRAGMA journal_mode").scalar_one())
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=connect) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return modes, errors


def test_engines_opening_a_new_sqlite_file_at_once_all_get_wal(tmp_path: Path) -> None:
    # Switching a file to WAL does not wait on SQLite's busy timeout; four engines racing on a new
    # file failed "database is locked" in about one try in five before the switch was retried.
    for trial in range(20):
        modes, errors = _open_at_once(f"sqlite:///{tmp_path / f'race-{trial}.db'}", 4)
        assert errors == []
        assert modes == ["wal"] * 4


def test_alembic_upgrade_head_from_the_repository_root(empty_database: str) -> None:
    environment = {**os.environ, "DATABASE_URL": empty_database}
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    engine = make_engine(empty_database)
    try:
        assert schema.current_revision(engine) == schema.head_revision()
        search = schema.SEARCH_INDEX_TABLES if engine.dialect.name == "sqlite" else set()
        assert set(inspect(engine).get_table_names()) == TABLES | search
    finally:
        engine.dispose()
