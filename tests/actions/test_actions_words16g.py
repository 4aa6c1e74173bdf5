"""The outside words testers, round 16 (fix16g): F37, F21, F24. Each test failed before the change."""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import ActionChangeComplaint, ActionStartComplaint
from actions.rights import ActionAnswerQuestion
from tests.action_support import (
    at_read_back,
    complaint_form_answer,
    make_tracker,
    rendered,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)

FENWICK = (
    "I'd like to make a complaint. I'm Margaret Fenwick. Your company took £89.99 from my account "
    "twice on 2 November for a router I sent back"
)
NOVAK = "Your company has charged me twice for my mobile contract this month, I'm Jan Novak"


@pytest.mark.parametrize("text", [FENWICK, NOVAK])
@pytest.mark.parametrize("requested", ["complaint_category", "complaint_description"])
def test_your_company_in_the_first_message_is_not_the_customers_business(
    text: str, requested: str
) -> None:
    # F37: the model's entity "company" -> business from "Your company took ...": the consumer was
    # never asked "consumer or business?" and was asked for a head count instead.
    result, _ = complaint_form_answer(
        "customer_type",
        "business",
        requested=requested,
        text=text,
        entities={"customer_type": "business"},
    )
    assert result.get("customer_type") is None


def test_a_business_named_with_the_providers_company_is_still_a_business() -> None:
    result, _ = complaint_form_answer(
        "customer_type",
        "business",
        requested="complaint_category",
        text="your company overcharged my company for the office line",
        entities={"customer_type": "business"},
    )
    assert result.get("customer_type") == "business"


def logged_business(text: str, intent: str, employees: str = "12") -> Any:
    """The tracker after a business's complaint IV-MTBWDV was logged here; `text` the latest."""
    events = [
        user_event("our broadband at the office keeps dropping", "make_complaint"),
        slot_event("complaint_category", "service"),
        slot_event("complaint_description", "Our broadband at the office keeps dropping."),
        slot_event("customer_type", "business"),
        slot_event("employees", employees),
        {"event": "action", "name": "action_submit_complaint"},
        slot_event("complaint_category", None),
        slot_event("complaint_description", None),
        slot_event("customer_type", None),
        slot_event("employees", None),
        slot_event("created_reference", "IV-MTBWDV"),
        {"event": "action", "name": "action_listen"},
        user_event(text, intent),
    ]
    slots = {"provider": "invictanet", "created_reference": "IV-MTBWDV"}
    return make_tracker(slots, text=text, intent=intent, events=events)


@pytest.mark.parametrize(
    "text",
    [
        "is it still the same complaint if i ring up monday?",
        "who do i go to if you cant sort it?",
    ],
)
def test_the_escalation_answer_after_logging_keeps_adr_closed_for_a_large_business(
    text: str,
) -> None:
    # F24: after logging a 12-staff business's complaint (ADR not open to it), a follow-up read
    # as the escalation question said it "can take it to ... Communications Ombudsman".
    messages, _ = run_action(ActionAnswerQuestion(), logged_business(text, "ask_escalation"))
    said = responses(messages)
    assert "utter_escalation_step" in said
    assert not [r for r in said if r.startswith("utter_escalation_then_adr")]
    assert "utter_adr_not_eligible" in said
    assert "12" in " ".join(rendered(m) for m in messages)


def test_the_escalation_answer_after_logging_still_names_the_scheme_when_it_is_open() -> None:
    messages, _ = run_action(
        ActionAnswerQuestion(),
        logged_business("who do i go to if you cant sort it?", "ask_escalation", employees="4"),
    )
    assert "utter_escalation_then_adr" in responses(messages)


ACCOUNT = (
    "ur company has cut off my phone line for non payment but i paid it on the 3rd by direct "
    "debit and ive got the bank statement to proove it!!!! disgracefull"
)
RETOLD = (
    "you cut off my phone line for non payment but i paid on the 30th by direct debit and ive "
    "got the bank statement to prove it"
)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-26T10:00")  # conversation 6's Thursday


