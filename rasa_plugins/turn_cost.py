"""What each turn costs the Rasa server, cut down (README, "Load"; measured by `make bench`).

Profiled with py-spy under load (bench/results/load.md), the Rasa server spent its time per turn on:

1. Checking each action server response against Rasa's JSON Schema for it: Rasa 3.6 calls
   `jsonschema.validate`, which first checks the *schema itself* against the JSON Schema
   meta-schema, every time. That was about 45% of the server's CPU with our forms (every form turn
   calls the action server). `install_cached_action_validation` makes Rasa build the validator once
   and keep it; the response is still checked against the same schema, and a bad response raises
   the same error with the same message.
2. The SQL tracker store: Rasa's runs its queries and commits on the server's event loop, so every
   other conversation waits while one waits for the database (about 25% of the time, most of it the
   SQLite commit). `SQLTrackerStore` here is Rasa's, with the database work moved to worker threads
   (one for SQLite, so writes never contend; several for PostgreSQL), and SQLite in WAL mode on one
   kept connection instead of a new connection and a rollback journal per query. The same table,
   rows and queries: a tracker written by one is read by the other.

endpoints.yml selects it for every deployment (SQLite and PostgreSQL alike):

    tracker_store:
      type: rasa_plugins.turn_cost.SQLTrackerStore
      url: ${TRACKER_STORE_URL}

Creating the store installs (1) as well, so one line turns both on. `bench/load.py
--tracker-store SQL` measures Rasa's own store for comparison.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore as RasaSQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.sqlite import SQLITE_BUSY_SECONDS, configure_connection

logger = logging.getLogger(__name__)

# Worker threads for PostgreSQL (each holds a pooled connection while it works).
POSTGRES_THREADS = int(os.environ.get("TRACKER_STORE_THREADS", "4"))


# --- 1. action server responses, validated with a validator built once -------------------------


def install_cached_action_validation() -> None:
    """Make Rasa's RemoteAction validate responses with one validator, built on first use."""
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction._validate_action_result, "_cached_validator", False):
        return
    from jsonschema import exceptions, validators
    from rasa.shared.constants import DOCS_BASE_URL

    cache: dict[str, Any] = {}

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        validator = cache.get("validator")
        if validator is None:
            schema = self.action_response_format_spec()
            cls = validators.validator_for(schema)
            cls.check_schema(schema)  # once, as jsonschema.validate would on every call
            validator = cache["validator"] = cls(schema)
        # jsonschema.validate's own reporting: the most relevant error, raised.
        error = exceptions.best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    _validate_action_result._cached_validator = True  # type: ignore[attr-defined]
    _validate_action_result.rasa_original = RemoteAction._validate_action_result  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    logger.debug("action server responses: validator built once and reused")


# --- 2. the SQL tracker store, off the event loop ------------------------------------------------


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    configure_connection(dbapi_connection)


class SQLTrackerStore(RasaSQLTrackerStore):
    """Rasa's SQL tracker store with its database work in worker threads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        install_cached_action_validation()
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
        logger.info(
            "tracker store: SQL (%s), database work in %d worker thread(s)",
            self.engine.dialect.name,
            threads,
        )

    async def _in_thread(self, work: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)

    def _load_events(self, sender_id: str, all_sessions: bool) -> list[dict[str, Any]]:
        with self.session_scope() as session:
            rows = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=all_sessions
            ).all()
            return [json.loads(row.data) for row in rows]

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        events = await self._in_thread(self._load_events, sender_id, fetch_events_from_all_sessions)
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _save_events(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {})
                        .get("intent", {})
                        .get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
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
