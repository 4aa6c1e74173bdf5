"""Outside customers B, round 19 (fix19c, F5 HIGH): a deaf customer who asks for contact by text
relay with "contact in writing only" also recorded, and no phone number.

The read-back found no number for the relay calls and sent the form back for one; the form left
the phone question out for a writing-only customer and ended at once, the read-back found the same
gap, and so on within one turn until Rasa stopped predicting: "You'd like us to contact you by
text relay, but I don't have your phone number." five times, then every message, "stop" too, got
"Sorry, I didn't manage an answer to that".
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import ActionSummariseComplaint, ValidateComplaintForm
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    call,
    followups,
    make_tracker,
    rendered,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
    validate,
)

pytestmark = pytest.mark.usefixtures("action_database")

RELAY_WRITING_ONLY: dict[str, Any] = {
    **CONSUMER_FORM,
    "provider": "infinity-system-solutions",
    "customer_name": "Max Hill",
    "customer_email": "max@example.com",
    "customer_phone": None,
    "customer_postcode": "NP23 6AB",
    "contact_preference": "text_relay",
    "support_needs": {"needs": ["writing_only"], "at": "2026-11-29"},
}


def _required(slots: dict[str, Any]) -> list[str]:
    tracker = make_tracker(slots, text="none", active_loop="complaint_form")
    domain_slots = list(DOMAIN["forms"]["complaint_form"]["required_slots"])
    return call(ValidateComplaintForm().required_slots, domain_slots, None, tracker, DOMAIN)


@pytest.mark.parametrize("preference", ["text_relay", "phone"])
def test_a_way_by_phone_asks_the_number_though_writing_only_is_recorded(preference: str) -> None:
    required = _required({**RELAY_WRITING_ONLY, "contact_preference": preference})
    assert "customer_phone" in required


def test_writing_only_with_a_written_way_still_asks_no_phone_number() -> None:
    assert "customer_phone" not in _required({**RELAY_WRITING_ONLY, "contact_preference": "email"})


def test_the_read_back_sends_the_form_to_a_question_it_will_ask() -> None:
    """The read-back's "I don't have your phone number" goes back to a form that asks for it
    (never a form with nothing left to ask, which came straight back here)."""
    tracker = make_tracker(RELAY_WRITING_ONLY, text="none")
    messages, events = run_action(ActionSummariseComplaint(), tracker)
    assert responses(messages) == ["utter_preference_unreachable"]
    assert followups(events) == ["complaint_form"]
    assert "customer_phone" in _required({**RELAY_WRITING_ONLY, **slots_set(events)})


def _relay_again(text: str, *, chosen_before: bool) -> Any:
    earlier = [slot_event("contact_preference", "text_relay")] if chosen_before else []
    events = [
        *earlier,
        slot_event("customer_phone", "none"),
        slot_event("contact_preference", None),
        user_event(text, "inform"),
    ]
    slots = {
        **RELAY_WRITING_ONLY,
        "customer_phone": "none",
        "contact_preference": "text_relay",
        "requested_slot": "contact_preference",
    }
    return make_tracker(slots, text=text, events=events, active_loop="complaint_form")


def test_relay_asked_for_again_after_declining_the_number_is_a_way_out_not_the_same_question() -> (
    None
):
    """The number asked for once and declined ("I don't have a phone number for you, use relay
    UK"), then relay chosen again: no third "I don't have your phone number"; the way is left
    open, what is kept (the e-mail) is used, and how to have the calls is said."""
    tracker = _relay_again("by Relay UK please", chosen_before=True)
    result, messages = validate(
        ValidateComplaintForm().validate_contact_preference, "text_relay", tracker
    )
    assert result["contact_preference"] == "none"
    assert responses(messages) == ["utter_preference_without_its_detail"]
    said = rendered(messages[0])
    assert "e-mail" in said and "phone number" in said
    assert "call us" not in said.lower()


def test_relay_chosen_the_first_time_without_a_number_is_kept_and_the_number_asked() -> None:
    tracker = _relay_again("by Relay UK please", chosen_before=False)
    result, _ = validate(ValidateComplaintForm().validate_contact_preference, "text_relay", tracker)
    assert result["contact_preference"] == "text_relay"


def test_the_read_back_never_sends_the_form_back_twice_in_one_turn() -> None:
    """A form that comes straight back with the detail still missing: the read-back does not
    send it back again (that looped until the conversation went dead), it leaves the way open."""
    slots = {**RELAY_WRITING_ONLY, "customer_phone": "none"}
    events = [
        user_event("none", "inform"),
        {"event": "action", "name": "complaint_form"},
        {"event": "action", "name": "action_summarise_complaint"},
        slot_event("customer_phone", None),
        {"event": "action", "name": "complaint_form"},
        slot_event("customer_phone", "none"),
    ]
    tracker = make_tracker(slots, text="none", events=events)
    messages, events_out = run_action(ActionSummariseComplaint(), tracker)
    assert "complaint_form" not in followups(events_out)
    assert slots_set(events_out).get("contact_preference") == "none"
    assert "utter_preference_without_its_detail" in responses(messages)
    assert "utter_preference_unreachable" not in responses(messages)
