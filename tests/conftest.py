"""Fixtures shared by the test modules.

The case store's fixtures run every store test on both databases: SQLite in a temporary folder,
and PostgreSQL on 127.0.0.1:5432 in databases the tests create and drop. If PostgreSQL or Redis
does not answer, a throwaway one is started for the run from the distribution's binaries
(tests/services.py); if that cannot be done either, those tests fail (they never skip): production
runs on PostgreSQL.

The custom actions' tests share `action_database` (the action server's world: a fixed clock, no
configured provider, an empty SQLite case store and outbox of the test's own) and `action_store`
(that store, opened as staff would open it); a module of action tests asks for it with
`pytestmark = pytest.mark.usefixtures("action_database")`. (`store` is the case store's own tests'
fixture, on both databases; `action_store` is one SQLite file the action server also uses.)

`HYPOTHESIS_PROFILE=fast` (`make test-fast`) caps every property test at a few examples.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import text

from bot.cases.store import CaseStore
from tests import services
from tests.cases_support import DIALECTS, postgres_database

# The edit-test loop's profile: a few examples per property (the full run uses each test's own).
settings.register_profile("fast", max_examples=10, deadline=None)
FAST = os.environ.get("HYPOTHESIS_PROFILE") == "fast"
if FAST:
    settings.load_profile("fast")

_started: services.Started | None = None


def pytest_configure(config: pytest.Config) -> None:
    """PostgreSQL and Redis for the run: the machine's, or throwaway ones (tests/services.py)."""
    global _started
    if _started is None and not hasattr(config, "workerinput"):
        _started, notes = services.start_missing()
        for note in notes:
            config.issue_config_time_warning(pytest.PytestConfigWarning(note), stacklevel=2)


def pytest_unconfigure(config: pytest.Config) -> None:
    global _started
    if _started is not None:
        _started.stop()
        _started = None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under the fast profile, a property test that asks for more examples gets the profile's."""
    if not FAST:
        return
    cap = settings.get_profile("fast").max_examples
    for item in items:
        test = getattr(item, "obj", None)
        chosen = getattr(test, "_hypothesis_internal_use_settings", None)
        if chosen is not None and chosen.max_examples > cap:
            test._hypothesis_internal_use_settings = settings(chosen, max_examples=cap)


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


@pytest.fixture
def action_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """The action server's world for one test (tests/action_support.py's `isolated_environment`):
    a fixed clock, no configured provider, an empty SQLite case store and outbox; the store's URL."""
    from tests.action_support import isolated_environment

    yield from isolated_environment(monkeypatch, tmp_path)


@pytest.fixture
def action_store(action_database: str) -> Iterator[CaseStore]:
    """The action tests' case store, opened as staff would open it (apart from the action server's)."""
    with CaseStore.open(action_database) as opened:
        yield opened


@pytest.fixture
def rasa_as_released() -> Iterator[None]:
    """For tests that install Rasa patches (rasa_plugins/patches/): every patch is removed after
    the test, so the rest of the run sees Rasa as released."""
    yield
    from rasa_plugins import patches

    patches.uninstall()


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
