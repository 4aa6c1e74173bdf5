"""A typed number answers the bot's buttons: "2" after "[1] Yes, log it [2] No, change something"
is read exactly as a click on the second button.

Wraps `MessageProcessor.parse_message` (rasa/core/processor.py, Rasa 3.6.21), where Rasa reads a
customer's message with the conversation's tracker at hand (before the message is added to it):

    async def parse_message(
        self,
        message: UserMessage,
        tracker: Optional[DialogueStateTracker] = None,
        only_output_properties: bool = True,
    ) -> Dict[Text, Any]:
        if self.http_interpreter:
            parse_data = await self.http_interpreter.parse(message)
        else:
            if tracker is None:
                tracker = DialogueStateTracker.from_events(message.sender_id, [])
            parse_data = self._parse_message_with_graph(
                message, tracker, only_output_properties
            )
        ...
        return parse_data

Written for Rasa 3.6.21; installed on any Rasa 3.6.x (the signature above is 3.6's), and on
another version left out, which `patches.install()`'s log line says. No upstream issue found: Rasa
sends buttons on a channel without them as numbered lines (`OutputChannel.send_text_with_buttons`,
"1: Yes, log it ...") but never reads a number back.

Why (outside testers, round 12, customers A, H2; issue 15): customers on the REST and messaging
channels answer numbered buttons by typing the number. At "Shall I log it?" (payloads /affirm and
/deny) "1" or "2" was read as neither, and the read-back was shown again, round and round; at
"Are you sure? This removes ..." "1" kept the needs. Here, when the message is only a number N
("1", "2.", " 2 ") and the bot's latest messages since the customer's previous one include one with
buttons, the original function reads the N-th button's payload instead of the typed text, so the
parse (intent, entities, text) is exactly what a click gives; the event keeps what was typed. The
number is left to Rasa as typed when it is out of range, when no bot message with buttons came
since the customer's previous message, when a later bot message asked a question without buttons
(a free question: "2" at "how many staff?" stays 2), or when the button is a link. Only the
bot's own buttons, from the tracker, are used; nothing in the message picks a payload but its
number.

It changes what customers get, not how fast Rasa answers, so like `log_privacy` it is installed
whatever `RASA_PATCHES` says (the conversation tests with the patches off behave the same).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable
from typing import Any

import rasa
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, Restarted, SessionStarted, UserUttered

logger = logging.getLogger(__name__)

NAME = "numbered_buttons"
WRITTEN_FOR = "3.6."  # any 3.6.x: parse_message above is the one 3.6.21 has

# Only a number, as a customer types one for a numbered line: "2", "2.", "2)", " 2 ".
_NUMBER = re.compile(r"\s*(\d{1,3})\s*[.)]?\s*")


def payload_for(text: str | None, events: Iterable[Any]) -> str | None:
    """The payload of the button the typed `text` numbers, among the bot's messages since the
    customer's previous message (`events`: the tracker's, oldest first); None to read it as typed."""
    match = _NUMBER.fullmatch(text or "")
    if not match:
        return None
    for event in reversed(list(events)):
        if isinstance(event, (UserUttered, Restarted, SessionStarted)):
            return None
        if not isinstance(event, BotUttered):
            continue
        buttons = (event.data or {}).get("buttons")
        if not buttons:
            if "?" in (event.text or ""):
                return None  # a free question came after any buttons: the number answers it
            continue
        index = int(match.group(1)) - 1
        if not 0 <= index < len(buttons) or not isinstance(buttons[index], dict):
            return None
        button = buttons[index]
        payload = button.get("payload")
        if button.get("type") == "web_url" or not isinstance(payload, str) or not payload.strip():
            return None
        return payload
    return None


def is_installed() -> bool:
    return getattr(MessageProcessor.parse_message, "reads_numbered_buttons", False)


def install(rasa_version: str | None = None) -> bool:
    """Wrap parse_message; False (not installed) on a Rasa other than 3.6.x."""
    if is_installed():
        return True
    rasa_version = rasa.__version__ if rasa_version is None else rasa_version
    if not rasa_version.startswith(WRITTEN_FOR):
        return False
    original = MessageProcessor.parse_message

    async def parse_message(
        self: Any, message: Any, tracker: Any = None, *args: Any, **kwargs: Any
    ) -> Any:
        payload = None if tracker is None else payload_for(message.text, tracker.events)
        if payload is not None:
            logger.debug("a typed number read as the bot's button %s", payload)
            message = copy.copy(message)
            message.text = payload
        return await original(self, message, tracker, *args, **kwargs)

    parse_message.reads_numbered_buttons = True  # type: ignore[attr-defined]
    parse_message.rasa_original = original  # type: ignore[attr-defined]
    MessageProcessor.parse_message = parse_message  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    if is_installed():
        MessageProcessor.parse_message = MessageProcessor.parse_message.rasa_original  # type: ignore[attr-defined,method-assign]
