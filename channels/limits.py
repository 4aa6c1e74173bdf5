"""The size limit on a customer's message, enforced by every channel before Rasa sees the message.

A message longer than COMPLAINTS_MAX_MESSAGE_CHARS characters (Unicode code points) is answered by
the channel itself with the domain's `utter_message_too_long` and goes no further: it never reaches
Rasa's agent, so it is neither run through NLU nor stored in the tracker.

The default, 5,000, is above the longest answer the complaint form accepts (a description of
`bot.intake.MAX_DESCRIPTION_CHARS`, 4,000 characters), with room for a correction's own words
("sorry, what happened was ..."), so no answer the form could use is ever refused here; a
description between the two limits gets the form's own, more specific request to shorten it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.nlg.interpolator import interpolate_text
from rasa.shared.core.domain import Domain

logger = logging.getLogger(__name__)

LIMIT_VARIABLE = "COMPLAINTS_MAX_MESSAGE_CHARS"
DEFAULT_MAX_MESSAGE_CHARS = 5000
DOMAIN_FILE = Path(__file__).resolve().parents[1] / "domain.yml"
RESPONSE = "utter_message_too_long"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def max_message_chars(environ: Mapping[str, str] | None = None) -> int:
    """COMPLAINTS_MAX_MESSAGE_CHARS, else the default; anything but a positive whole number is
    refused (the server does not start) with a message that says what to set."""
    environ = os.environ if environ is None else environ
    raw = (environ.get(LIMIT_VARIABLE) or "").strip()
    if not raw:
        return DEFAULT_MAX_MESSAGE_CHARS
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValueError(
            f"{LIMIT_VARIABLE} must be a whole number of characters, such as "
            f"{DEFAULT_MAX_MESSAGE_CHARS}; got {raw!r}"
        )
    return int(raw)


def response_text(response: str, domain_file: Path = DOMAIN_FILE) -> str:
    """The first text of a domain response, for a channel that answers on its own."""
    variants = Domain.load(str(domain_file)).responses.get(response) or []
    texts = [variant.get("text") for variant in variants if variant.get("text")]
    if not texts:
        raise ValueError(f"{domain_file.name} has no response {response} with a text")
    return texts[0]


def refusal_text(limit: int, domain_file: Path = DOMAIN_FILE) -> str:
    """The domain's `utter_message_too_long`, with the limit filled in (as "5,000")."""
    return interpolate_text(response_text(RESPONSE, domain_file), {"max_chars": f"{limit:,}"})


@dataclass(frozen=True)
class MessageSizeLimit:
    """The limit and the reply to a message over it, read once when the channel starts."""

    max_chars: int
    refusal: str

    @classmethod
    def from_environment(cls) -> MessageSizeLimit:
        limit = max_message_chars()
        return cls(limit, refusal_text(limit))

    def allows(self, text: str | None) -> bool:
        return len(text or "") <= self.max_chars

    def guard(self, on_new_message: OnNewMessage) -> OnNewMessage:
        """`on_new_message` (Rasa's agent), for messages within the limit; a message over it gets
        the refusal on its own channel and goes no further."""

        async def handle(message: UserMessage) -> Any:
            if self.allows(message.text):
                return await on_new_message(message)
            # Counts only: never the text, which is the customer's.
            logger.info(
                "%s: a message of %d characters refused (limit %d)",
                message.input_channel,
                len(message.text or ""),
                self.max_chars,
            )
            await message.output_channel.send_text_message(message.sender_id, self.refusal)
            return None

        return handle
