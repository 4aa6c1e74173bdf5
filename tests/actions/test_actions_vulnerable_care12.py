"""Customers in vulnerable circumstances, as outside testers played them (issue 18, round care12),
through the actions. Each test failed before the change it names.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from actions.intake import ActionSubmitComplaint, ValidateComplaintForm
from actions.vulnerability import ActionAskSupportNeeds
from bot.cases.needs import needs_by_reference
from bot.cli import main
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    form_turn,
    make_tracker,
    only,
    open_store,
    responses,
    run_action,
    slots_set,
    user_event,
)

FORM = "complaint_form"
pytestmark = pytest.mark.usefixtures("action_database")

HARDSHIP = {
    "complaint_category": "billing",
    "complaint_description": "I was charged twice this month and I cant afford it, im on universal credit",
    "circumstances": ["financial_hardship"],
}
MUMS_HEALTH = {
    "complaint_category": "billing",
    "complaint_description": "my mum has dementia and the bill doubled",
    "circumstances": ["illness"],
    "support_offer": "yes",
    "support_needs": None,
}


def _form(said: str, asked: str, before: dict[str, Any], intent: str = "inform"):
    tracker = form_turn(
        FORM, asked, {asked: said}, before={**CONSUMER_FORM, **before}, text=said, intent=intent
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    return messages, slots_set(events)


def _rendered(message: dict[str, Any]) -> str:
    [variant] = DOMAIN["responses"][message["response"]]
    return str(variant["text"]).format(**message)


def _agreed(value: Any) -> list[str]:
    return list(value.get("needs") or []) if isinstance(value, dict) else []


def _texts(messages: list[dict[str, Any]]) -> str:
    return " ".join(str(m.get("text") or "") for m in messages)


# --- 1. "can you stop them suspending me?" at the offer of help, then "yes" ---------------------------


def test_a_fear_of_suspension_at_the_offer_is_answered_from_the_sources_and_the_help_is_given() -> (
    None
):
    messages, slots = _form(
        "can you stop them suspending me?", "support_offer", {**HARDSHIP, "support_offer": None}
    )
    said = responses(messages)
    assert "utter_suspension_not_ours" in said  # plainly: the assistant cannot stop it
    assert "utter_vulnerable_customers_rules" in said  # what the rules give, with its source
    assert "utter_hint_support_offer" not in said
    assert slots["support_offer"] == "yes"  # the help is listed next, and consent asked
    assert slots.get("requested_slot") in (None, "support_needs")
    sources = [m["custom"] for m in messages if m.get("custom")]
    assert sources, "each fact said has its source"

    # The form lists the help that applies to financial difficulty, each with its source...
    before = {**CONSUMER_FORM, **HARDSHIP, **slots, "requested_slot": "support_needs"}
    listed, _ = run_action(
        ActionAskSupportNeeds(), make_tracker(before, text="can you stop them suspending me?")
    )
    assert "utter_support_offer" in responses(listed)
    assert "utter_ask_support_needs" in responses(listed)
    # ...and "yes" agrees to the help on the table: recorded, with the date of consent.
    messages, slots = _form(
        "yes", "support_needs", {**HARDSHIP, "support_offer": "yes", "support_needs": None}
    )
    assert set(_agreed(slots["support_needs"])) >= {"call_back", "someone_to_speak"}
    assert "utter_needs_will_be_recorded" in responses(messages)


@pytest.mark.parametrize(
    "said",
    [
        "are they going to cut me off",
        "please dont let them disconnect me",
        "will my line be suspended",
    ],
)
def test_other_fears_of_disconnection_at_the_offer_are_answered_too(said: str) -> None:
    messages, slots = _form(said, "support_offer", {**HARDSHIP, "support_offer": None})
    assert "utter_suspension_not_ours" in responses(messages)
    assert slots["support_offer"] == "yes"


# --- 2. "its her health not mine. but yes ok" at the consent question ---------------------------------


def test_a_correction_of_whose_health_with_a_yes_records_the_needs_and_no_health_words() -> None:
    said = "its her health not mine. but yes ok"
    messages, slots = _form(said, "support_needs", MUMS_HEALTH)
    assert "utter_whose_corrected" in responses(messages)
    assert "utter_needs_will_be_recorded" in responses(messages)
    agreed = slots["support_needs"]
    assert _agreed(agreed) and agreed["at"]
    assert "health" not in str(agreed)
    assert said not in str(slots.get("complaint_description") or "")
    assert "utter_hint_support_needs" not in responses(messages)
    assert "your health" not in _texts(messages)  # never a label of the customer


def test_the_same_at_the_offer_of_help_is_a_yes_to_hearing_about_it() -> None:
    said = "its her health not mine. but yes ok"
    messages, slots = _form(said, "support_offer", {**MUMS_HEALTH, "support_offer": None})
    assert "utter_whose_corrected" in responses(messages)
    assert slots["support_offer"] == "yes"
    assert said not in str(slots.get("complaint_description") or "")


def test_a_correction_with_a_no_records_nothing_and_asks_again() -> None:
    messages, slots = _form("no, its my mum who is ill", "support_needs", MUMS_HEALTH)
    assert "utter_whose_corrected" in responses(messages)
    assert slots["support_needs"] is None


# --- 3. "e-mail only, no letters to my home" ------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "e-mail only, no letters to my home",
        "email me only, never post",
        "no post please, email is fine",
    ],
)
def test_email_only_is_recorded_as_a_contact_need(said: str) -> None:
    messages, slots = _form(said, "support_needs", MUMS_HEALTH)
    assert _agreed(slots["support_needs"]) == ["email_only"]
    assert "utter_need_not_recordable" not in responses(messages)
    assert "utter_needs_will_be_recorded" in responses(messages)


# --- 4. someone acting for the account holder ---------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "relation"),
    [
        ("I'm complaining for my mum, she's 89 and deaf", "mum"),
        ("I have power of attorney for my dad", "dad"),
    ],
)
def test_a_complaint_made_for_the_account_holder_is_recorded_on_the_case_as_made_on_their_behalf(
    said: str, relation: str, action_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside testers (issue 18): the case never said someone else made the complaint; staff
    now see who made it, for whom, and that the provider must confirm their authority. The
    account holder's circumstances are not recorded (only they can agree to that)."""
    slots = {**CONSUMER_FORM, "complaint_description": said}
    tracker = make_tracker(
        slots, text="yes", intent="affirm", events=[user_event(said), user_event("yes", "affirm")]
    )
    messages, events = run_action(ActionSubmitComplaint(), tracker)
    reference = slots_set(events)["created_reference"]
    told = only(messages, "utter_on_behalf_recorded")
    assert "Jane Doe" in _rendered(told) and "authority" in _rendered(told)
    assert "verified" not in _rendered(told) and "checked" not in _rendered(told).replace(
        "not checked", ""
    )
    with open_store(action_database) as store:
        needs = needs_by_reference(store).get(reference, [])
        made = store.require(reference).customer.made_on_behalf
    # On the case itself (revision 0013, care15), never as a need (no flag, no consent date).
    assert not [n for n in needs if n.need_id == "made_on_behalf"]
    assert made.startswith("Jane Doe, who says they act for their ") and relation in made
    assert "deaf" not in made and "89" not in made
    monkeypatch.setenv("COMPLAINTS_STAFF", "sam")
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-22T10:00")
    out = io.StringIO()
    assert main(["cases", "show", reference, "--database", action_database], out=out) == 0
    assert "Made on behalf of the account holder by Jane Doe" in out.getvalue()
    assert "authority to be confirmed by the provider" in out.getvalue()
    with open_store(action_database) as store:
        report = store.subject_access("jane.doe@example.co.uk")
    assert "Jane Doe, who says they act for their" in str(report)


def test_an_ordinary_complaint_records_no_one_acting() -> None:
    slots = {**CONSUMER_FORM, "complaint_description": "my mum has been charged twice"}
    tracker = make_tracker(slots, text="yes", intent="affirm")
    messages, events = run_action(ActionSubmitComplaint(), tracker)
    assert "utter_on_behalf_recorded" not in responses(messages)
