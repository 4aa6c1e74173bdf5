"""Corrections at the read-back and the contact question in the customer's own words (outside words,
round 16: F1, F5, F7, F11; outside compliance, round 16, F10; outside care, round 16, F3).

- A name changed in words at "Shall I log it?" is the name the words give, never the request around
  it ("can u put my name with capitals Dave Pritchard" is Dave Pritchard); words asked to be taken
  off the name are taken off; a message with no name in it never becomes the name.
- "ring me the email doesnt get checked much" at "How would you like us to contact you?" is the
  phone: a way the customer says goes unread is never the one chosen.
- Two corrections in one read-back message, the second a head count ("and theres 7 of us
  altogether not 2"), are both applied.
- "sorry no it was the 30th not the 3rd", with a day first raised read back, is the 30th of that
  month.
- A day or an address given at the read-back never brings "'2' is not a UK phone number": a number
  the model took from it as a phone number is no change of the phone.

The intents are the ones the model is likely to give; each runs the action Rasa runs for it, then
the change it hands on to (tests/actions/test_actions_words20a.py's `_run`).
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.intake import ActionChangeComplaint, ActionSummariseComplaint, ValidateComplaintForm
from tests.action_support import (
    CONSUMER_FORM,
    at_read_back,
    form_turn,
    make_tracker,
    run_action,
    slot_event,
    slots_set,
    user_event,
)
from tests.actions.test_actions_words20a import _followups, _run, _said

pytestmark = pytest.mark.usefixtures("action_database")

INTENTS = ["inform", "deny", "nlu_fallback", "make_complaint"]


# --- words F1 (and F27, F47, the F1 addendum): the name the words give ----------------------------


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    ("said", "held", "name"),
    [
        ("no thats wrong my name is just Dave Pritchard", "dave pritchard", "Dave Pritchard"),
        ("can u put my name with capitals Dave Pritchard", "dave pritchard", "Dave Pritchard"),
        ("change my name to Amina Khan-Ali please", "Amina Khan", "Amina Khan-Ali"),
        ("could you put the name as Amina Khan-Ali", "Amina Khan", "Amina Khan-Ali"),
        ("my surname is actually Khan-Ali", "Amina Khan", "Amina Khan-Ali"),
        ("the name is spelt wrong, its Siobhan", "Siobahn Kelly", "Siobhan Kelly"),
        ("and take off the 'like i put' from my name lol", "Lucy Bains like i put", "Lucy Bains"),
        ("change my name to amina khan-ali please", "Amina Khan", "amina khan-ali"),
    ],
)
def test_f1_a_name_changed_in_words_is_the_name_alone(
    said: str, held: str, name: str, intent: str
) -> None:
    tracker = at_read_back(said, intent, {"customer_name": held})
    messages, events = _run(intent, tracker)
    assert slots_set(events).get("customer_name") == name, (slots_set(events), _said(messages))
    assert f"Updated your name to {name}." in _said(messages), _said(messages)


@pytest.mark.parametrize("intent", INTENTS)
def test_f1_the_day_and_the_name_in_one_message_both_apply(intent: str) -> None:
    said = (
        "nearly, i rang about it on the 3rd november first time. and can u put my name with "
        "capitals Dave Pritchard"
    )
    tracker = at_read_back(said, intent, {"customer_name": "dave pritchard"})
    messages, events = _run(intent, tracker)
    set_now = slots_set(events)
    assert set_now.get("complaint_first_raised") == "2026-11-03", set_now
    assert set_now.get("customer_name") == "Dave Pritchard", set_now
    assert "can u put" not in _said(messages)


@pytest.mark.parametrize("intent", INTENTS)
def test_f1_a_request_with_no_name_in_it_is_never_stored_as_the_name(intent: str) -> None:
    tracker = at_read_back("can u put my name in capitals please", intent)
    messages, events = _run(intent, tracker)
    name = slots_set(events).get("customer_name", CONSUMER_FORM["customer_name"])
    assert name in (None, CONSUMER_FORM["customer_name"]), name
    assert "capitals" not in _said(messages)


# --- words F5: a way said to go unread is never the one chosen ------------------------------------


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet", "infinium"])
@pytest.mark.parametrize(
    "said",
    [
        "ring me the email doesnt get checked much",
        "call me please, i hardly check my email",
        "email is no good, ring me",
    ],
)
@pytest.mark.parametrize("entity", [None, "email"])
def test_f5_ring_me_with_the_email_unread_is_the_phone(
    said: str, provider: str, entity: str | None
) -> None:
    before = {k: v for k, v in CONSUMER_FORM.items() if k in (
        "complaint_category", "complaint_description", "customer_name", "customer_email",
        "customer_phone", "customer_postcode")}  # fmt: skip
    tracker = form_turn(
        "complaint_form",
        "contact_preference",
        {"contact_preference": entity or said},
        before={**before, "provider": provider},
        text=said,
        entities={"contact_preference": entity} if entity else {},
    )
    _, events = run_action(ValidateComplaintForm(), tracker)
    assert slots_set(events).get("contact_preference") == "phone", slots_set(events)


# --- words F7: two corrections in one message, the second a head count ----------------------------


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    ("provider", "kept"),
    # Infinity System Solutions asks for employees first, so its one number is the employees.
    [("infinity-group", 7), ("infinity-system-solutions", "7 employees")],
)
def test_f7_contact_and_head_count_in_one_message_both_apply(
    intent: str, provider: str, kept: Any
) -> None:
    said = "no!! i said RING me not email. and theres 7 of us altogether not 2"
    tracker = at_read_back(
        said,
        intent,
        {"customer_type": "business", "employees": 2, "contact_preference": "email"},
        provider=provider,
    )
    messages, events = _run(intent, tracker)
    set_now = slots_set(events)
    assert set_now.get("contact_preference") == "phone", set_now
    assert set_now.get("employees") == kept, set_now
    assert "Updated your contact preference to phone." in _said(messages), _said(messages)
    assert "7" in _said(messages).split("phone.", 1)[1], _said(messages)
    assert "complaint_description" not in set_now
    assert _followups(events)[-1:] == ["action_summarise_complaint"]


# --- words F11: "the 30th not the 3rd" is the 30th of the month read back ---------------------------


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    "said",
    [
        "sorry no it was the 30th not the 3rd",
        "no it was the 30th not the 3rd",
        "the date i first complained, it was the 30th",
        "30th not 3rd",
    ],
)
def test_f11_the_day_of_the_month_read_back_corrected(said: str, intent: str) -> None:
    tracker = at_read_back(said, intent, {"complaint_first_raised": "2026-10-03"})
    messages, events = _run(intent, tracker)
    assert slots_set(events).get("complaint_first_raised") == "2026-10-30", _said(messages)
    assert "30 October 2026" in _said(messages)


# --- compliance F10, care F3: no stray phone number from a day or an address ----------------------


def _read_back_with_mapped_phone(said: str, mapped: str) -> Tracker:
    """At "Shall I log it?" with the phone given in the form, `said` the reply, from which Rasa's
    slot mapping took `mapped` as a phone number (the phone entity has no form condition)."""
    slots = {**CONSUMER_FORM, "provider": "infinity-group", "contact_preference": "letter",
             "customer_address": "2 Elm Road, Tunbridge Wells"}  # fmt: skip
    events = [
        slot_event("customer_phone", CONSUMER_FORM["customer_phone"]),
        user_event("none", "inform"),
        {"event": "action", "name": "action_summarise_complaint"},
        {"event": "action", "name": "action_listen"},
        user_event(said, "inform"),
        slot_event("customer_phone", mapped),
    ]
    return make_tracker({**slots, "customer_phone": mapped}, text=said, events=events)


def _then(tracker: Tracker, events: list[dict[str, Any]]) -> Tracker:
    """The tracker the next action gets: `events` appended and their slots set."""
    slots = {**tracker.slots, **slots_set(events)}
    return make_tracker(
        slots,
        text=tracker.latest_message.get("text", ""),
        events=[*tracker.events, *(e for e in events if e.get("event") == "slot")],
    )


@pytest.mark.parametrize(
    ("said", "mapped"),
    [
        ("actually I first complained about this on the phone on 2 October", "2"),
        ("I first emailed you about this on 12 October", "12"),
        ("change the postal address to 14 Fir Lane, Preston", "14"),
    ],
)
def test_f10_a_number_in_a_day_or_address_is_no_phone(said: str, mapped: str) -> None:
    tracker = _read_back_with_mapped_phone(said, mapped)
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events).get("customer_phone") == CONSUMER_FORM["customer_phone"], events
    more, after = run_action(ActionSummariseComplaint(), _then(tracker, events))
    text = _said(messages + more)
    assert "not a UK phone number" not in text, text
    assert "utter_complaint_summary" in [m["response"] for m in more]
    assert not any(e.get("name") == "customer_phone" for e in after if isinstance(e, dict))


def test_f10_a_real_phone_number_given_at_the_read_back_is_kept() -> None:
    tracker = _read_back_with_mapped_phone("my number is 07700 900456", "07700 900456")
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events).get("customer_phone") == "07700 900456", events
    assert SlotSet("customer_phone", CONSUMER_FORM["customer_phone"]) not in events


def test_f1_a_wrong_name_on_a_bill_read_as_a_complaint_is_more_about_what_happened() -> None:
    said = "they put the wrong name on my bill, John Smith instead of me"
    messages, events = _run("make_complaint", at_read_back(said, "make_complaint"))
    assert "customer_name" not in slots_set(events), slots_set(events)
