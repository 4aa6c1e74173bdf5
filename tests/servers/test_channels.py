"""A whole complaint through Rasa's `callback` channel, as a messaging platform would hold it.

The platform POSTs each customer message to /webhooks/callback/webhook, and the assistant POSTs each
reply back to the platform's receiver (here a small HTTP server on loopback). Every reply must
arrive, in order: the same replies, in the same order, as the REST channel gives for the same
conversation, except that an answer's sources, data on REST, arrive as a "Source: ..." line.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from bot.cases.store import CaseStore
from channels.plain_sources import sources_text
from tests.servers import Receiver, running_assistant

pytestmark = pytest.mark.servers

REFERENCE = re.compile(r"\b[A-Z]{2,3}-[0-9A-HJKMNP-TV-Z]{6}\b")

CONVERSATION = [
    "hello",
    "I want to make a complaint",
    '/inform{"category":"fault_repair"}',
    "My line has dropped every evening since the start of December",
    "Tom Ng",
    "tom.ng@example.co.uk",
    "skip",
    "NP23 8XA",
    '/inform{"contact_preference":"email"}',
    '/inform{"customer_type":"consumer"}',
    "skip",
    "none",
    "/affirm",
]


def post_to_callback_channel(rasa_url: str, sender: str, message: str) -> None:
    body = {"sender": sender, "message": message}
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{rasa_url}/webhooks/callback/webhook",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        assert response.status == 200
        assert response.read() == b"success"


def without_references(texts: list[str]) -> list[str]:
    return [REFERENCE.sub("<REF>", text) for text in texts]


def test_a_complaint_over_the_callback_channel_gets_every_reply_in_order(tmp_path):
    database = f"sqlite:///{tmp_path / 'cases.db'}"
    with Receiver() as receiver:
        env = {
            "COMPLAINTS_NOW": "2026-12-22T10:00",
            "DATABASE_URL": database,
            "CALLBACK_URL": f"http://127.0.0.1:{receiver.port}/bot",
            # A messaging channel is set up for one provider (the callback channel carries no
            # per-message metadata).
            "COMPLAINTS_PROVIDER": "invictanet",
        }
        with running_assistant(tmp_path, env) as assistant:
            for message in CONVERSATION:
                expected = assistant.say("over-rest", message)
                already = len(receiver.messages)
                post_to_callback_channel(assistant.rasa_url, "over-callback", message)
                arrived = receiver.messages[already:]
                assert all(m["recipient_id"] == "over-callback" for m in arrived)
                assert without_references(
                    [m.get("text", "") for m in arrived]
                ) == without_references(
                    [m.get("text") or sources_text(m.get("custom")) or "" for m in expected]
                ), message
                # Buttons travel as data, for the platform to show as it can.
                assert [m.get("buttons") for m in arrived] == [m.get("buttons") for m in expected]

    replies = [m.get("text", "") for m in receiver.messages]
    assert "We will reply by Wednesday 23 December 2026 (1 working day)." in replies
    references = {r for text in replies for r in REFERENCE.findall(text)}
    assert len(references) == 1
    with CaseStore.open(database) as store:
        case = store.get(references.pop())
        assert case.provider == "invictanet"
        assert case.customer.email == "tom.ng@example.co.uk"
        assert len(store.list_cases()) == 2  # one from each channel's conversation
