"""The Rasa server's tracker store and action-reply check (rasa_plugins/turn_cost.py), which
endpoints.yml selects.

- It keeps conversations exactly as Rasa's own SQL tracker store does: the same rows, so a tracker
  written by either reads back whole from the other, on SQLite and PostgreSQL.
- While one conversation waits for the database, the server's event loop serves the others (Rasa's
  own store holds the loop for the whole wait).
- Action server replies are checked as strictly as Rasa checks them, with the same errors, by a
  validator built once.
"""

from __future__ import annotations

import asyncio
import copy
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import psycopg2
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import SQLTrackerStore as RasaSQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from rasa_plugins.turn_cost import SQLTrackerStore, install_cached_action_validation

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = Domain.load(ROOT / "domain.yml")
# How long the database is held by another connection in the event-loop tests.
HOLD_SECONDS = 0.6


@pytest.fixture
def ours(tracker_url: str) -> Iterator[SQLTrackerStore]:
    store = SQLTrackerStore(domain=DOMAIN, host=tracker_url)
    try:
        yield store
    finally:
        store.engine.dispose()


@pytest.fixture
def rasas(tracker_url: str, ours: SQLTrackerStore) -> Iterator[RasaSQLTrackerStore]:
    store = RasaSQLTrackerStore(domain=DOMAIN, host=tracker_url)
    try:
        yield store
    finally:
        store.engine.dispose()


def opening(sender: str) -> DialogueStateTracker:
    """A complaint's first turns: session start, the customer's words, the form asking."""
    return DialogueStateTracker.from_events(
        sender,
        [
            # As Rasa logs them: the session's first event no earlier than the session start.
            ActionExecuted("action_session_start", timestamp=2.0),
            SessionStarted(timestamp=2.0),
            ActionExecuted("action_listen", timestamp=3.0),
            UserUttered(
                "i want to complain, my email is zoë.o'brien@example.org",
                intent={"name": "make_complaint", "confidence": 0.93},
                entities=[{"entity": "email", "value": "zoë.o'brien@example.org"}],
                timestamp=4.0,
            ),
            ActionExecuted("complaint_form", timestamp=5.0),
            ActiveLoop("complaint_form", timestamp=6.0),
            SlotSet("customer_email", "zoë.o'brien@example.org", timestamp=7.0),
            SlotSet("requested_slot", "complaint_category", timestamp=8.0),
            BotUttered("What is your complaint about?", timestamp=9.0),
            ActionExecuted("action_listen", timestamp=10.0),
        ],
        DOMAIN.slots,
    )


def next_turn(tracker: DialogueStateTracker, moment: float) -> DialogueStateTracker:
    later = copy.deepcopy(tracker)
    later.update(UserUttered("billing", intent={"name": "inform"}, timestamp=moment))
    later.update(SlotSet("complaint_category", "billing", timestamp=moment + 1))
    later.update(BotUttered("What happened?", timestamp=moment + 2))
    later.update(ActionExecuted("action_listen", timestamp=moment + 3))
    return later


def events_of(tracker: DialogueStateTracker | None) -> list[dict[str, Any]]:
    assert tracker is not None
    return [event.as_dict() for event in tracker.events]


def rows(url: str, sender: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            return [
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT type_name, timestamp, intent_name, action_name, data FROM events "
                        "WHERE sender_id = :sender ORDER BY id"
                    ),
                    {"sender": sender},
                )
            ]
    finally:
        engine.dispose()


def test_either_store_reads_back_whole_what_the_other_wrote(
    tracker_url: str, ours: SQLTrackerStore, rasas: RasaSQLTrackerStore
) -> None:
    first, second = opening("written-by-ours"), opening("written-by-rasa")
    asyncio.run(ours.save(first))
    asyncio.run(rasas.save(second))
    # The same rows, column for column.
    assert rows(tracker_url, "written-by-ours") == rows(tracker_url, "written-by-rasa")
    for store in (ours, rasas):
        assert events_of(asyncio.run(store.retrieve("written-by-ours"))) == events_of(first)
        assert events_of(asyncio.run(store.retrieve("written-by-rasa"))) == events_of(second)
    # The next turn saved by the other store adds only what is new.
    first_later, second_later = next_turn(first, 20.0), next_turn(second, 20.0)
    asyncio.run(rasas.save(first_later))
    asyncio.run(ours.save(second_later))
    assert events_of(asyncio.run(ours.retrieve("written-by-ours"))) == events_of(first_later)
    assert events_of(asyncio.run(rasas.retrieve("written-by-rasa"))) == events_of(second_later)
    assert len(rows(tracker_url, "written-by-rasa")) == len(second_later.events)
    assert sorted(asyncio.run(ours.keys())) == ["written-by-ours", "written-by-rasa"]


def test_a_new_session_hides_the_old_one_as_rasas_store_does(
    ours: SQLTrackerStore, rasas: RasaSQLTrackerStore
) -> None:
    tracker = opening("returning")
    asyncio.run(ours.save(tracker))
    tracker.update(ActionExecuted("action_session_start", timestamp=100.0))
    tracker.update(SessionStarted(timestamp=100.0))
    tracker.update(ActionExecuted("action_listen", timestamp=102.0))
    asyncio.run(ours.save(tracker))
    latest = events_of(asyncio.run(ours.retrieve("returning")))
    assert latest == events_of(asyncio.run(rasas.retrieve("returning")))
    assert [event.get("name", event["event"]) for event in latest] == [
        "action_session_start",
        "session_started",
        "action_listen",
    ]
    assert events_of(asyncio.run(ours.retrieve_full_tracker("returning"))) == events_of(tracker)


