"""Removing needs asks first (issue 18, outside testers of 27 November): "remove my needs" (or any
withdrawal of consent) removed the flag at once, with no confirmation. Now the assistant asks "are
you sure? this removes ..." with yes and no (buttons, and plain words); yes removes, no keeps, and
nothing is lost either way: during the complaint, at its read-back, and on a logged case.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.status import ActionHandleCaseRequest, ActionSetCaseRequest
from actions.vulnerability import ActionAskConfirmNeedsRemoval, ActionConfirmNeedsRemoval
from bot.cases.needs import record_needs
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    at_are_you_sure,
    followups,
    form_answer,
    janes_case,
    make_tracker,
    only,
    open_store,
    recorded_needs,
    rendered,
    responses,
    run_action,
    slots_set,
    user_event,
    verified_case,
)
from tests.cases_support import at

FORM = "complaint_form"
AGREED = {"needs": ["text_relay", "call_back"], "at": "2026-12-22T09:58:00+00:00"}
BEFORE = {
    "complaint_category": "billing",
    "complaint_description": "I use a wheelchair and you billed me twice.",
    "circumstances": ["disability"],
    "support_offer": "yes",
    "support_needs": AGREED,
    # Which way of the call back was asked after consent (care15); answered "either" here.
    "call_back_which": "either",
}

pytestmark = pytest.mark.usefixtures("action_database")


def _asked(slots: dict[str, Any]) -> dict[str, Any]:
    """The question "are you sure?", as the customer sees it."""
    messages, events = run_action(ActionAskConfirmNeedsRemoval(), make_tracker(slots, text=""))
    assert events == []
    return only(messages, "utter_ask_confirm_needs_removal")


def _check_question(question: dict[str, Any], removed: str, kept: str | None = None) -> None:
    said = rendered(question)
    assert "Are you sure?" in said and removed in said
    assert kept is None or kept not in said
    [variant] = DOMAIN["responses"]["utter_ask_confirm_needs_removal"]
    assert [b["payload"] for b in variant["buttons"]] == ["/affirm", "/deny"]


# --- during the complaint -------------------------------------------------------------------------


def test_remove_my_needs_during_the_complaint_asks_first_and_removes_nothing_yet() -> None:
    messages, slots = form_answer("remove my needs", "customer_name", BEFORE, "withdraw_consent")
    assert "support_needs" not in slots or slots["support_needs"] == AGREED
    assert "utter_pending_needs_dropped" not in responses(messages)
    assert slots["needs_removal"]["needs"] == ["text_relay", "call_back"]
    assert slots["requested_slot"] == "confirm_needs_removal"  # asked next, before the name
    assert slots.get("customer_name") is None
    _check_question(_asked({**BEFORE, **slots}), "Relay UK")


@pytest.mark.parametrize(
    ("said", "intent", "removed"),
    [
        ("/affirm", "affirm", True),
        ("yes I'm sure", "affirm", True),
        ("yes remove them", "withdraw_consent", True),
        ("/deny", "deny", False),
        ("no, keep them", "deny", False),
        ("actually no", "inform", False),
    ],
)
def test_yes_removes_and_no_keeps_during_the_complaint(
    said: str, intent: str, removed: bool
) -> None:
    pending = {"needs": ["text_relay", "call_back"], "where": "form"}
    before = {**BEFORE, "needs_removal": pending}
    messages, slots = form_answer(said, "confirm_needs_removal", before, intent)
    assert slots["needs_removal"] is None and slots["confirm_needs_removal"] is None
    if removed:
        assert slots["support_needs"] == "none"
        assert "Relay UK" in rendered(only(messages, "utter_pending_needs_dropped"))
    else:
        assert slots.get("support_needs", AGREED) == AGREED
        assert responses(messages) == ["utter_needs_removal_kept"]
    assert slots["requested_slot"] == "customer_name"  # the complaint goes on where it was


def test_removing_one_need_asks_about_that_one_only() -> None:
    said = "please remove the text relay, keep the rest"
    _, slots = form_answer(said, "customer_name", BEFORE, "withdraw_consent")
    assert slots["needs_removal"]["needs"] == ["text_relay"]
    _check_question(_asked({**BEFORE, **slots}), "Relay UK", kept="time that suits you")
    before = {**BEFORE, "needs_removal": slots["needs_removal"]}
    _, slots = form_answer("yes", "confirm_needs_removal", before, "affirm")
    assert slots["support_needs"] == {"needs": ["call_back"], "at": AGREED["at"]}


# --- at the read-back -----------------------------------------------------------------------------


@pytest.mark.parametrize(("said", "intent"), [("yes", "affirm"), ("no", "deny")])
def test_at_the_read_back_it_asks_then_acts_on_the_answer(said: str, intent: str) -> None:
    slots = {**CONSUMER_FORM, **BEFORE}
    tracker = make_tracker(slots, text="remove my needs", intent="withdraw_consent")
    messages, events = run_action(ActionSetCaseRequest(), tracker)
    assert "utter_pending_needs_dropped" not in responses(messages)
    assert "support_needs" not in slots_set(events)
    pending = slots_set(events)["needs_removal"]
    assert followups(events) == ["action_ask_confirm_needs_removal"]
    _check_question(_asked({**slots, "needs_removal": pending}), "Relay UK")

    tracker = make_tracker({**slots, "needs_removal": pending}, text=said, intent=intent)
    messages, events = run_action(ActionConfirmNeedsRemoval(), tracker)
    set_now = slots_set(events)
    assert set_now["needs_removal"] is None
    if said == "yes":
        assert set_now["support_needs"] == "none"
        assert "utter_pending_needs_dropped" in responses(messages)
    else:
        assert "support_needs" not in set_now
        assert responses(messages) == ["utter_needs_removal_kept"]
    assert followups(events) == ["action_summarise_complaint"]  # the complaint goes on


# --- on a logged case -----------------------------------------------------------------------------


@pytest.mark.parametrize(("said", "intent"), [("/affirm", "affirm"), ("no thanks", "deny")])
def test_on_a_logged_case_it_asks_first_then_removes_only_on_yes(
    action_database: str, said: str, intent: str
) -> None:
    reference = verified_case(action_database, ["text_relay", "call_back"])
    tracker = make_tracker(
        {"case_reference": reference, "verification_answer": "verified",
         "pending_request": "withdraw_needs", "pending_request_for": reference},
        text="TN1 2PY",
        events=[user_event("remove my needs", "withdraw_consent"), user_event("TN1 2PY")],
    )  # fmt: skip
    messages, events = run_action(ActionHandleCaseRequest(), tracker)
    assert "utter_needs_withdrawn" not in responses(messages)
    assert recorded_needs(action_database, reference) == ["text_relay", "call_back"]  # nothing yet
    pending = slots_set(events)["needs_removal"]
    assert pending["reference"] == reference
    assert followups(events) == ["action_ask_confirm_needs_removal"]
    question = _asked({"needs_removal": pending})
    _check_question(question, "Relay UK")
    assert reference in rendered(question)

    tracker = make_tracker({"needs_removal": pending}, text=said, intent=intent)
    messages, events = run_action(ActionConfirmNeedsRemoval(), tracker)
    assert slots_set(events)["needs_removal"] is None
    if intent == "affirm":
        assert only(messages, "utter_needs_withdrawn")["reference"] == reference
        assert recorded_needs(action_database, reference) == []
    else:
        assert responses(messages) == ["utter_needs_removal_kept"]
        assert recorded_needs(action_database, reference) == ["text_relay", "call_back"]


def test_a_confirmation_from_a_conversation_not_verified_removes_nothing(
    action_database: str,
) -> None:
    reference = janes_case(action_database)
    with open_store(action_database) as store:
        record_needs(store, reference, ["call_back"], consented_at=at(2026, 12, 22, 9),
                     actor="assistant", channel="chat")  # fmt: skip
    pending = {"needs": ["call_back"], "where": "case", "reference": reference, "all": True}
    tracker = make_tracker({"needs_removal": pending}, text="yes", intent="affirm")
    messages, _ = run_action(ActionConfirmNeedsRemoval(), tracker)
    assert "utter_needs_withdrawn" not in responses(messages)
    assert recorded_needs(action_database, reference) == ["call_back"]


def test_yes_read_as_withdrawing_again_is_the_answer_not_a_new_request() -> None:
    """ "yes remove them" at "are you sure?" may be read as withdrawing consent: it answers the
    question (rule or not), and is not a second request asking again."""
    pending = {"needs": ["call_back"], "where": "read_back"}
    tracker = at_are_you_sure(
        "yes remove them", "withdraw_consent", pending, {**CONSUMER_FORM, **BEFORE}
    )
    _, events = run_action(ActionSetCaseRequest(), tracker)
    assert followups(events) == ["action_confirm_needs_removal"]
