"""How long closed cases and conversations are kept, and removing conversations older than that.

Cases: closed cases are kept for `COMPLAINTS_CASE_RETENTION` (e.g. 6y) or `purge --older-than`;
`CaseStore.purge` removes them. Conversations: Rasa's SQL tracker store (`TRACKER_STORE_URL`, the
same URL endpoints.yml gives Rasa) keeps every conversation's events; a conversation whose latest
event is older than `COMPLAINTS_TRACKER_RETENTION` (default 90 days) is removed whole, unless a case
came from it: that conversation is the case's correspondence (an ADR scheme asks for all of it) and
is kept as long as the case is (`keep`, from `CaseStore.linked_conversations`); once the case is
purged, its conversation goes with the next purge (the same run, as `cases purge` does it).

This reaches into Rasa's own schema, without importing Rasa (bot/ never does): Rasa 3.6's
`SQLTrackerStore` keeps one row per event in the table `events`, with `sender_id` (the
conversation) and `timestamp` (a float, UNIX seconds) among its columns. tests/bot/test_retention.py
builds that table with Rasa's own SQLTrackerStore on SQLite and PostgreSQL, so a change to Rasa's
schema fails there first. (Rasa's `POSTGRESQL_SCHEMA` is not supported: the table is looked up in
the connection's default schema.)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, create_engine, func, select
from sqlalchemy import delete as sql_delete
from sqlalchemy import inspect as sql_inspect
from sqlalchemy.engine import Engine, make_url

logger = logging.getLogger(__name__)

CASE_RETENTION_VARIABLE = "COMPLAINTS_CASE_RETENTION"
TRACKER_RETENTION_VARIABLE = "COMPLAINTS_TRACKER_RETENTION"
TRACKER_STORE_VARIABLE = "TRACKER_STORE_URL"
DEFAULT_TRACKER_RETENTION = "90d"
CONNECT_SECONDS = 5

# The columns of Rasa's `events` table that retention needs (Rasa 3.6, rasa/core/tracker_store.py).
_EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("timestamp", Float),
)


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


class TrackerStoreUnavailable(Exception):
    """The tracker store cannot be reached or does not exist; the message says which and where."""


@dataclass(frozen=True)
class Conversations:
    """Conversations last active before a moment: how many, and how many events they hold."""

    last_active_before: datetime
    conversations: int
    events: int


def configured(environ: Mapping[str, str] | None, variable: str) -> str | None:
    environ = os.environ if environ is None else environ
    return (environ.get(variable) or "").strip() or None


def tracker_store_url(environ: Mapping[str, str] | None = None) -> str | None:
    """`TRACKER_STORE_URL`, or None when no tracker store is configured."""
    return configured(environ, TRACKER_STORE_VARIABLE)


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown as "the tracker store"
        return "the tracker store"


class TrackerStore:
    """Rasa's SQL tracker store, as far as retention needs it: count and remove old conversations."""

    def __init__(self, url: str) -> None:
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        self.url = url
        try:
            parsed = make_url(url)
        except Exception as error:
            raise TrackerStoreUnavailable(
                f"{TRACKER_STORE_VARIABLE} is not a URL: {error}"
            ) from None
        if parsed.get_backend_name() == "sqlite":
            path = Path(parsed.database or "")
            # Never create an empty database where the assistant's should be: a wrong path is an error.
            if not parsed.database or not path.is_file():
                raise TrackerStoreUnavailable(
                    f"there is no tracker store at {_safe(url)} (no file {path.resolve()})"
                )
            connect_args: dict = {"timeout": 30}
        else:
            connect_args = {"connect_timeout": CONNECT_SECONDS}
        self.engine: Engine = create_engine(
            url, future=True, hide_parameters=True, connect_args=connect_args
        )

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> TrackerStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.dispose()

    def _stale_senders(self, before: datetime) -> object:
        latest = func.max(_EVENTS.c.timestamp)
        return (
            select(_EVENTS.c.sender_id)
            .group_by(_EVENTS.c.sender_id)
            .having(latest < before.timestamp())
            .scalar_subquery()
        )

    def _stale_ids(self, connection: Any, before: datetime, keep: Collection[str]) -> list[str]:
        """The stale conversations but those kept, read out (the kept ones may be many, and
        are left out here rather than in an IN list of thousands of values)."""
        latest = func.max(_EVENTS.c.timestamp)
        stale = connection.execute(
            select(_EVENTS.c.sender_id)
            .group_by(_EVENTS.c.sender_id)
            .having(latest < before.timestamp())
        ).scalars()
        kept = set(keep)
        return sorted(sender for sender in stale if sender not in kept)

    def _has_events_table(self, connection: object) -> bool:
        return sql_inspect(connection).has_table("events")

    def last_active_before(self, before: datetime, keep: Collection[str] = ()) -> Conversations:
        """The conversations whose latest event is older than `before`, but those in `keep`
        (none if Rasa has not yet created its table)."""
        try:
            with self.engine.connect() as connection:
                if not self._has_events_table(connection):
                    return Conversations(before, 0, 0)
                if not keep:
                    stale = _EVENTS.c.sender_id.in_(self._stale_senders(before))
                    row = connection.execute(
                        select(func.count(func.distinct(_EVENTS.c.sender_id)), func.count()).where(
                            stale
                        )
                    ).one()
                    return Conversations(before, int(row[0]), int(row[1]))
                senders = self._stale_ids(connection, before, keep)
                events = sum(
                    connection.execute(
                        select(func.count()).where(_EVENTS.c.sender_id.in_(chunk))
                    ).scalar_one()
                    for chunk in _chunks(senders)
                )
        except Exception as error:
            raise self._unavailable(error) from None
        return Conversations(before, len(senders), int(events))

    def purge(self, before: datetime, keep: Collection[str] = ()) -> Conversations:
        """Remove every conversation whose latest event is older than `before`, but those in
        `keep` (conversations cases came from), in one transaction."""
        try:
            with self.engine.begin() as connection:
                if not self._has_events_table(connection):
                    return Conversations(before, 0, 0)
                if not keep:
                    stale = _EVENTS.c.sender_id.in_(self._stale_senders(before))
                    conversations = connection.execute(
                        select(func.count(func.distinct(_EVENTS.c.sender_id))).where(stale)
                    ).scalar_one()
                    events = connection.execute(sql_delete(_EVENTS).where(stale)).rowcount
                    return Conversations(before, int(conversations), int(events))
                senders = self._stale_ids(connection, before, keep)
                events = sum(
                    connection.execute(
                        sql_delete(_EVENTS).where(_EVENTS.c.sender_id.in_(chunk))
                    ).rowcount
                    for chunk in _chunks(senders)
                )
        except Exception as error:
            raise self._unavailable(error) from None
        return Conversations(before, len(senders), int(events))

    def _unavailable(self, error: Exception) -> TrackerStoreUnavailable:
        first = str(getattr(error, "orig", None) or error).strip().splitlines()
        return TrackerStoreUnavailable(
            f"cannot use the tracker store at {_safe(self.url)}: {first[0] if first else error}"
        )


def log_purge(
    *,
    actor: str,
    cases: int,
    closed_before: datetime,
    conversations: Conversations | None,
) -> None:
    """One line for the logs: who, the cut-offs and the counts; no reference, sender id or text."""
    if conversations is None:
        logger.info(
            "retention purge by %s: %d closed case(s) removed (closed before %s); conversations "
            "not purged (no tracker store configured)",
            actor,
            cases,
            closed_before.isoformat(),
        )
        return
    logger.info(
        "retention purge by %s: %d closed case(s) removed (closed before %s); %d conversation(s) "
        "with %d event(s) removed (last active before %s)",
        actor,
        cases,
        closed_before.isoformat(),
        conversations.conversations,
        conversations.events,
        conversations.last_active_before.isoformat(),
    )
