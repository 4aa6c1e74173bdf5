"""The cap on the size of one conversation, enforced by every channel before Rasa sees the message.

Rasa reads a conversation's whole current session back from the tracker store at every turn, runs
its policies over it and sends it to the action server with every action, so a turn costs more the
longer its conversation is, and much of that work holds the server's event loop. Outside testing
(issue 13, "one client cannot" exhaust the service) sent one sender 80 messages of 4,990 characters
with 3,900 bytes of metadata, each within the channels' limits (channels/limits.py,
channels/requests.py): that conversation's turns grew from 0.6 s to 4.7 s (3.3 MB of events), and
a new customer's "hello" took up to 5 s while one of them ran.

Now a message to a conversation whose current session already holds
COMPLAINTS_MAX_CONVERSATION_MESSAGES customer messages (default 200) or
COMPLAINTS_MAX_CONVERSATION_CHARS characters of stored events (default 500,000) is answered by the
channel with the domain's `utter_conversation_too_long` (start a new conversation; a complaint
already logged is kept; the provider's phone number) and goes no further: it never reaches Rasa's
agent, so nothing of it is processed or stored. The size is counted by the database in one query
(`conversation_size`, rasa_plugins/turn_cost.py); the events are not read.

The defaults are far above any real conversation: the longest in the tracker store after the outside
conversation set and the tests were played (27 Nov 2026) held 36 customer messages and 141,000
characters of events, about 4,000 a message. A message at the text and metadata limits stores
about 40,000 (the text twice, in the message and its parse, and the metadata), so the outside
tester's conversation passed 500,000 characters at its 13th message, when its turns took about
1.5 s (its stored events show), and its 14th would be refused; a customer would need about a
dozen descriptions of 4,000 characters on top of the longest real conversation to come near it.

A session whose customer last wrote longer ago than the domain's `session_expiration_time` is let
through: Rasa starts a new session with that message, and the count starts again. So a customer
whose channel keeps one id for ever (a phone number on a messaging platform) is never shut out.

Each server checks and runs one conversation's messages one at a time, as Rasa's lock runs its
turns, so messages sent all at once cannot all pass a check made before any of them is stored.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.domain import Domain
from sanic import Blueprint
from sanic.exceptions import SanicException

from channels.failures import apology_for
from channels.limits import DOMAIN_FILE, response_text
from rasa_plugins.turn_cost import ConversationSize

logger = logging.getLogger(__name__)

MESSAGES_VARIABLE = "COMPLAINTS_MAX_CONVERSATION_MESSAGES"
CHARS_VARIABLE = "COMPLAINTS_MAX_CONVERSATION_CHARS"
DEFAULT_MAX_MESSAGES = 200
DEFAULT_MAX_CHARS = 500_000
RESPONSE = "utter_conversation_too_long"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
Sizes = Callable[[str], Awaitable[ConversationSize | None]]


def positive_setting(variable: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    """A whole-number setting, else its default; anything else stops the server, saying what to set."""
    environ = os.environ if environ is None else environ
    raw = (environ.get(variable) or "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValueError(f"{variable} must be a whole number, such as {default}; got {raw!r}")
    return int(raw)


class ServedConversations:
    """Conversation sizes from the tracker store of the Rasa agent behind a channel's blueprint.

    Rasa loads its agent after the channels are registered, so the store is looked up at each
    message, through the app the blueprint is registered on. Rasa 3.6's agent wraps the configured
    store in a FailSafeTrackerStore, which keeps it as `_tracker_store`. A store without
    `conversation_size` (not the project's SQL store) caps nothing, and says so once."""

    def __init__(self) -> None:
        self.blueprint: Blueprint | None = None
        self._warned = False

    def _store(self) -> Any:
        try:
            apps = self.blueprint.apps if self.blueprint is not None else set()
        except SanicException:  # not registered on an app yet
            apps = set()
        for app in apps:
            store = getattr(getattr(app.ctx, "agent", None), "tracker_store", None)
            store = getattr(store, "_tracker_store", store)
            if hasattr(store, "conversation_size"):
                return store
        return None

    async def __call__(self, sender_id: str) -> ConversationSize | None:
        store = self._store()
        if store is None:
            if not self._warned:
                logger.warning("no tracker store that counts conversations: no conversation cap")
                self._warned = True
            return None
        return await store.conversation_size(sender_id)


@dataclass
class ConversationCap:
    """The cap and its reply, read once when the channel starts."""

    max_messages: int
    max_chars: int
    reply_template: str  # with {provider_phone}
    session_minutes: float  # the domain's session_expiration_time (0: sessions never expire)
    _waiting: dict[str, tuple[asyncio.Lock, int]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_environment(cls, domain_file: Path = DOMAIN_FILE) -> ConversationCap:
        domain = Domain.load(str(domain_file))
        return cls(
            positive_setting(MESSAGES_VARIABLE, DEFAULT_MAX_MESSAGES),
            positive_setting(CHARS_VARIABLE, DEFAULT_MAX_CHARS),
            response_text(RESPONSE, domain_file),
            domain.session_config.session_expiration_time,
        )

    def allows(self, size: ConversationSize | None, now: float) -> bool:
        if size is None:
            return True
        if size.customer_messages < self.max_messages and size.stored_chars < self.max_chars:
            return True
        # Rasa starts a new session with this message (processor._has_session_expired).
        last = size.last_message_at
        return (
            self.session_minutes > 0 and last is not None and now - last > 60 * self.session_minutes
        )

    def guard(self, on_new_message: OnNewMessage, sizes: Sizes) -> OnNewMessage:
        """`on_new_message` (Rasa's agent), for a conversation within the cap; past it, the reply
        on the message's own channel and nothing more."""

        async def handle(message: UserMessage) -> Any:
            async with self._one_at_a_time(message.sender_id):
                size = await sizes(message.sender_id)
                if self.allows(size, time.time()):
                    return await on_new_message(message)
            # Sizes only: never the sender or the text, which are the customer's.
            logger.info(
                "%s: a message refused: the conversation holds %d messages and %d characters "
                "(caps %d and %d)",
                message.input_channel,
                size.customer_messages,
                size.stored_chars,
                self.max_messages,
                self.max_chars,
            )
            await message.output_channel.send_text_message(
                message.sender_id, apology_for(self.reply_template, message.metadata)
            )
            return None

        return handle

    @asynccontextmanager
    async def _one_at_a_time(self, sender_id: str) -> AsyncIterator[None]:
        """This conversation's lock on this server, kept only while a message of it waits or runs."""
        lock, users = self._waiting.get(sender_id) or (asyncio.Lock(), 0)
        self._waiting[sender_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._waiting[sender_id]
            if users == 1:
                del self._waiting[sender_id]
            else:
                self._waiting[sender_id] = (lock, users - 1)
