"""Customers' own words in the complaint form (issues 15 and 19), as outside testers typed them:

- a fault with earlier contact in the first message ("broadband down, rang you on the 20th") starts
  the complaint after the fault line, and the day rung is the day first raised;
- "my first letter was on the 14th of september" at "Shall I log it?" changes the day first raised
  and the read-back comes back, never "What is your complaint reference?";
- "I ALREADY TOLD YOU. Ian Ross" at the name question is the name "Ian Ross";
- a new call-back time at the read-back, whatever intent the model read, changes that time and
  the read-back comes back, never a new complaint;
- a part of what happened taken back at the read-back ("dont record the thing about dave") is
  taken out of the account, or the account asked for again; never ignored;
- "please remove the call time" after logging takes the call-back time off the case.

"Today" is Friday 27 November 2026, 11:00; each test has its own SQLite case store.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionDefaultFallback
from actions.faults import ActionReportFault
from actions.intake import (
    ActionChangeComplaint,
    ActionStartComplaint,
    ValidateComplaintForm,
)
from tests.action_support import (
    at_read_back,
    complaint_form_answer,
    followups,
    form_turn,
    make_tracker,
    only,
    responses,
    run_action,
    slots_set,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database", "friday_27_november")


def _rereads(events: list[dict[str, Any]]) -> list[str]:
    return [e["parse_data"]["intent"]["name"] for e in events if e.get("event") == "user"]


# --- 1. a fault with earlier contact in the first message -----------------------------------------


@pytest.mark.parametrize(
    "text",
    ["broadband down, rang you on the 20th", "internet not working, i called you on the 20th"],
)
def test_a_fault_with_earlier_contact_starts_the_complaint_after_the_fault_line(text: str) -> None:
    tracker = make_tracker({"provider": "infinium"}, text=text, intent="report_fault")
    messages, events = run_action(ActionReportFault(), tracker)
    assert "utter_offer_complaint" not in responses(messages)
    assert _rereads(events) == ["make_complaint"]
    started = make_tracker({"provider": "infinium"}, text=text, intent="make_complaint")
    messages, events = run_action(ActionStartComplaint(), started)
    assert "utter_start_complaint" in responses(messages)
    # The next answer is checked by the form, which takes the 20th as the day first raised.
    answer = form_turn(
        "complaint_form",
        "complaint_category",
        {"complaint_category": "fault_repair"},
        before={"provider": "infinium", **slots_set(events)},
        text="faults",
    )
    answer.events.insert(0, user_event(text, "make_complaint"))
    _, events = run_action(ValidateComplaintForm(), answer)
    assert slots_set(events)["complaint_first_raised"] == "2026-11-20"


@pytest.mark.parametrize("reply", ["as i said", "I told you already!", "see above"])
def test_as_i_said_at_what_happened_keeps_the_first_message(reply: str) -> None:
    first = "broadband down, rang you on the 20th"
    answer = form_turn(
        "complaint_form",
        "complaint_description",
        {"complaint_description": reply},
        before={"provider": "infinium", "complaint_category": "fault_repair"},
        text=reply,
    )
    answer.events.insert(0, user_event(first, "make_complaint"))
    _, events = run_action(ValidateComplaintForm(), answer)
    assert slots_set(events)["complaint_description"] == first
    assert slots_set(events)["complaint_first_raised"] == "2026-11-20"


# --- 2. the day first raised, said at the read-back ------------------------------------------------


@pytest.mark.parametrize("intent", ["check_case", "inform", "nlu_fallback", "make_complaint"])
def test_my_first_letter_at_the_read_back_changes_the_day_first_raised(intent: str) -> None:
    from actions.status import ActionSetCaseRequest

    said = "my first letter was on the 14th of september"
    tracker = at_read_back(said, intent)
    action = {
        "check_case": ActionSetCaseRequest(),
        "inform": ActionDefaultFallback(),
        "nlu_fallback": ActionDefaultFallback(),
        "make_complaint": ActionStartComplaint(),
    }[intent]
    messages, events = run_action(action, tracker)
    assert "utter_ask_case_reference" not in responses(messages)
    if followups(events) == ["action_change_complaint"]:
        messages, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events)["complaint_first_raised"] == "2026-09-14"
    assert "14 September 2026" in only(messages, "utter_first_raised_updated")["answer"]
    assert followups(events) == ["action_summarise_complaint"]


# --- 3. the name, said again with a complaint about being asked ------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "I ALREADY TOLD YOU. Ian Ross",
        "i said, its Ian Ross",
        "Ian Ross like I said",
        "I TOLD YOU ALREADY!! Ian Ross",
        "ive told you twice, Ian Ross",
    ],
)
def test_the_name_said_again_crossly_is_the_name(said: str) -> None:
    result, messages = complaint_form_answer(
        "customer_name", said, before={"complaint_category": "billing"}
    )
    assert result["customer_name"] == "Ian Ross"
    assert "utter_sorry_asked_again" in responses(messages)


def test_a_name_with_no_reminder_gets_no_apology() -> None:
    result, messages = complaint_form_answer(
        "customer_name", "Ian Ross", before={"complaint_category": "billing"}
    )
    assert result["customer_name"] == "Ian Ross"
    assert responses(messages) == []


# --- 6. a new call-back time at the read-back, whatever the model read ------------------------------


def _action_for(intent: str) -> Any:
    from actions.chitchat import ActionGreet
    from actions.intake import ActionSubmitComplaint

    return {
        "inform": ActionChangeComplaint(),
        "make_complaint": ActionStartComplaint(),
        "greet": ActionGreet(),
        "nlu_fallback": ActionDefaultFallback(),
        "affirm": ActionSubmitComplaint(),
    }[intent]


@pytest.mark.parametrize("intent", ["inform", "make_complaint", "greet", "nlu_fallback", "affirm"])
@pytest.mark.parametrize(
    ("said", "time"),
    [
        ("actually call me at 3pm instead", "at 3pm"),
        ("can you make the call back time 10am", "at 10am"),
        ("change the call time to tomorrow morning", "in the morning"),
    ],
)
def test_a_new_call_back_time_at_the_read_back_changes_it(
    said: str, time: str, intent: str, action_database: str
) -> None:
    slots = {
        "contact_preference": "phone",
        "support_needs": {
            "needs": ["call_back_time"],
            "at": "2026-11-27T10:50:00+00:00",
            "details": {"call_back_time": "after 4pm"},
            "stated_only": True,
        },
    }
    tracker = at_read_back(said, intent, slots)
    messages, events = run_action(_action_for(intent), tracker)
    assert "utter_complaint_created" not in responses(messages)
    assert "utter_start_complaint" not in responses(messages)
    assert "complaint_description" not in slots_set(events)
    if followups(events) == ["action_change_complaint"]:
        messages, events = run_action(ActionChangeComplaint(), tracker)
    noted = slots_set(events)["support_needs"]["details"]["call_back_time"]
    if "tomorrow" in said:
        # The day is kept with the time (outside attacker, round 12, H2): "on <tomorrow> ...".
        assert noted.startswith("on ") and noted.endswith(f" {time}")
    else:
        assert noted == time
    assert "complaint_description" not in slots_set(events)
    assert followups(events) == ["action_summarise_complaint"]


# --- 5. the call-back time taken off a case already logged -----------------------------------------

_CALL_AFTER_4 = {
    "contact_preference": "phone",
    "support_needs": {
        "needs": ["call_back_time"],
        "at": "2026-11-27T10:50:00+00:00",
        "details": {"call_back_time": "after 4pm"},
        "stated_only": True,
    },
}


def _logged_with_a_call_time() -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """A complaint logged with a call-back time: its reference, the conversation's events and the
    slots after it."""
    from actions.intake import ActionSubmitComplaint

    tracker = at_read_back("yes", "affirm", _CALL_AFTER_4)
    messages, events = run_action(ActionSubmitComplaint(), tracker)
    assert "utter_needs_recorded" in responses(messages)
    after = slots_set(events)
    logged = [
        *tracker.events,
        {"event": "action", "name": "action_submit_complaint", "timestamp": None},
        *events,
        {"event": "action", "name": "action_listen", "timestamp": None},
    ]
    return after["created_reference"], logged, {**tracker.slots, **after}


@pytest.mark.parametrize("intent", ["check_case", "inform", "nlu_fallback", "make_complaint"])
def test_removing_the_call_time_after_logging_takes_it_off_the_case(
    intent: str, action_database: str
) -> None:
    from actions.status import ActionHandleCaseRequest, ActionSetCaseRequest
    from actions.vulnerability import ActionConfirmNeedsRemoval
    from tests.action_support import open_store

    reference, logged, slots = _logged_with_a_call_time()
    said = "please remove the call time"

    def turn(text: str, read_as: str, **more: Any) -> Any:
        return make_tracker(
            {**slots, **more},
            text=text,
            intent=read_as,
            events=[*logged, user_event(text, read_as)],
        )

    action = {
        "check_case": ActionSetCaseRequest(),
        "inform": ActionDefaultFallback(),
        "nlu_fallback": ActionDefaultFallback(),
        "make_complaint": ActionStartComplaint(),
    }[intent]
    messages, events = run_action(action, turn(said, intent))
    assert "utter_case_status" not in responses(messages)
    assert _rereads(events) == ["withdraw_consent"]
    # As "remove my needs" goes: the case is found, checked, and the removal asked about first.
    _, events = run_action(ActionSetCaseRequest(), turn(said, "withdraw_consent"))
    asked = slots_set(events)
    assert asked["pending_request"] == "withdraw_needs"
    assert asked["case_reference"] == reference
    checked = turn(said, "withdraw_consent", **{**asked, "verification_answer": "verified"})
    _, events = run_action(ActionHandleCaseRequest(), checked)
    pending = slots_set(events)["needs_removal"]
    assert pending["needs"] == ["call_back_time"]
    assert followups(events) == ["action_ask_confirm_needs_removal"]
    messages, _ = run_action(
        ActionConfirmNeedsRemoval(), turn("yes", "affirm", needs_removal=pending)
    )
    assert only(messages, "utter_needs_withdrawn")["reference"] == reference
    with open_store(action_database) as store:
        assert store.events(reference)[-1].kind == "needs_withdrawn"


# --- 4. a part of what happened taken back at the read-back ----------------------------------------

TOLD_WITH_DAVE = (
    "I was charged twice for December. Dave from your shop said it would be refunded. "
    "Nothing has come back."
)


@pytest.mark.parametrize("intent", ["inform", "make_complaint", "nlu_fallback", "affirm", "greet"])
@pytest.mark.parametrize(
    "said",
    [
        "dont record the thing about dave after all",
        "take out the bit about dave from your shop please",
        "leave dave out of it",
    ],
)
def test_a_part_taken_back_at_the_read_back_is_taken_out(said: str, intent: str) -> None:
    tracker = at_read_back(said, intent, {"complaint_description": TOLD_WITH_DAVE})
    messages, events = run_action(_action_for(intent), tracker)
    assert "utter_complaint_created" not in responses(messages)
    if followups(events) == ["action_change_complaint"]:
        messages, events = run_action(ActionChangeComplaint(), tracker)
    assert responses(messages) == ["utter_part_taken_out"]
    assert slots_set(events)["complaint_description"] == (
        "I was charged twice for December. Nothing has come back."
    )
    assert followups(events) == ["action_summarise_complaint"]


@pytest.mark.parametrize(
    "told",
    [
        "Dave from your shop said the bill would be refunded and it was not.",  # all of it
        "I was charged twice for December.",  # no sentence about him
    ],
)
def test_a_part_that_cannot_be_taken_out_safely_is_asked_for_again(told: str) -> None:
    said = "dont record the thing about dave after all"
    tracker = at_read_back(said, "inform", {"complaint_description": told})
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert responses(messages) == ["utter_part_to_retype"]
    assert slots_set(events)["complaint_description"] is None
    assert followups(events) == ["complaint_form"]


# --- the readers behind them ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "chased"),
    [
        ("broadband down, rang you on the 20th", True),
        ("internet not working, i called you on the 20th", True),
        ("broadband down", False),  # a fault to report, no more
        ("broadband down, rang the engineer on the 20th", False),  # not the provider
    ],
)
def test_a_fault_already_chased(text: str, chased: bool) -> None:
    from bot.answers.routing import chases_a_fault

    assert chases_a_fault(text) is chased


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("dont record the thing about dave after all", ("dave",)),
        ("remove the part about dave from your shop", ("dave", "shop")),
        ("leave dave out of it", ("dave",)),
        ("remove the second charge", None),
        ("you leave customers out in the cold", None),  # more of the account
    ],
)
def test_a_part_taken_back_is_named_by_its_words(text: str, part: Any) -> None:
    from bot.answers.what_happened import part_taken_back

    assert part_taken_back(text) == part


# --- 4. ... or said inside another answer ---------------------------------------------------------

_FORM_SO_FAR = {
    "provider": "infinium",
    "complaint_category": "billing",
    "complaint_description": TOLD_WITH_DAVE,
}


def test_a_part_taken_back_inside_the_name_answer_is_taken_out_and_the_name_kept() -> None:
    said = "Ian Ross, and dont record the thing about dave after all"
    tracker = form_turn(
        "complaint_form", "customer_name", {"customer_name": said}, before=_FORM_SO_FAR, text=said
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots["customer_name"] == "Ian Ross"
    assert slots["complaint_description"] == (
        "I was charged twice for December. Nothing has come back."
    )
    assert "utter_part_taken_out" in responses(messages)


def test_a_part_taken_back_alone_at_a_question_is_no_answer_to_it() -> None:
    said = "dont record the thing about dave after all"
    before = {**_FORM_SO_FAR, "customer_name": "Ian Ross"}
    tracker = form_turn(
        "complaint_form", "customer_email", {"customer_email": said}, before=before, text=said
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots.get("customer_email") is None
    assert slots["complaint_description"] == (
        "I was charged twice for December. Nothing has come back."
    )
    assert responses(messages)[0] == "utter_part_taken_out"
