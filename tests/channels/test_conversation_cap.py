"""The cap on one conversation's size (channels/conversation_cap.py), without servers: the settings,
the reply from the domain, and the guard every channel puts in front of Rasa's agent, counting with
the project's own tracker store on SQLite.

Outside testing (issue 13): 80 messages of 4,990 characters to one sender, each within the channel
limits, made that conversation's turns take 0.6 s to 4.7 s and stalled other customers; nothing
stopped it. tests/servers/test_request_edges.py checks the cap through the real REST channel.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from sanic import Blueprint, Sanic

from bot.provider_codes import complaints_phone, get_code
from channels.conversation_cap import (
    CHARS_VARIABLE,
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_MESSAGES,
    MESSAGES_VARIABLE,
    ConversationCap,
    ServedConversations,
    positive_setting,
)
from channels.rest import guarded
from rasa_plugins.private_events import PrivateSQLTrackerStore
from rasa_plugins.turn_cost import ConversationSize

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
PROVIDER = {"provider": "infinium"}
# The outside tester's message: just under the text limit, with metadata just under its limit.
LONG = "word " * 998
JUNK = {**PROVIDER, "junk": "y" * 3900}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PrivateSQLTrackerStore]:
    store = PrivateSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    try:
        yield store
    finally:
        store.engine.dispose()


class Agent:
    """Stands in for Rasa's agent: stores each message it gets, with a reply, as Rasa would."""

    def __init__(self, store: PrivateSQLTrackerStore) -> None:
        self.store, self.received = store, 0

    async def __call__(self, message: UserMessage) -> None:
        self.received += 1
        tracker = await self.store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, metadata=message.metadata))
        tracker.update(BotUttered("the assistant's reply"))
        tracker.update(ActionExecuted("action_listen"))
        await self.store.save(tracker)
        await message.output_channel.send_text_message(message.sender_id, "the assistant's reply")


def send(handler, text: str, metadata: dict, sender: str = "att-grow2") -> list[str]:
    output = CollectingOutputChannel()
    message = UserMessage(text, output, sender, input_channel="rest", metadata=metadata)
    asyncio.run(handler(message))
    return [m["text"] for m in output.messages]


def test_the_defaults_are_far_above_a_real_conversation() -> None:
    # The longest conversation played through the servers: 36 messages, 141,000 characters.
    assert positive_setting(MESSAGES_VARIABLE, DEFAULT_MAX_MESSAGES, {}) == 200
    assert positive_setting(CHARS_VARIABLE, DEFAULT_MAX_CHARS, {}) == 500_000
    assert positive_setting(MESSAGES_VARIABLE, 200, {MESSAGES_VARIABLE: " 40 "}) == 40
    for value in ("0", "-1", "2.5", "many"):
        with pytest.raises(ValueError, match=f"{MESSAGES_VARIABLE} must be a whole number"):
            positive_setting(MESSAGES_VARIABLE, 200, {MESSAGES_VARIABLE: value})


def test_the_reply_is_the_domains_with_the_providers_number() -> None:
    cap = ConversationCap.from_environment()
    assert cap.session_minutes == 60  # the reply says "after an hour's break"
    text = cap.reply_template
    assert "too long" in text and "New conversation" in text and "an hour's break" in text
    assert "{provider_phone}" in text


