"""The Rasa server's tracker store (rasa_plugins/turn_cost.py), which endpoints.yml selects, and
the Rasa patches (rasa_plugins/patches/), each against Rasa's own code.

- The store keeps conversations exactly as Rasa's own SQL tracker store does: the same rows, so a
  tracker written by either reads back whole from the other, on SQLite and PostgreSQL; its work
  goes through Rasa's `session_scope()`, so `POSTGRESQL_SCHEMA` is honoured; creating it patches
  nothing.
- While one conversation waits for the database, the server's event loop serves the others (Rasa's
  own store holds the loop for the whole wait).
- Action server replies are checked as strictly as Rasa checks them, with the same errors, by a
  validator built once.
- Events read back find the class Rasa's own lookup finds, from a table.
- Calls to the action server go over one kept session: the same body, query and errors as Rasa's,
  one connection for many calls, a new one after the action server restarts, the same timeout.
- The prediction graphs run node by node as dask runs them; debug-log copies are made exactly when
  debug logs are written; DIET's traced function called directly and the sparse features combined
  in one step give the trained model the same understanding and predictions as Rasa's own calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import psycopg2
import pytest
import scipy.sparse
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.actions.action import RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.tracker_store import SQLTrackerStore as RasaSQLTrackerStore
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig
from rasa.utils.tensorflow.feature_array import FeatureArray
from rasa.utils.tensorflow.models import RasaModel
from sqlalchemy import create_engine, text

from rasa_plugins.patches import (
    action_sessions,
    action_validation,
    debug_log_copies,
    direct_prediction,
    event_types,
    sparse_features,
)
from rasa_plugins.patches import (
    graph_runner as graph_runner_patch,
)
from rasa_plugins.patches.action_sessions import KeptSessionEndpoint
from rasa_plugins.patches.action_validation import DiscriminatedEvents
from rasa_plugins.patches.debug_log_copies import DEBUG_COPY_MODULES, DebugLogCopy
from rasa_plugins.patches.direct_prediction import DirectPrediction
from rasa_plugins.patches.graph_runner import SequentialGraphRunner
from rasa_plugins.patches.sparse_features import hstack_coo
from rasa_plugins.turn_cost import ConversationSize, SQLTrackerStore
from tests.cases_support import postgres_database
from tests.servers import trained_model

# Every test here leaves Rasa as released: the patches a test installs are removed after it.
pytestmark = pytest.mark.usefixtures("rasa_as_released")

ROOT = Path(__file__).resolve().parents[2]
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


def test_a_conversations_size_is_counted_by_the_database(ours: SQLTrackerStore) -> None:
    """What the channels' conversation cap reads (channels/conversation_cap.py): the current
    session's customer messages and stored characters, and when the customer last wrote."""
    tracker = opening("sized")
    asyncio.run(ours.save(tracker))
    customer = [e for e in tracker.events if isinstance(e, UserUttered)]
    stored = sum(len(json.dumps(e.as_dict())) for e in tracker.events)
    assert asyncio.run(ours.conversation_size("sized")) == ConversationSize(
        len(customer), stored, customer[-1].timestamp
    )
    tracker.update(SessionStarted(timestamp=100.0))  # a new session: counted afresh
    tracker.update(UserUttered("hello again", timestamp=101.0))
    asyncio.run(ours.save(tracker))
    size = asyncio.run(ours.conversation_size("sized"))
    assert (size.customer_messages, size.last_message_at) == (1, 101.0)
    assert asyncio.run(ours.conversation_size("never-seen")) == ConversationSize(0, 0, None)


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


