"""What every test shares: the run's PostgreSQL and Redis, the hypothesis profile, the case store on
both databases, Rasa's tracker-store database, and settings from the shell kept out of every test.

The tests live by layer, each folder with its own conftest.py (its fixtures, and what lives there):

- tests/bot/       bot/ alone, no Rasa: codes, dates, rights, the case store, the desk and `complaints`
- tests/actions/   the custom actions' run(), called with hand-built trackers (no server)
- tests/channels/  channels/ and the HTTP edge in front of Rasa, without servers
- tests/patches/   the Rasa patches and plugins (rasa_plugins/, rasa_sdk_plugins/) against Rasa's code
- tests/servers/   the real Rasa server and action server (marked `servers`), and the browser

The support modules and data stay here in tests/ and are imported as `tests.x`: action_support.py
(calling an action), cases_support.py (moments, intakes, databases), cli_support.py, cluster.py and
servers.py (starting real servers), complaint_script.py, services.py (throwaway PostgreSQL/Redis),
smtp_support.py; the data are conversations_outside/, vulnerability/, nlu_holdout.yml and
test_stories.yml (`make rasa-test`).

The case store's fixtures run every store test on both databases: SQLite in a temporary folder,
and PostgreSQL on 127.0.0.1:5432 in databases the tests create and drop. If PostgreSQL or Redis
does not answer, a throwaway one is started for the run from the distribution's binaries
(tests/services.py); if that cannot be done either, those tests fail (they never skip): production
runs on PostgreSQL. `store` is that fixture (used by tests/bot/ and tests/actions/);
tests/actions/conftest.py's `action_store` is instead the one SQLite file the action server uses.

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
from tests.cases_support import DIALECTS, postgres_database, sqlite_url

# The edit-test loop's profile: a few examples per property (the full run uses each test's own).
settings.register_profile("fast", max_examples=10, deadline=None)
FAST = os.environ.get("HYPOTHESIS_PROFILE") == "fast"
if FAST:
    settings.load_profile("fast")

_started: services.Started | None = None


# The published codes and GOV.UK's bank holidays the tests check against (test oracles), beside the
# checkout: a clone elsewhere failed at collection with a bare FileNotFoundError (fresh-clone check).
SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_configure(config: pytest.Config) -> None:
    """PostgreSQL and Redis for the run: the machine's, or throwaway ones (tests/services.py)."""
    if not (SHARED / "codes-of-practice").is_dir() or not (SHARED / "data").is_dir():
        raise pytest.UsageError(
            f"The tests check the assistant against the published sources in {SHARED} "
            "(codes-of-practice/, regulation.md, data/): clone the project beside that folder."
        )
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


@pytest.fixture(params=DIALECTS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CaseStore]:
    """An empty case store on each database."""
    if request.param == "sqlite":
        opened = CaseStore.open(sqlite_url(tmp_path))
    else:
        opened = CaseStore.open(request.getfixturevalue("postgres_url"))
        with opened.engine.begin() as connection:  # DELETE is far quicker than TRUNCATE here
            for table in ("case_needs", "case_events", "case_commitments", "cases", "purges"):
                connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
    try:
        yield opened
    finally:
        opened.dispose()


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
    tests/bot/test_confirmations.py sets SMTP_URL, to its own server on loopback."""
    for variable in ("SMTP_URL", "SMTP_FROM", "SMTP_CA_FILE", "COMPLAINTS_DIGEST_TO"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(autouse=True)
def _no_background_workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test starts the action server's background threads in the test process.

    Their retry intervals are read once, at import; a test that ran an action without
    `isolated_environment` started a mail thread that lived on for the rest of the run, and a later
    test's new case woke it: it mailed that test's confirmation before the test could
    (tests/bot/test_confirmations.py failed in CI, stop 31). The real servers run in processes of
    their own and keep their workers."""
    import actions.cases

    monkeypatch.setattr(actions.cases, "OUTBOX_RETRY_SECONDS", 0)
    monkeypatch.setattr(actions.cases, "MAIL_RETRY_SECONDS", 0)
    yield
    started = [
        worker for worker in (actions.cases._outbox_worker, actions.cases._mail_worker) if worker
    ]
    assert not started, f"a background worker was started in the test process: {started}"