def test_a_conversation_past_the_cap_is_answered_by_the_channel_and_stores_nothing(
    store: PrivateSQLTrackerStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outside tester's messages, through the stack every channel is built with: past the cap,
    the customer is told how to go on, and the agent (NLU, policies, the store) is never reached."""
    monkeypatch.setenv(CHARS_VARIABLE, "60000")
    agent = Agent(store)
    handler, _ = guarded("rest", agent, store.conversation_size)
    for _ in range(4):  # about 19,000 characters of events each
        assert send(handler, LONG.strip(), JUNK) == ["the assistant's reply"]
    size = asyncio.run(store.conversation_size("att-grow2"))
    assert (size.customer_messages, size.stored_chars > 60_000) == (4, True)

    for _ in range(3):
        [reply] = send(handler, LONG.strip(), JUNK)
        assert "grown too long" in reply
        assert complaints_phone(get_code("infinium")) in reply
    assert agent.received == 4
    assert asyncio.run(store.conversation_size("att-grow2")) == size  # nothing stored
    # Another customer is not touched.
    assert send(handler, "hello", PROVIDER, sender="fresh") == ["the assistant's reply"]


def test_the_message_count_caps_short_messages(
    store: PrivateSQLTrackerStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MESSAGES_VARIABLE, "3")
    agent = Agent(store)
    handler, _ = guarded("rest", agent, store.conversation_size)
    replies = [send(handler, "hi", PROVIDER)[0] for _ in range(5)]
    assert replies[:3] == ["the assistant's reply"] * 3
    assert all("grown too long" in reply for reply in replies[3:])
    assert agent.received == 3


def test_messages_sent_at_once_cannot_all_pass_the_check(
    store: PrivateSQLTrackerStore,
) -> None:
    agent = Agent(store)
    cap = ConversationCap(3, DEFAULT_MAX_CHARS, "Too long.", 60)
    handler = cap.guard(agent, store.conversation_size)

    async def at_once() -> list[list[str]]:
        outputs = [CollectingOutputChannel() for _ in range(8)]
        await asyncio.gather(
            *(
                handler(UserMessage("hi", output, "burst", input_channel="rest"))
                for output in outputs
            )
        )
        return [[m["text"] for m in output.messages] for output in outputs]

    replies = asyncio.run(at_once())
    assert sorted(r[0] for r in replies) == ["Too long."] * 5 + ["the assistant's reply"] * 3
    assert agent.received == 3
    assert cap._waiting == {}  # no lock kept once the messages are answered


def test_an_expired_session_lets_the_customer_start_again(store: PrivateSQLTrackerStore) -> None:
    """A channel that keeps one id for ever (a phone number) is never shut out: after the domain's
    session_expiration_time, Rasa starts a new session and the count starts again."""
    cap = ConversationCap(2, DEFAULT_MAX_CHARS, "Too long.", 60)
    full = ConversationSize(2, 5000, last_message_at=time.time() - 59 * 60)
    assert not cap.allows(full, time.time())
    assert cap.allows(ConversationSize(2, 5000, time.time() - 61 * 60), time.time())
    assert not ConversationCap(2, DEFAULT_MAX_CHARS, "", 0).allows(
        ConversationSize(2, 5000, time.time() - 10**6), time.time()
    )

    # And the count is of the current session only.
    tracker = asyncio.run(store.get_or_create_tracker("kept-id"))
    for event in (UserUttered("one"), UserUttered("two"), SessionStarted(), UserUttered("three")):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.conversation_size("kept-id")).customer_messages == 1


def test_the_channels_find_the_store_of_the_agent_serving_them(
    store: PrivateSQLTrackerStore,
) -> None:
    """Rasa's agent wraps the configured store in a FailSafeTrackerStore, and is loaded after the
    channels' blueprints are registered: the store is found through the app at each message."""
    conversations = ServedConversations()
    assert asyncio.run(conversations("anyone")) is None  # not served yet: nothing capped
    conversations.blueprint = Blueprint("cap_test")
    app = Sanic("cap_test_app")
    app.blueprint(conversations.blueprint)
    assert asyncio.run(conversations("anyone")) is None  # no agent yet
    app.ctx.agent = SimpleNamespace(tracker_store=FailSafeTrackerStore(store))
    tracker = asyncio.run(store.get_or_create_tracker("served"))
    tracker.update(UserUttered("hello"))
    asyncio.run(store.save(tracker))
    size = asyncio.run(conversations("served"))
    assert size is not None and size.customer_messages == 1


def test_a_refusal_is_logged_without_the_sender_or_the_words(
    store: PrivateSQLTrackerStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="channels.conversation_cap")
    handler = ConversationCap(1, DEFAULT_MAX_CHARS, "Too long.", 60).guard(
        Agent(store), store.conversation_size
    )
    send(handler, "my email is zeb.quill@example.org", PROVIDER, sender="whatsapp:+447700900123")
    send(handler, "my email is zeb.quill@example.org", PROVIDER, sender="whatsapp:+447700900123")
    [record] = [r for r in caplog.records if r.name == "channels.conversation_cap"]
    logged = record.getMessage()
    assert logged.startswith("rest: a message refused: the conversation holds 1 messages and ")
    assert "zeb.quill" not in logged and "7700900123" not in logged