def test_a_postgresql_schema_holds_the_conversations_and_is_checked_as_by_rasas_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With POSTGRESQL_SCHEMA, conversations go to that schema, where Rasa's own store reads them;
    once the schema is gone, the store stops with Rasa's own message (its `session_scope()`)."""
    with postgres_database("tracker_schema") as url:
        admin = create_engine(url)
        with admin.begin() as connection:
            connection.execute(text("CREATE SCHEMA complaints"))
        monkeypatch.setenv("POSTGRESQL_SCHEMA", "complaints")
        ours = SQLTrackerStore(domain=DOMAIN, host=url)
        rasas = RasaSQLTrackerStore(domain=DOMAIN, host=url)
        try:
            tracker = opening("in-a-schema")
            asyncio.run(ours.save(tracker))
            with admin.connect() as connection:
                stored = connection.execute(text("SELECT count(*) FROM complaints.events"))
                assert stored.scalar_one() == len(tracker.events)
            read_back = asyncio.run(rasas.retrieve("in-a-schema"))
            assert read_back is not None and list(read_back.events) == list(tracker.events)
            with admin.begin() as connection:
                connection.execute(text("DROP SCHEMA complaints CASCADE"))
            with pytest.raises(SystemExit):
                asyncio.run(ours.retrieve("in-a-schema"))
        finally:
            ours.engine.dispose()
            rasas.engine.dispose()
            admin.dispose()


# --- action server replies ---------------------------------------------------------------------

VALID_REPLIES = [
    {},
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "customer_email", "value": "a@b.co"}],
        "responses": [{"response": "utter_ask_customer_name"}],
    },
    {"events": [{"event": "active_loop", "name": None}], "responses": [{"text": "Thanks."}]},
    {
        "events": [
            {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}}},
            {"event": "action", "name": "action_listen", "policy": None, "confidence": 1.0},
            {"event": "bot", "text": "Hello"},
            {"event": "session_started", "timestamp": 1.5, "metadata": {"provider": "ig"}},
            {"event": "reset_slots"},
            {"event": "entities", "entities": [{"entity": "email", "value": "a@b.co"}]},
        ]
    },
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
    {"events": [{"event": "slot"}]},  # a known kind without its required fields
    {"events": [{"event": "user", "parse_data": "greet"}]},
    {"events": [{"event": "action", "name": "x", "confidence": "high"}]},
    {"events": [{"event": "entities", "entities": [{"entity": "email"}]}]},
    {"events": [{"event": "slot", "name": "a", "value": 1}, {"event": 7}]},
    {"events": [{"event": "bot", "timestamp": "today"}]},
]


@pytest.fixture
def action() -> RemoteAction:
    action_validation.install()
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


KINDS = ["slot", "user", "action", "bot", "entities", "active_loop", "session_started", "nope", 3]
FIELD_VALUES = st.sampled_from([None, "x", 1, 1.5, True, [], {}, [{"entity": "e", "value": 1}]])


@st.composite
def action_replies(draw: st.DrawFn) -> Any:
    """Replies near the schema's edges: known and unknown kinds, fields of every type."""
    events = []
    for _ in range(draw(st.integers(0, 4))):
        event: dict[str, Any] = {}
        if draw(st.booleans()) or len(events) > 2:
            event["event"] = draw(st.sampled_from(KINDS))
        fields = ["name", "value", "text", "timestamp", "metadata", "parse_data", "entities"]
        for field in draw(st.lists(st.sampled_from(fields), max_size=3, unique=True)):
            event[field] = draw(FIELD_VALUES)
        events.append(event)
    reply: dict[str, Any] = {"events": events}
    if draw(st.booleans()):
        reply["responses"] = draw(st.sampled_from([[], [{"text": "hi"}], ["hi"], {}]))
    return reply


@settings(max_examples=400, deadline=None)
@given(reply=action_replies())
def test_the_quick_check_accepts_exactly_what_the_full_schema_accepts(reply: Any) -> None:
    action_validation.install()
    schema = RemoteAction.action_response_format_spec()
    full = jsonschema.validators.validator_for(schema)(schema)
    quick = DiscriminatedEvents(schema, jsonschema.validators.validator_for(schema))
    assert quick.accepts(reply) == full.is_valid(reply)
    action = RemoteAction("complaint_form", None)
    assert (rasas_check(action, reply) is None) == full.is_valid(reply)


