"""Rasa's `rest` and `callback` channels, with the request checks, the message size limit and an
answer when a turn fails.

Registered in credentials.yml as `channels.rest.LimitedRestInput` and
`channels.rest.LimitedCallbackInput`. Each keeps its Rasa name (`name()` is "rest" or "callback"),
so the URLs (/webhooks/rest/webhook, /webhooks/callback/webhook), the request and reply formats and
the `input_channel` stored with each message are Rasa's own. The differences:

- a message for a provider with no code here gets a plain refusal (channels/providers.py);
- a request that does not fit (channels/requests.py) is answered with 400 or 413 and a short JSON
  reason, `{"error": "message is missing"}`, and never reaches the assistant;
- a message over the text limit is answered by the channel (channels/limits.py);
- a message to a conversation past its size cap is answered by the channel
  (channels/conversation_cap.py);
- a turn that fails gets the apology with the provider's number (channels/failures.py);
- a callback reply that cannot be delivered (the callback URL unreachable, slow or failing) is
  logged by what failed, never its words or recipient, and the turn goes on and is stored: Rasa's
  callback channel answered the platform with a bare 500 and lost the message (issue 13);
- the body's `input_channel` is ignored: Rasa would store whatever a client sent there as the
  channel the message came in on;
- an answer's sources (its custom payload) are sent as a plain "Source: ..." line on the streamed
  REST replies `rasa shell` reads and on the callback channel, which show text only
  (channels/plain_sources.py); a plain REST reply keeps them as data.
"""

from __future__ import annotations

import asyncio
import logging
from asyncio import Queue
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.callback import CallbackInput
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.commands import TypedCommands
from channels.conversation_cap import ConversationCap, ServedConversations, Sizes
from channels.failures import answering_failures
from channels.limits import MessageSizeLimit
from channels.plain_sources import ShellOutputChannel, TextCallbackOutput
from channels.providers import ProviderCheck
from channels.requests import (
    RequestRefused,
    check_content_type,
    check_request,
    log_refusal,
    max_body_bytes,
)
from rasa_plugins.patches import log_privacy

logger = logging.getLogger(__name__)

# How long one reply's POST to the callback URL may take (Rasa's own wait is 5 minutes a reply,
# while the platform's request, and the conversation's lock, wait too).
CALLBACK_REPLY_TIMEOUT_SECONDS = 10.0


def guarded(
    channel: str,
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    sizes: Sizes | None = None,
) -> tuple:
    """The agent behind the provider check, the size limit, the typed commands' answer, the
    failure answer and the conversation cap (conversations measured by `sizes`: without it, the
    store of the agent serving the channel, found once the channel's `blueprint` is served); the
    body limit for `channel`. Every customer channel is built with this."""
    log_privacy.warn_unless_installed(channel)
    limit = MessageSizeLimit.from_environment()
    capped = ConversationCap.from_environment().guard(on_new_message, sizes or _no_sizes)
    handler = ProviderCheck.from_domain().guard(
        limit.guard(TypedCommands.from_domain().guard(answering_failures(capped)))
    )
    return without_words_when_cancelled(channel, handler), max_body_bytes(limit.max_chars)


def without_words_when_cancelled(
    channel: str, on_new_message: Callable[[UserMessage], Awaitable[Any]]
) -> Callable[[UserMessage], Awaitable[Any]]:
    """`on_new_message`, with a client that goes away before the reply logged without its words.

    Sanic cancels a request's handler when its client disconnects (a timeout, a dropped mobile
    connection), and Rasa's REST channel (`RestInput.blueprint`'s `receive`, 3.6.21) logged the
    cancellation with the whole message, `rest.message.received.timeout`, text=..., at ERROR
    (outside attacker, 27 Nov: e-mail and phone in a log every local user could read). The
    cancellation stops here, logged by what happened only; nobody is left to answer."""

    async def handle(message: UserMessage) -> Any:
        try:
            return await on_new_message(message)
        except asyncio.CancelledError:
            logger.warning(
                "%s: the client went away before the reply; the turn was cancelled", channel
            )
            return None

    return handle


async def _no_sizes(_: str) -> None:
    return None


