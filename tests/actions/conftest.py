"""tests/actions/: the custom actions (actions/) as Rasa's action server calls them, without a server:
each test builds a tracker and calls an action's run() (tests/action_support.py), and checks the
messages against domain.yml and the events and cases it leaves. Also here: every claim has a source
(the sign-off sheet, bot/claims.py), what the assistant says is only what the codes say (issue 14),
the complaint record the web chat pins, and SQL/HTML kept verbatim from the form to the case.

A module of action tests asks for the action server's world with
`pytestmark = pytest.mark.usefixtures("action_database")`:

- `action_database`: a fixed clock, no configured provider, an empty SQLite case store and outbox
  of the test's own (tests/action_support.py's `isolated_environment`); its value is the store's URL.
- `action_store`: that store, opened as staff would open it (apart from the action server's).
- `friday_27_november`: that world on Friday 27 November 2026 at 11:00, for the outside testers'
  findings of that day (`pytest.mark.usefixtures("action_database", "friday_27_november")`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cases.store import CaseStore


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
def friday_27_november(action_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The action server's world (`action_database`) on Friday 27 November 2026 at 11:00, the day
    the outside testers met what those tests replay, in place of the tests' usual Tuesday 22
    December (tests/action_support.py's `NOW`)."""
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T11:00:00+00:00")
