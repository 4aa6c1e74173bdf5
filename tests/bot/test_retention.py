"""Retention: the desk's `purge` removes old closed cases and old conversations, on SQLite and
PostgreSQL, from a tracker store written by Rasa's own SQLTrackerStore (so the schema bot/ assumes
is Rasa's real one), and says what it removed without personal data.

"Today" is Monday 4 January 2027, 09:00. Conversations (by how many days ago each turn was):
a phone-number sender 200 and 199 days ago; a web chat 200 and 10 days ago (active lately: kept
whole); one 91 and one 89 days ago (either side of the 90-day default); one 5 days ago.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, inspect

from bot.cases.retention import TrackerStore, TrackerStoreUnavailable
from bot.cases.store import CaseStore
from bot.cli import main
from tests.cases_support import at, make_intake

NOW = at(2027, 1, 4, 9)
PHONE_SENDER = "+447700900461"  # as Twilio names a conversation: the customer's phone number
CUSTOMER_WORDS = "my email is zeb.quill@example.org and I live at EH99 1SP"
CONVERSATIONS = {
    PHONE_SENDER: [200, 199],
    "web-4f1c2a9e8b7d6c5a": [200, 10],
    "old-91": [91],
    "recent-89": [89],
    "recent-5": [5],
}


def events_for(days_ago: list[int]) -> list:
    """A session start, then for each turn the customer's message and a reply."""
    first = NOW.timestamp() - days_ago[0] * 86400
    events = [
        ActionExecuted("action_session_start", timestamp=first - 2),
        SessionStarted(timestamp=first - 1),
    ]
    for days in days_ago:
        moment = NOW.timestamp() - days * 86400
        events += [
            UserUttered(CUSTOMER_WORDS, timestamp=moment),
            BotUttered("Thank you.", timestamp=moment + 1),
        ]
    return events


def event_count(senders: list[str]) -> int:
    return sum(len(events_for(CONVERSATIONS[s])) for s in senders)


@pytest.fixture
def rasa_store(tracker_url: str) -> Iterator[SQLTrackerStore]:
    """Rasa's own SQL tracker store at the URL, holding the conversations above."""
    store = SQLTrackerStore(host=tracker_url)
    for sender, days_ago in CONVERSATIONS.items():
        tracker = DialogueStateTracker.from_events(sender, events_for(days_ago))
        asyncio.run(store.save(tracker))
    try:
        yield store
    finally:
        store.engine.dispose()


def senders(store: SQLTrackerStore) -> set[str]:
    return set(asyncio.run(store.keys()))


def full_tracker_length(store: SQLTrackerStore, sender: str) -> int:
    tracker = asyncio.run(store.retrieve_full_tracker(sender))
    return 0 if tracker is None else len(tracker.events)


def test_the_columns_retention_relies_on_are_rasas(rasa_store: SQLTrackerStore) -> None:
    columns = {c["name"]: c["type"] for c in inspect(rasa_store.engine).get_columns("events")}
    assert {"id", "sender_id", "timestamp"} <= set(columns)
    assert columns["timestamp"].python_type is float
    assert columns["sender_id"].python_type is str


def test_a_conversation_goes_whole_once_its_latest_event_is_older(
    tracker_url: str, rasa_store: SQLTrackerStore
) -> None:
    before = {s: full_tracker_length(rasa_store, s) for s in CONVERSATIONS}
    gone, kept = [PHONE_SENDER, "old-91"], ["web-4f1c2a9e8b7d6c5a", "recent-89", "recent-5"]
    cut_off = NOW - timedelta(days=90)
    with TrackerStore(tracker_url) as tracker:
        counted = tracker.last_active_before(cut_off)
        assert (counted.conversations, counted.events) == (2, event_count(gone))
        removed = tracker.purge(cut_off)
        assert removed == counted
        assert tracker.purge(cut_off).conversations == 0
    assert senders(rasa_store) == set(kept)
    for sender in kept:  # untouched, old turns included
        assert full_tracker_length(rasa_store, sender) == before[sender]
    for sender in gone:
        assert asyncio.run(rasa_store.retrieve(sender)) is None


