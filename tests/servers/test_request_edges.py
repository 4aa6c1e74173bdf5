"""Requests that do not fit are refused plainly, through the real Rasa server (channels/requests.py,
channels/webchat.py).

- REST and callback: a body that is not a JSON object, a missing or non-string `message`, a missing
  `sender` get a 400 with a short JSON reason (before: a 500, `200 []`, or a turn in a conversation
  called `default` shared by every such client); a sender id that is too long or has odd characters
  and `metadata` that is not a small object get a 400; a body over the limit a 413. None of them
  reaches the tracker store.
- The website chat's socket.io: a ~1 MB message gets the "too long" reply on the socket and the
  connection stays (before: engine.io dropped the connection with no reply); session ids are issued
  by the server (128 random bits and a tag) and a client-chosen one is replaced, so a second client
  cannot join a conversation's room by choosing or guessing its id; a socket cannot write into
  another session's conversation.
- One conversation cannot grow without limit (channels/conversation_cap.py): the outside tester's
  messages, each just under the text and metadata limits, are refused in words once the
  conversation holds COMPLAINTS_MAX_CONVERSATION_CHARS of events, nothing more is stored, and
  another customer is answered as before.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import socketio

from bot.provider_codes import complaints_phone, get_code
from channels.commands import reply_text as commands_reply_text
from channels.conversation_cap import DEFAULT_MAX_CHARS
from channels.limits import DEFAULT_MAX_MESSAGE_CHARS, refusal_text
from channels.providers import reply_text as provider_refusal_text
from channels.requests import MAX_SENDER_CHARS
from channels.webchat import TOO_DEEP
from tests.servers import Assistant, Receiver, running_assistant, tracker_texts

pytestmark = pytest.mark.servers

REFUSAL = refusal_text(DEFAULT_MAX_MESSAGE_CHARS)
ISSUED_ID = re.compile(r"[0-9a-f]{64}")


@dataclass
class Edges:
    assistant: Assistant
    receiver: Receiver
    tracker_db: Path


@pytest.fixture(scope="module")
def edges(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edges]:
    tmp = tmp_path_factory.mktemp("edges")
    receiver = Receiver()
    env = {
        "COMPLAINTS_NOW": "2026-12-22T10:00",
        "DATABASE_URL": f"sqlite:///{tmp / 'cases.db'}",
        "CALLBACK_URL": f"http://127.0.0.1:{receiver.port}/bot",
        "COMPLAINTS_PROVIDER": "infinium",
    }
    try:
        with running_assistant(tmp, env) as running:
            yield Edges(running, receiver, tmp / "tracker.db")
    finally:
        receiver.close()


def post(url: str, raw: bytes, content_type: str = "application/json") -> tuple[int, Any]:
    """POST `raw` as `content_type` (JSON unless said); the status and the decoded reply (any
    status)."""
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url, data=raw, method="POST", headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode("utf-8", "replace")


def senders(edges: Edges) -> set[str]:
    with sqlite3.connect(edges.tracker_db) as connection:
        return {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}


def as_json(value: Any) -> bytes:
    return json.dumps(value).encode()


MALFORMED = [
    (b"hello, is anyone there?", "the body must be a JSON object"),
    (b"", "the body must be a JSON object"),
    (as_json(["hello"]), "the body must be a JSON object"),
    (as_json("hello"), "the body must be a JSON object"),
    (as_json({"sender": "malformed-1"}), "message is missing"),
    (as_json({"sender": "malformed-2", "message": 42}), "message must be a string"),
    (as_json({"sender": "malformed-3", "message": {"text": "hi"}}), "message must be a string"),
    (as_json({"message": "hello"}), "sender is missing"),
]


@pytest.mark.parametrize("channel", ["rest", "callback"])
def test_a_request_that_is_not_a_message_gets_400_and_a_reason(edges: Edges, channel: str) -> None:
    url = f"{edges.assistant.rasa_url}/webhooks/{channel}/webhook"
    already = len(edges.receiver.messages)
    for raw, reason in MALFORMED:
        assert post(url, raw) == (400, {"error": reason}), raw[:60]
    assert edges.receiver.messages[already:] == []  # nothing was said on the callback either
    stored = senders(edges)
    assert "default" not in stored
    assert not {s for s in stored if s.startswith("malformed-")}


@pytest.mark.parametrize("channel", ["rest", "callback"])
def test_a_body_not_sent_as_json_or_with_a_key_twice_is_refused(edges: Edges, channel: str) -> None:
    """Outside attacker, 27 Nov: a `text/plain` body (what a page on any other site can make a
    browser send with no CORS preflight) was parsed as JSON and answered; `{"sender": "a",
    "sender": "b"}` was the last sender's turn. Now: 415 and 400, and nothing stored."""
    url = f"{edges.assistant.rasa_url}/webhooks/{channel}/webhook"
    already = len(edges.receiver.messages)
    plain = as_json({"sender": f"{channel}-plain", "message": "hello"})
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        assert post(url, plain, content_type) == (
            415,
            {"error": "the body must be sent as application/json"},
        ), content_type
    twice = f'{{"sender": "{channel}-first", "sender": "{channel}-last", "message": "hello"}}'
    assert post(url, twice.encode()) == (400, {"error": "the body must not give a key twice"})
    nested = as_json({"sender": f"{channel}-meta2", "message": "hi"})[:-1] + (
        b', "metadata": {"provider": "infinium", "provider": "invictanet"}}'
    )
    assert post(url, nested) == (400, {"error": "the body must not give a key twice"})
    assert edges.receiver.messages[already:] == []
    assert not {s for s in senders(edges) if s.startswith(f"{channel}-")} & {
        f"{channel}-plain",
        f"{channel}-first",
        f"{channel}-last",
        f"{channel}-meta2",
    }
    # With a charset, JSON is JSON.
    status, _ = post(
        url,
        as_json({"sender": f"{channel}-utf8", "message": "hello"}),
        "application/json; charset=utf-8",
    )
    assert status == 200


