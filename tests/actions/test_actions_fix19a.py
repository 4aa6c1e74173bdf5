"""Outside testers typing as customers at "How would you like us to contact you?" (round 19, an
Infinity Group conversation on the web chat), through the actions; each test failed before its fix:

- F2: "i dont have it" at the contact question got "Please choose one of the ways shown." and the
  whole block again (the code's routes, Relay UK, the question); the next answer got "If you don't
  have that to hand ... say 'skip'" and the same block a third time: the hints disagreed and the
  question came three times the same way. Now a re-ask never repeats the preamble, "i dont have
  it" is told nothing is needed and shown the ways, a second answer that will not do gets the
  ways numbered, and a third leaves the preference out.
- F1: more of the complaint typed there ("bill shows 45 quid for 'premium support' never asked for
  it, want it refunded and removed. i rang on 3 november about it and nobody called back") was
  refused as an answer and lost from "What happened": it is added to the account, said, and the
  question asked again plainly.

"Today" is Tuesday 22 December 2026, 10:00.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import ActionExecuted

from actions.intake import ActionAskContactPreference, ValidateComplaintForm
from tests.action_support import (
    make_tracker,
    rendered,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")

FORM = "complaint_form"
ASKED = "contact_preference"
FIRST = (
    "hi ive been charged £45 extra on my bill this month for something i never ordered, "
    "this is the 3rd time!!"
)
DETAILS = (
    "bill shows 45 quid for 'premium support' never asked for it, want it refunded and removed. "
    "i rang on 3 november about it and nobody called back"
)
BEFORE: dict[str, Any] = {
    "provider": "infinity-group",
    "complaint_category": "billing",
    "complaint_description": FIRST,
    "customer_name": "Sam Green",
    "customer_email": "sam.green@example.com",
    "customer_phone": "07700 900123",
    "customer_postcode": "LS6 2AB",
}
PREAMBLE = {"utter_contact_routes", "utter_contact_routes_not_stated", "utter_text_relay_offer"}


def _said(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"event": "bot", "text": "...", "metadata": {"utter_action": m["response"]}}
        for m in messages
    ]


class ContactQuestion:
    """The complaint form at the contact question, turn by turn as Rasa runs it: the message (its
    words the slot's candidate, as the slot's from_text mapping takes them), the form's
    validation, and the question asked again while the slot is empty."""

    def __init__(self) -> None:
        self.slots: dict[str, Any] = {**BEFORE, "requested_slot": ASKED}
        self.events: list[dict[str, Any]] = [
            user_event(FIRST, "make_complaint"),
            *(slot_event(k, v) for k, v in self.slots.items()),
        ]
        self.latest = self.events[0]["parse_data"]
        self.first_asking = self.ask()

    def ask(self) -> list[str]:
        """The form asks the contact question; what was said."""
        tracker = make_tracker(self.slots, events=list(self.events), active_loop=FORM)
        tracker.latest_message = self.latest
        messages, _ = run_action(ActionAskContactPreference(), tracker)
        self.events += [ActionExecuted("action_ask_contact_preference"), *_said(messages)]
        return responses(messages)

    def turn(self, text: str, intent: str = "inform") -> tuple[list[str], list[str]]:
        """The customer says `text`: what the validation said, and the question asked again (or
        nothing when the form moved on)."""
        self.events += [
            ActionExecuted("action_listen"),
            user_event(text, intent),
            ActionExecuted(FORM),
            slot_event(ASKED, text),
        ]
        self.latest = self.events[-3]["parse_data"]
        tracker = make_tracker(
            {**self.slots, ASKED: text},
            text=text,
            intent=intent,
            events=list(self.events),
            active_loop=FORM,
        )
        messages, events = run_action(ValidateComplaintForm(), tracker)
        self.messages = messages
        self.slots.update(slots_set(events))
        self.events += [*events, *_said(messages)]
        if self.slots.get(ASKED) is not None:
            return responses(messages), []
        return responses(messages), self.ask()


# --- F2 -------------------------------------------------------------------------------------------


def test_the_first_asking_says_the_routes_and_relay() -> None:
    assert ContactQuestion().first_asking == [
        "utter_contact_routes",
        "utter_text_relay_offer",
        "utter_ask_contact_preference",
    ]


@pytest.mark.parametrize("said", ["i dont have it", "I don't have it", "havent got one"])
def test_i_dont_have_it_is_told_nothing_is_needed_and_the_ways(said: str) -> None:
    form = ContactQuestion()
    reply, asked_again = form.turn(said)
    assert reply == ["utter_contact_preference_nothing_needed"], reply
    shown = rendered(form.messages[0])
    assert "1: Email\n2: Phone\n3: Letter\n4: Phone by text relay (Relay UK)" in shown
    assert "skip" in shown
    assert "utter_hint_contact_preference" not in reply
    # The question again, without the code's routes and Relay UK said a second time.
    assert asked_again == ["utter_ask_contact_preference"]


@pytest.mark.parametrize("said", ["I don't know", "skip"])
def test_i_dont_know_at_the_contact_question_leaves_it_out(said: str) -> None:
    form = ContactQuestion()
    reply, asked_again = form.turn(said)
    assert reply == ["utter_answer_left_out"]
    assert form.slots[ASKED] is not None
    assert asked_again == []


def test_the_question_is_never_asked_a_third_time_the_same_way() -> None:
    form = ContactQuestion()
    first, again = form.turn("i dont have it")
    second, again_too = form.turn("the thing")
    # The second answer that will not do: the ways numbered, never "say 'skip'" (the hints agree).
    assert second == ["utter_choose_by_number"], second
    assert again_too == ["utter_ask_contact_preference"]
    third, after = form.turn("the other thing")
    assert third == ["utter_answer_left_out"], third
    assert after == []
    # A number taken from the numbered ways.
    form = ContactQuestion()
    form.turn("i dont have it")
    form.turn("the thing")
    chosen, _ = form.turn("2")
    assert form.slots[ASKED] == "phone", chosen


def test_a_re_ask_after_an_answer_that_will_not_do_has_no_preamble() -> None:
    form = ContactQuestion()
    _, asked_again = form.turn("blue")
    assert not PREAMBLE & set(asked_again)
    assert asked_again == ["utter_ask_contact_preference"]


# --- F1 -------------------------------------------------------------------------------------------


def test_more_of_the_complaint_at_the_contact_question_is_added_to_what_happened() -> None:
    form = ContactQuestion()
    form.turn("i dont have it")
    reply, asked_again = form.turn(DETAILS)
    assert "utter_added_to_description" in reply, reply
    assert "utter_hint_skip_plainly" not in reply
    assert "utter_hint_contact_preference" not in reply
    description = form.slots["complaint_description"]
    for told in ("charged £45", "premium support", "refunded and removed", "nobody called back"):
        assert told in description, description
    assert form.slots["complaint_first_raised"] == "2026-11-03"
    assert form.slots[ASKED] is None
    assert asked_again == ["utter_ask_contact_preference"]


def test_more_of_the_complaint_as_the_first_answer_is_added_too() -> None:
    form = ContactQuestion()
    reply, asked_again = form.turn(DETAILS)
    assert reply == ["utter_added_to_description"], reply
    assert "premium support" in form.slots["complaint_description"]
    assert asked_again == ["utter_ask_contact_preference"]
    # and the question then still takes its answer
    form.turn("email")
    assert form.slots[ASKED] == "email"