def test_a_tracker_store_rasa_has_not_yet_written_to_has_nothing_to_remove(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "tracker.db"
    sqlite3.connect(empty).close()
    with TrackerStore(f"sqlite:///{empty}") as tracker:
        assert tracker.purge(NOW).conversations == 0


def test_a_missing_or_unreachable_tracker_store_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "tracker.db"
    with pytest.raises(TrackerStoreUnavailable, match="there is no tracker store at"):
        TrackerStore(f"sqlite:///{missing}")
    assert not missing.exists()  # never created
    unreachable = TrackerStore("postgresql://postgres:secret@127.0.0.1:1/tracker")
    with pytest.raises(TrackerStoreUnavailable, match="cannot use the tracker store at") as caught:
        unreachable.last_active_before(NOW)
    unreachable.dispose()
    assert "secret" not in str(caught.value)  # the password is never shown


# --- the desk's purge ------------------------------------------------------------------------------


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cases(tmp_path: Path) -> Iterator[CaseStore]:
    """A case store with one case closed in January 2020 and one closed in January 2026."""
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        for received, closed in (
            (at(2020, 1, 6, 10), at(2020, 1, 8, 10)),
            (at(2026, 1, 5, 10), at(2026, 1, 7, 10)),
        ):
            case = store.create_case(make_intake(), received=received, actor="sam", channel="desk")
            store.resolve(case.reference, "Refunded.", now=closed, actor="sam", channel="desk")
            store.close(case.reference, now=closed, actor="sam", channel="desk")
        yield store


def purge(
    cases: CaseStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    stdin: str | None = None,
) -> Result:
    monkeypatch.setenv("COMPLAINTS_NOW", "2027-01-04T09:00")
    monkeypatch.setenv("COMPLAINTS_STAFF", "sam")
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    out = io.StringIO()
    database = cases.engine.url.render_as_string(hide_password=False)
    code = main(["cases", "purge", *argv, "--database", database], out=out)
    return Result(code, out.getvalue(), capsys.readouterr().err)


def old_reference(cases: CaseStore) -> str:
    return cases.list_cases()[0].reference


def test_purge_removes_old_cases_and_old_conversations(
    cases: CaseStore,
    tracker_url: str,
    rasa_store: SQLTrackerStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    old = old_reference(cases)
    caplog.set_level(logging.INFO, logger="bot.cases.retention")
    result = purge(
        cases, monkeypatch, capsys, "--older-than", "6y", "--tracker-store", tracker_url, "--yes"
    )
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"Removed 1 case closed before Monday 4 January 2021 at 09:00: {old}\n"
        "Removed 2 conversations last active before Tuesday 6 October 2026 at 09:00 "
        f"({event_count([PHONE_SENDER, 'old-91'])} events).\n"
    )
    assert cases.get(old) is None and len(cases.list_cases()) == 1
    assert senders(rasa_store) == {"web-4f1c2a9e8b7d6c5a", "recent-89", "recent-5"}

    [record] = [r for r in caplog.records if r.name == "bot.cases.retention"]
    logged = record.getMessage()
    assert "retention purge by sam: 1 closed case(s) removed" in logged
    assert f"2 conversation(s) with {event_count([PHONE_SENDER, 'old-91'])} event(s)" in logged
    for personal in (PHONE_SENDER, "447700900461", "zeb.quill", "EH99"):
        assert personal not in logged and personal not in result.out
    assert old not in logged  # the purge log in the case store lists the references


def test_retention_comes_from_the_environment(
    cases: CaseStore,
    tracker_url: str,
    rasa_store: SQLTrackerStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COMPLAINTS_CASE_RETENTION", "6y")
    monkeypatch.setenv("COMPLAINTS_TRACKER_RETENTION", "30d")
    monkeypatch.setenv("TRACKER_STORE_URL", tracker_url)
    result = purge(cases, monkeypatch, capsys, "--json", "--yes")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["removed"] == [] or len(report["removed"]) == 1
    assert report["conversations"] == {
        "last_active_before": "2026-12-05T09:00:00+00:00",
        "removed": 3,
        "events": event_count([PHONE_SENDER, "old-91", "recent-89"]),
    }
    assert senders(rasa_store) == {"web-4f1c2a9e8b7d6c5a", "recent-5"}
    assert len(cases.list_cases()) == 1


def test_purge_asks_about_both_and_a_no_removes_nothing(
    cases: CaseStore,
    tracker_url: str,
    rasa_store: SQLTrackerStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TRACKER_STORE_URL", tracker_url)
    result = purge(cases, monkeypatch, capsys, "--older-than", "6y", stdin="n\n")
    assert result.out == (
        "Remove 1 case closed before Monday 4 January 2021 and 2 conversations last active "
        "before Tuesday 6 October 2026? [y/N] Nothing removed.\n"
    )
    assert len(cases.list_cases()) == 2
    assert senders(rasa_store) == set(CONVERSATIONS)


def test_old_conversations_go_even_when_no_case_is_old_enough(
    cases: CaseStore,
    tracker_url: str,
    rasa_store: SQLTrackerStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = purge(
        cases, monkeypatch, capsys, "--older-than", "10y", "--tracker-store", tracker_url, "--yes"
    )
    assert result.out.startswith("Removed 2 conversations last active before")
    assert len(cases.list_cases()) == 2 and len(senders(rasa_store)) == 3
    again = purge(
        cases, monkeypatch, capsys, "--older-than", "10y", "--tracker-store", tracker_url, "--yes"
    )
    assert again.out == (
        "No case closed before Wednesday 4 January 2017 at 09:00: nothing to remove.\n"
        "No conversation last active before Tuesday 6 October 2026 at 09:00: nothing to remove.\n"
    )


def test_without_a_tracker_store_only_cases_are_purged_and_it_says_so(
    cases: CaseStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = purge(cases, monkeypatch, capsys, "--older-than", "6y", "--yes")
    assert result.code == 0
    assert result.out.startswith("Removed 1 case closed before Monday 4 January 2021 at 09:00:")
    assert result.err == (
        "complaints: conversations not purged: no tracker store (set TRACKER_STORE_URL to "
        "Rasa's, or give --tracker-store)\n"
    )


def test_purge_needs_a_case_retention(
    cases: CaseStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = purge(cases, monkeypatch, capsys, "--yes")
    assert (result.code, result.err) == (
        2,
        "complaints: --older-than: give how long closed cases are kept (such as 6y), or set "
        "COMPLAINTS_CASE_RETENTION\n",
    )
    monkeypatch.setenv("COMPLAINTS_TRACKER_RETENTION", "a while")
    result = purge(cases, monkeypatch, capsys, "--older-than", "6y", "--yes")
    assert result.code == 2
    assert result.err.startswith("complaints: COMPLAINTS_TRACKER_RETENTION: 'a while' is not")
    assert len(cases.list_cases()) == 2


def test_a_wrong_tracker_store_stops_the_purge_before_anything_is_removed(
    cases: CaseStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = tmp_path / "var" / "tracker.db"
    result = purge(
        cases, monkeypatch, capsys, "--older-than", "6y", "--tracker-store", f"sqlite:///{missing}"
    )
    assert result.code == 1
    assert result.err.startswith("complaints: there is no tracker store at sqlite:///")
    assert len(cases.list_cases()) == 2 and not missing.exists()
    engine = create_engine(f"sqlite:///{tmp_path / 'cases.db'}")
    try:
        assert "purges" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