def test_the_validator_is_built_once_and_installing_twice_wraps_once(
    action: RemoteAction, monkeypatch: pytest.MonkeyPatch
) -> None:
    patched = RemoteAction._validate_action_result
    action_validation.install()
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


# --- event classes found by type name ----------------------------------------------------------


def test_every_event_type_name_finds_the_class_rasas_walk_finds() -> None:
    event_types.install()
    original = Event.resolve_by_type.rasa_original
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "bot", "action", "slot", "active_loop", "session_started"} <= names
    for name in names:
        assert Event.resolve_by_type(name) is original(name)


def test_a_name_that_is_no_event_gets_rasas_own_answer() -> None:
    event_types.install()
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")


def test_events_read_back_use_the_table_not_the_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    event_types.install()
    Event.resolve_by_type("user")  # the table is built

    def walking(*_args: Any) -> list[Any]:
        raise AssertionError("walked every Event subclass again")

    monkeypatch.setattr("rasa.shared.utils.common.all_subclasses", walking)
    tracker = next_turn(opening("table"), 20.0)
    read_back = DialogueStateTracker.from_dict("table", events_of(tracker), DOMAIN.slots)
    assert events_of(read_back) == events_of(tracker)


def test_an_event_class_imported_after_the_table_was_built_is_found() -> None:
    event_types.install()
    Event.resolve_by_type("user")

    class LateEvent(AllSlotsReset):  # a concrete event class, as Rasa's own walk requires
        type_name = "late_event_for_this_test"

    assert Event.resolve_by_type.rasa_original("late_event_for_this_test") is LateEvent

    assert Event.resolve_by_type("late_event_for_this_test") is LateEvent
    event_types.install()  # installing twice keeps one table
    assert Event.resolve_by_type.rasa_original is not Event.resolve_by_type


# --- the action server, over one kept session --------------------------------------------------


