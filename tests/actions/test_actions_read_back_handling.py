"""The read-back ("Shall I log it?") and the form's questions, as outside customers met them on 27
November 2026 (r10: customers A F14, F15, F5, F30; customers B F2, F20, F37), whatever intent the
model read:

- a refusal to log ("no dont log it") never logs: it stops, and nothing is saved;
- a date said at the read-back ("actually i rang on the 30th not yesterday") changes the day first
  raised and the read-back comes back, never "Goodbye" or "What is your complaint reference?";
- a new call-back time, or one need taken back by its place, changes that and nothing else;
- "forget it", "i dont want to do this anymore", "cancel" at a form question stop the complaint,
  while "I want to cancel my contract" is the complaint's subject.

"Today" is Friday 27 November 2026, 11:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.events import ActionExecuted

from actions.chitchat import ActionDefaultFallback, ActionGoodbye
from actions.intake import (
    ActionChangeComplaint,
    ActionStartComplaint,
    ActionStopComplaint,
    ActionSubmitComplaint,
    ValidateComplaintForm,
)
from actions.rights import ActionAnswerQuestion
from actions.status import ActionSetCaseRequest
from tests.action_support import (
    at_read_back,
    followups,
    make_tracker,
    only,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)

FORM = "complaint_form"

pytestmark = pytest.mark.usefixtures("action_database", "friday_27_november")


def _no_cases(database: str) -> None:
    """No case in the store (the database file may not exist yet: then nothing was written)."""
    path = Path(database.removeprefix("sqlite:///"))
    if not path.exists():
        return
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master")}
        if "cases" in tables:
            assert db.execute("select count(*) from cases").fetchone() == (0,)


# --- a refusal to log never logs (customers A, F14) -----------------------------------------------


@pytest.mark.parametrize("said", ["no dont log it", "dont log it", "no, don't submit it"])
def test_a_refusal_read_as_yes_is_never_logged_and_stops(said: str, action_database: str) -> None:
    messages, events = run_action(ActionSubmitComplaint(), at_read_back(said, "affirm"))
    assert "utter_complaint_created" not in responses(messages)
    _no_cases(action_database)
    assert followups(events) == ["action_stop_complaint"]
    # The stop it goes to says nothing is saved and clears the complaint.
    messages, events = run_action(ActionStopComplaint(), at_read_back(said, "affirm"))
    assert responses(messages) == ["utter_complaint_stopped"]
    assert slots_set(events)["complaint_description"] is None
    _no_cases(action_database)


@pytest.mark.parametrize("intent", ["stop", "deny", "nlu_fallback"])
def test_a_refusal_read_as_anything_stops_without_logging(
    intent: str, action_database: str
) -> None:
    tracker = at_read_back("no dont log it", intent)
    action = ActionStopComplaint() if intent == "stop" else ActionDefaultFallback()
    messages, events = run_action(action, tracker)
    if intent != "stop":
        assert followups(events) == ["action_stop_complaint"]
        messages, events = run_action(ActionStopComplaint(), tracker)
    assert responses(messages) == ["utter_complaint_stopped"]
    _no_cases(action_database)


def test_hang_on_dont_submit_that_waits_and_is_not_logged(action_database: str) -> None:
    tracker = at_read_back("hang on dont submit that", "affirm")
    _, events = run_action(ActionSubmitComplaint(), tracker)
    assert followups(events) == ["action_stop_complaint"]
    messages, events = run_action(ActionStopComplaint(), tracker)
    assert responses(messages) == ["utter_not_logged_yet"]
    assert followups(events) == ["action_summarise_complaint"]
    assert "complaint_description" not in slots_set(events)
    _no_cases(action_database)


@pytest.mark.parametrize("said", ["wait", "wait.", "hmm wait", "one sec", "hang on a minute"])
def test_a_pause_read_as_yes_waits_and_is_not_logged(action_database: str, said: str) -> None:
    """Outside re-test, 27 Nov afternoon: "wait", "one sec" at "Shall I log it?" logged the
    complaint on all four providers."""
    tracker = at_read_back(said, "affirm")
    _, events = run_action(ActionSubmitComplaint(), tracker)
    assert followups(events) == ["action_stop_complaint"]
    messages, events = run_action(ActionStopComplaint(), tracker)
    assert responses(messages) == ["utter_not_logged_yet"]
    _no_cases(action_database)


# --- a date said at the read-back (customers A, F5, F30; customers B, F20) ------------------------


@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionGoodbye(), "goodbye"), (ActionSetCaseRequest(), "check_case")],
)
def test_a_day_first_raised_at_the_read_back_is_changed_not_goodbye(
    action: Any, intent: str
) -> None:
    said = "actually i rang on the 30th not yesterday"
    tracker = at_read_back(said, intent, {"complaint_first_raised": "2026-11-26"})
    messages, events = run_action(action, tracker)
    assert "utter_goodbye" not in responses(messages)
    assert "utter_ask_case_reference" not in responses(messages)
    assert followups(events) == ["action_change_complaint"]
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events)["complaint_first_raised"] == "2026-10-30"
    assert "Friday 30 October 2026" in only(messages, "utter_first_raised_updated")["answer"]
    assert followups(events) == ["action_summarise_complaint"]


def test_goodbye_at_the_read_back_says_it_is_not_logged_and_reads_it_back() -> None:
    messages, events = run_action(ActionGoodbye(), at_read_back("ok bye", "goodbye"))
    assert responses(messages) == ["utter_not_logged_yet"]
    assert followups(events) == ["action_summarise_complaint"]


@pytest.mark.parametrize(
    "said",
    [
        "what? i havent got a reference yet i'm still doing the complaint",
        "what about my complaint, is it logged",
    ],
)
def test_a_case_check_at_the_read_back_with_no_reference_brings_the_read_back_back(
    said: str,
) -> None:
    messages, events = run_action(ActionSetCaseRequest(), at_read_back(said, "check_case"))
    assert responses(messages) == ["utter_back_to_read_back"]
    assert followups(events) == ["action_summarise_complaint"]
    assert "pending_request" not in slots_set(events)


# --- a new call-back time, one need taken back (customers B, F37, F2) ------------------------------

NEEDS = {
    "circumstances": ["health"],
    "support_offer": "yes",
    "support_needs": {
        "needs": ["priority_fault_repair", "call_back_time"],
        "at": "2026-11-27T10:50:00+00:00",
        "details": {"call_back_time": "after 4pm"},
    },
}


@pytest.mark.parametrize(
    ("said", "intent", "action"),
    [
        ("change the call time to after 6 please", "inform", ActionChangeComplaint()),
        ("please call me after 6pm not 4", "make_complaint", ActionStartComplaint()),
        ("please call me after 6pm not 4", "talk_to_human", None),
    ],
)
def test_a_new_call_time_at_the_read_back_replaces_the_one_agreed(
    said: str, intent: str, action: Any, action_database: str
) -> None:
    tracker = at_read_back(said, intent, NEEDS)
    if action is None:
        from actions.status import ActionTalkToHuman

        action = ActionTalkToHuman()
    messages, events = run_action(action, tracker)
    if not isinstance(action, ActionChangeComplaint):
        assert "utter_start_complaint" not in responses(messages)
        assert "utter_contact_details" not in responses(messages)
        assert followups(events) == ["action_change_complaint"]
        messages, events = run_action(ActionChangeComplaint(), tracker)
    needs = slots_set(events)["support_needs"]
    assert needs["needs"] == ["priority_fault_repair", "call_back_time"]
    assert needs["details"] == {"call_back_time": "after 6pm"}
    assert "utter_call_time_will_be_recorded" in responses(messages)
    assert followups(events) == ["action_summarise_complaint"]
    assert slots_set(events).get("complaint_description", "kept") == "kept"
    _no_cases(action_database)


@pytest.mark.parametrize(
    ("said", "intent", "action"),
    [
        ("please remove the second one, keep the first", "check_case", ActionSetCaseRequest()),
        ("remove the second one please", "check_case", ActionSetCaseRequest()),
        ("drop the second one", "inform", None),
        ("take off the one about calling me after 4", "ask_contact", ActionAnswerQuestion()),
    ],
)
def test_one_need_taken_back_at_the_read_back_is_asked_about_alone(
    said: str, intent: str, action: Any
) -> None:
    tracker = at_read_back(said, intent, NEEDS)
    if action is None:
        action = ActionDefaultFallback()
    messages, events = run_action(action, tracker)
    assert "utter_ask_case_reference" not in responses(messages)
    assert followups(events) == ["action_ask_confirm_needs_removal"]
    assert slots_set(events)["needs_removal"]["needs"] == ["call_back_time"]
    assert slots_set(events)["needs_removal"]["where"] == "read_back"


# --- plain ways of quitting at a form question (customers A, F15) ---------------------------------


def _form_turn(asked: str, text: str, intent: str) -> Any:
    before = {"complaint_category": "billing", "complaint_description": "charged twice"}
    events: list[dict[str, Any]] = [user_event("billing", "inform")]
    events += [slot_event(name, value) for name, value in before.items()]
    events += [user_event(text, intent), slot_event("requested_slot", asked), ActionExecuted(FORM)]
    slots = {**before, "requested_slot": asked, asked: text}
    return make_tracker(slots, text=text, intent=intent, events=events, active_loop=FORM)


@pytest.mark.parametrize("said", ["forget it", "i dont want to do this anymore", "cancel"])
@pytest.mark.parametrize("intent", ["inform", "deny", "nlu_fallback"])
def test_plain_ways_of_quitting_stop_the_form(said: str, intent: str) -> None:
    tracker = _form_turn("customer_type", said, intent)
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert not any(
        r.startswith("utter_ask_") or r.startswith("utter_hint_") for r in responses(messages)
    )
    assert {"event": "active_loop", "name": None} in [
        {"event": e.get("event"), "name": e.get("name")}
        for e in events
        if e.get("event") == "active_loop"
    ]
    assert followups(events) == ["action_stop_complaint"]
    messages, events = run_action(ActionStopComplaint(), tracker)
    assert responses(messages) == ["utter_complaint_stopped"]
    assert slots_set(events)["complaint_description"] is None


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("complaint_description", "I want to cancel my contract"),
        ("complaint_description", "cancellation fee"),
        ("complaint_category", "cancel"),
    ],
)
def test_cancel_about_the_complaint_is_content(asked: str, said: str) -> None:
    tracker = _form_turn(asked, said, "inform")
    _, events = run_action(ValidateComplaintForm(), tracker)
    assert "action_stop_complaint" not in followups(events)
    assert not any(e.get("event") == "active_loop" for e in events)
