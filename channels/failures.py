"""A turn that fails still answers the customer, and its failure is logged without their words.

When Rasa's agent cannot handle a message at all (with LOCK_STORE=redis, Redis gone after start-up:
the conversation's lock cannot be taken, so nothing runs), Rasa's `rest` channel logged the error
with the message's text (`rest.message.received.failure`, text=...) and answered `200 []`; the
callback and website chat channels said nothing either. Every channel here runs the agent through
`answering_failures`: the customer gets the domain's `utter_service_trouble` (send it again in a few
minutes, or call us on the provider's number) and the log gets what failed, by type, never the
text. Nothing is stored for the failed turn, so the customer's next message, once the lock store is
back, carries on the conversation where it was (rasa_plugins/lock_store.py reconnects by itself).

The provider's number is the one the message's metadata names (the website chat sends it with every
message), else COMPLAINTS_PROVIDER's, else the default's: the conversation itself cannot be read
without its lock.

A turn that ends with nothing said is a failure too. A customer who gets no answer cannot tell a
slow reply from a lost one; twice (27 November) an action that ended neither the turn nor the
message ran until Rasa's circuit breaker stopped it, and every later message got `200 []`. Each
such bug is fixed where it is, with its test; this is the net under them: when the agent handled
the message and no message went to the customer, they get the domain's `utter_no_reply` (say it
another way, or call the provider) and the log a warning naming the channel, never the text.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LockError
from rasa.core.nlg.interpolator import interpolate_text
from rasa.shared.core.domain import Domain

from bot.provider_codes import choose_code, complaints_phone
from channels.limits import DOMAIN_FILE

logger = logging.getLogger(__name__)

APOLOGY = "utter_service_trouble"
NO_REPLY = "utter_no_reply"
# Every way an output channel sends something to the customer (rasa.core.channels.OutputChannel).
SENDS = (
    "send_response",
    "send_text_message",
    "send_text_with_buttons",
    "send_quick_replies",
    "send_image_url",
    "send_attachment",
    "send_elements",
    "send_custom_json",
)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def apology_template(domain_file: Path = DOMAIN_FILE, name: str = APOLOGY) -> str:
    variants = Domain.load(str(domain_file)).responses.get(name) or []
    texts = [variant.get("text") for variant in variants if variant.get("text")]
    if not texts:
        raise ValueError(f"{domain_file.name} has no response {name} with a text")
    return texts[0]


def apology_for(template: str, metadata: Any) -> str:
    requested = metadata.get("provider") if isinstance(metadata, dict) else None
    code = choose_code(requested if isinstance(requested, str) else None)
    return interpolate_text(template, {"provider_phone": complaints_phone(code)})


def counting_sends(output_channel: Any) -> list[int]:
    """Count what `output_channel` sends from now on (in the list's one item): each of its send
    methods is wrapped on this instance only, and still sends as before."""
    sent = [0]
    for name in SENDS:
        original = getattr(output_channel, name, None)
        if original is None:
            continue

        def counted(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            sent[0] += 1
            return _original(*args, **kwargs)

        setattr(output_channel, name, counted)
    return sent


def answering_failures(
    on_new_message: OnNewMessage, template: str | None = None, no_reply: str | None = None
) -> OnNewMessage:
    """`on_new_message`, with the apology instead of silence when the agent fails, and a way on
    instead of silence when it handled the message and said nothing."""
    template = template or apology_template()
    no_reply = no_reply or apology_template(name=NO_REPLY)

    async def handle(message: UserMessage) -> Any:
        try:
            sent = counting_sends(message.output_channel)
            answer = await on_new_message(message)
            if sent[0] == 0:
                logger.warning(
                    "%s: a turn ended with nothing said to the customer; they were asked to say it "
                    "another way",
                    message.input_channel,
                )
                await message.output_channel.send_text_message(
                    message.sender_id, apology_for(no_reply, message.metadata)
                )
            return answer
        except LockError as error:
            logger.error(
                "%s: the conversation's lock could not be taken (%s); the customer was asked to "
                "send the message again",
                message.input_channel,
                type(error.__cause__ or error).__name__,
            )
        except Exception as error:  # noqa: BLE001 - whatever failed, the customer gets an answer
            frame = error.__traceback__
            while frame is not None and frame.tb_next is not None:
                frame = frame.tb_next
            where = (
                f"{Path(frame.tb_frame.f_code.co_filename).name}:{frame.tb_lineno}" if frame else ""
            )
            # The type and where, never the error's message: it may quote the customer's words.
            logger.error(
                "%s: a turn failed (%s at %s)", message.input_channel, type(error).__name__, where
            )
        await message.output_channel.send_text_message(
            message.sender_id, apology_for(template, message.metadata)
        )
        return None

    return handle
