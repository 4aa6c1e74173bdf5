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
    responses,
    run_action,
    slots_set,
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
