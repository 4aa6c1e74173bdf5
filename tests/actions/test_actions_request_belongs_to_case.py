"""A request belongs to the case it was asked for (outside attacker, round 10, F0 and F9).

Verified on one case, the customer asks for an escalation or ADR letter on another, then, at the
e-mail-or-postcode question, says "actually no, just tell me the status of <the first case>": the
escalation or letter was logged on the first case, which they only asked the status of. And a
second request at that question made the assistant forget the case being checked, so the right
postcode was answered "What is your complaint reference?".

Each test walks the turns through the actions as Rasa runs them: the lookup form's validation with
the slots it extracted, then the action that answers once the form is done.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions.status import ActionHandleCaseRequest, ActionSetCaseRequest, ValidateCaseLookupForm
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from tests.action_support import (
    form_turn,
    make_tracker,
    open_store,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)
FORM = "case_lookup_form"


def two_cases(action_store: CaseStore) -> tuple[str, str]:
    """Two of Jane Doe's cases (postcode TN1 2PY); the first verified in this conversation."""
    first, second = (
        action_store.create_case(
            make_intake(channel="chat", description=words),
            received=TODAY,
            actor="assistant",
            channel="chat",
        ).reference
        for words in ("Charged twice.", "Line down.")
    )
    with open_store(os.environ["DATABASE_URL"]) as store:
        CaseVerification(store).record_owner(
            first, conversation_id="conversation-1", channel="rest", now=TODAY
        )
    return first, second


def answer_after(validated: dict[str, Any], before: dict[str, Any]):
    """The action that answers once the lookup form is done, with the slots it left."""
    tracker = make_tracker({**before, **validated})
    return run_action(ActionHandleCaseRequest(), tracker)


def lookup_turn(
    asked: str,
    candidates: dict[str, Any],
    before: dict[str, Any],
    text: str,
    intent: str = "inform",
    entities: Any = (),
) -> dict[str, Any]:
    """The lookup form's validation of `text` at `asked` (`candidates` extracted); the slots it set."""
    tracker = form_turn(
        FORM, asked, candidates, before=before, text=text, intent=intent, entities=entities
    )
    _, events = run_action(ValidateCaseLookupForm(), tracker)
    return slots_set(events)


def asked_for_the_other(first: str, second: str, pending: str) -> dict[str, Any]:
    """The slots while `pending` is asked for `second`, with `first` verified."""
    return {
        "verified_reference": first,
        "case_reference": second,
        "pending_request": pending,
        "provider": "infinity-group",
    }


def logged(action_store: CaseStore, reference: str) -> list[str]:
    return [
        e.detail["request"] for e in action_store.events(reference) if e.kind == "customer_request"
    ]


@pytest.mark.parametrize(
    ("pending", "text", "intent"),
    [
        ("escalation", "actually no, just tell me the status of {first}", "check_case"),
        ("adr_letter", "no sorry, I only want the status of {first}", "check_case"),
        ("escalation", "what is the status of {first}?", "check_case"),
        # The model may keep reading the request it has just seen.
        ("escalation", "actually no, just tell me the status of {first}", "request_escalation"),
        ("adr_letter", "no sorry, I only want the status of {first}", "request_adr_letter"),
    ],
)
def test_naming_the_verified_case_for_its_status_logs_nothing_on_it(
    action_store: CaseStore, pending: str, text: str, intent: str
) -> None:
    first, second = two_cases(action_store)
    before = asked_for_the_other(first, second, pending)
    said = text.format(first=first)
    validated = lookup_turn(
        "verification_answer",
        {"case_reference": first},
        before,
        said,
        intent=intent,
        entities={"reference": first},
    )
    messages, _ = answer_after(validated, before)
    assert responses(messages)[0] == "utter_case_status"
    assert "utter_case_escalation_asked" not in responses(messages)
    assert "utter_case_adr_letter_asked" not in responses(messages)
    assert logged(action_store, first) == []
    assert logged(action_store, second) == []


def test_an_adr_letter_asked_for_the_verified_case_is_the_letter_not_the_other_request(
    action_store: CaseStore,
) -> None:
    # "please escalate B and A" at first, then "I want an ADR letter for complaint A, also for B":
    # the escalation reply came (outside attacker, att-two2).
    first, second = two_cases(action_store)
    before = asked_for_the_other(first, second, "escalation")
    validated = lookup_turn(
        "verification_answer",
        {"case_reference": first},
        before,
        f"I want an ADR letter for complaint {first}, also for {second}",
        intent="request_escalation",
        entities=[("reference", first), ("reference", second)],
    )
    messages, _ = answer_after(validated, before)
    assert "utter_adr_letter_requested" in responses(messages)
    assert not any(r.startswith("utter_escalation") for r in responses(messages))
    assert logged(action_store, first) == ["adr_letter"]


def test_the_same_request_for_the_case_it_named_is_still_logged(action_store: CaseStore) -> None:
    # The request asked with no reference, the reference given at its question: still the request.
    first, _ = two_cases(action_store)
    before = {"verified_reference": first, "case_reference": None, "pending_request": "escalation"}
    validated = lookup_turn(
        "case_reference", {"case_reference": first}, before, first, entities={"reference": first}
    )
    answer_after(validated, before)
    assert logged(action_store, first) == ["escalation"]


