"""The lead's own probe of the merged code (28 November): each test failed before its fix."""

from __future__ import annotations

import pytest

from actions.intake import ActionChangeComplaint, ValidateComplaintForm
from tests.action_support import at_read_back, form_turn, responses, run_action, slots_set

FILLED = {
    "complaint_category": "service",
    "complaint_description": "I rang 4 times about my broadband and they told me to go to the shop",
    "customer_name": "Bob Stone",
}


@pytest.mark.parametrize(
    ("said", "slot", "value", "kept"),
    [
        ("bob@example.com", "customer_email", "bob@example.com", "e-mail"),
        ("07700900111", "customer_phone", "07700 900111", "phone"),
    ],
)
def test_a_detail_typed_at_the_first_raised_question_is_kept_and_said_not_called_a_bad_date(
    said: str, slot: str, value: str, kept: str
) -> None:
    # The lead, 28 Nov (Invictanet): an e-mail typed at "When did you first raise this with us?"
    # got "Sorry, I couldn't read that as a date", and a phone number after it "I still couldn't
    # read a date there, so I'll leave it out": both were kept, but the customer was told they
    # had failed, and the date was given up on.
    tracker = form_turn(
        "complaint_form",
        "complaint_first_raised",
        {"complaint_first_raised": said, slot: value},
        before=FILLED,
        text=said,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert "utter_hint_complaint_first_raised" not in responses(messages)
    assert "utter_first_raised_left_out" not in responses(messages)
    assert responses(messages) == ["utter_detail_kept"]
    assert kept in messages[0]["kept"]
    assert slots[slot] == value
    assert slots["complaint_first_raised"] is None  # the date is asked again
    assert not slots.get("answer_failures")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I first rang about it on 2 November", "inform"),
        ("no, I first rang about it on 2 November", "deny"),
        ("i complained about this on 2 November", "make_complaint"),
    ],
)
def test_the_day_first_raised_told_at_the_read_back_with_about_in_it_is_the_day(
    text: str, intent: str
) -> None:
    # The lead, 28 Nov (Invictanet): the read-back says "if you raised it with us before, tell me
    # the day"; "I first rang about it on 2 November" got "Please choose one of: sales, billing,
    # ..." (any "about" was read as changing the category) and the day was lost.
    tracker = at_read_back(text, intent, {"complaint_first_raised": "none"})
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert "utter_hint_complaint_category" not in responses(messages)
    assert slots_set(events).get("complaint_first_raised") == "2026-11-02"


def test_a_category_change_with_about_still_changes_the_category() -> None:
    tracker = at_read_back("its about billing not fault repair", "inform")
    _, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events).get("complaint_category") == "billing"
