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

A message to a conversation past its size cap (channels/conversation_cap.py) is answered on the
socket like any reply. A message over the size limit (channels/limits.py) is answered on the
socket with the domain's `utter_message_too_long` and never reaches the assistant; so is a socket.io message larger than the
REST channel's whole-body limit (channels/requests.py), up to the transport's own limit of
TRANSPORT_MAX_BYTES (2 MiB; above it engine.io drops the connection, as it did at 1 MB before, with
no reply). A message with metadata that is not a small JSON object, or a text that is not a string,
is answered with a `request_refused` event carrying a short reason.

Session ids are bearer secrets (whoever presents one joins the room that receives the
conversation's replies), so the server issues them and accepts no other: 128 random bits with an
HMAC-SHA256 tag under WEBCHAT_SESSION_SECRET (else a key kept in var/webchat-session.key, 0600,
made on first start), 64 hex characters. A reloaded page presents its id and keeps its
conversation; an id the client made up, or a guessed one, gets a new session instead. A socket
speaks only for the session it was confirmed for: a `user_uttered` naming another session is
refused, so a client cannot write into a conversation it does not hold.

Custom payloads (a logged complaint's `complaint_record`) reach the page as `{"custom": ...}`, and
each turn ends with a `bot_turn_end` event: see channels/webchat_output.py. providers.json also
gives each provider's phone and e-mail and the message size limit, for the page (docs/web-chat.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from engineio import json as engineio_json
from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.complaint_record import ways_to_reach
from bot.provider_codes import load_all_codes
from channels.conversation_cap import ServedConversations
from channels.limits import MessageSizeLimit, max_message_chars
from channels.requests import (
    MAX_METADATA_DEPTH,
    RequestRefused,
    check_metadata,
    json_size,
    log_refusal,
    nesting_depth,
)
from channels.rest import guarded
from channels.webchat_output import TURN_END_EVENT, WebChatOutput, announce_turn_end

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
SESSION_KEY_FILE = Path(__file__).resolve().parents[1] / "var" / "webchat-session.key"
SESSION_SECRET_VARIABLE = "WEBCHAT_SESSION_SECRET"  # noqa: S105 - a variable name
# engine.io's and Sanic's websocket limit on one socket.io packet; a larger one drops the connection.
TRANSPORT_MAX_BYTES = 2 * 1024 * 1024

# A chat message nests only its metadata; deeper than that, it is refused before anything reads it.
TOO_DEEP = RequestRefused(
    400, f"the message is nested too deeply: metadata may nest at most {MAX_METADATA_DEPTH} levels"
)
_EVENT_NAME = re.compile(r'\[\s*"([A-Za-z_]{1,64})"')


class NestedTooDeeply:
    """What a socket.io event's data decodes to when it nests too deeply for Python's JSON parser."""


NESTED_TOO_DEEPLY = NestedTooDeeply()


class PacketJson:
    """socket.io's JSON (engineio's: integers of at most 100 digits), with one change.

    A packet of a couple of kilobytes nested about a thousand levels deep makes the parser
    recurse past Python's limit inside socket.io's own decoder, before any handler runs: the
    connection dropped and the customer got no reply (outside testing). Such an event is passed
    on with NESTED_TOO_DEEPLY as its data, so the handler can refuse it with a reason.
    """

    dumps = staticmethod(engineio_json.dumps)

    @staticmethod
    def loads(text: str, **options: Any) -> Any:
        try:
            return engineio_json.loads(text, **options)
        except RecursionError:
            event = _EVENT_NAME.match(text)
            if event is None:
                raise ValueError("a packet nested too deeply") from None
            return [event.group(1), NESTED_TOO_DEEPLY]


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


class SessionIds:
    """Session ids the server issues and recognises: 128 random bits and their HMAC tag, in hex."""

    TOKEN_BYTES = 16
    TAG_BYTES = 16

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError(f"{SESSION_SECRET_VARIABLE} must be at least 16 characters")
        self._secret = secret

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, key_file: Path = SESSION_KEY_FILE
    ) -> SessionIds:
        """WEBCHAT_SESSION_SECRET (the same on every Rasa server behind one load balancer), else a
        key kept in var/ on this machine, made on first start."""
        environ = os.environ if environ is None else environ
        configured = (environ.get(SESSION_SECRET_VARIABLE) or "").strip()
        if configured:
            return cls(configured.encode("utf-8"))
        return cls(_kept_key(key_file))

    def _tag(self, token: str) -> str:
        digest = hmac.new(self._secret, token.encode("ascii"), hashlib.sha256).digest()
        return digest[: self.TAG_BYTES].hex()

    def issue(self) -> str:
        token = secrets.token_hex(self.TOKEN_BYTES)
        return token + self._tag(token)

    def recognises(self, value: Any) -> bool:
        length = 2 * (self.TOKEN_BYTES + self.TAG_BYTES)
        if not isinstance(value, str) or len(value) != length or not value.isascii():
            return False
        token, tag = value[: 2 * self.TOKEN_BYTES], value[2 * self.TOKEN_BYTES :]
        return all(c in "0123456789abcdef" for c in value) and hmac.compare_digest(
            tag, self._tag(token)
        )


def _kept_key(path: Path) -> bytes:
    """The machine's session key: read, or made (32 random bytes, readable by this user only)."""
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another server made it first
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(handle, "w", encoding="ascii") as file:
        file.write(key.hex())
    return key


class _WebChatBlueprint(SocketBlueprint):
    """Rasa's socket.io blueprint; on registration, lets the app's websockets carry a packet up to
    the transport limit (Sanic's default, 1 MiB, dropped larger ones before any reply)."""

    def register(self, app: Any, options: dict[str, Any]) -> None:
        app.config.WEBSOCKET_MAX_SIZE = max(app.config.WEBSOCKET_MAX_SIZE, TRANSPORT_MAX_BYTES)
        super().register(app, options)


class WebChatInput(SocketIOInput):
    """The website chat: socket.io with working session persistence, and the page that uses it."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # The same checks in front of the agent as the REST and callback channels (channels/rest.py).
        conversations = ServedConversations()
        on_new_message, max_packet = guarded(self.name(), on_new_message, conversations)
        limit = MessageSizeLimit.from_environment()  # its refusal, for a packet over the limit
        session_ids = SessionIds.from_environment()
        # After each turn, `bot_turn_end`: the page's typing indicator stays until the last part.
        on_new_message = announce_turn_end(on_new_message, self.namespace)
        # Rasa creates its server the same way: no CORS headers, so a page on another origin must use
        # the websocket transport (which CORS does not govern); chat.js does so.
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=[],
            max_http_buffer_size=TRANSPORT_MAX_BYTES,
            json=PacketJson,
        )
        self.sio = sio  # for get_output_channel (replies sent outside a customer's turn)
        webchat = _WebChatBlueprint(sio, self.socketio_path, "webchat", __name__)
        conversations.blueprint = webchat
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
            if session_ids.recognises(requested):
                session_id = requested
            else:
                if requested:
                    logger.info("webchat: a session id this server did not issue was refused")
                session_id = session_ids.issue()
            async with sio.session(sid, namespace=self.namespace) as session:
                previous = session.get("session_id")
                session["session_id"] = session_id
            if self.session_persistence:
                if previous and previous != session_id:
                    await sio.leave_room(sid, previous, namespace=self.namespace)
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def refuse(sid: str, refused: RequestRefused) -> None:
            log_refusal(self.name(), refused)
            await sio.emit(
                "request_refused", {"error": refused.reason}, room=sid, namespace=self.namespace
            )

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if data is NESTED_TOO_DEEPLY or nesting_depth(data) > MAX_METADATA_DEPTH + 1:
                await refuse(sid, TOO_DEEP)
                return
            if not isinstance(data, dict):
                await refuse(sid, RequestRefused(400, "the message must be a JSON object"))
                return
            if self.session_persistence:
                session = await sio.get_session(sid, namespace=self.namespace)
                sender_id = session.get("session_id")
                if not sender_id:
                    await refuse(sid, RequestRefused(400, "send session_request first"))
                    return
                claimed = data.get("session_id")
                if claimed is not None and claimed != sender_id:
                    await refuse(
                        sid, RequestRefused(400, "session_id is not this socket's session")
                    )
                    return
            else:
                sender_id = sid
            if json_size(data) > max_packet:
                # Answered like a message over the text limit: in words, on the socket.
                logger.info("webchat: a message of more than %d bytes refused", max_packet)
                room = sender_id if self.session_persistence else sid
                await WebChatOutput(sio, self.bot_message_evt).send_text_message(
                    room, limit.refusal
                )
                # The turn is over: the page's typing indicator goes (outside attacker, 27 Nov:
                # it stayed on, as no `bot_turn_end` came).
                await sio.emit(TURN_END_EVENT, {}, room=room, namespace=self.namespace)
                return
            metadata = data.get(self.metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except RecursionError:  # as deep as check_metadata refuses, and more
                    refused = RequestRefused(
                        400, f"metadata must nest at most {MAX_METADATA_DEPTH} levels deep"
                    )
                    await refuse(sid, refused)
                    return
                except ValueError:
                    await refuse(sid, RequestRefused(400, "metadata must be a JSON object"))
                    return
            text = data.get("message")
            try:
                metadata = check_metadata(metadata) or {}
                if not isinstance(text, str):
                    raise RequestRefused(400, "message must be a string")
            except RequestRefused as refused:
                await refuse(sid, refused)
                return
            await on_new_message(
                UserMessage(
                    text,
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
