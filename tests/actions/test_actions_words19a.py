"""Customers' own words at the read-back and after logging (issues 15 and 19, outside testers'
HIGH findings on the current code).

1. After "yes log it, how long will it take?" logged the complaint, "I don't want a new complaint"
   started a new complaint (asked "your complaint or a new one?", and a second time one started):
   it says the complaint is logged, with its reference, and what the customer can do; a new
   complaint started after logging starts empty but for the provider.
2. "the complaint is about billing not fault repair" at the read-back replaced what happened with
   that sentence: the category changes to billing, what happened is kept, and the change is said.
3. Two changes in one message ("my email is x@y.com and my postcode is SW1A 1AA") applied one:
   both are applied and both said.
4. A correction read as "deny" ("no, it was the 3rd of November not the 5th", "no my name is
   Gareth Jones") lost its words to "What would you like to change?": it is applied.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.chitchat import ActionClarify, ActionDefaultFallback
from actions.intake import (
    ActionChangeComplaint,
    ActionNothingToStop,
    ActionStartComplaint,
    ActionSubmitComplaint,
)
from tests.action_support import (
    CONSUMER_FORM,
    at_read_back,
    message,
    rendered,
    responses,
    run_action,
    slots_set,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")

PROVIDERS = ["infinity-group", "infinium"]


def _followups(events: list[dict[str, Any]]) -> list[str]:
    return [e["name"] for e in events if e.get("event") == "followup"]


def _run_followups(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict]]:
    """The action, then the change it hands the read-back to (as Rasa runs a follow-up)."""
    messages, events = run_action(action, tracker)
    if _followups(events) == ["action_change_complaint"]:
        more, events = run_action(ActionChangeComplaint(), tracker)
        messages += more
    return messages, events


# --- 1. "I don't want a new complaint" after logging ----------------------------------------------


def _logged_with_a_question(provider: str) -> tuple[list[dict[str, Any]], dict[str, Any], str]:
    """The conversation after "yes log it, how long will it take?" logged the complaint."""
    said = "yes log it, how long will it take?"
    tracker = at_read_back(said, "affirm", provider=provider)
    messages, events = run_action(ActionSubmitComplaint(), tracker)
    assert "utter_complaint_created" in responses(messages)
    reference = slots_set(events)["created_reference"]
    history = [*tracker.events, {"event": "action", "name": "action_submit_complaint"}, *events]
    slots = {**tracker.slots, **slots_set(events)}
    return history, slots, reference


def _after(history: list[dict[str, Any]], slots: dict[str, Any], text: str, intent: str) -> Tracker:
    events = [*history, {"event": "action", "name": "action_listen"}, user_event(text, intent)]
    return Tracker("conversation-1", dict(slots), message(text, intent), events, False, None, {},
                   "action_listen")  # fmt: skip


NO_NEW = ["I don't want a new complaint", "no new complaint", "i dont want another complaint"]
ACTIONS = [
    ("make_complaint", ActionStartComplaint()),
    ("stop", ActionNothingToStop()),
    ("deny", ActionDefaultFallback()),
    ("inform", ActionDefaultFallback()),
    ("nlu_fallback", ActionClarify()),
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", NO_NEW)
@pytest.mark.parametrize(("intent", "action"), ACTIONS, ids=[i for i, _ in ACTIONS])
def test_no_new_complaint_after_logging_says_it_is_logged(
    provider: str, said: str, intent: str, action: Any
) -> None:
    history, slots, reference = _logged_with_a_question(provider)
    messages, events = run_action(action, _after(history, slots, said, intent))
    assert responses(messages) == ["utter_logged_no_new_complaint"], responses(messages)
    text = rendered(messages[0])
    assert reference in text and "logged" in text
    assert "action_listen" in _followups(events)
    assert not any(slots_set(events).get(s) for s in CONSUMER_FORM)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_new_complaint_answering_which_says_it_is_logged(provider: str) -> None:
    # "Is this about your complaint ..., or a new complaint?" answered "I don't want a new
    # complaint": never a new complaint form.
    history, slots, reference = _logged_with_a_question(provider)
    asked = [
        {"event": "action", "name": "action_listen"},
        user_event("one more thing", "make_complaint"),
        {
            "event": "bot",
            "text": f"Is this about your complaint {reference}, or a new complaint?",
            "metadata": {"utter_action": "utter_ask_logged_or_new"},
        },  # fmt: skip
    ]
    tracker = _after([*history, *asked], slots, "I don't want a new complaint", "make_complaint")
    messages, events = run_action(ActionStartComplaint(), tracker)
    assert responses(messages) == ["utter_logged_no_new_complaint"]
    assert "utter_start_complaint" not in responses(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_new_complaint_after_logging_starts_empty_but_for_the_provider(provider: str) -> None:
    history, slots, _ = _logged_with_a_question(provider)
    tracker = _after(history, slots, "I have another complaint", "make_complaint")
    messages, events = run_action(ActionStartComplaint(), tracker)
    assert responses(messages) == ["utter_start_complaint"]
    filled = {**tracker.slots, **slots_set(events)}
    assert {s: v for s, v in filled.items() if s in CONSUMER_FORM and v is not None} == {}


# --- 2. the category changed, what happened kept --------------------------------------------------

CATEGORY_SAID = [
    "the complaint is about billing not fault repair",
    "its about billing not fault repair",
    "the complaint should be billing, not fault repair",
]


@pytest.mark.parametrize("intent", ["inform", "make_complaint", "affirm", "nlu_fallback"])
@pytest.mark.parametrize("said", CATEGORY_SAID)
def test_the_category_named_at_the_read_back_changes_the_category_only(
    said: str, intent: str
) -> None:
    action = {"inform": ActionChangeComplaint(), "make_complaint": ActionStartComplaint(),
              "affirm": ActionSubmitComplaint(), "nlu_fallback": ActionDefaultFallback()}[intent]  # fmt: skip
    tracker = at_read_back(said, intent, {"complaint_category": "fault_repair"})
    messages, events = _run_followups(action, tracker)
    set_now = slots_set(events)
    assert set_now.get("complaint_category") == "billing", set_now
    assert "complaint_description" not in set_now
    said_back = " ".join(rendered(m) for m in messages)
    assert "billing" in said_back.lower()
    assert _followups(events) == ["action_summarise_complaint"]


# --- 3. two changes in one message ----------------------------------------------------------------

TWO = [
    ("my email is x@y.com and my postcode is SW1A 1AA",
     {"customer_email": "x@y.com", "customer_postcode": "SW1A 1AA"}),
    ("change my phone to 07700 900456 and my name is Sam Smith",
     {"customer_phone": "07700 900456", "customer_name": "Sam Smith"}),
]  # fmt: skip


@pytest.mark.parametrize("intent", ["inform", "make_complaint", "affirm", "deny"])
@pytest.mark.parametrize(("said", "expected"), TWO)
def test_two_changes_in_one_message_are_both_applied_and_said(
    said: str, expected: dict[str, str], intent: str
) -> None:
    action = {"inform": ActionChangeComplaint(), "make_complaint": ActionStartComplaint(),
              "affirm": ActionSubmitComplaint(), "deny": ActionChangeComplaint()}[intent]  # fmt: skip
    tracker = at_read_back(said, intent)
    messages, events = _run_followups(action, tracker)
    set_now = slots_set(events)
    for slot, value in expected.items():
        assert set_now.get(slot) == value, set_now
    assert "complaint_description" not in set_now
    said_back = " ".join(rendered(m) for m in messages)
    for value in expected.values():
        assert value in said_back, said_back
    assert _followups(events) == ["action_summarise_complaint"]


# --- 4. a correction read as deny -----------------------------------------------------------------


@pytest.mark.parametrize("intent", ["deny", "inform"])
def test_a_date_corrected_with_a_no_is_applied(intent: str) -> None:
    said = "no, it was the 3rd of November not the 5th"
    tracker = at_read_back(said, intent, {"complaint_first_raised": "2026-11-05"})
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events).get("complaint_first_raised") == "2026-11-03"
    assert "3 November 2026" in " ".join(rendered(m) for m in messages)
    assert _followups(events) == ["action_summarise_complaint"]


def test_a_name_corrected_with_a_no_is_applied() -> None:
    tracker = at_read_back("no my name is Gareth Jones", "deny")
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events).get("customer_name") == "Gareth Jones"
    assert _followups(events) == ["action_summarise_complaint"]


def test_a_bare_no_at_the_read_back_asks_what_to_change() -> None:
    # The read-back's deny now goes to the change (data/rules/intake.yml): a "no" with nothing
    # to change in it is asked what to change, as before.
    messages, events = run_action(ActionChangeComplaint(), at_read_back("no", "deny"))
    assert messages == []
    assert _followups(events) == ["utter_ask_what_to_change"]
    assert not {k for k in slots_set(events) if k in CONSUMER_FORM}


# --- 5. a detail typed into a new complaint started after logging ---------------------------------
# Checked, not reproduced through the form's check (it passed before this change too): the detail
# is kept as what it is, said, and the question asked is asked again; kept as a guard.

AFTER_LOGGING = {"provider": "infinium", "created_reference": "IN-ABC123",
                 "verified_reference": "IN-ABC123"}  # fmt: skip


@pytest.mark.parametrize(
    ("asked", "said", "entity", "slot"),
    [
        ("customer_name", "my email is sam@example.com", "email", "customer_email"),
        ("customer_email", "07700 900456", "phone", "customer_phone"),
        ("customer_postcode", "sam@example.com", "email", "customer_email"),
    ],
)
def test_a_detail_typed_at_another_question_after_logging_is_that_detail(
    asked: str, said: str, entity: str, slot: str
) -> None:
    from actions.intake import ValidateComplaintForm
    from tests.action_support import form_turn

    order = ["complaint_category", "complaint_description", "customer_name", "customer_email",
             "customer_phone", "customer_postcode"]  # fmt: skip
    before = {**AFTER_LOGGING, **{s: CONSUMER_FORM[s] for s in order[: order.index(asked)]}}
    value = said.removeprefix("my email is ")
    tracker = form_turn("complaint_form", asked, {asked: said, slot: value}, before=before,
                        text=said, entities={entity: value})  # fmt: skip
    messages, events = run_action(ValidateComplaintForm(), tracker)
    set_now = slots_set(events)
    assert set_now.get(asked) is None and set_now.get(slot) == value
    assert set_now.get("requested_slot") == asked
    assert messages  # said, never the question again with no word
