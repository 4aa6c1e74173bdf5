"""Outside compliance reader, round 18 (fix18e). F23: "will you cut me off if I don't pay the bill
I'm disputing?" is answered from the provider's code (Invictanet's 6.3 and 6.6), or said plainly not
to be covered by it, never as compensation nor a new complaint. F19: "who will deal with it now and
when?" after an escalation request is logged is answered from the code's escalation ladder for that
case, never a new complaint. F28: a call back is never noted on a case with no phone number. Each
test failed before the change."""

from __future__ import annotations

import os
from typing import Any

import pytest

from actions.chitchat import ActionDefaultFallback
from actions.intake import ActionStartComplaint
from actions.rights import ActionAnswerQuestion
from actions.status import ActionTalkToHuman
from bot import clock
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from bot.provider_codes import complaints_phone
from bot.provider_codes import get_code as load_code
from tests.action_support import (
    make_tracker,
    only,
    open_store,
    rendered,
    responses,
    run_action,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

PROVIDERS = ["infinium", "infinity-group", "infinity-system-solutions", "invictanet"]
SUSPENSION_QUESTIONS = [
    "will you cut me off if I don't pay the bill I'm disputing?",
    "can they suspend my service while the bill is in dispute?",
]


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in messages if m.get("response"))


def _quotes(messages: list[dict[str, Any]]) -> list[str]:
    return [
        str(source.get("quote"))
        for m in messages
        for source in ((m.get("custom") or m.get("json_message") or {}).get("sources") or [])
        if source.get("quote")
    ]


def _form_started(events: list[dict[str, Any]]) -> bool:
    return any(
        e.get("event") == "active_loop" and e.get("name") == "complaint_form" for e in events
    ) or any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)


# --- F23: suspension of a disputed or unpaid bill --------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("question", SUSPENSION_QUESTIONS)
@pytest.mark.parametrize("intent", ["ask_compensation", "ask_cancellation", "make_complaint"])
def test_a_suspension_question_is_answered_from_the_code(
    provider: str, question: str, intent: str
) -> None:
    tracker = make_tracker({"provider": provider}, text=question, intent=intent)
    action = ActionStartComplaint() if intent == "make_complaint" else ActionAnswerQuestion()
    messages, events = run_action(action, tracker)
    assert not _form_started(events)
    assert not any("compensation" in r or "refund" in r for r in responses(messages))
    code = load_code(provider)
    said = _said(messages)
    topic = code.topics.get("suspension")
    if provider == "invictanet":
        assert topic is not None
        assert "suspended or closed" in said and "unpaid or" in said
        assert topic.quote in _quotes(messages) and topic.also_quote in _quotes(messages)
        # 6.3 speaks of sums unpaid or in arrears, never of a disputed bill: said so.
        assert "disput" in said
    else:
        assert topic is None
        assert "doesn't cover" in said
    assert complaints_phone(code) in said


def test_a_fault_that_keeps_disconnecting_is_no_suspension_question() -> None:
    from bot.answers.questions import asks_about_suspension

    assert asks_about_suspension(SUSPENSION_QUESTIONS[0])
    assert asks_about_suspension(SUSPENSION_QUESTIONS[1])
    assert asks_about_suspension("are you going to disconnect me over the unpaid invoice?")
    assert not asks_about_suspension(
        "my broadband keeps disconnecting, can I get money off my bill?"
    )
    assert not asks_about_suspension("can I get compensation for the wrong bill?")
    assert not asks_about_suspension("you suspended my account even though I paid the bill")


# --- F19: who deals with an escalated complaint next, and when -------------------------------------


