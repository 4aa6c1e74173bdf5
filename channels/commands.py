"""Rasa's conversation commands, typed by a customer, get a plain answer from the channel.

Rasa reads a message that starts with `/` as an intent. Three of its built-in intents are
commands to the conversation itself: `/restart` (forget the conversation), `/back` (undo the last
turn) and `/session_start` (start a new session). From a customer's channel they undo nothing that
matters (the case checks are counted in the case store, docs/security.md), but a customer who
typed one got no answer at all (REST: `200 []`). They are answered here with the domain's
`utter_command_not_taken` and never reach Rasa's agent, so nothing in the conversation changes.
The domain's own button payloads (`/inform{...}`, `/affirm`, ...) are not commands and pass.
`rasa shell`, for staff, is not guarded: there the commands are Rasa's as documented.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage

from channels.limits import DOMAIN_FILE, response_text

logger = logging.getLogger(__name__)

RESPONSE = "utter_command_not_taken"
# "/restart", "/back", "/session_start", with or without Rasa's "{entities}" or "@confidence".
COMMAND = re.compile(r"^\s*/(restart|back|session_start)(?![\w])", re.IGNORECASE)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def command_in(text: str | None) -> str | None:
    """The built-in command a message is, or None."""
    match = COMMAND.match(text or "")
    return match.group(1) if match else None


def reply_text(domain_file: Path = DOMAIN_FILE) -> str:
    return response_text(RESPONSE, domain_file)


@dataclass(frozen=True)
class TypedCommands:
    """The answer to a typed command, read once when the channel starts."""

    reply: str

    @classmethod
    def from_domain(cls) -> TypedCommands:
        return cls(reply_text())

    def guard(self, on_new_message: OnNewMessage) -> OnNewMessage:
        async def handle(message: UserMessage) -> Any:
            command = command_in(message.text)
            if command is None:
                return await on_new_message(message)
            logger.info(
                "%s: Rasa's /%s typed by a customer, answered", message.input_channel, command
            )
            await message.output_channel.send_text_message(message.sender_id, self.reply)
            return None

        return handle
