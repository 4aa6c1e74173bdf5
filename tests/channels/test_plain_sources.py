"""An answer's sources on channels that show text only: a plain "Source: ..." line, never the raw
payload (outside compliance review: `rasa shell` printed the custom JSON). `rasa shell` reads the
REST channel's streamed replies; the callback channel POSTs text messages on, as messaging platforms
take them. A plain REST reply keeps the sources as data."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.utils.endpoints import EndpointConfig

from actions.rights import ActionAnswerQuestion
from channels.rest import LimitedCallbackInput, LimitedRestInput
from tests.action_support import make_tracker, run_action


def an_answer(provider: str = "infinium") -> dict[str, Any]:
    """One factual answer as the action server gives it to Rasa (text and its sources)."""
    tracker = make_tracker({"provider": provider}, text="ombudsman", intent="ask_adr")
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    message = next(m for m in messages if m["response"] == "utter_adr_limits")
    return {"text": "After an ADR letter you have 12 months to apply.", "custom": message["custom"]}


def replies_through(answer: dict[str, Any], send: Any) -> list[dict[str, Any]]:
    async def on_new_message(message: UserMessage) -> None:
        await message.output_channel.send_response("shell-user", dict(answer))

    return asyncio.run(send(on_new_message))


def test_the_shell_shows_a_source_line_not_the_raw_payload() -> None:
    async def send(on_new_message: Any) -> list[dict[str, Any]]:
        queue: asyncio.Queue = asyncio.Queue()
        await LimitedRestInput.on_message_wrapper(
            on_new_message, "ombudsman", queue, "shell-user", "rest", None
        )
        items = []
        while (item := queue.get_nowait()) != "DONE":
            items.append(item)
        return items

    replies = replies_through(an_answer(), send)
    assert [r.get("text") for r in replies] == [
        "After an ADR letter you have 12 months to apply.",
        "Source: Ofcom consumer help pages on ADR; CISAS eligibility rules (CEDR); Ofcom; both "
        "schemes",
    ]
    assert not any("custom" in r for r in replies)


def test_the_callback_channel_posts_a_source_line_not_the_raw_payload() -> None:
    posted: list[dict[str, Any]] = []
    channel = LimitedCallbackInput(EndpointConfig("http://127.0.0.1:1/bot"))
    output = channel.get_output_channel()

    async def record(method: str, content_type: str, json: dict[str, Any]) -> None:
        posted.append(json)

    output.callback_endpoint.request = record  # the platform's receiver, here a list

    async def send(on_new_message: Any) -> list[dict[str, Any]]:
        await on_new_message(UserMessage("ombudsman", output, "platform-user"))
        return posted

    replies = replies_through(an_answer(), send)
    assert replies[1]["text"].startswith("Source: Ofcom consumer help pages on ADR")
    assert not any("custom" in r for r in replies)


def test_other_custom_payloads_are_left_as_rasa_sends_them() -> None:
    posted: list[dict[str, Any]] = []
    output = LimitedCallbackInput(EndpointConfig("http://127.0.0.1:1/bot")).get_output_channel()

    async def record(method: str, content_type: str, json: dict[str, Any]) -> None:
        posted.append(json)

    output.callback_endpoint.request = record
    record_card = {"complaint_record": {"reference": "IN-7K3Q9X"}}
    asyncio.run(output.send_response("platform-user", {"custom": record_card}))
    assert posted == [{"recipient_id": "platform-user", "custom": record_card}]
