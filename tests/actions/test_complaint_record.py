"""The record of a logged complaint that the website chat pins and prints (bot/complaint_record.py),
how it reaches the page (channels/webchat_output.py) and which channels get it (domain.yml).

"Today" is Tuesday 22 December 2026, 10:00, Europe/London.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain

from actions.intake import ActionSubmitComplaint
from bot.complaint_record import ways_to_reach
from bot.provider_codes import get_code
from channels.webchat_output import TURN_END_EVENT, WebChatOutput, announce_turn_end
from tests.action_support import (
    CONSUMER_FORM,
    make_tracker,
    only,
    run_action,
)

ROOT = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("action_database")


def logged_record(provider: str) -> dict[str, Any]:
    tracker = make_tracker({**CONSUMER_FORM, "provider": provider}, text="yes", intent="affirm")
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    sent = only(messages, "utter_complaint_record")
    return sent["custom"]["complaint_record"]


def test_infiniums_two_reply_dates_carry_their_labels_and_quotes() -> None:
    record = logged_record("infinium")
    code = get_code("infinium")
    assert [(d["label"], d["date"], d["time"], d["period"]) for d in record["dates"]] == [
        (
            "Acknowledgement: first response to your correspondence",
            "Tuesday 29 December 2026",
            None,
            "3 business days",
        ),
        ("Full reply to your complaint", "Friday 8 January 2027", None, "10 working days"),
    ]
    quotes = {c.id: c.quote for c in code.commitments}
    for date in record["dates"]:
        assert date["source"] == {
            "document": "Infinium's Code of Practice",
            "quote": quotes[date["id"]],
        }


def test_iss_48_hours_on_the_card_is_its_codes_words_not_a_date() -> None:
    """F2 (outside compliance reader): the card pinned "Thursday 24 December 2026 at 10:00 (48
    hours)" for a code that says "within 48 hours of your complaint being raised"."""
    record = logged_record("infinity-system-solutions")
    handler = next(d for d in record["dates"] if d["kind"] == "case_handler_contact")
    assert (handler["date"], handler["time"], handler["period"]) == (
        "Within 48 hours of your complaint being raised",
        None,
        None,
    )
    assert "48 hours of your complaint being raised" in handler["source"]["quote"]
    # Its periods in working time keep their dates: "within the first 3 working days" close on
    # Thursday 24th (the 22nd, 23rd and 24th; outside compliance reader, F7), the 24 working hours
    # on Tuesday 29th.
    assert [d["date"] for d in record["dates"] if d["kind"] != "case_handler_contact"] == [
        "Thursday 24 December 2026",
        "Tuesday 29 December 2026",
    ]


def test_the_record_holds_the_customers_words_every_date_the_route_and_adr_with_sources() -> None:
    record = logged_record("infinity-group")
    assert json.loads(json.dumps(record)) == record  # plain JSON, as the socket sends it
    assert record["description"] == CONSUMER_FORM["complaint_description"]
    assert record["logged"] == {"date": "Tuesday 22 December 2026", "time": "10:00"}
    assert [(d["label"], d["date"], d["time"]) for d in record["dates"]] == [
        ("Reply", "Thursday 31 December 2026", "17:30")
    ]
    assert [s["role"] for s in record["escalation"]] == ["Operations Director", "Managing Director"]
    assert all(s["source"]["quote"] for s in record["escalation"])
    assert record["adr"]["opens"] == "Tuesday 2 February 2027"  # 6 weeks under today's rules
    assert record["adr"]["scheme"] == "Communications Ombudsman"  # today's name
    assert {s["document"] for s in record["adr"]["sources"]} == {
        "Today's rules for UK communications providers",
        "Infinity Group's Customer Complaints Code (correct as at 2016-02)",
    }
    assert record["provider"]["reach"] == {
        "phone": "0345 450 4600",
        "email": "customerservices@infinitygroup.co.uk",
    }


