"""A complaint made on the account holder's behalf ("I'm writing for my dad"), issue 18, tenth
round (care15): kept on the case as who made it (a column, revision 0013), never as a need; read
back before logging, and changeable there. Each test failed before the change.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import pytest

from actions.conversation import read_back_routed
from actions.intake import ActionChangeComplaint, ActionSubmitComplaint, ActionSummariseComplaint
from bot.cases.needs import needs_by_reference
from tests.action_support import (
    CONSUMER_FORM,
    at_read_back,
    make_tracker,
    only,
    open_store,
    rendered,
    responses,
    run_action,
    slots_set,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")

FOR_DAD = "I'm writing for my dad, his bill doubled and he can't sort it out himself"


def _summary(slots: dict, said: str = FOR_DAD) -> str:
    tracker = make_tracker(
        {**CONSUMER_FORM, "complaint_description": said, **slots},
        text="none",
        events=[user_event(said), user_event("none")],
    )
    messages, _ = run_action(ActionSummariseComplaint(), tracker)
    return rendered(only(messages, "utter_complaint_summary"))


def test_made_on_behalf_is_a_column_of_the_case_not_a_need(action_database: str) -> None:
    slots = {**CONSUMER_FORM, "complaint_description": FOR_DAD}
    tracker = make_tracker(
        slots,
        text="yes",
        intent="affirm",
        events=[user_event(FOR_DAD), user_event("yes", "affirm")],
    )
    messages, events = run_action(ActionSubmitComplaint(), tracker)
    reference = slots_set(events)["created_reference"]
    assert "utter_on_behalf_recorded" in responses(messages)
    with open_store(action_database) as store:
        case = store.require(reference)
        needs = needs_by_reference(store, [reference]).get(reference, [])
    assert case.customer.made_on_behalf == "Jane Doe, who says they act for their dad"
    # Not a need: no vulnerability flag, no "agreed on" date, not removed with the needs.
    assert needs == []


def test_the_read_back_says_who_the_complaint_is_made_for() -> None:
    summary = _summary({})
    assert "Made for: the account holder (your dad)" in summary
    assert "Made for" not in _summary({}, said="I was charged twice for December.")


@pytest.mark.parametrize(
    "said",
    ["actually I'm the account holder, it's my own account", "it's not on behalf of anyone"],
)
def test_made_for_can_be_taken_off_at_the_read_back(said: str) -> None:
    tracker = at_read_back(said, "inform", {"complaint_description": FOR_DAD}, earlier=FOR_DAD)
    assert read_back_routed(tracker) == [
        {"event": "followup", "timestamp": None, "name": "action_change_complaint"}
    ]
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert "utter_made_for_removed" in responses(messages)
    chosen = slots_set(events)["made_on_behalf"]
    assert "Made for" not in _summary({"made_on_behalf": chosen})


def test_made_for_can_be_changed_at_the_read_back() -> None:
    said = "its for my mum not my dad"
    tracker = at_read_back(said, "inform", {"complaint_description": FOR_DAD}, earlier=FOR_DAD)
    assert read_back_routed(tracker) is not None
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert "your mum" in rendered(only(messages, "utter_made_for_changed"))
    chosen = slots_set(events)["made_on_behalf"]
    assert "Made for: the account holder (your mum)" in _summary({"made_on_behalf": chosen})


@pytest.mark.parametrize(
    ("said", "description"),
    [
        # Another detail changed: never read as who the complaint is made for.
        ("my account number is wrong, it's IG-55321", FOR_DAD),
        # Nothing was read back as made for anyone: nothing to take off.
        ("actually I'm the account holder", "I was charged twice for December."),
    ],
)
def test_other_changes_at_the_read_back_are_not_made_for(said: str, description: str) -> None:
    tracker = at_read_back(said, "inform", {"complaint_description": description}, earlier=said)
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert "made_on_behalf" not in slots_set(events)
    assert not {"utter_made_for_removed", "utter_made_for_changed"} & set(responses(messages))