@pytest.mark.parametrize("channel", ["rest", "callback"])
def test_a_website_chat_session_id_cannot_be_used_over_rest(edges: Edges, channel: str) -> None:
    """Outside attacker, 27 Nov (F11): the website chat's session id, a bearer secret, also
    worked as a REST sender id, after its page was closed too. Now refused, nothing stored."""
    import secrets

    url = f"{edges.assistant.rasa_url}/webhooks/{channel}/webhook"
    session = secrets.token_hex(32)
    assert post(url, as_json({"sender": session, "message": "what is my status"})) == (
        400,
        {"error": "sender must not be a website chat session id"},
    )
    assert session not in senders(edges)


@pytest.mark.parametrize("channel", ["rest", "callback"])
def test_sender_ids_metadata_and_bodies_are_limited(edges: Edges, channel: str) -> None:
    url = f"{edges.assistant.rasa_url}/webhooks/{channel}/webhook"
    sender_reason = f"sender must be 1 to {MAX_SENDER_CHARS} letters, digits or any of - _ . : +"
    for sender in ("x" * (MAX_SENDER_CHARS + 1), "x" * 10_000, "", "two words", "<b>", 42):
        assert post(url, as_json({"sender": sender, "message": "hello"})) == (
            400,
            {"error": sender_reason},
        ), str(sender)[:40]
    for metadata, reason in (
        ("provider=infinium", "metadata must be a JSON object"),
        (["infinium"], "metadata must be a JSON object"),
        ({"provider": "infinium", "notes": "x" * 5000}, "metadata must be at most 4096 bytes"),
        ({"blob": "y" * 5_000_000}, None),  # the whole body is over its limit first
    ):
        status, body = post(
            url, as_json({"sender": f"{channel}-meta", "message": "hi", "metadata": metadata})
        )
        assert (status, body) == ((400, {"error": reason}) if reason else (413, body))
    status, body = post(
        url, as_json({"sender": f"{channel}-big", "message": "hi", "padding": "z" * 200_000})
    )
    assert status == 413 and body["error"].startswith("the request body must be at most")
    assert not {s for s in senders(edges) if s.startswith(f"{channel}-meta")}
    assert f"{channel}-big" not in senders(edges)

    # What fits still goes through: the longest sender id, small metadata, and a message of
    # emoji one over the text limit (12 bytes of JSON each) still gets the assistant's refusal in
    # words, not a 413.
    longest = "a" * MAX_SENDER_CHARS
    already = len(edges.receiver.messages)
    status, body = post(
        url, as_json({"sender": longest, "message": "hello", "metadata": {"provider": "infinium"}})
    )
    assert status == 200
    replies = body if channel == "rest" else edges.receiver.messages[already:]
    assert any("complaints assistant for Infinium" in r.get("text", "") for r in replies), replies
    already = len(edges.receiver.messages)
    status, body = post(url, as_json({"sender": f"{channel}-emoji", "message": "😡" * 5001}))
    assert status == 200
    replies = body if channel == "rest" else edges.receiver.messages[already:]
    assert [r.get("text") for r in replies] == [REFUSAL]