def test_a_provider_without_an_email_is_reached_by_phone_or_post() -> None:
    assert ways_to_reach(get_code("infinium")) == {
        "phone": "01253 353537",
        "letter": "Customer Services, Unit 4 Bartle Court Business Village, Rosemary Lane, "
        "Preston, Lancashire, PR4 0HF",
    }
    assert ways_to_reach(get_code("invictanet")) == {
        "phone": "0333 101 4400",
        "email": "complaints@invictanet.com",
    }


@pytest.mark.parametrize(
    ("channel", "sent"), [("webchat", True), ("rest", False), ("collector", False)]
)
def test_only_the_website_chat_gets_the_record(channel: str, sent: bool) -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    generator = TemplatedNaturalLanguageGenerator(domain.responses)
    draft = generator.generate_from_slots("utter_complaint_record", {}, channel)
    assert (draft is not None) is sent
    if sent:
        assert draft["custom"] == {"complaint_record": {}}
        assert not draft.get("text")


class FakeSocketServer:
    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, dict[str, Any]]] = []

    async def emit(self, event: str, data: Any = None, **options: Any) -> None:
        self.emitted.append((event, data, options))


def test_a_custom_payload_reaches_the_page_and_every_turn_is_marked_ended() -> None:
    server = FakeSocketServer()
    output = WebChatOutput(server, "bot_uttered")  # type: ignore[arg-type]
    record = {"complaint_record": {"reference": "IN-7K3Q9X"}}

    async def assistant(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "Logged."})
        await message.output_channel.send_response(message.sender_id, {"custom": record})

    handle = announce_turn_end(assistant)
    asyncio.run(handle(UserMessage("yes", output, "session-1234567890abcdef")))
    room = {"room": "session-1234567890abcdef"}
    assert server.emitted == [
        ("bot_uttered", {"text": "Logged."}, room),
        ("bot_uttered", {"custom": record}, room),
        (TURN_END_EVENT, {}, {**room, "namespace": None}),
    ]


def test_the_turn_end_is_sent_even_when_the_assistant_fails() -> None:
    server = FakeSocketServer()

    async def broken(message: UserMessage) -> None:
        raise RuntimeError("the agent failed")

    handle = announce_turn_end(broken)
    with pytest.raises(RuntimeError):
        asyncio.run(handle(UserMessage("hi", WebChatOutput(server, "bot_uttered"), "s" * 20)))  # type: ignore[arg-type]
    assert [event for event, _, _ in server.emitted] == [TURN_END_EVENT]


def test_other_channels_get_no_turn_end() -> None:
    async def quiet(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "Hello."})

    collected = CollectingOutputChannel()
    asyncio.run(announce_turn_end(quiet)(UserMessage("hi", collected, "s" * 20)))
    assert [m["text"] for m in collected.messages] == ["Hello."]


def test_the_record_says_when_it_was_first_raised_and_counts_adr_from_it() -> None:
    """Issue 14: the record's ADR date counted from the day the case was logged."""
    tracker = make_tracker(
        {**CONSUMER_FORM, "provider": "infinity-group", "complaint_first_raised": "2026-12-01"},
        text="yes",
        intent="affirm",
    )
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    record = only(messages, "utter_complaint_record")["custom"]["complaint_record"]
    assert record["first_raised"] == "Tuesday 1 December 2026"
    assert record["adr"]["opens"] == "Tuesday 12 January 2027"
    assert logged_record("infinity-group")["first_raised"] is None


@pytest.mark.parametrize(
    ("provider", "strengths"),
    [
        ("infinium", {"aim", "guideline"}),  # "We always aim ...", "As a guideline, we will try"
        ("infinity-group", {"normally"}),  # "We will normally respond ..."
        ("invictanet", {"promise"}),  # "... respond by E-mail and/or Telephone within one ..."
    ],
)
def test_each_date_on_the_card_carries_the_codes_strength(provider: str, strengths: set) -> None:
    """Outside compliance review (H4): every statement of a case's dates words them as firmly as
    the code does; the card listed an aim and a "normally" as plain dates."""
    record = logged_record(provider)
    code = get_code(provider)
    by_id = {c.id: c.strength for c in code.commitments}
    assert {d["strength"] for d in record["dates"]} <= strengths
    for date in record["dates"]:
        assert date["strength"] == by_id[date["id"]]
