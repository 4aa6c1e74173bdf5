"""The website chat: Rasa's socket.io protocol, and the chat page and its assets, from one server.

Registered in credentials.yml as `channels.webchat.WebChatInput`. It takes the place of Rasa's own
`socketio` channel, speaking the same protocol on the same path (/socket.io: `session_request`,
`session_confirm`, `user_uttered` with `session_id` and `metadata`, `bot_uttered`), with one fix:
Rasa 3.6.21 calls python-socketio 5's `enter_room` coroutine without awaiting it
(RasaHQ/rasa#13027), so with `session_persistence: true` a socket never joins its session's room and
never receives a reply. Here the room is joined, so a reloaded page (a new socket, the same session
id) keeps its conversation.

It also serves web/ at /webhooks/webchat/ (the page at /webhooks/webchat/, the embeddable widget at
/webhooks/webchat/chat.js), so the page and the socket share an origin and nothing needs CORS, and
/webhooks/webchat/providers.json (the providers' trading names, for the chat's header).

A message over the size limit (channels/limits.py) is answered on the socket with the domain's
`utter_message_too_long` and never reaches the assistant.

Custom payloads (a logged complaint's `complaint_record`) reach the page as `{"custom": ...}`, and
each turn ends with a `bot_turn_end` event: see channels/webchat_output.py. providers.json also
gives each provider's phone and e-mail and the message size limit, for the page (docs/web-chat.md).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.complaint_record import ways_to_reach
from bot.provider_codes import load_all_codes
from channels.limits import MessageSizeLimit, max_message_chars
from channels.webchat_output import WebChatOutput, announce_turn_end

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parents[1] / "web"

# The page runs only its own files; replies go only to this origin (the socket included).
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
# The widget's files are loaded by other sites' pages too (one <script> tag); always revalidated.
ASSET_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}


def page_facts() -> dict[str, Any]:
    """What the chat page needs besides the conversation: each provider's phone and e-mail from its
    code (for the "we can't reach the assistant" notice) and the longest message the channels take
    (for the message box's count and warning)."""
    try:
        reach = {provider_id: ways_to_reach(code) for provider_id, code in load_all_codes().items()}
    except Exception:  # as for the names: the page still works without them
        logger.exception("webchat: could not load the providers' contacts for the page")
        reach = {}
    return {"contacts": reach, "max_message_chars": max_message_chars()}


def provider_names() -> dict[str, str]:
    """Each provider's id and trading name, for the chat's header (empty if the codes will not load:
    the header then shows the id, and the assistant reports the problem in its own log)."""
    try:
        return {provider_id: code.trading_name for provider_id, code in load_all_codes().items()}
    except Exception:  # the chat must still start; the header is a nicety
        logger.exception("webchat: could not load the providers' codes for the header")
        return {}


class WebChatInput(SocketIOInput):
    """The website chat: socket.io with working session persistence, and the page that uses it."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = MessageSizeLimit.from_environment().guard(on_new_message)
        # After each turn, `bot_turn_end`: the page's typing indicator stays until the last part.
        on_new_message = announce_turn_end(on_new_message, self.namespace)
        # Rasa creates its server the same way: no CORS headers, so a page on another origin must use
        # the websocket transport (which CORS does not govern); chat.js does so.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        self.sio = sio  # for get_output_channel (replies sent outside a customer's turn)
        webchat = SocketBlueprint(sio, self.socketio_path, "webchat", __name__)
        names = provider_names()
        facts = page_facts()

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            if not self.jwt_key:
                return True
            token = (auth or {}).get("token")
            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if _is_session_id(requested) else uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not _is_session_id(sender_id):
                    logger.warning("webchat: a message without a valid session_id was ignored")
                    return
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            text = data.get("message")
            await on_new_message(
                UserMessage(
                    text if isinstance(text, str) else "",
                    WebChatOutput(sio, self.bot_message_evt),
                    sender_id,
                    input_channel=self.name(),
                    metadata=metadata,
                )
            )

        @webchat.route("/", methods=["GET"], strict_slashes=True)
        async def page(_: Request) -> HTTPResponse:
            return await response.file(WEB_DIR / "index.html", headers=PAGE_HEADERS)

        @webchat.route("", methods=["GET"], strict_slashes=True)
        async def page_without_slash(request: Request) -> HTTPResponse:
            # The page's assets are relative to it: /webhooks/webchat/chat.js, not /webhooks/chat.js.
            query = f"?{request.query_string}" if request.query_string else ""
            return response.redirect(f"{request.path}/{query}")

        @webchat.route("/providers.json", methods=["GET"])
        async def providers(_: Request) -> HTTPResponse:
            # Public facts (trading names); any site embedding the widget may read them.
            return response.json(
                {"providers": names, **facts},
                headers={"Access-Control-Allow-Origin": "*", **ASSET_HEADERS},
            )

        webchat.static("", str(WEB_DIR), name="webchat_assets")

        @webchat.middleware("response")
        async def asset_headers(request: Request, response_: HTTPResponse) -> None:
            for header, value in ASSET_HEADERS.items():
                response_.headers.setdefault(header, value)

        return webchat


def _is_session_id(value: Any) -> bool:
    """A session id as this channel issues them (a UUID's hex) or the like: 16 to 64 letters, digits,
    '-' or '_'. A short, guessable id is refused, so a new session is issued instead."""
    return (
        isinstance(value, str)
        and 16 <= len(value) <= 64
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in value)
    )