def test_the_rest_channel_stores_its_own_name_not_the_clients(edges: Edges) -> None:
    status, _ = post(
        f"{edges.assistant.rasa_url}/webhooks/rest/webhook",
        as_json({"sender": "named-channel", "message": "hello", "input_channel": "x" * 500}),
    )
    assert status == 200
    with sqlite3.connect(edges.tracker_db) as connection:
        channels = {
            json.loads(data).get("input_channel")
            for (data,) in connection.execute(
                "SELECT data FROM events WHERE sender_id = 'named-channel' AND type_name = 'user'"
            )
        }
    assert channels == {"rest"}


@pytest.mark.parametrize("command", ["/back", "/restart", "/session_start"])
def test_a_typed_rasa_command_gets_an_answer_and_changes_nothing(
    edges: Edges, command: str
) -> None:
    """Before: `200 []`, no answer at all, and the command ran on the conversation."""
    url = f"{edges.assistant.rasa_url}/webhooks/rest/webhook"
    sender = f"commands-{command.strip('/')}"
    status, _ = post(url, as_json({"sender": sender, "message": "I want to make a complaint"}))
    assert status == 200
    with sqlite3.connect(edges.tracker_db) as connection:
        before = connection.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)
        ).fetchone()
    status, replies = post(url, as_json({"sender": sender, "message": command}))
    assert status == 200
    assert [r.get("text") for r in replies] == [commands_reply_text()]
    with sqlite3.connect(edges.tracker_db) as connection:
        after = connection.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)
        ).fetchone()
    assert after == before


def test_a_message_for_a_provider_with_no_code_is_refused_and_never_stored(edges: Edges) -> None:
    """Before: served as Infinity Group (the default), another company's facts told as if they
    were the customer's provider's (issue 13)."""
    url = f"{edges.assistant.rasa_url}/webhooks/rest/webhook"
    body = {
        "sender": "no-such-provider",
        "message": "hello",
        "metadata": {"provider": "acme-telecom"},
    }
    status, replies = post(url, as_json(body))
    assert status == 200
    assert [r.get("text") for r in replies] == [provider_refusal_text()]
    assert tracker_texts(edges, "no-such-provider") == []
    # Naming no provider is the configured one's (COMPLAINTS_PROVIDER=infinium here).
    status, replies = post(url, as_json({"sender": "no-such-provider", "message": "hello"}))
    assert any("complaints assistant for Infinium" in r.get("text", "") for r in replies), replies


def test_the_callback_channel_accepts_a_message_when_the_platform_is_unreachable(
    edges: Edges,
) -> None:
    """Before: a bare 500, and the message lost (issue 13)."""
    url = f"{edges.assistant.rasa_url}/webhooks/callback/webhook"
    with edges.receiver.unreachable():
        status, answer = post(url, as_json({"sender": "platform-down", "message": "hello"}))
    assert (status, answer) == (200, "success")
    assert tracker_texts(edges, "platform-down") == ["hello"]
    already = len(edges.receiver.messages)
    status, _ = post(url, as_json({"sender": "platform-down", "message": "thanks"}))
    assert status == 200
    assert edges.receiver.messages[already:], "the platform, back, gets the next replies"


# --- the website chat's socket.io -----------------------------------------------------------------


