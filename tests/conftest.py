"""Fixtures shared by the test modules.

The case store's fixtures run every store test on both databases: SQLite in a temporary folder,
and PostgreSQL on 127.0.0.1:5432 in databases the tests create and drop. If PostgreSQL cannot be
reached those tests fail (they never skip): production runs on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cases.store import CaseStore
from tests.cases_support import DIALECTS, postgres_database


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One PostgreSQL database for the session's store tests (emptied before each test)."""
    with postgres_database("cases_session") as url:
        yield url


def _sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'cases.db'}"


@pytest.fixture(params=DIALECTS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CaseStore]:
    """An empty case store on each database."""
    if request.param == "sqlite":
        opened = CaseStore.open(_sqlite_url(tmp_path))
    else:
        opened = CaseStore.open(request.getfixturevalue("postgres_url"))
        with opened.engine.begin() as connection:  # DELETE is far quicker than TRUNCATE here
            for table in ("case_needs", "case_events", "case_commitments", "cases", "purges"):
                connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture(scope="session", params=DIALECTS)
def shared_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CaseStore]:
    """A store shared by tests that only touch the cases they create themselves (faster)."""
    if request.param == "sqlite":
        opened = CaseStore.open(_sqlite_url(tmp_path_factory.mktemp("shared")))
    else:
        opened = CaseStore.open(request.getfixturevalue("postgres_url"))
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture(params=DIALECTS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a brand-new, empty database of each kind (for migration tests)."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path)
        return
    with postgres_database("cases_migrate") as url:
        yield url


@pytest.fixture(params=DIALECTS)
def tracker_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of each kind for Rasa's tracker store."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    with postgres_database("tracker_test") as url:
        yield url


@pytest.fixture(autouse=True)
def _no_retention_settings_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tracker store or retention period exported in the shell running the tests (a real
    deployment's, say) must never be purged by a test of the desk's `purge`."""
    for variable in (
        "TRACKER_STORE_URL",
        "COMPLAINTS_CASE_RETENTION",
        "COMPLAINTS_TRACKER_RETENTION",
    ):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(autouse=True)
def _no_mail_settings_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """A mail server exported in the shell running the tests must never get a test's e-mail: only
    tests/test_confirmations.py sets SMTP_URL, to its own server on loopback."""
    for variable in ("SMTP_URL", "SMTP_FROM", "SMTP_CA_FILE", "COMPLAINTS_DIGEST_TO"):
        monkeypatch.delenv(variable, raising=False)