class ActionServer:
    """A stand-in action server on loopback that notes each call's body, query and connection."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.calls: list[dict[str, Any]] = []
        self.port = 0
        self.runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        self.calls.append(
            {"body": await request.json(), "query": dict(request.query), "peer": peer}
        )
        await asyncio.sleep(self.delay)
        return web.json_response({"events": [{"event": "slot", "name": "s", "value": "v"}]})

    async def start(self, port: int = 0) -> str:
        app = web.Application()
        app.router.add_post("/webhook", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", port)
        await site.start()
        self.port = self.runner.addresses[0][1]
        return f"http://127.0.0.1:{self.port}/webhook"

    async def stop(self) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


def call_action(endpoint: EndpointConfig, tracker: DialogueStateTracker) -> Any:
    action_sessions.install()
    action = RemoteAction("validate_complaint_form", endpoint)
    return action.run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker, DOMAIN
    )


def test_calls_to_the_action_server_reuse_one_connection_and_send_what_rasa_sends() -> None:
    server = ActionServer()
    tracker = next_turn(opening("kept"), 20.0)

    async def scenario() -> list[Any]:
        url = await server.start()
        endpoint = EndpointConfig(url, token="s3cret")  # noqa: S106 (a test token)
        try:
            return [await call_action(endpoint, tracker) for _ in range(5)]
        finally:
            await server.stop()

    results = asyncio.run(scenario())
    assert all(result == [SlotSet("s", "v")] for result in results)
    assert len(server.calls) == 5
    assert len({call["peer"] for call in server.calls}) == 1  # one connection, kept
    expected = json.loads(json.dumps(RemoteAction("x", None)._action_call_format(tracker, DOMAIN)))
    expected["next_action"] = "validate_complaint_form"
    for call in server.calls:
        assert call["body"] == expected
        assert call["query"] == {"token": "s3cret"}


def test_a_restarted_action_server_is_reached_again_on_a_new_connection() -> None:
    server = ActionServer()
    tracker = opening("restart")

    async def scenario() -> None:
        url = await server.start()
        endpoint = EndpointConfig(url)
        assert await call_action(endpoint, tracker) == [SlotSet("s", "v")]
        await server.stop()
        with pytest.raises(RasaException, match="Couldn't connect"):
            await call_action(endpoint, tracker)
        await server.start(server.port)
        try:
            assert await call_action(endpoint, tracker) == [SlotSet("s", "v")]
        finally:
            await server.stop()

    asyncio.run(scenario())
    assert len({call["peer"] for call in server.calls}) == 2


def test_a_hung_action_server_still_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT", 0.3)
    # Replies after 1 s, well after the 0.3 s timeout (a reply would fail pytest.raises); stopping
    # the server waits for the reply, so a longer delay only makes the test slower.
    server = ActionServer(delay=1.0)

    async def scenario() -> float:
        endpoint = EndpointConfig(await server.start())
        started = time.monotonic()
        try:
            with pytest.raises(asyncio.TimeoutError):
                await call_action(endpoint, opening("hung"))
            return time.monotonic() - started
        finally:
            await server.stop()

    assert asyncio.run(scenario()) < 3.0


def test_every_action_for_one_endpoint_shares_one_kept_session() -> None:
    action_sessions.install()
    action_sessions.install()  # installing twice wraps once
    endpoint = EndpointConfig("http://127.0.0.1:9/webhook", headers={"X-Test": "1"})
    first = RemoteAction("validate_complaint_form", endpoint).action_endpoint
    second = RemoteAction("action_create_case", endpoint).action_endpoint
    assert isinstance(first, KeptSessionEndpoint)
    assert first is second
    assert (first.url, first.headers) == (endpoint.url, endpoint.headers)
    assert RemoteAction("action_create_case", None).action_endpoint is None


# --- the prediction graphs, run without dask ---------------------------------------------------


def graph_runner(needs: dict[str, dict[str, str]], targets: set[str]) -> SequentialGraphRunner:
    """A runner over stand-in nodes: each returns Rasa's `(name, value)` pair, its value naming
    itself and everything it was given, so a node wired to the wrong input shows in the result."""
    schema = GraphSchema(
        {
            name: SchemaNode(
                needs=node_needs,
                uses=GraphComponent,
                constructor_name="create",
                fn="run",
                config={},
                is_target=name in targets,
            )
            for name, node_needs in needs.items()
        }
    )
    runner = SequentialGraphRunner.__new__(SequentialGraphRunner)  # no GraphNodes to build
    runner._graph_schema = schema
    runner._execution_context = None
    runner._plans = {}
    runner.calls = []

    def node(name: str) -> Any:
        def call(*given: Any) -> tuple[str, Any]:
            runner.calls.append((name, given))
            if name == "fails_at_runtime":
                raise RuntimeError("a node's own error")
            if name == "fails_with_value":
                raise ValueError("another error")
            return name, (name, given)

        return call

    runner._instantiated_nodes = {name: node(name) for name in needs}
    return runner


def outcome(run: Any, runner: SequentialGraphRunner, **kwargs: Any) -> Any:
    """The result and every node call (in any order: independent nodes have none), or the error.

    After an error, which independent nodes had already run depends on the order, so only the
    error itself is compared."""
    runner.calls = []
    try:
        return ("result", run(runner, **kwargs), sorted(runner.calls, key=repr))
    except Exception as error:
        return ("error", type(error), str(error), repr(error.__cause__))


@st.composite
def graphs(draw: st.DrawFn) -> tuple[dict[str, dict[str, str]], set[str], dict[str, Any], Any]:
    size = draw(st.integers(1, 7))
    names = [f"n{i}" for i in range(size)]
    # At most one failing node: with two independent ones, which fails first is the order's
    # choice (dask's or ours), and Rasa's graphs promise no order between independent nodes.
    failing = draw(st.sampled_from([None, "fails_at_runtime", "fails_with_value"]))
    if failing:
        names[draw(st.integers(0, size - 1))] = failing
    needs: dict[str, dict[str, str]] = {}
    for position, name in enumerate(names):
        # Earlier nodes, the graph's inputs, or a name that is neither (dask passes it as it is).
        sources = names[:position] + ["__message__", "__tracker__", "not_a_node"]
        chosen = draw(st.lists(st.sampled_from(sources), max_size=4))
        needs[name] = {f"param{index}": source for index, source in enumerate(chosen)}
    targets = set(draw(st.lists(st.sampled_from(names), min_size=1, max_size=3)))
    inputs = draw(
        st.dictionaries(
            st.sampled_from(["__message__", "__tracker__", *names]),
            st.one_of(st.integers(), st.sampled_from(names), st.lists(st.integers(), max_size=2)),
            max_size=3,
        )
    )
    asked = draw(st.one_of(st.none(), st.lists(st.sampled_from(names), min_size=1, max_size=3)))
    return needs, targets, inputs, asked


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_every_graph_runs_as_dask_runs_it(graph: Any) -> None:
    """Same result, same nodes called with the same arguments, same errors: for graphs of any
    shape, with inputs that stand in for nodes or clash with their names, failing nodes, and the
    schema's own targets or the caller's."""
    needs, targets, inputs, asked = graph
    runner = graph_runner(needs, targets)
    for _ in range(2):  # the second run uses the plan the first one made
        ours = outcome(SequentialGraphRunner.run, runner, inputs=inputs, targets=asked)
        assert ours == outcome(DaskGraphRunner.run, runner, inputs=inputs, targets=asked)


def test_a_node_runs_after_everything_it_needs() -> None:
    runner = graph_runner(
        {"last": {"a": "middle", "b": "first"}, "middle": {"x": "first"}, "first": {}},
        {"last"},
    )
    result = runner.run()
    assert [name for name, _ in runner.calls] == ["first", "middle", "last"]
    first = ("first", ("first", ()))
    middle = ("middle", ("middle", (first,)))
    assert result == {"last": ("last", (middle, first))}


def test_a_runtime_error_in_a_node_is_rasas_graph_run_error() -> None:
    runner = graph_runner({"fails_at_runtime": {}}, {"fails_at_runtime"})
    with pytest.raises(GraphRunError, match="Error running runner") as raised:
        runner.run()
    assert isinstance(raised.value.__cause__, RuntimeError)


@pytest.fixture(scope="module")
def loaded_processor() -> Any:
    """Our trained model, loaded by Rasa's message processor after the runner is installed."""
    from rasa.core.agent import Agent

    graph_runner_patch.install()
    try:
        return Agent.load(str(trained_model())).processor
    finally:
        graph_runner_patch.uninstall()  # the loaded model keeps its runner; Rasa is as released