@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionChangeComplaint, "inform"), (ActionStartComplaint, "make_complaint")],
)
def test_it_should_say_the_30th_not_the_3rd_changes_those_words_only(
    today: None, action: Any, intent: str
) -> None:
    # F21: "Updated your account of what happened to it should say i paid on the 30th ..." - the
    # line cut off, the direct debit and the bank statement were gone, and the garbage logged.
    said = (
        "no wait, in what happened it should say i paid on the 30th not the 3rd. and i rang you "
        "about it last monday"
    )
    tracker = at_read_back(
        said, intent, {"complaint_description": ACCOUNT}, provider="infinity-group"
    )
    messages, events = run_action(action(), tracker)
    slots = slots_set(events)
    assert slots["complaint_description"] == ACCOUNT.replace("the 3rd", "the 30th")
    assert slots["complaint_first_raised"] == "2026-11-23"  # "i rang you about it last monday"
    assert responses(messages)[0] == "utter_description_words_changed"


@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionChangeComplaint, "inform"), (ActionStartComplaint, "make_complaint")],
)
def test_just_change_the_3rd_to_the_30th(today: None, action: Any, intent: str) -> None:
    said = "no you've deleted my whole complaint! put back what i wrote and just change the 3rd to the 30th"
    tracker = at_read_back(
        said, intent, {"complaint_description": ACCOUNT}, provider="infinity-group"
    )
    _, events = run_action(action(), tracker)
    assert slots_set(events)["complaint_description"] == ACCOUNT.replace("the 3rd", "the 30th")


@pytest.mark.parametrize(
    "said", [f"what happened is {RETOLD}", f"change what happened to: {RETOLD}"]
)
@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionChangeComplaint, "inform"), (ActionStartComplaint, "make_complaint")],
)
def test_what_happened_is_replaces_the_account_at_the_read_back(
    today: None, said: str, action: Any, intent: str
) -> None:
    # F21: "what happened is ..." (the read-back's own hint) and "change what happened to: ..."
    # were appended ("That sounds like more about what happened") or kept "to:".
    tracker = at_read_back(
        said, intent, {"complaint_description": ACCOUNT}, provider="infinity-group"
    )
    messages, events = run_action(action(), tracker)
    assert slots_set(events)["complaint_description"] == RETOLD
    assert "utter_added_to_description" not in responses(messages)


@pytest.mark.parametrize("text", [FENWICK, NOVAK])
def test_starting_the_complaint_undoes_the_models_business_for_your_company(text: str) -> None:
    # F37: the slot the model set from "Your company ..." is not left for the form to ask the
    # head count of a business the customer is not.
    tracker = make_tracker(
        {"provider": "invictanet", "customer_type": "business"},
        text=text,
        intent="make_complaint",
        entities={"customer_type": "business"},
    )
    _, events = run_action(ActionStartComplaint(), tracker)
    assert slots_set(events).get("customer_type", "unset") is None


def test_starting_the_complaint_keeps_a_business_said_with_your_company() -> None:
    text = "your company overcharged my company for the office line"
    tracker = make_tracker(
        {"provider": "invictanet", "customer_type": "business"},
        text=text,
        intent="make_complaint",
        entities={"customer_type": "business"},
    )
    _, events = run_action(ActionStartComplaint(), tracker)
    assert "customer_type" not in slots_set(events)


@pytest.mark.parametrize("said", ["its billing not fault repair", "Jane Dough not Jane Doe"])
def test_another_details_correction_is_not_taken_as_words_of_what_happened(said: str) -> None:
    # The F21 change reads "X not Y" in what happened only when Y is no other detail's.
    account = "my fault repair was missed on the 3rd and i emailed Jane Doe about it"
    tracker = at_read_back(
        said, "inform", {"complaint_description": account, "complaint_category": "fault_repair"}
    )
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert "utter_description_words_changed" not in responses(messages)
    assert slots_set(events).get("complaint_description") in (None, account)
