"""Outside testers, round 19, through the actions (fixer fix19b):

- F6: a reference of the conversation's provider typed with a space, in lower case or with an en
  dash ("IN WDVYAJ", "in wdvyaj") at "What is your complaint reference?" is the answer, whatever
  intent the model read: the actions the interruption rules run set it for the form, and answer
  nothing else (the accessible-formats answer was given, and the question asked again);
- F3: "that's all" at the name question is not a name;
- F7: six letters typed alone at the reference question are told to be typed with the prefix.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionDefaultFallback, ActionGreet
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from actions.status import ActionTalkToHuman, ValidateCaseLookupForm
from bot.cases import references
from bot.cases.store import CaseStore
from tests.action_support import (
    complaint_form_answer,
    domain_problems,
    form_turn,
    responses,
    run_action,
    slots_set,
    validate,
)
from tests.actions.test_actions_status import new_case

pytestmark = pytest.mark.usefixtures("action_database")


def at_reference_question(text: str, intent: str) -> Any:
    return form_turn(
        "case_lookup_form",
        "case_reference",
        {},
        before={"provider": "infinium"},
        text=text,
        intent=intent,
    )


# --- F6: a reference typed with a space, read as another intent -----------------------------------


@pytest.mark.parametrize("typed", ["IN WDVYAJ", "in wdvyaj", "IN–WDVYAJ", "In-Wdvyaj"])
@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionAnswerQuestion(), "ask_accessible_formats"),
        (ActionAnswerQuestion(), "ask_privacy"),
        (ActionAnswerQuestion(), "ask_escalation"),
        (ActionAnswerQuestion(), "ask_contact"),
        (ActionQuoteResponseTimes(), "ask_response_time"),
        (ActionTalkToHuman(), "talk_to_human"),
        (ActionGreet(), "greet"),
        (ActionDefaultFallback(), "nlu_fallback"),
    ],
)
def test_a_reference_typed_with_a_space_is_the_answer_whatever_the_intent(
    action_store: CaseStore, monkeypatch: pytest.MonkeyPatch, typed: str, action: Any, intent: str
) -> None:
    monkeypatch.setattr(references, "random_code", lambda: "WDVYAJ")
    case = new_case(action_store, provider="infinium")
    assert case.reference == "IN-WDVYAJ"
    messages, events = run_action(action, at_reference_question(typed, intent))
    assert responses(messages) == []  # nothing answered: the form asks for the e-mail or postcode
    assert slots_set(events)["case_reference"] == "IN-WDVYAJ"
    assert slots_set(events).get("verification_answer") is None
    assert {"event": "followup", "name": "case_lookup_form"} in [
        {"event": e.get("event"), "name": e.get("name")} for e in events
    ]


def test_the_question_is_still_answered_when_it_is_not_a_reference(
    action_store: CaseStore,
) -> None:
    messages, _ = run_action(
        ActionAnswerQuestion(),
        at_reference_question("do you do large print", "ask_accessible_formats"),
    )
    assert responses(messages) != []


# --- F3: "that's all" at the name question ---------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    ["that's all", "that's everything", "nothing else", "no that's it", "Thats all thanks"],
)
def test_nothing_more_at_the_name_question_is_no_name_and_says_why(said: str) -> None:
    result, messages = complaint_form_answer(
        "customer_name",
        said,
        before={"provider": "infinium", "complaint_description": "They charged me twice."},
    )
    assert result["customer_name"] is None
    assert responses(messages)[0] == "utter_invalid_field"
    assert "I still need your name" in messages[0]["problem"]
    assert domain_problems(messages) == []
    assert "utter_added_to_description" not in responses(messages)


def test_a_name_is_still_a_name() -> None:
    result, _ = complaint_form_answer("customer_name", "Ida Moore", before={"provider": "infinium"})
    assert result["customer_name"] == "Ida Moore"


# --- F4: format characters in a name ---------------------------------------------------------------


def test_bidi_controls_in_a_name_are_taken_out_before_it_is_kept() -> None:
    result, messages = complaint_form_answer(
        "customer_name", "Eve \u202egnissim\u202c", before={"provider": "infinium"}
    )
    assert result["customer_name"] == "Eve gnissim"
    assert not any("\u202e" in str(m) for m in messages)


# --- F7: six letters typed without the prefix ------------------------------------------------------


@pytest.mark.parametrize("typed", ["WDVYAJ", "wdvyaj", "JPHPSK"])
def test_six_letters_of_a_reference_are_asked_for_with_the_prefix(
    action_store: CaseStore, typed: str
) -> None:
    tracker = form_turn(
        "case_lookup_form",
        "case_reference",
        {"case_reference": typed},
        before={"provider": "infinium"},
        text=typed,
    )
    result, messages = validate(ValidateCaseLookupForm().validate_case_reference, typed, tracker)
    assert result["case_reference"] is None  # never taken as one: a word may be six letters
    assert responses(messages) == ["utter_reference_needs_prefix"]
    assert messages[0]["reference"] == f"IN-{typed.upper()}"
    assert domain_problems(messages) == []


@pytest.mark.parametrize("typed", ["BROKEN", "hello there", "IN-"])
def test_other_words_get_what_a_reference_looks_like(action_store: CaseStore, typed: str) -> None:
    tracker = form_turn(
        "case_lookup_form",
        "case_reference",
        {"case_reference": typed},
        before={"provider": "infinium"},
        text=typed,
    )
    _, messages = validate(ValidateCaseLookupForm().validate_case_reference, typed, tracker)
    assert responses(messages) == ["utter_reference_invalid"]
