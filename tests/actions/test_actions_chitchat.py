"""Greetings and the last-resort reply (actions/chitchat.py): both in the provider's name."""

from __future__ import annotations

import logging

import pytest
from rasa_sdk.events import SlotSet, UserUtteranceReverted

from actions.chitchat import ActionDefaultFallback, ActionGreet
from tests.action_support import (
    make_tracker,
    only,
    responses,
    run_action,
    slot_event,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")


def test_greet_names_the_provider_and_remembers_it() -> None:
    tracker = make_tracker(
        text="hello",
        intent="greet",
        events=[user_event("hello", "greet", metadata={"provider": "invictanet"})],
    )
    messages, events = run_action(ActionGreet(), tracker)
    assert responses(messages) == ["utter_greet"]
    assert only(messages, "utter_greet")["provider_name"] == "Invictanet"
    assert events == [SlotSet("provider", "invictanet")]


def test_greet_with_an_unknown_provider_greets_for_the_default(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tracker = make_tracker({"provider": "who-knows"}, text="hi", intent="greet")
    with caplog.at_level(logging.WARNING, logger="bot.provider_codes"):
        messages, events = run_action(ActionGreet(), tracker)
    assert only(messages, "utter_greet")["provider_name"] == "Infinity Group"
    assert events == [SlotSet("provider", "infinity-group")]
    assert any("'who-knows'" in r.getMessage() for r in caplog.records)


def test_fallback_gives_the_providers_phone_and_reverts_the_message() -> None:
    events = [slot_event("provider", "infinium"), user_event("blah blah", "nlu_fallback")]
    tracker = make_tracker(
        {"provider": "infinium"}, text="blah blah", intent="nlu_fallback", events=events
    )
    messages, returned = run_action(ActionDefaultFallback(), tracker)
    # The core fallback's own words (never "I still didn't understand" at a first miss).
    assert responses(messages) == ["utter_core_fallback"]
    assert only(messages, "utter_core_fallback")["phone"] == "01253 353537"
    assert returned == [UserUtteranceReverted()]
