"""The Rasa server's tracker store: Rasa's SQL tracker store, its database work off the event loop.

endpoints.yml selects it for every deployment (SQLite and PostgreSQL alike):

    tracker_store:
      type: rasa_plugins.turn_cost.SQLTrackerStore
      url: ${TRACKER_STORE_URL}

It only stores conversations: the same table, rows and conditions as Rasa's own
`rasa.core.tracker_store.SQLTrackerStore` (a tracker written by one is read whole by the other),
with three differences in how, measured by `make bench` (profiled with py-spy under load,
bench/results/load-notes.md):

- Rasa's store runs its queries and commits on the server's event loop, so every other
  conversation waits while one waits for the database (about 25% of the time, most of it the
  SQLite commit). Here the database work runs in worker threads (one for SQLite, so writes never
  contend; `TRACKER_STORE_THREADS`, default 4, for PostgreSQL), and SQLite runs in WAL mode on one
  kept connection instead of a new connection and a rollback journal per query.
- Rasa's queries are built once as SQLAlchemy Core statements, not as a new ORM query per call
  (SQLAlchemy worked out each new query's cache key every time: about 7% of the CPU).
- Event rows are read with ujson rather than the standard library's JSON decoder: the same values
  (a test holds it) in about half the time.

It also answers one question Rasa's store cannot answer cheaply: how big a conversation's current
session is (`conversation_size`: its customer messages and stored characters, one query, nothing
read into Python), which the channels check before a turn (channels/conversation_cap.py).

Every unit of work opens its session with Rasa's own `session_scope()`, so `POSTGRESQL_SCHEMA` is
honoured (and checked) as by Rasa's store. A subclass that changes what is stored overrides
`event_row` (an event as its row) and `events_from_rows` (rows back as event dicts).

The changes this project makes to Rasa's own code (NLU, TensorFlow, the prediction graph, action
replies, HTTP sessions) are not here: they are in rasa_plugins/patches/, installed by
rasa_plugins/launch.py.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import ujson
from rasa.core.tracker_store import SQLTrackerStore as RasaSQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.sqlite import SQLITE_BUSY_SECONDS, configure_connection, private_sqlite_file

logger = logging.getLogger(__name__)

# Worker threads for PostgreSQL (each holds a pooled connection while it works).
DB_URL_PARTS = ("dialect", "host", "port", "db", "username", "password", "login_db", "query")
POSTGRES_THREADS = int(os.environ.get("TRACKER_STORE_THREADS", "4"))


@dataclass(frozen=True)
class ConversationSize:
    """A conversation's current session as stored: what every turn of it reads back."""

    customer_messages: int
    stored_chars: int
    # When the customer last wrote (UNIX seconds; None before their first message): Rasa starts a
    # new session when this is older than the domain's session_expiration_time.
    last_message_at: float | None


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    configure_connection(dbapi_connection)


class SQLTrackerStore(RasaSQLTrackerStore):
    """Rasa's SQL tracker store with its database work in worker threads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A SQLite file is created readable by its owner only, before Rasa's engine creates it.
        private_sqlite_file(
            self.get_db_url(**{k: v for k, v in kwargs.items() if k in DB_URL_PARTS})
        )
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # One kept connection per thread (SQLAlchemy 1.4 opens and closes a file connection
            # per session, and closing the last connection of a WAL database checkpoints it).
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(
                url,
                poolclass=sa.pool.SingletonThreadPool,
                connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False},
            )
            sa.event.listen(self.engine, "connect", _sqlite_on_connect)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
            threads = 1  # SQLite has one writer: queue the writes here, not in the database
        else:
            threads = max(1, POSTGRES_THREADS)
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="tracker-store")
        self._prepare_statements()
        logger.info(
            "tracker store: SQL (%s), database work in %d worker thread(s)",
            self.engine.dialect.name,
            threads,
        )

    async def _in_thread(self, work: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)

    def _prepare_statements(self) -> None:
        """Rasa's queries (`_event_query`, `_additional_events`), built once as Core statements.

        Rasa builds each as a new ORM query per call, and SQLAlchemy then works out its cache key
        afresh every time; a statement kept here has its key worked out once. Same tables, same
        conditions, same order (by id)."""
        events = self.SQLEvent.__table__
        of_sender = events.c.sender_id == sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(of_sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        # Events of the latest session: from its SessionStarted on, or all if there is none.
        latest = sa.and_(
            of_sender, sa.or_(events.c.timestamp >= session_start, session_start.is_(None))
        )
        self._select_all = sa.select(events.c.data).where(of_sender).order_by(events.c.id)
        self._select_latest = sa.select(events.c.data).where(latest).order_by(events.c.id)
        self._count_latest = sa.select(sa.func.count()).select_from(events).where(latest)
        is_customer = events.c.type_name == UserUttered.type_name
        self._size_latest = sa.select(
            sa.func.count(sa.case((is_customer, 1))),
            sa.func.coalesce(sa.func.sum(sa.func.length(events.c.data)), 0),
            sa.func.max(sa.case((is_customer, events.c.timestamp))),
        ).where(latest)
        self._insert = events.insert()

    def event_row(self, sender_id: str, event: Event) -> dict[str, Any]:
        """An event as Rasa's store writes it: one row of the `events` table."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    def events_from_rows(self, rows: Iterable[str]) -> list[dict[str, Any]]:
        """The `data` column of a conversation's rows, in order, as event dicts."""
        return [ujson.loads(data) for data in rows]

    def _load_events(self, sender_id: str, all_sessions: bool) -> list[dict[str, Any]]:
        query = self._select_all if all_sessions else self._select_latest
        with self.session_scope() as session:
            rows = session.execute(query, {"sender_id": sender_id}).scalars().all()
        return self.events_from_rows(rows)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        events = await self._in_thread(self._load_events, sender_id, fetch_events_from_all_sessions)
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _conversation_size(self, sender_id: str) -> ConversationSize:
        with self.session_scope() as session:
            row = session.execute(self._size_latest, {"sender_id": sender_id}).one()
        return ConversationSize(int(row[0]), int(row[1]), row[2])

    async def conversation_size(self, sender_id: str) -> ConversationSize:
        """The size of the conversation's current session, counted by the database (the events
        stay where they are): the same session a turn reads (`_select_latest`)."""
        return await self._in_thread(self._conversation_size, sender_id)

    def _save_events(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        with self.session_scope() as session:  # one transaction: count, then insert
            stored = session.execute(self._count_latest, {"sender_id": sender_id}).scalar_one()
            new = itertools.islice(tracker.events, stored, None)
            rows = [self.event_row(sender_id, event) for event in new]
            if rows:
                session.execute(self._insert, rows)
            session.commit()

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        await self._in_thread(self._save_events, tracker)

    async def keys(self) -> list[str]:
        def sender_ids() -> list[str]:
            with self.session_scope() as session:
                rows = session.query(self.SQLEvent.sender_id).distinct().all()
                return [sender_id for (sender_id,) in rows]

        return await self._in_thread(sender_ids)