def test_creating_the_tracker_store_leaves_rasa_as_released(tmp_path: Path) -> None:
    """Choosing a tracker store in endpoints.yml changes nothing else: the Rasa patches are
    installed by rasa_plugins/launch.py only."""
    from rasa_plugins import patches

    store = SQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    store.engine.dispose()
    assert patches.installed() == []


@pytest.mark.model
def test_rasa_loads_the_model_into_the_sequential_runner(loaded_processor: Any) -> None:
    assert isinstance(loaded_processor.graph_runner, SequentialGraphRunner)


MESSAGES = [
    "hello",
    "I want to make a complaint about my bill",
    "Jane Doe",
    "customer1@example.co.uk",
    "07700 900123",
    "TN1 2PY",
    "how long will you take to reply?",
    "can I go to the ombudsman?",
    "تحقق من شكواي 😀",
    "",
]


def understood(run: Any, processor: Any, text: str) -> dict[str, Any]:
    """What the processor's NLU graph, run by `run`, makes of `text`."""
    from rasa.core.channels import UserMessage
    from rasa.shared.nlu.training_data.message import Message

    runner, metadata = processor.graph_runner, processor.model_metadata
    tracker = DialogueStateTracker("graph", DOMAIN.slots)
    results = run(
        runner,
        inputs={"__message__": [UserMessage(text)], "__tracker__": tracker},
        targets=[metadata.nlu_target],
    )
    (message,) = results[metadata.nlu_target]
    assert isinstance(message, Message)
    return message.as_dict(only_output_properties=True)