def refuse_requests_that_do_not_fit(blueprint: Blueprint, channel: str, max_body: int) -> None:
    """Check every POST to the channel's webhook before Rasa's handler reads it."""

    @blueprint.middleware("request")
    async def check(request: Request) -> HTTPResponse | None:
        if request.method != "POST":
            return None
        try:
            check_content_type(request.headers.get("content-type"))
            check_request(request.body or b"", _content_length(request), max_body)
        except RequestRefused as refused:
            log_refusal(channel, refused)
            return response.json({"error": refused.reason}, status=refused.status)
        return None


def _content_length(request: Request) -> int | None:
    raw = request.headers.get("content-length")
    return int(raw) if raw and raw.isdigit() else None


class LimitedRestInput(RestInput):
    """Rasa's REST channel: replies in the HTTP response; requests that do not fit refused."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    @staticmethod
    async def on_message_wrapper(
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        queue: Queue,
        sender_id: str,
        input_channel: str,
        metadata: dict[str, Any] | None,
    ) -> None:
        """Rasa's own (RestInput.on_message_wrapper, 3.6.21) for streamed replies, which is what
        `rasa shell` reads, with sources shown as a "Source: ..." line, not raw JSON."""
        collector = ShellOutputChannel(queue)
        message = UserMessage(
            text, collector, sender_id, input_channel=input_channel, metadata=metadata
        )
        await on_new_message(message)
        await queue.put("DONE")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        conversations = ServedConversations()
        handler, max_body = guarded(self.name(), on_new_message, conversations)
        blueprint = conversations.blueprint = super().blueprint(handler)
        refuse_requests_that_do_not_fit(blueprint, self.name(), max_body)
        return blueprint


class CallbackReplies(TextCallbackOutput):
    """The callback channel's replies; one that cannot be delivered is logged and the turn goes on.

    Rasa's `CallbackOutput._persist_message` (3.6.21) catches only an error status from the
    callback URL, and logs the receiver's answer with it; a URL that cannot be reached raised
    through the whole turn, so nothing was stored and the platform got a bare 500."""

    async def _persist_message(self, message: dict[str, Any]) -> None:
        await CollectingOutputChannel._persist_message(self, message)
        try:
            await asyncio.wait_for(
                self.callback_endpoint.request(
                    "post", content_type="application/json", json=message
                ),
                CALLBACK_REPLY_TIMEOUT_SECONDS,
            )
        except ClientResponseError as error:
            # The status only: the receiver's answer may echo the reply, the customer's details.
            logger.error(
                "callback: a reply was refused by the callback URL (status %s)", error.status
            )
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            logger.error(
                "callback: a reply could not be delivered to the callback URL (%s)",
                type(error).__name__,
            )


class LimitedCallbackInput(CallbackInput):
    """Rasa's callback channel: replies POSTed to the callback URL; requests that do not fit
    refused in the HTTP response (an over-long message's refusal is POSTed, like any reply)."""

    @classmethod
    def name(cls) -> str:
        return "callback"

    def get_output_channel(self) -> TextCallbackOutput:
        """Replies POSTed as Rasa's callback channel does, with sources as a "Source:" line."""
        endpoint: EndpointConfig = self.callback_endpoint
        return CallbackReplies(endpoint)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        conversations = ServedConversations()
        handler, max_body = guarded(self.name(), on_new_message, conversations)
        blueprint = conversations.blueprint = super().blueprint(handler)
        if not (self.callback_endpoint.url or "").strip():
            refuse_everything_while_off(blueprint, self.name())
        refuse_requests_that_do_not_fit(blueprint, self.name(), max_body)
        return blueprint


CALLBACK_OFF = RequestRefused(404, "the callback channel is off: CALLBACK_URL is not set")


def refuse_everything_while_off(blueprint: Blueprint, channel: str) -> None:
    """With no callback URL the channel takes no message: before, `make run` set a default URL, so
    anyone who could reach the server made it POST replies to a port nobody had chosen (outside
    attacker, 27 Nov)."""

    @blueprint.middleware("request")
    async def off(request: Request) -> HTTPResponse | None:
        if request.method != "POST":
            return None
        log_refusal(channel, CALLBACK_OFF)
        return response.json({"error": CALLBACK_OFF.reason}, status=CALLBACK_OFF.status)
