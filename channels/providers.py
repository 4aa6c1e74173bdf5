"""A message for a provider this assistant has no code for is answered by the channel, never served
as another provider.

The website chat names its provider in every message's `metadata.provider` (the page's
`data-provider` or `?provider=`), and a REST client may do the same. An id with no code in
bot/codes/ (a mistyped page setting, another company's id) used to be logged and served as the
default provider: the customer was told Infinity Group's promises, numbers and ADR scheme as if
they were their own provider's (outside testing, issue 13). Now the channel answers such a message
with the domain's `utter_provider_not_served` (this chat is not set up for that provider: contact
the provider directly, and Ofcom's consumer contact centre's number from today's rules) and the
message never reaches the agent, so nothing of it is stored. The log says which id, only if it
has the shape of one (bot/provider_codes.py, `loggable_provider_id`), and never the message.

A message that names no provider is the configured default's (COMPLAINTS_PROVIDER, else
`infinity-group`), as before; a COMPLAINTS_PROVIDER with no code is refused the same way, with an
error in the log, rather than served as the default.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.nlg.interpolator import interpolate_text

from bot.provider_codes import PROVIDER_VARIABLE, provider_for_message
from bot.regulation import load_rules
from channels.limits import DOMAIN_FILE, response_text

logger = logging.getLogger(__name__)

RESPONSE = "utter_provider_not_served"
# The body whose contact centre the refusal gives (bot/rules/uk-communications.yaml).
HELP_BODY = "Ofcom"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def reply_text(domain_file: Path = DOMAIN_FILE) -> str:
    """The domain's refusal, with Ofcom's consumer contact centre's phone number from the rules."""
    body = next(b for b in load_rules().not_schemes if b.name == HELP_BODY)
    phone = next(c.value for c in body.contacts if c.channel == "phone")
    return interpolate_text(response_text(RESPONSE, domain_file), {"ofcom_phone": phone})


def requested_provider(metadata: Any) -> Any:
    """What a message's metadata names as its provider (None if it names none)."""
    return metadata.get("provider") if isinstance(metadata, dict) else None


@dataclass(frozen=True)
class ProviderCheck:
    """The refusal, read once when the channel starts."""

    reply: str

    @classmethod
    def from_domain(cls) -> ProviderCheck:
        return cls(reply_text())

    def guard(
        self, on_new_message: OnNewMessage, environ: Mapping[str, str] | None = None
    ) -> OnNewMessage:
        async def handle(message: UserMessage) -> Any:
            choice = provider_for_message(requested_provider(message.metadata), environ)
            if choice.code is not None:
                return await on_new_message(message)
            if choice.configured:
                logger.error(
                    "%s: %s names no provider with a code in bot/codes/ (%s); the customer was "
                    "told this chat is not set up for their provider",
                    message.input_channel,
                    PROVIDER_VARIABLE,
                    choice.unknown,
                )
            else:
                logger.warning(
                    "%s: a message for a provider with no code in bot/codes/ (%s); the customer "
                    "was told this chat is not set up for their provider",
                    message.input_channel,
                    choice.unknown,
                )
            await message.output_channel.send_text_message(message.sender_id, self.reply)
            return None

        return handle
