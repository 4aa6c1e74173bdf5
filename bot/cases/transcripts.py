"""The conversation behind a case: what the customer and the assistant said, in order, with times.

Read from Rasa's SQL tracker store (`TRACKER_STORE_URL`, as endpoints.yml gives it to Rasa), without
importing Rasa: Rasa 3.6's `SQLTrackerStore` keeps one row per event in `events`, with `sender_id`,
`type_name` ("user" for the customer's message, "bot" for the assistant's), `timestamp` (UNIX
seconds) and `data` (the event as JSON: `text`, and for the assistant's message the buttons it
offered under `data.buttons`). tests/bot/test_case_conversations.py writes that table with Rasa's own store.

The same module removes a person's conversations for an erasure (`remove_conversations`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, select
from sqlalchemy import delete as sql_delete

from bot.cases.retention import TrackerStore
from bot.cases.views import london

# The columns of Rasa's `events` table a transcript needs (Rasa 3.6, rasa/core/tracker_store.py).
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("data", Text),
)
SPEAKERS = {"user": "customer", "bot": "assistant"}


@dataclass(frozen=True)
class Turn:
    """One message: who said it (customer or assistant), when, and the words; for the assistant's,
    the buttons it offered."""

    at: datetime
    speaker: str
    text: str
    buttons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "speaker": self.speaker,
            "text": self.text,
            "buttons": list(self.buttons),
        }


def _turn(type_name: str, timestamp: float | None, data: str | None) -> Turn | None:
    try:
        event = json.loads(data or "{}")
    except ValueError:
        event = {}
    if not isinstance(event, dict):
        event = {}
    text = event.get("text")
    extra = event.get("data") if isinstance(event.get("data"), dict) else {}
    buttons = tuple(
        str(b.get("title"))
        for b in (extra.get("buttons") or [])
        if isinstance(b, dict) and b.get("title")
    )
    if not text and not buttons:
        return None  # an empty message (a button's reply carries its payload as text)
    moment = datetime.fromtimestamp(timestamp or 0, tz=timezone.utc)
    return Turn(london(moment), SPEAKERS[type_name], str(text or ""), buttons)  # type: ignore[arg-type]


def transcript(tracker: TrackerStore, conversation_id: str) -> list[Turn]:
    """What the customer and the assistant said in the conversation, oldest first (an empty list
    when the conversation is no longer in the tracker store)."""
    statement = (
        select(EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.data)
        .where(EVENTS.c.sender_id == conversation_id)
        .where(EVENTS.c.type_name.in_(tuple(SPEAKERS)))
        .order_by(EVENTS.c.id)
    )
    try:
        with tracker.engine.connect() as connection:
            if not tracker._has_events_table(connection):
                return []
            rows = connection.execute(statement).all()
    except Exception as error:
        raise tracker._unavailable(error) from None
    turns = [_turn(row.type_name, row.timestamp, row.data) for row in rows]
    return [t for t in turns if t is not None]


def remove_conversations(tracker: TrackerStore, conversation_ids: Iterable[str]) -> int:
    """Remove these conversations' events, in one transaction; the number of events removed."""
    ids = sorted(set(conversation_ids))
    if not ids:
        return 0
    try:
        with tracker.engine.begin() as connection:
            if not tracker._has_events_table(connection):
                return 0
            return int(
                connection.execute(sql_delete(EVENTS).where(EVENTS.c.sender_id.in_(ids))).rowcount
            )
    except Exception as error:
        raise tracker._unavailable(error) from None