def _checked_case(store: CaseStore, provider: str, **changes: Any) -> str:
    case = store.create_case(
        make_intake(channel="chat", provider=provider, **changes),
        received=clock.now(),
        actor="assistant",
        channel="chat",
    )
    with open_store(os.environ["DATABASE_URL"]) as other:
        CaseVerification(other).record_owner(
            case.reference, conversation_id="conversation-1", channel="rest", now=clock.now()
        )
    return case.reference


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["make_complaint", "inform", "nlu_fallback"])
def test_who_deals_with_an_escalated_complaint_is_the_next_step_of_the_ladder(
    action_store: CaseStore, provider: str, intent: str
) -> None:
    reference = _checked_case(action_store, provider)
    action_store.request_by_customer(
        reference, "escalation", now=clock.now(), actor="customer", channel="chat"
    )
    tracker = make_tracker(
        {"provider": provider, "verified_reference": reference},
        text="who will deal with it now and when?",
        intent=intent,
    )
    action = ActionDefaultFallback() if intent == "nlu_fallback" else ActionStartComplaint()
    messages, events = run_action(action, tracker)
    assert not _form_started(events)
    code = load_code(provider)
    step = code.escalation[0]
    said = _said(messages)
    assert reference in said
    assert step.role in said
    assert step.quote in _quotes(messages)
    assert "What is your complaint about" not in said


# --- F28: a call back needs a phone number ---------------------------------------------------------


def test_a_call_back_is_not_noted_on_a_checked_case_without_a_phone(
    action_store: CaseStore,
) -> None:
    reference = _checked_case(action_store, "infinity-group", phone=None)
    tracker = make_tracker(
        {"provider": "infinity-group", "verified_reference": reference},
        text="can someone call me back?",
        intent="talk_to_human",
    )
    messages, _ = run_action(ActionTalkToHuman(), tracker)
    case = action_store.get(reference)
    assert case is not None and not case.callback_requested
    assert "utter_call_back_flagged" not in responses(messages)
    assert "phone number" in _said(messages)


def test_a_call_back_with_a_number_given_is_noted_with_it(action_store: CaseStore) -> None:
    reference = _checked_case(action_store, "infinity-group", phone=None)
    tracker = make_tracker(
        {"provider": "infinity-group", "verified_reference": reference},
        text="can someone call me back on 07700 900456?",
        intent="talk_to_human",
    )
    messages, _ = run_action(ActionTalkToHuman(), tracker)
    case = action_store.get(reference)
    assert case is not None and case.callback_requested
    notes = [e.detail.get("text", "") for e in action_store.events(reference) if e.kind == "note"]
    assert any("07700 900456" in n for n in notes)
    assert "07700 900456" in _said(messages)


def test_a_call_back_on_a_case_with_a_phone_is_still_noted(action_store: CaseStore) -> None:
    reference = _checked_case(action_store, "infinity-group")
    tracker = make_tracker(
        {"provider": "infinity-group", "verified_reference": reference},
        text="can someone call me back?",
        intent="talk_to_human",
    )
    messages, _ = run_action(ActionTalkToHuman(), tracker)
    case = action_store.get(reference)
    assert case is not None and case.callback_requested
    assert "utter_call_back_flagged" in responses(messages)


# F28 at logging: a call at a time chosen, no phone number given.


def _logged_with_call_time(phone: str) -> tuple[list[dict[str, Any]], str, CaseStore | None]:
    from actions.intake import ActionSubmitComplaint
    from tests.action_support import at_read_back, slots_set

    needs = {
        "needs": ["call_back_time"],
        "at": "2026-12-22T09:00:00+00:00",
        "details": {"call_back_time": "after 6pm"},
    }
    tracker = at_read_back(
        "yes log it", "affirm", {"customer_phone": phone, "support_needs": needs}
    )
    messages, events = run_action(ActionSubmitComplaint(), tracker)
    return messages, slots_set(events)["created_reference"], None


def test_a_call_time_is_not_noted_at_logging_without_a_phone(action_store: CaseStore) -> None:
    from tests.action_support import recorded_needs

    messages, reference, _ = _logged_with_call_time("none")
    assert "call_back_time" not in recorded_needs(os.environ["DATABASE_URL"], reference)
    assert "phone number" in rendered(only(messages, "utter_call_back_not_noted_no_phone"))
    assert "utter_needs_recorded" not in responses(messages)


def test_a_call_time_is_noted_at_logging_with_a_phone(action_store: CaseStore) -> None:
    from tests.action_support import recorded_needs

    _, reference, _ = _logged_with_call_time("07700 900123")
    assert "call_back_time" in recorded_needs(os.environ["DATABASE_URL"], reference)
