"""Outside attacker, round 12 (27 Nov): a call back asked for on a verified, logged case.

H1: "can someone call me back on monday at 2pm" about case B was held as a pending need "with
today as the date you agreed", announced at "send me a letter confirming this", and recorded on a
new complaint logged later (whose customer had said "no phone"). H2/M5: the day asked for was
replaced by "today", and the time never reached the case asked about.
Now: the time, with the day said, is recorded on the verified case at once, with consent dated
today, and nothing of it is carried to the case check that follows or to a new complaint.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions.intake import ValidateComplaintForm
from actions.status import ActionTalkToHuman, ValidateCaseLookupForm
from bot.cases.needs import needs_by_reference
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from tests.action_support import (
    make_tracker,
    only,
    open_store,
    rendered,
    responses,
    run_action,
    slots_set,
    user_event,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)  # a Tuesday
CALL = "can someone call me back on monday at 2pm"


def verified(action_store: CaseStore) -> str:
    case = action_store.create_case(
        make_intake(channel="chat"), received=TODAY, actor="assistant", channel="chat"
    )
    with open_store(os.environ["DATABASE_URL"]) as store:
        CaseVerification(store).record_owner(
            case.reference, conversation_id="conversation-1", channel="rest", now=TODAY
        )
    return case.reference


def needs_on(reference: str) -> list[str]:
    """The needs recorded on the case, as the desk sees them."""
    with open_store(os.environ["DATABASE_URL"]) as store:
        return [n.need for n in needs_by_reference(store).get(reference, [])]


def call_back(reference: str, text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tracker = make_tracker({"verified_reference": reference}, text=text, intent="talk_to_human")
    return run_action(ActionTalkToHuman(), tracker)


def test_a_call_back_time_on_a_verified_case_is_recorded_on_it_with_the_day_asked(
    action_store: CaseStore,
) -> None:
    reference = verified(action_store)
    messages, _ = call_back(reference, CALL)
    needs = needs_on(reference)
    assert any("Monday 28 December 2026 at 2pm" in n for n in needs), needs
    told = rendered(only(messages, "utter_call_back_time_recorded"))
    assert reference in told and "Monday 28 December 2026 at 2pm" in told
    assert "utter_call_back_flagged" not in responses(messages)


def test_tomorrow_is_kept_with_the_time_and_checked_against_the_phone_hours(
    action_store: CaseStore,
) -> None:
    reference = verified(action_store)
    messages, _ = call_back(reference, "please call me back tomorrow at 10am")
    needs = needs_on(reference)
    assert any("Wednesday 23 December 2026 at 10am" in n for n in needs), needs
    assert "utter_call_back_hours" in responses(messages)
    messages, _ = call_back(reference, "please call me back on saturday at 10am")
    told = rendered(only(messages, "utter_call_back_outside_hours"))
    assert "Saturday 26 December 2026" in told


def test_a_call_back_time_asked_on_a_case_is_not_carried_to_a_check_or_a_new_complaint(
    action_store: CaseStore,
) -> None:
    reference = verified(action_store)
    _, talked = call_back(reference, CALL)
    history = [
        user_event(CALL, "talk_to_human"),
        {"event": "action", "name": "action_talk_to_human"},
        *talked,
    ]
    letter = "send me a letter confirming this"
    check = make_tracker(
        {"verified_reference": reference, "requested_slot": "verification_answer"},
        text=letter,
        intent="check_case",
        events=[*history, user_event(letter, "check_case")],
        active_loop="case_lookup_form",
    )
    messages, events = run_action(ValidateCaseLookupForm(), check)
    assert "utter_call_time_will_be_recorded" not in responses(messages)
    assert not slots_set(events).get("support_needs")
    new = "I want to make a new complaint, the engineer never turned up on tuesday"
    form = make_tracker(
        {"verified_reference": reference, "requested_slot": "category"},
        text=new,
        intent="make_complaint",
        events=[*history, user_event(letter, "check_case"), user_event(new, "make_complaint")],
        active_loop="complaint_form",
    )
    messages, events = run_action(ValidateComplaintForm(), form)
    assert "utter_call_time_will_be_recorded" not in responses(messages)
    assert not slots_set(events).get("support_needs")


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("call me tomorrow at 10am please", "on Wednesday 23 December 2026 at 10am"),
        ("please ring me on friday after 6pm", "on Friday 25 December 2026 after 6pm"),
        ("call me after 6pm", "after 6pm"),
    ],
)
def test_a_day_said_with_the_time_in_a_new_complaint_is_kept(said: str, when: str) -> None:
    form = make_tracker(
        {"requested_slot": "category"},
        text=said,
        intent="inform",
        events=[user_event(said, "inform")],
        active_loop="complaint_form",
    )
    _, events = run_action(ValidateComplaintForm(), form)
    needs = slots_set(events).get("support_needs")
    assert needs and needs["details"]["call_back_time"] == when


@pytest.mark.parametrize("intent", ["check_case", "inform", "nlu_fallback"])
def test_an_escalation_asked_after_a_failed_check_survives_an_answer_in_words(
    action_store: CaseStore, intent: str
) -> None:
    """M1: verified on A, a failed check on B, then "ok then escalate it to the managing
    director", "the first one" at "What is your complaint reference?", then A's reference: the
    escalation was lost ("I haven't asked for anything to be done on A")."""
    from tests.action_support import logged, verified_on

    first = action_store.create_case(
        make_intake(channel="chat"), received=TODAY, actor="assistant", channel="chat"
    ).reference
    second = action_store.create_case(
        make_intake(channel="chat", postcode="M14 5RX", email="bea@example.net"),
        received=TODAY,
        actor="assistant",
        channel="chat",
    ).reference
    talk = verified_on(first)
    talk.turn(f"I want an ADR deadlock letter for {second} please", "request_adr_letter",
              reference=second)  # fmt: skip
    assert "utter_verification_failed" in talk.turn("TN1 2PY", postcode="TN1 2PY")
    assert talk.turn("ok then escalate it to the managing director", "request_escalation") == [
        "utter_ask_case_reference"
    ]
    talk.turn("the first one", intent)
    talk.turn(first, "inform", reference=first)
    if "utter_ask_verification_answer" in responses(talk.said):
        talk.turn("TN1 2PY", postcode="TN1 2PY")
    assert logged(action_store, first) == ["escalation"]
    assert logged(action_store, second) == []


def test_an_email_given_at_what_happened_is_kept_as_said() -> None:
    """M4: at "Please tell me what happened", an e-mail address got "I've noted it for contacting
    you", then "What email address can we use?", and it was dropped at "skip". Rasa's mapping
    also takes it as the e-mail candidate, which was then set back to nothing."""
    from tests.action_support import form_turn_after

    email = "bea.probeton@example.net"
    tracker = form_turn_after(
        ["I want to make a new complaint, the engineer never turned up on tuesday", "fault repair"],
        "complaint_description",
        {"complaint_description": email, "customer_email": email},
        {"complaint_category": "fault_repair", "customer_name": "Bea Probeton"},
        email,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert "utter_description_is_a_detail" in responses(messages)
    slots = slots_set(events)
    assert slots["customer_email"] == email
    assert slots.get("requested_slot") != "customer_email"
