"""Fixes from the outside words tester's findings, round 16 (28 Nov): F65 (a check's own message
shown to a customer), F56 (the read-back's "About: other"), F9/F46/F51 (one question asked a third
time in the same words)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SlotSet

from actions.intake import ActionSummariseComplaint, ValidateComplaintForm, read_back_lines
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    at_read_back,
    form_answer,
    make_tracker,
    responses,
    run_action,
    slots_set,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")


def _said(messages: list[dict[str, Any]]) -> str:
    """Every word the customer was shown, placeholders filled."""
    out = []
    for m in messages:
        variations = DOMAIN["responses"].get(m.get("response") or "", [])
        text = variations[0].get("text", "") if variations else str(m.get("text") or "")
        fields = {k: v for k, v in m.items() if k not in ("response", "text")}
        try:
            out.append(text.format(**fields))
        except (KeyError, IndexError):
            out.append(text)
    return "\n".join(out)


@pytest.mark.parametrize(
    ("slot", "value"),
    [
        ("customer_type", "first"),
        ("contact_preference", "pigeon"),
        ("complaint_category", "wifi"),
    ],
)
def test_a_check_that_fails_at_the_read_back_gives_the_plain_hint(slot: str, value: str) -> None:
    # "'first' is not a customer type; expected consumer or business." was shown after "i first
    # complained on 30 october" at the read-back (outside words, round 16, F65): the check's own
    # message, with the customer's word quoted as an internal value.
    tracker = at_read_back("i first complained on 30 october", "inform", {slot: value})
    messages, events = run_action(ActionSummariseComplaint(), tracker)
    said = _said(messages)
    assert f"'{value}'" not in said
    assert "expected" not in said
    assert "not a customer type" not in said
    assert f"utter_hint_{slot}" in responses(messages)
    assert {"event": "slot", "name": slot, "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


def test_a_too_long_name_at_the_read_back_is_still_said_plainly() -> None:
    # The problems worth saying as they are (too long, control characters, a web address) are
    # still said, as the form says them.
    tracker = at_read_back("ok", "inform", {"customer_name": "J" * 500})
    messages, _ = run_action(ActionSummariseComplaint(), tracker)
    assert "characters long" in _said(messages)


def test_something_else_is_read_back_as_something_else() -> None:
    # "Something else" chosen, "• About: other" read back: the stored value, not the customer's
    # words (outside words, round 16, F56).
    lines = read_back_lines(DOMAIN, {**CONSUMER_FORM, "complaint_category": "other"})
    assert "• About: something else" in lines
    assert not any(line.endswith(": other") for line in lines)


# --- F9, F46: one question asked a third time in the same words --------------------------------

AT_EMAIL = {
    "complaint_category": "billing",
    "complaint_description": CONSUMER_FORM["complaint_description"],
    "customer_name": "Siobahn Kelly",
    "provider": "invictanet",
}


def _twice_failed(slot: str) -> dict[str, Any]:
    return {"answer_failures": {"slot": slot, "count": 1}}


@pytest.mark.parametrize(
    "said",
    [
        "dont know it off by heart my son set it up",
        "i told you i dont know it",
        "I can't remember my email",
        "no idea what it is",
    ],
)
def test_not_knowing_the_email_address_is_no_email_at_once(said: str) -> None:
    # "dont know it off by heart my son set it up" was refused as an address, and the question asked
    # three times in a row (outside words, round 16, F9).
    messages, slots = form_answer(said, "customer_email", AT_EMAIL)
    assert slots.get("customer_email") == "none"
    assert "utter_hint_customer_email" not in responses(messages)


def test_the_email_question_is_never_asked_a_third_time_in_the_same_words() -> None:
    # F46: a name put right at the e-mail question was refused as an address twice; the third asking
    # came in the same words. The third time, the way out is said plainly.
    messages, slots = form_answer(
        "hang on let me look on the tablet",
        "customer_email",
        {**AT_EMAIL, **_twice_failed("customer_email")},
    )
    assert "utter_hint_customer_email" not in responses(messages)
    assert "no email" in _said(messages)


@pytest.mark.parametrize(
    ("slot", "said", "before"),
    [
        ("customer_phone", "the usual one", {"customer_email": "none"}),
        ("customer_postcode", "the same as before", {"customer_email": "a@example.com"}),
    ],
)
def test_no_question_comes_a_third_time_without_a_way_out(
    slot: str, said: str, before: dict[str, Any]
) -> None:
    messages, _ = form_answer(said, slot, {**AT_EMAIL, **before, **_twice_failed(slot)})
    assert f"utter_hint_{slot}" not in responses(messages)
    text = _said(messages)
    assert "skip" in text or "no phone" in text or "call us" in text


# --- F51: the category question asked five times in a row ---------------------------------------


def _bot(response: str) -> dict[str, Any]:
    return {"event": "bot", "text": "", "metadata": {"utter_action": response}}


def _after_askings(said: str, replies: list[list[str]], before: dict[str, Any]) -> Tracker:
    """The category question's validation after `said`, the assistant's `replies` to the customer's
    earlier messages before it (each ending with the question, or not)."""
    events: list[dict[str, Any]] = []
    for n, reply in enumerate(replies):
        events.append(user_event(f"message {n}", "inform"))
        events += [_bot(r) for r in reply]
    events += [SlotSet(k, v) for k, v in before.items()]
    events += [
        user_event(said, "inform"),
        SlotSet("requested_slot", "complaint_category"),
        ActionExecuted("complaint_form"),
        SlotSet("complaint_category", said),
    ]
    slots = {**before, "requested_slot": "complaint_category", "complaint_category": said}
    return make_tracker(slots, text=said, events=events, active_loop="complaint_form")


ASKED = "utter_ask_complaint_category"


def test_a_category_asked_three_times_in_a_row_is_not_asked_a_fourth_in_the_same_words() -> None:
    # Asked, then asked again after the name was kept, then again after a question was answered:
    # "wifi" then got "Please choose one of ..." and the question a fourth time, and the fifth
    # (outside words, round 16, F51). Only answers that would not do were counted.
    tracker = _after_askings(
        "wifi",
        [[ASKED], ["utter_detail_kept", ASKED], ["utter_not_covered_ask_compensation", ASKED]],
        {"customer_name": "Rachel Green", "provider": "infinity-system-solutions"},
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert "utter_hint_complaint_category" not in responses(messages)
    assert "utter_answer_set_aside" in responses(messages)
    assert slots_set(events).get("complaint_category") == "other"


def test_the_third_asking_in_a_row_comes_with_numbers() -> None:
    tracker = _after_askings(
        "wifi",
        [[ASKED], ["utter_detail_kept", ASKED]],
        {"customer_name": "Rachel Green", "provider": "infinity-system-solutions"},
    )
    messages, _ = run_action(ValidateComplaintForm(), tracker)
    assert "utter_choose_by_number" in responses(messages)
    assert "utter_hint_complaint_category" not in responses(messages)


def test_a_name_kept_at_the_second_asking_brings_the_numbers_with_the_third() -> None:
    tracker = _after_askings(
        "Rachel Green",
        [[ASKED], ["utter_not_covered_ask_compensation", ASKED]],
        {"provider": "infinium"},
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert slots_set(events).get("customer_name") == "Rachel Green"
    assert "utter_choose_by_number" in responses(messages)


def test_a_first_failed_answer_still_gets_the_plain_hint() -> None:
    tracker = _after_askings("wifi", [[ASKED]], {"provider": "infinium"})
    messages, _ = run_action(ValidateComplaintForm(), tracker)
    assert "utter_hint_complaint_category" in responses(messages)


@pytest.mark.parametrize(
    "said",
    [
        "oops i spelt my own name wrong lol its Siobhan not Siobahn",
        "my first name is spelt Siobhan",
    ],
)
def test_a_first_name_put_right_at_the_email_question_changes_the_name(said: str) -> None:
    # Outside words, round 16, F46: refused as an e-mail address, three times in a row.
    messages, slots = form_answer(said, "customer_email", AT_EMAIL)
    assert slots.get("customer_name") == "Siobhan Kelly"
    assert "utter_field_updated" in responses(messages)
    assert "utter_hint_customer_email" not in responses(messages)


@pytest.mark.parametrize(
    ("slot", "held", "stray"),
    [("customer_type", "consumer", "first"), ("complaint_category", "billing", "30th")],
)
def test_a_stray_choice_taken_from_a_read_back_correction_keeps_the_one_held(
    slot: str, held: str, stray: str
) -> None:
    # "i first complained on 30 october" at the read-back: the day changed, and the model's
    # "first" as a customer type failed the check, so the customer type was asked again with the
    # check's own words (outside words, round 16, F65). A choice that is not one, taken from a
    # message, never replaces the one held.
    said = "i first complained on 30 october"
    events = [
        SlotSet(slot, held),
        user_event("none", "inform"),
        {"event": "action", "name": "action_summarise_complaint"},
        {"event": "action", "name": "action_listen"},
        user_event(said, "inform"),
        SlotSet(slot, stray),
    ]
    slots = {**CONSUMER_FORM, "provider": "infinium", slot: stray}
    tracker = make_tracker(slots, text=said, events=events)
    messages, result = run_action(ActionSummariseComplaint(), tracker)
    assert responses(messages) == ["utter_complaint_summary"]
    assert slots_set(result).get(slot) == held