def test_an_unknown_conversation_is_none(ours: SQLTrackerStore) -> None:
    assert asyncio.run(ours.retrieve("never-seen")) is None


def test_forty_conversations_saved_at_once_each_keep_every_turn(
    ours: SQLTrackerStore, rasas: RasaSQLTrackerStore
) -> None:
    async def converse(sender: str) -> DialogueStateTracker:
        tracker = opening(sender)
        await ours.save(tracker)
        for turn in range(3):
            tracker = next_turn(await ours.retrieve(sender), 20.0 + 10 * turn)
            await ours.save(tracker)
        return tracker

    async def everyone() -> list[DialogueStateTracker]:
        return await asyncio.gather(*(converse(f"c{number}") for number in range(40)))

    for tracker in asyncio.run(everyone()):
        assert events_of(asyncio.run(rasas.retrieve(tracker.sender_id))) == events_of(tracker)


class HeldDatabase:
    """Another connection holds the tracker database's write lock until `release`."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite"):
            self.connection: Any = sqlite3.connect(
                url[len("sqlite:///") :], isolation_level=None, check_same_thread=False
            )
            self.connection.execute("BEGIN IMMEDIATE")
        else:
            self.connection = psycopg2.connect(url)
            with self.connection.cursor() as cursor:
                cursor.execute("LOCK TABLE events IN EXCLUSIVE MODE")  # reads pass, writes wait

    def release(self) -> None:
        self.connection.commit()
        self.connection.close()


def test_while_one_save_waits_for_the_database_the_event_loop_serves_others(
    tracker_url: str, ours: SQLTrackerStore
) -> None:
    held = HeldDatabase(tracker_url)
    releaser = threading.Timer(HOLD_SECONDS, held.release)

    async def scenario() -> tuple[int, float]:
        ticks = 0
        releaser.start()
        started = time.monotonic()
        saving = asyncio.ensure_future(ours.save(opening("waiting")))
        while not saving.done():  # another conversation's work, a little at a time
            ticks += 1
            await asyncio.sleep(0.01)
        await saving
        return ticks, time.monotonic() - started

    try:
        ticks, waited = asyncio.run(scenario())
    finally:
        releaser.join()
    assert waited >= HOLD_SECONDS * 0.9  # the save really waited for the lock ...
    assert ticks >= 10  # ... and the loop kept turning meanwhile (Rasa's own store: 1 tick)
    assert events_of(asyncio.run(ours.retrieve("waiting"))) == events_of(opening("waiting"))


def test_a_sqlite_tracker_store_is_in_wal_mode(tmp_path: Path) -> None:
    store = SQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    try:
        asyncio.run(store.save(opening("any")))
    finally:
        store.engine.dispose()
    with sqlite3.connect(tmp_path / "tracker.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- action server replies ---------------------------------------------------------------------

VALID_REPLIES = [
    {},
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "customer_email", "value": "a@b.co"}],
        "responses": [{"response": "utter_ask_customer_name"}],
    },
    {"events": [{"event": "active_loop", "name": None}], "responses": [{"text": "Thanks."}]},
]
INVALID_REPLIES = [
    [],
    "not an object",
    {"events": "slot"},
    {"events": [{"name": "customer_email"}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "name": 3}]},
    {"responses": ["just text"]},
    {"responses": {"text": "hi"}},
]


@pytest.fixture
def action() -> RemoteAction:
    install_cached_action_validation()
    return RemoteAction("complaint_form", None)


def rasas_check(action: RemoteAction, reply: Any) -> str | None:
    """Rasa's own check of a reply: None if valid, else the error's message."""
    try:
        RemoteAction._validate_action_result.rasa_original(action, reply)
    except jsonschema.ValidationError as error:
        return error.message
    return None


@pytest.mark.parametrize("reply", VALID_REPLIES)
def test_a_valid_action_reply_passes_as_with_rasas_check(action: RemoteAction, reply: Any) -> None:
    assert rasas_check(action, reply) is None
    assert action._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", INVALID_REPLIES)
def test_an_invalid_action_reply_raises_rasas_own_error(action: RemoteAction, reply: Any) -> None:
    expected = rasas_check(action, reply)
    assert expected is not None
    with pytest.raises(jsonschema.ValidationError) as raised:
        action._validate_action_result(reply)
    assert raised.value.message == expected
    assert "Failed to validate Action server response from API" in expected


def test_the_validator_is_built_once_and_installing_twice_wraps_once(
    action: RemoteAction, monkeypatch: pytest.MonkeyPatch
) -> None:
    patched = RemoteAction._validate_action_result
    install_cached_action_validation()
    assert RemoteAction._validate_action_result is patched
    action._validate_action_result({})  # builds the validator if no test has yet

    def no_rebuilding(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the validator was built again")

    # Building one means checking Rasa's schema against the meta-schema, the cost this saves.
    for name in dir(jsonschema.validators):
        if name.startswith("Draft") and name.endswith("Validator"):
            validator_class = getattr(jsonschema.validators, name)
            monkeypatch.setattr(validator_class, "check_schema", no_rebuilding)
    for reply in VALID_REPLIES * 5:
        assert action._validate_action_result(reply) is True
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result(INVALID_REPLIES[2])
