"""Outside testers, round 15 (words15b).

F2 (compliance): a business of 25 employees said "yes log it, can i go to the ombudsman?" at "Shall
I log it?" and was given the ADR block, with its date, twice (as if the scheme would take them),
then "didn't follow". The case check on that case gave the price rule as the reason ADR was closed.
F13/F27: after logging, "can you log it as well" / "can you add that too" (the detail just said)
and "sorry my email is actually jo.b@example.com" got "Sorry, I didn't follow".
"oh and they told me it would be fixed by friday" after logging: an addition, like "also ...".
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionClarify, ActionDefaultFallback
from actions.intake import ActionStartComplaint, ActionSubmitComplaint
from actions.rights import ActionAnswerQuestion
from bot.cases.store import CaseStore
from tests.action_support import (
    at_read_back,
    make_tracker,
    rendered,
    responses,
    run_action,
    user_event,
)
from tests.actions.test_actions_after15 import PROVIDERS, after_logging, ends_the_turn, new_case

pytestmark = pytest.mark.usefixtures("action_database")

BUSINESS = {
    "customer_type": "business",
    "employees": 25,
    "complaint_category": "fault_repair",
    "complaint_description": "Our phone line keeps dropping.",
}
YES_AND_ADR = "yes log it, can i go to the ombudsman?"
# What the ADR answer says to a customer the scheme would take: never to this one.
ADR_FOR_THE_ELIGIBLE = {
    "utter_adr_dates",
    "utter_adr_eligibility",
    "utter_adr_from_date",
    "utter_adr_open_first_raised",
    "utter_adr_from_date_first_raised",
    "utter_adr_scheme",
    "utter_adr_limits",
}


def said(messages: list[dict[str, Any]]) -> list[str]:
    return [r for r in responses(messages) if r != "utter_complaint_record"]


def the_turn(provider: str, intent: str) -> list[dict[str, Any]]:
    """The read-back's yes with the ADR question, through the actions Rasa runs for `intent`:
    the question's action, then the log it follows up with."""
    tracker = at_read_back(YES_AND_ADR, intent, BUSINESS, provider=provider)
    first = ActionAnswerQuestion() if intent == "ask_adr" else ActionSubmitComplaint()
    messages, events = run_action(first, tracker)
    if any(
        e.get("event") == "followup" and e.get("name") == "action_submit_complaint" for e in events
    ):
        after = [*tracker.events, {"event": "action", "name": first.name()}, *events]
        slots = {**tracker.slots}
        for e in events:
            if e.get("event") == "slot":
                slots[e["name"]] = e["value"]
        followed = make_tracker(slots, text=YES_AND_ADR, intent=intent, events=after)
        more, _ = run_action(ActionSubmitComplaint(), followed)
        messages = [*messages, *more]
    return messages


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["ask_adr", "affirm", "inform"])
def test_a_business_too_large_asking_adr_with_the_yes_is_told_once_and_truly(
    action_store: CaseStore, provider: str, intent: str
) -> None:
    messages = the_turn(provider, intent)
    names = said(messages)
    assert names.count("utter_complaint_created") == 1
    assert names.count("utter_adr_not_eligible") == 1
    assert not ADR_FOR_THE_ELIGIBLE & set(names), names
    refused = rendered(next(m for m in messages if m.get("response") == "utter_adr_not_eligible"))
    assert "25 employees" in refused
    # What they can do instead, from the provider's code: its escalation route.
    assert "utter_escalation_step" in names


def test_a_consumer_asking_adr_with_the_yes_still_gets_the_answer(
    action_store: CaseStore,
) -> None:
    tracker = at_read_back(YES_AND_ADR, "affirm", provider="infinium")
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    names = said(messages)
    assert "utter_complaint_created" in names
    assert "utter_adr_not_eligible" not in names


# --- after logging: an addition, "add that too", a contact detail corrected ----------------------

AFTER_LOGGING_ACTIONS = {
    "make_complaint": ActionStartComplaint,
    "nlu_fallback": ActionClarify,
    "affirm": ActionDefaultFallback,
    "inform": ActionDefaultFallback,
}


def notes(action_store: CaseStore, reference: str) -> list[str]:
    return [e.detail["text"] for e in action_store.events(reference) if e.kind == "note"]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", list(AFTER_LOGGING_ACTIONS))
def test_an_addition_with_no_also_is_added_to_the_logged_case(
    action_store: CaseStore, provider: str, intent: str
) -> None:
    reference = new_case(action_store, provider)
    text = "oh and they told me it would be fixed by friday"
    action = AFTER_LOGGING_ACTIONS[intent]()
    messages, events = run_action(action, after_logging(provider, reference, text, intent))
    assert responses(messages) == ["utter_addition_recorded"]
    assert ends_the_turn(events)
    assert notes(action_store, reference) == [text]


EARLIER = "they cut me off for two days last week as well"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("asked", ["can you log it as well", "can you add that too"])
@pytest.mark.parametrize("intent", list(AFTER_LOGGING_ACTIONS))
def test_add_that_too_adds_the_detail_just_said(
    action_store: CaseStore, provider: str, asked: str, intent: str
) -> None:
    reference = new_case(action_store, provider)
    before = [
        user_event(EARLIER, "inform"),
        {"event": "action", "name": "action_default_fallback"},
        {
            "event": "bot",
            "text": "Sorry, I didn't follow that.",
            "metadata": {"utter_action": "utter_core_fallback"},
        },
        {"event": "action", "name": "action_listen"},
    ]
    tracker = after_logging(provider, reference, asked, intent, before=before)
    messages, events = run_action(AFTER_LOGGING_ACTIONS[intent](), tracker)
    assert responses(messages) == ["utter_addition_recorded"]
    assert EARLIER in rendered(messages[0])
    assert ends_the_turn(events)
    assert notes(action_store, reference) == [EARLIER]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", list(AFTER_LOGGING_ACTIONS))
@pytest.mark.parametrize(
    ("text", "detail", "value"),
    [
        ("sorry my email is actually jo.b@example.com", "e-mail", "jo.b@example.com"),
        (
            "sorry my phone number is actually 07700 900 456 can u change it",
            "phone",
            "07700 900456",
        ),
    ],
)
def test_a_contact_detail_corrected_after_logging_is_noted_on_the_case(
    action_store: CaseStore, provider: str, intent: str, text: str, detail: str, value: str
) -> None:
    reference = new_case(action_store, provider)
    messages, events = run_action(
        AFTER_LOGGING_ACTIONS[intent](), after_logging(provider, reference, text, intent)
    )
    assert responses(messages) == ["utter_contact_detail_noted"]
    reply = rendered(messages[0])
    assert (
        reference in reply and detail in reply and value.replace(" ", "") in reply.replace(" ", "")
    )
    assert ends_the_turn(events)
    noted = notes(action_store, reference)
    assert len(noted) == 1 and value.replace(" ", "") in noted[0].replace(" ", "")
    assert f"new {detail}" in noted[0]