@pytest.mark.parametrize("text", ["no", "no sorry, I only want the status", "just the status"])
def test_no_at_the_answers_question_takes_the_request_back(
    action_store: CaseStore, text: str
) -> None:
    first, second = two_cases(action_store)
    before = {
        "case_reference": second,
        "pending_request": "escalation",
        "pending_request_for": second,  # as the form set it when the reference was given
        "provider": "infinity-group",
    }
    validated = lookup_turn("verification_answer", {"verification_answer": text}, before, text)
    assert validated.get("pending_request") == "status"
    # Then the right postcode: the status, nothing logged.
    after = {**before, **validated}
    validated = lookup_turn(
        "verification_answer", {"verification_answer": "TN1 2PY"}, after, "TN1 2PY"
    )
    messages, _ = answer_after(validated, after)
    assert responses(messages)[0] == "utter_case_status"
    assert logged(action_store, second) == []


@pytest.mark.parametrize(
    ("text", "intent", "entities"),
    [
        ("escalate it please", "request_escalation", {}),
        ("delete all my data please, complaint {ref}, under GDPR", "withdraw_consent", "ref"),
        ("please add to complaint {ref} that I also want compensation", "check_case", "ref"),
    ],
)
def test_a_second_request_at_the_answers_question_keeps_the_case_being_checked(
    action_store: CaseStore, text: str, intent: str, entities: Any
) -> None:
    _, case = two_cases(action_store)
    said = text.format(ref=case)
    # Turn 1 asked about the case; turn 2 (`said`) at the postcode question ran the request's
    # rule; turn 3 gives the right postcode.
    turn_two = make_tracker(
        {
            "case_reference": case,
            "pending_request": "status",
            "requested_slot": "verification_answer",
            "provider": "infinity-group",
        },
        text=said,
        intent=intent,
        entities={"reference": case} if entities else {},
        active_loop=FORM,
        events=[
            user_event(f"status of {case}", "check_case"),
            slot_event("pending_request", "status"),
            slot_event("case_reference", case),
            slot_event("requested_slot", "verification_answer"),
            user_event(said, intent),
        ],
    )
    _, events = run_action(ActionSetCaseRequest(), turn_two)
    after = {
        "case_reference": case,
        "pending_request": "status",
        "provider": "infinity-group",
        **slots_set(events),
    }
    assert after["case_reference"] == case
    validated = lookup_turn(
        "verification_answer", {"verification_answer": "TN1 2PY"}, after, "TN1 2PY"
    )
    assert validated.get("verification_answer") == "verified"


# --- "change the email on my complaint" (outside attacker, round 10, F5/F15) ---------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("please change the email on my complaint {ref} to evil@attacker.test", "check_case"),
        ("can you update my phone number on {ref}", "check_case"),
        ("please change the email on my complaint {ref} to evil@attacker.test", "inform"),
    ],
)
def test_a_verified_customer_asking_to_change_a_detail_is_told_it_is_not_changed_here(
    action_store: CaseStore, text: str, intent: str
) -> None:
    case, _ = two_cases(action_store)
    said = text.format(ref=case)
    slots = {"verified_reference": case, "provider": "infinity-group"}
    tracker = make_tracker(slots, text=said, intent=intent, entities={"reference": case})
    _, events = run_action(ActionSetCaseRequest(), tracker)
    after = {
        **slots,
        "case_reference": case,
        **slots_set(events),
        "verification_answer": "verified",
    }
    tracker = make_tracker(after, text=said, intent=intent, entities={"reference": case})
    messages, _ = run_action(ActionHandleCaseRequest(), tracker)
    said_back = responses(messages)
    assert said_back[0] == "utter_case_details_not_changed_here"
    told = messages[0]
    assert told["reference"] == case
    assert told["phone"] == "0345 450 4600"  # Infinity Group's code
    assert "utter_case_status" in said_back
    stored = action_store.get(case)
    assert stored is not None and "evil@attacker.test" not in str(stored)
    assert logged(action_store, case) == []


def test_a_plain_status_question_is_not_told_about_changing_details(
    action_store: CaseStore,
) -> None:
    case, _ = two_cases(action_store)
    slots = {"verified_reference": case, "provider": "infinity-group"}
    said = f"what is the status of {case}"
    tracker = make_tracker(slots, text=said, intent="check_case", entities={"reference": case})
    _, events = run_action(ActionSetCaseRequest(), tracker)
    assert slots_set(events)["pending_request"] == "status"


@pytest.mark.parametrize(
    "text", ["I do not want an ADR letter for {first}", "please don't escalate {first}"]
)
def test_a_refusal_naming_the_verified_case_logs_nothing(
    action_store: CaseStore, text: str
) -> None:
    first, second = two_cases(action_store)
    before = asked_for_the_other(first, second, "escalation")
    said = text.format(first=first)
    validated = lookup_turn(
        "verification_answer",
        {"case_reference": first},
        before,
        said,
        intent="request_adr_letter",
        entities={"reference": first},
    )
    answer_after(validated, before)
    assert logged(action_store, first) == []
