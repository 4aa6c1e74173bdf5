"""What outside testers typing as customers found on 27 Nov (issues 15 and 19; customers A and B,
compliance), through the actions: each test failed before its fix.

- a head count given as asked ("2 paid staff and 25 volunteers") was answered as an ADR question
  and the question asked again, every time (customers B F7, compliance F20);
"""

from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.chitchat import ActionDefaultFallback
from actions.intake import ActionSubmitComplaint, ValidateComplaintForm
from actions.rights import ActionAnswerQuestion
from tests.action_support import (
    CONSUMER_FORM,
    complaint_form_answer,
    form_turn,
    make_tracker,
    only,
    responses,
    run_action,
    slots_set,
)

pytestmark = pytest.mark.usefixtures("action_database")

FORM = "complaint_form"
ISS = "infinity-system-solutions"
answer = complaint_form_answer


# --- 1. the head count, answered as asked (customers B F7, F8; compliance F20) --------------------

BUSINESS = {**CONSUMER_FORM, "provider": ISS, "customer_type": "business", "employees": None}


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("2 paid staff and 25 volunteers", "2 employees and 25 volunteers"),
        ("I just told you, 2 staff and 25 volunteers", "2 employees and 25 volunteers"),
        (
            "2 employees, 0 contractors, 25 volunteers",
            "2 employees, 0 contractors and 25 volunteers",
        ),
        ("like I said, 8 staff and 3 part-timers, no contractors or volunteers", "11 employees"),
        (
            "7 staff plus 2 freelancers and a volunteer",
            "7 employees, 2 contractors and 1 volunteer",
        ),
    ],
)
@pytest.mark.parametrize("intent", ["ask_adr", "nlu_fallback"])
def test_a_head_count_read_as_a_question_is_the_answer_to_the_head_count_question(
    said: str, kept: str, intent: str
) -> None:
    """Customers B F7: the eligibility answer, then "How many employees ..., and how many
    contractors and volunteers?" again, for as long as the customer answered as asked."""
    tracker = make_tracker(
        {**BUSINESS, "requested_slot": "employees"}, text=said, intent=intent, active_loop=FORM
    )
    action = ActionAnswerQuestion() if intent == "ask_adr" else ActionDefaultFallback()
    messages, events = run_action(action, tracker)
    assert messages == []
    assert events == [SlotSet("employees", said), FollowupAction("complaint_form")]
    # The form's own check keeps every group named, and goes on to the next question.
    turn = form_turn(FORM, "employees", {"employees": said}, before=BUSINESS, text=said)
    _, validated = run_action(ValidateComplaintForm(), turn)
    slots = slots_set(validated)
    assert slots["employees"] == kept
    assert slots["requested_slot"] != "employees"


def test_a_question_about_adr_with_a_head_count_at_that_question_is_still_answered() -> None:
    said = "we have 8 staff, can we use the ombudsman?"
    tracker = make_tracker(
        {**BUSINESS, "requested_slot": "employees"}, text=said, intent="ask_adr", active_loop=FORM
    )
    messages, events = run_action(ActionAnswerQuestion(), tracker)
    assert messages  # the question answered
    assert FollowupAction("complaint_form") not in events


def test_volunteers_kept_with_the_staff_give_the_caveat_when_the_complaint_is_logged() -> None:
    """Customers B F8: stored as "business, 2 employees" and told ADR was open "now", minutes after
    hearing the Communications Ombudsman would not take 27 people."""
    slots = {
        **BUSINESS,
        "employees": "2 employees and 25 volunteers",
        "complaint_first_raised": "2026-04-01",
    }
    tracker = make_tracker(slots, text="yes", intent="affirm")
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    depends = only(messages, "utter_adr_depends")["reason"]
    assert "25 volunteers" in depends and "27 counted together" in depends
    assert "utter_adr_open_first_raised" in responses(messages)
