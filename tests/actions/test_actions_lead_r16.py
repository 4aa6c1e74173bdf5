"""The lead's fixes in round 16, each from the outside testers' findings (28 Nov)."""

from __future__ import annotations

import pytest

from tests.action_support import CONSUMER_FORM, form_answer, responses

BEFORE_NAME = {
    "complaint_category": "billing",
    "complaint_description": CONSUMER_FORM["complaint_description"],
    "provider": "infinity-group",
}


@pytest.mark.parametrize(
    "said",
    [
        "Customer Please Visit http://infinity-group-billing.example.com",
        "call www.example-helpdesk.net now",
        "Jo Bloggs see infinity-refunds.co.uk",
    ],
)
def test_a_web_address_is_never_taken_as_the_name(said: str) -> None:
    # Taken as the name, the provider's own confirmation e-mail greeted whoever's address was typed
    # with a link of the sender's choosing (outside attacker, round 16, F2).
    messages, slots = form_answer(said, "customer_name", BEFORE_NAME)
    assert slots.get("customer_name") is None
    assert "utter_invalid_field" in responses(messages)
    [hint] = [m for m in messages if m.get("response") == "utter_invalid_field"]
    assert "web address" in hint["problem"]


def test_a_name_with_a_full_stop_is_still_a_name() -> None:
    _, slots = form_answer("Dr. J. Smith", "customer_name", BEFORE_NAME)
    assert slots.get("customer_name") == "Dr. J. Smith"


@pytest.mark.parametrize(
    "said",
    [
        "if I email a complaint on 31 December at 6pm when do you reply?",
        "when do you have to reply by if i write to you?",
    ],
)
def test_a_reply_time_question_read_as_a_complaint_is_answered_not_a_form(said: str) -> None:
    # Read as make_complaint, it opened the complaint form, and "no I'm just asking how long you
    # take" was then refused as a category (outside compliance, round 16, F13, invictanet).
    from actions.intake import ActionStartComplaint
    from tests.action_support import make_tracker, run_action

    tracker = make_tracker({"provider": "invictanet"}, text=said, intent="make_complaint")
    messages, events = run_action(ActionStartComplaint(), tracker)
    assert "utter_start_complaint" not in responses(messages)
    [reread] = [e for e in events if e.get("event") == "user"]
    assert reread["parse_data"]["intent"]["name"] == "ask_response_time"


@pytest.mark.parametrize(
    ("said", "warned"),
    [
        ("I first complained on 8 April 2025 can I still go to the ombudsman", True),
        ("I first complained on 2 October 2026, can I go to the ombudsman?", False),
    ],
)
def test_adr_open_long_ago_says_a_letter_then_may_be_past_its_limit(
    action_database, said: str, warned: bool
) -> None:
    # "you may go to ADR now" alone, for a complaint first raised 19 months before, when a letter
    # sent as the wait ran out would be past its 12 months (outside compliance, round 16, F14).
    from actions.rights import ActionAnswerQuestion
    from tests.action_support import make_tracker, run_action

    tracker = make_tracker({"provider": "infinity-group"}, text=said, intent="ask_adr")
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    said_back = responses(messages)
    assert "utter_adr_stated_open" in said_back
    assert ("utter_adr_first_raised_past_limit" in said_back) is warned


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("first complained on 6 April 2026 - when could I go to CISAS?", "ask_adr"),
        ("I need everything in large print please", "ask_accessible_formats"),
    ],
)
def test_the_core_fallback_puts_a_question_in_so_many_words_back_as_that_question(
    said: str, meant: str
) -> None:
    # Read as inform with nothing under way, both got "Sorry, I didn't follow that" (outside
    # compliance, round 16, F16 and F8, infinium and invictanet).
    from actions.chitchat import ActionDefaultFallback
    from tests.action_support import make_tracker, run_action

    tracker = make_tracker({"provider": "infinium"}, text=said, intent="inform")
    messages, events = run_action(ActionDefaultFallback(), tracker)
    assert "utter_core_fallback" not in responses(messages)
    [reread] = [e for e in events if e.get("event") == "user"]
    assert reread["parse_data"]["intent"]["name"] == meant


def test_i_cant_go_on_is_never_lets_carry_on(action_database) -> None:
    # Read as stop in a new conversation, "go on" was taken as carrying on after a stop: "Of
    # course, let's carry on. Nothing was saved when you stopped" before the urgent numbers, to
    # someone in crisis who had stopped nothing (outside care, round 16, F27).
    from actions.intake import ActionNothingToStop
    from tests.action_support import make_tracker, run_action

    said = "I can't go on like this anymore, the debt collectors you sent keep calling"
    tracker = make_tracker({"provider": "infinity-group"}, text=said, intent="stop")
    messages, _ = run_action(ActionNothingToStop(), tracker)
    assert "utter_carry_on_again" not in responses(messages)


@pytest.mark.parametrize(
    "said",
    [
        "status of IV–ZYVW0M please, my postcode is M14 5RL",  # an en dash, as letters render it
        "status of IV_ZYVW0M please",
        "status of ＩＶ－ＺＹＶＷ０Ｍ please",  # full-width, from a phone keyboard
    ],
)
def test_a_reference_typed_with_another_dash_is_still_a_reference(
    action_database, said: str
) -> None:
    # "Sorry, I didn't follow that" (outside attacker, round 16, F4): the message plainly asks for
    # a case; it is checked like any other (and counted by the same lock).
    from actions.chitchat import ActionDefaultFallback
    from bot.cases.references import reference_in
    from tests.action_support import make_tracker, run_action

    assert reference_in(said, ["IV"]) == "IV-ZYVW0M"
    tracker = make_tracker({"provider": "invictanet"}, text=said, intent="inform")
    messages, _ = run_action(ActionDefaultFallback(), tracker)
    assert "utter_core_fallback" not in responses(messages)
