"""Write a real conversation from the SQL tracker store as a Rasa test story.

Usage: python scripts/export_test_story.py TRACKER_DB SENDER_ID "story name" >> tests/test_stories.yml

How the test stories in tests/ were made: a conversation is held with the running assistant, read
back here, checked by a person line by line against what the assistant should do, and kept. `rasa
test core` then replays it, checking every dialogue prediction with --fail-on-prediction-errors, so a
later change that alters any step fails the tests. Steps carry the intent (and the slots the
customer's words filled), not the words: the words' classification is measured on the held-out NLU
set (`make bench`) and through the real servers in tests/servers/test_conversations.py.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any

import yaml

# Actions Rasa runs on its own, never written in stories.
IMPLICIT_ACTIONS = {"action_listen", "action_session_start", "action_extract_slots"}
# Slots whose values the dialogue does not depend on are still written, so forms see what they saw.
SKIPPED_SLOTS = {"session_started_metadata"}


def story_steps(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            parse = event.get("parse_data") or {}
            steps.append({"intent": (parse.get("intent") or {}).get("name")})
        elif kind == "action" and event.get("name") not in IMPLICIT_ACTIONS:
            steps.append({"action": event["name"]})
        elif kind == "active_loop":
            steps.append({"active_loop": event.get("name")})
        elif kind == "slot" and event.get("name") not in SKIPPED_SLOTS:
            steps.append({"slot_was_set": [{event["name"]: event.get("value")}]})
    return steps


def load_events(database: str, sender: str) -> list[dict[str, Any]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def main(database: str, sender: str, name: str) -> None:
    story = {"story": name, "steps": story_steps(load_events(database, sender))}
    sys.stdout.write(yaml.safe_dump([story], sort_keys=False, allow_unicode=True, width=100))


if __name__ == "__main__":
    main(*sys.argv[1:4])
