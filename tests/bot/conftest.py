"""tests/bot/: bot/ on its own, no Rasa anywhere: the providers' codes and their sources, working time
and bank holidays, rights and due moments, intake checks, references, the case store (on SQLite and
PostgreSQL: `store` from tests/conftest.py), its lifecycle, search, needs, migrations, retention,
verification, the outbox and e-mailed confirmations, and the staff desk and `complaints` command line
(bot/cli.py, bot/cases/desk/) with its HTML report.

Fixtures only this layer uses: `shared_store` (one store per database for the session, for tests
that touch only the cases they create) and `empty_database` (a brand-new database, for migrations).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cases.store import CaseStore
from tests.cases_support import DIALECTS, postgres_database, sqlite_url


@pytest.fixture(scope="session", params=DIALECTS)
def shared_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CaseStore]:
    """A store shared by tests that only touch the cases they create themselves (faster)."""
    if request.param == "sqlite":
        opened = CaseStore.open(sqlite_url(tmp_path_factory.mktemp("shared")))
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
        yield sqlite_url(tmp_path)
        return
    with postgres_database("cases_migrate") as url:
        yield url