class ChatSocket:
    """One socket.io client speaking the web chat's protocol; every event it receives, in order."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        for name in (
            "session_confirm",
            "bot_uttered",
            "bot_turn_end",
            "request_refused",
            "disconnect",
        ):
            self.client.on(name, self._collector(name))

    def _collector(self, name: str) -> Any:
        async def collect(data: Any = None) -> None:
            await self.events.put((name, data))

        return collect

    async def open(self, url: str) -> None:
        # Long-polling: this python-engineio's websocket client needs a newer aiohttp than Rasa pins.
        await self.client.connect(url, transports=["polling"], socketio_path="/socket.io")

    async def next(self, seconds: float = 60) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), seconds)

    async def session(self, requested: str | None) -> str:
        await self.client.emit("session_request", {"session_id": requested})
        event, data = await self.next(30)
        assert event == "session_confirm", (event, data)
        return data

    async def say(self, session_id: str, text: str, **extra: Any) -> None:
        """`user_uttered` as the page sends it; `extra` replaces any of its fields."""
        payload = {"message": text, "session_id": session_id, "metadata": {"provider": "infinium"}}
        await self.client.emit("user_uttered", {**payload, **extra})

    async def replies(self) -> list[tuple[str, Any]]:
        """The events of one turn: the first within a minute, the rest until two quiet seconds."""
        events = [await self.next(60)]
        while True:
            try:
                events.append(await self.next(2))
            except asyncio.TimeoutError:
                return events

    async def close(self) -> None:
        await self.client.disconnect()


def texts(events: list[tuple[str, Any]]) -> list[str]:
    return [data.get("text", "") for name, data in events if name == "bot_uttered"]


def test_a_one_megabyte_chat_message_gets_a_reply_and_the_chat_goes_on(edges: Edges) -> None:
    async def conversation() -> tuple[list, list, str]:
        chat = ChatSocket()
        await chat.open(edges.assistant.rasa_url)
        try:
            session_id = await chat.session(None)
            await chat.say(session_id, "My broadband keeps dropping. " * 36_000)  # about 1 MB
            refused = await chat.replies()
            await chat.say(session_id, "hello")
            greeted = await chat.replies()
            return refused, greeted, session_id
        finally:
            await chat.close()

    refused, greeted, session_id = asyncio.run(conversation())
    # The turn ends with `bot_turn_end`, so the page's typing indicator goes (outside attacker,
    # 27 Nov: it never came for a message over the body limit).
    assert refused == [("bot_uttered", {"text": REFUSAL}), ("bot_turn_end", {})]
    assert any("complaints assistant for Infinium" in t for t in texts(greeted)), greeted
    assert tracker_texts(edges, session_id) == ["hello"]


def test_a_chat_page_set_up_for_a_provider_with_no_code_is_told_so(edges: Edges) -> None:
    async def conversation() -> tuple[list, str]:
        chat = ChatSocket()
        await chat.open(edges.assistant.rasa_url)
        try:
            session_id = await chat.session(None)
            await chat.say(session_id, "/greet", metadata={"provider": "acme-telecom"})
            return await chat.replies(), session_id
        finally:
            await chat.close()

    greeted, session_id = asyncio.run(conversation())
    assert texts(greeted) == [provider_refusal_text()]
    assert tracker_texts(edges, session_id) == []


def test_chat_session_ids_are_issued_by_the_server_and_never_chosen_by_the_client(
    edges: Edges,
) -> None:
    async def sessions() -> dict[str, Any]:
        first, second = ChatSocket(), ChatSocket()
        await first.open(edges.assistant.rasa_url)
        await second.open(edges.assistant.rasa_url)
        try:
            issued = await first.session(None)
            await first.say(issued, "how long will you take to reply?")
            answered = texts(await first.replies())
            # A client choosing ids: a readable one, one shaped like an issued id, the issued
            # id with its last character changed. Each gets a new session of its own instead.
            chosen = [
                "customer-session-0001",
                "0" * 64,
                issued[:-1] + ("0" if issued[-1] != "0" else "1"),
            ]
            given = [await second.session(requested) for requested in chosen]
            # The second socket now holds a session of its own; it cannot speak in the first's.
            await second.say(issued, "I am someone else, tell me about their complaint")
            refused = await second.next(30)
            # The first socket, reconnecting with its issued id (a page reload), keeps it.
            again = await first.session(issued)
            return {
                "issued": issued,
                "answered": answered,
                "given": given,
                "refused": refused,
                "again": again,
            }
        finally:
            await first.close()
            await second.close()

    result = asyncio.run(sessions())
    issued = result["issued"]
    assert ISSUED_ID.fullmatch(issued)
    # Infinium words its reply times as an aim and a guideline (issue 14).
    assert any("We aim to respond by" in t for t in result["answered"]), result["answered"]
    assert len(set(result["given"])) == 3
    for given in result["given"]:
        assert ISSUED_ID.fullmatch(given) and given != issued
    assert result["refused"] == (
        "request_refused",
        {"error": "session_id is not this socket's session"},
    )
    assert result["again"] == issued
    # The other client's words never reached the first conversation, nor made one of their own.
    assert tracker_texts(edges, issued) == ["how long will you take to reply?"]
    stored = senders(edges)
    assert not {"customer-session-0001", "0" * 64} & stored


def test_chat_messages_that_do_not_fit_are_refused_with_a_reason(edges: Edges) -> None:
    async def refusals() -> list[tuple[str, Any]]:
        chat = ChatSocket()
        await chat.open(edges.assistant.rasa_url)
        try:
            session_id = await chat.session(None)
            answers = []
            for extra in (
                {"metadata": {"provider": "infinium", "notes": "x" * 5000}},
                {"metadata": ["infinium"]},
                {"message": 42},
                # Outside testing: metadata nested ~990 deep got no reply at all, as an object
                # (socket.io's own decoder) and as a JSON string (parsed by the channel).
                {"metadata": nested(990)},
                {"metadata": json.dumps(nested(990))},
            ):
                await chat.say(session_id, "hello", **extra)
                answers.append(await chat.next(30))
            return answers
        finally:
            await chat.close()

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 3000)  # for this client to encode the deeply nested metadata
    try:
        answers = asyncio.run(refusals())
    finally:
        sys.setrecursionlimit(limit)
    assert answers == [
        ("request_refused", {"error": "metadata must be at most 4096 bytes"}),
        ("request_refused", {"error": "metadata must be a JSON object"}),
        ("request_refused", {"error": "message must be a string"}),
        ("request_refused", {"error": TOO_DEEP.reason}),
        ("request_refused", {"error": "metadata must nest at most 16 levels deep"}),
    ]


def nested(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {"provider": "infinium"}
    for _ in range(levels):
        value = {"a": value}
    return value


def test_a_conversation_cannot_grow_without_limit(edges: Edges) -> None:
    """Outside testing (issue 13): 80 such messages to one sender made its turns take 0.6 s to
    4.7 s and stalled other customers' turns; nothing stopped it."""
    url = f"{edges.assistant.rasa_url}/webhooks/rest/webhook"
    grown = {
        "sender": "att-grow",
        "message": ("word " * 998).strip(),  # 4,989 characters
        "metadata": {"provider": "infinium", "junk": "y" * 3900},
    }
    sent = 0
    while True:
        sent += 1
        status, replies = post(url, as_json(grown))
        assert status == 200
        if any("grown too long" in r.get("text", "") for r in replies):
            break
        assert sent < 60, "60 messages of 4,989 characters, and the conversation was never capped"
    [refusal] = [r["text"] for r in replies]
    assert complaints_phone(get_code("infinium")) in refusal and "New conversation" in refusal
    with sqlite3.connect(edges.tracker_db) as connection:
        size = "SELECT COUNT(*), SUM(LENGTH(data)) FROM events WHERE sender_id = 'att-grow'"
        events, chars = connection.execute(size).fetchone()
    assert events and DEFAULT_MAX_CHARS <= chars < DEFAULT_MAX_CHARS + 60_000
    assert len(tracker_texts(edges, "att-grow")) == sent - 1  # the refused one: not stored

    status, again = post(url, as_json(grown))
    assert [r.get("text") for r in again] == [refusal]
    with sqlite3.connect(edges.tracker_db) as connection:
        assert connection.execute(size).fetchone() == (events, chars)
    status, replies = post(url, as_json({"sender": "after-grow", "message": "hello"}))
    assert status == 200
    assert any("complaints assistant for Infinium" in r.get("text", "") for r in replies)