def predicted(run: Any, processor: Any, text: str, intent: Any) -> Any:
    """The processor's policies' prediction, run by `run`, after `text` is said as `intent`."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME

    runner, metadata = processor.graph_runner, processor.model_metadata
    tracker = DialogueStateTracker.from_events(
        "graph",
        [ActionExecuted(ACTION_LISTEN_NAME), UserUttered(text, intent)],
        DOMAIN.slots,
    )
    results = run(runner, inputs={"__tracker__": tracker}, targets=[metadata.core_target])
    prediction = results[metadata.core_target]
    return (prediction.max_confidence_index, prediction.probabilities, prediction.events)


@pytest.mark.model
def test_the_trained_model_understands_each_message_as_with_dask(loaded_processor: Any) -> None:
    for said in MESSAGES:
        ours = understood(SequentialGraphRunner.run, loaded_processor, said)
        assert ours == understood(DaskGraphRunner.run, loaded_processor, said)
        intent = ours.get("intent")
        assert predicted(SequentialGraphRunner.run, loaded_processor, said, intent) == predicted(
            DaskGraphRunner.run, loaded_processor, said, intent
        )


# --- debug log values copied only when debug logs are written ----------------------------------


def calls_of_copy(module_name: str) -> list[tuple[str, bool]]:
    """Each use of `copy` in a Rasa module: its attribute, and whether it is an argument of a
    `structlogger.debug(...)` call."""
    import ast
    import importlib
    import inspect

    tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    in_debug: set[int] = set()
    for node in ast.walk(tree):
        called = getattr(node, "func", None)
        if (
            isinstance(called, ast.Attribute)
            and called.attr == "debug"
            and isinstance(called.value, ast.Name)
            and called.value.id == "structlogger"
        ):
            in_debug.update(id(inner) for inner in ast.walk(node))
    return [
        (node.attr, id(node) in in_debug)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "copy"
    ]


@pytest.mark.parametrize("module_name", DEBUG_COPY_MODULES)
def test_rasa_uses_copy_there_only_for_its_debug_logs(module_name: str) -> None:
    uses = calls_of_copy(module_name)
    assert uses, f"{module_name} no longer uses copy: drop it from DEBUG_COPY_MODULES"
    assert set(uses) == {("deepcopy", True)}


@pytest.fixture
def structlog_config() -> Iterator[None]:
    import structlog

    saved = structlog.get_config()
    yield
    structlog.configure(**saved)


@pytest.mark.usefixtures("structlog_config")
def test_log_values_are_copied_exactly_when_debug_logs_are_written() -> None:
    import logging

    import structlog

    debug_log_copies.install()
    import rasa.core.actions.forms
    import rasa.core.processor

    value = {"events": [{"event": "slot", "value": "Jane Doe"}]}
    for module in (rasa.core.processor, rasa.core.actions.forms):
        assert isinstance(module.copy, DebugLogCopy)
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
        assert module.copy.deepcopy(value) is value
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG))
        copied = module.copy.deepcopy(value)
        assert copied == value
        assert copied["events"][0] is not value["events"][0]
    debug_log_copies.install()  # installing twice wraps once
    assert not isinstance(rasa.core.processor.copy.module, DebugLogCopy)


# --- the models' traced prediction step, called directly -----------------------------------------


def traced_step() -> Any:
    """A prediction step traced as Rasa traces one: a list of inputs, every dimension open but the
    last."""
    import tensorflow as tf

    signature = [[tf.TensorSpec([None, 3], tf.float32), tf.TensorSpec([None], tf.int64)]]

    @tf.function(input_signature=signature)
    def step(batch: Any) -> Any:
        scores = tf.reduce_sum(batch[0], axis=-1) * tf.cast(tf.size(batch[1]), tf.float32)
        return {"scores": scores, "ids": batch[1] + 1}

    return step


def outcome_of(call: Any, batch: Any) -> Any:
    try:
        result = call(batch)
    except Exception as error:
        return ("error", type(error), str(error))
    return ("result", {key: value.numpy().tolist() for key, value in result.items()})


def test_inputs_that_fit_go_straight_to_the_traced_function_with_the_same_result() -> None:
    step = traced_step()
    direct = DirectPrediction(step)
    for batch in [
        (np.array([[1, 2, 3], [4, 5, 6]], np.float32), np.array([7, 8], np.int64)),
        (np.zeros((0, 3), np.float32), np.zeros(0, np.int64)),
        [np.array([[0.5, -1, 2e30]], np.float32), np.array([-(2**62)], np.int64)],
        # As Rasa's model data gives some inputs: its ndarray subclass (FeatureArray).
        (
            FeatureArray(np.array([[1, 2, 3]], np.float32), number_of_dimensions=2),
            FeatureArray(np.array([9], np.int64), number_of_dimensions=1),
        ),
    ]:
        assert direct.fits(batch)
        expected = outcome_of(step, batch)
        direct.function = None  # not called: the concrete function is
        assert outcome_of(direct, batch) == expected
        direct.function = step


def test_inputs_that_do_not_fit_get_tensorflows_own_answer() -> None:
    step = traced_step()
    direct = DirectPrediction(step)
    scores, ids = np.array([[1, 2, 3]], np.float32), np.array([7], np.int64)
    for batch in [
        (scores.astype(np.float64), ids),  # another type
        (scores.astype(np.int32), ids),
        (np.ones((1, 4), np.float32), ids),  # another last dimension
        (np.ones((1, 1, 3), np.float32), ids),  # another rank
        (scores,),  # an input missing
        (scores, ids, ids),  # one too many
        ([[1.0, 2.0, 3.0]], [7]),  # not arrays
        {"scores": scores, "ids": ids},
    ]:
        assert not direct.fits(batch)
        assert outcome_of(direct, batch) == outcome_of(step, batch)


def rasa_models(processor: Any) -> dict[str, Any]:
    """The TensorFlow models in the processor's graphs, by node name."""
    nodes = processor.graph_runner._instantiated_nodes
    return {
        name: node._component.model
        for name, node in nodes.items()
        if isinstance(getattr(node._component, "model", None), RasaModel)
    }


