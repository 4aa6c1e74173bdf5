"""Rasa's `rest` and `callback` channels, with the message size limit (channels/limits.py).

Registered in credentials.yml as `channels.rest.LimitedRestInput` and
`channels.rest.LimitedCallbackInput`. Each keeps its Rasa name (`name()` is "rest" or "callback"),
so the URLs (/webhooks/rest/webhook, /webhooks/callback/webhook), the request and reply formats and
the `input_channel` stored with each message are Rasa's own; the only difference is that a message
over the limit is answered by the channel and never reaches the assistant.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.callback import CallbackInput
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from channels.limits import MessageSizeLimit


class LimitedRestInput(RestInput):
    """Rasa's REST channel: replies in the HTTP response; over-long messages refused."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(MessageSizeLimit.from_environment().guard(on_new_message))


class LimitedCallbackInput(CallbackInput):
    """Rasa's callback channel: replies POSTed to the callback URL; over-long messages refused
    (the refusal is POSTed there too, like any reply)."""

    @classmethod
    def name(cls) -> str:
        return "callback"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(MessageSizeLimit.from_environment().guard(on_new_message))
