"""What the website chat's socket sends beyond Rasa's own socket.io channel.

- **Custom payloads.** Rasa 3.6.21's `SocketIOOutput.send_custom_json` calls
  `sio.emit(event, **json_message)`, so a payload such as `{"complaint_record": {...}}` becomes an
  unexpected keyword argument of python-socketio's `emit` and the message is lost (an error in the
  server's log). `WebChatOutput` sends it as Rasa's REST channel does: `{"custom": {...}}` on the
  bot message event, to the session's room. Text, buttons and the rest are Rasa's, unchanged.
- **The end of a turn.** Rasa sends a multi-part reply as separate `bot_uttered` events with nothing
  to say the last has come, so the page could only guess when to stop showing "the assistant is
  writing". `announce_turn_end` emits `bot_turn_end` to the session once the assistant has handled a
  message (whatever it answered, an error or a refusal included). A page that ignores the event
  loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOOutput

logger = logging.getLogger(__name__)

TURN_END_EVENT = "bot_turn_end"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class WebChatOutput(SocketIOOutput):
    """Rasa's socket.io output, with custom payloads delivered as `{"custom": payload}`."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


def announce_turn_end(on_new_message: OnNewMessage, namespace: str | None = None) -> OnNewMessage:
    """`on_new_message`, then `bot_turn_end` to the message's session (its socket.io room)."""

    async def handle(message: UserMessage) -> Any:
        try:
            return await on_new_message(message)
        finally:
            output = message.output_channel
            if isinstance(output, SocketIOOutput):
                try:
                    await output.sio.emit(
                        TURN_END_EVENT, {}, room=message.sender_id, namespace=namespace
                    )
                except Exception:  # the page falls back on its own timeout
                    logger.warning("webchat: could not announce the end of a turn", exc_info=True)

    return handle