@contextlib.contextmanager
def rasas_own_predictions(processor: Any) -> Iterator[None]:
    """Rasa's own prediction call and sparse combination, for the length of the block."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RasaModel, "_rasa_predict", RasaModel._rasa_predict.rasa_original)
        combine = Features._combine_sparse_features.rasa_original
        patch.setattr(Features, "_combine_sparse_features", combine)
        for model in rasa_models(processor).values():
            patch.setattr(model, "_tf_predict_step", model._tf_predict_step.function)
        yield


@pytest.mark.model
def test_the_trained_model_understands_and_predicts_as_with_rasas_own_calls(
    loaded_processor: Any,
) -> None:
    direct_prediction.install()
    sparse_features.install()

    def everything() -> list[Any]:
        results = []
        for said in MESSAGES:
            meaning = understood(SequentialGraphRunner.run, loaded_processor, said)
            intent = meaning.get("intent")
            results.append(
                (meaning, predicted(SequentialGraphRunner.run, loaded_processor, said, intent))
            )
        return results

    everything()  # each model's first prediction traces its step
    models = rasa_models(loaded_processor)
    # DIET's; TED has none while there are no stories to learn from (Rasa skips its training).
    assert "DIET" in {type(model).__name__ for model in models.values()}
    for model in models.values():
        assert isinstance(model._tf_predict_step, DirectPrediction)
    with pytest.MonkeyPatch.context() as patch:
        # Every input of the trained model's predictions fits: none goes the long way round.
        for model in models.values():
            patch.setattr(model._tf_predict_step, "function", None)
        ours = everything()
    with rasas_own_predictions(loaded_processor):
        assert everything() == ours
    direct_prediction.install()  # installing twice wraps once
    original = RasaModel._rasa_predict.rasa_original
    assert getattr(original, "rasa_original", None) is None


@st.composite
def coo_matrices(draw: st.DrawFn, rows: int) -> Any:
    columns = draw(st.integers(0, 6))
    dtype = draw(st.sampled_from([np.int64, np.int32, np.float32, np.float64, np.bool_]))
    cells = st.tuples(st.integers(0, rows - 1), st.integers(0, columns - 1), st.integers(-3, 3))
    # Repeated cells too: COO keeps both.
    entries = draw(st.lists(cells, max_size=8)) if rows and columns else []
    matrix = scipy.sparse.coo_matrix(
        (
            [value for _, _, value in entries],
            ([row for row, _, _ in entries], [column for _, column, _ in entries]),
        ),
        shape=(rows, columns),
        dtype=dtype,
    )
    if draw(st.booleans()):  # indices as 64-bit integers, as some featurizers leave them
        matrix.row, matrix.col = matrix.row.astype(np.int64), matrix.col.astype(np.int64)
    return matrix


@st.composite
def coo_pairs(draw: st.DrawFn) -> tuple[Any, Any]:
    rows = draw(st.integers(0, 5))
    return draw(coo_matrices(rows)), draw(coo_matrices(rows))


@settings(max_examples=300, deadline=None)
@given(coo_pairs())
def test_two_coo_matrices_side_by_side_are_scipys_hstack(pair: tuple[Any, Any]) -> None:
    left, right = pair
    expected, ours = scipy.sparse.hstack([left, right]), hstack_coo(left, right)
    assert type(ours) is type(expected)
    assert (ours.shape, ours.dtype) == (expected.shape, expected.dtype)
    for part in ("row", "col", "data"):
        assert getattr(ours, part).dtype == getattr(expected, part).dtype
        assert np.array_equal(getattr(ours, part), getattr(expected, part))


def test_features_other_than_two_coo_matrices_are_combined_by_rasa() -> None:
    sparse_features.install()
    combine = Features._combine_sparse_features

    def features(matrix: Any) -> Features:
        return Features(matrix, "sequence", "text", "featurizer")

    def outcome(method: Any, left: Any, right: Any) -> Any:
        mine = features(left)
        try:
            method(mine, features(right))
        except Exception as error:
            return ("error", type(error), str(error))
        return ("features", type(mine.features), mine.features.toarray().tolist())

    eye = scipy.sparse.eye(3, format="coo")
    for left, right in [
        (eye, eye),
        (eye.tocsr(), eye.tocsr()),
        (eye.tocsc(), eye.tocsc()),
        (eye, eye.tocsr()),
        (eye, scipy.sparse.coo_matrix((2, 3))),  # rows that differ: Rasa's error
    ]:
        assert outcome(combine, left, right) == outcome(combine.rasa_original, left, right)


def test_rows_read_back_as_the_standard_library_reads_them(tmp_path: Path) -> None:
    """The store reads event rows with ujson; every row Rasa's store writes (`json.dumps`) reads
    back the same, numbers and any text alike."""
    store = SQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    events = store.SQLEvent.__table__
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=12,
    )

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.dictionaries(st.text(), json_values, max_size=4), min_size=1, max_size=3))
    def check(values: list[dict[str, Any]]) -> None:
        rows = [json.dumps(value) for value in values]
        with store.engine.begin() as connection:
            connection.execute(events.delete())
            connection.execute(
                events.insert(),
                [
                    {"sender_id": "s", "type_name": "user", "timestamp": 0.0, "data": row}
                    for row in rows
                ],
            )
        assert repr(store._load_events("s", True)) == repr([json.loads(row) for row in rows])

    try:
        check()
    finally:
        store.engine.dispose()
