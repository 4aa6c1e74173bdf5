"""Customers in vulnerable circumstances, outside testers (issue 18, fix18d2): a question about money
trouble ("I can't afford to pay this bill, what can I do?") is answered from the rules and the
provider's code with its number (F13/F4); a mental-health cue said once the needs were agreed or at
the needs question gets the gentle offer (F24). Each test failed before the change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import actions.chitchat as chitchat
import actions.faults as faults
import actions.intake as intake
import actions.rights as rights
import actions.vulnerability as vulnerability
from bot.provider_codes import complaints_phone, get_code
from tests.action_support import (
    CONSUMER_FORM,
    ask_with,
    form_turn,
    make_tracker,
    rendered,
    responses,
    run_action,
    slots_set,
)

pytestmark = pytest.mark.usefixtures("action_database")

SHARED = Path(__file__).resolve().parents[3] / "shared"
PROVIDERS = ["invictanet", "infinium", "infinity-group"]
MONEY_TROUBLE = [
    "I can't afford to pay this bill, what can I do?",
    "I'm in debt and can't pay, who do I talk to?",
    "im behind on my payments and cant pay, what do i do",
]
OUTSIDE_A_FORM = {
    "nlu_fallback": chitchat.ActionClarify,
    "out_of_scope": chitchat.ActionOutOfScope,
    "ask_contact": rights.ActionAnswerQuestion,
}


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in messages if m.get("response"))


def _quoted(said: str) -> list[str]:
    """The passages the reply puts in double quotes."""
    return [part for i, part in enumerate(said.split('"')) if i % 2]


def _answers_money_trouble(said: str, provider: str) -> None:
    regulation = (SHARED / "regulation.md").read_text(encoding="utf-8")
    quotes = _quoted(said)
    # What regulation.md says providers must do, quoted word for word, with its source.
    assert any("financial difficulty" in q and q in regulation for q in quotes), said
    assert "GC C5.3-C5.7" in said or "General Condition C5.3-C5.7" in said
    code = get_code(provider)
    assert complaints_phone(code) in said
    published = (SHARED / "codes-of-practice" / code.source).read_text(encoding="utf-8")
    if provider == "invictanet":
        # The code's own words on unpaid sums, word for word as published.
        assert any("unpaid" in q and q in published for q in quotes), said
    else:
        assert "unpaid" not in said


# --- F13/F4: "I can't afford to pay this bill, what can I do?" ------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", list(OUTSIDE_A_FORM))
@pytest.mark.parametrize("said", MONEY_TROUBLE)
def test_money_trouble_asked_outside_a_complaint_is_answered(
    provider: str, intent: str, said: str
) -> None:
    messages, _ = ask_with(OUTSIDE_A_FORM[intent](), provider, said, intent)
    shown = responses(messages)
    assert "utter_money_trouble_asked" in shown
    assert "utter_default" not in shown and "utter_out_of_scope" not in shown
    _answers_money_trouble(_said(messages), provider)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", MONEY_TROUBLE)
def test_money_trouble_asked_as_a_complaint_is_answered_and_the_complaint_starts(
    provider: str, said: str
) -> None:
    messages, events = ask_with(intake.ActionStartComplaint(), provider, said, "make_complaint")
    assert "utter_money_trouble_asked" in responses(messages)
    _answers_money_trouble(_said(messages), provider)
    assert "financial_hardship" in (slots_set(events).get("circumstances") or [])


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", MONEY_TROUBLE)
def test_money_trouble_asked_at_what_happened_is_answered_and_kept(
    provider: str, said: str
) -> None:
    before = {"provider": provider, "complaint_category": "billing"}
    tracker = form_turn(
        "complaint_form",
        "complaint_description",
        {"complaint_description": said},
        before=before,
        text=said,
    )
    messages, events = run_action(intake.ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    _answers_money_trouble(_said(messages), provider)
    assert slots.get("complaint_description") == said
    # The offer of help comes next, as for any circumstance heard.
    assert slots.get("requested_slot") == "support_offer"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", MONEY_TROUBLE)
def test_money_trouble_asked_at_the_offer_is_answered_and_the_offer_stands(
    provider: str, said: str
) -> None:
    before = {
        "provider": provider,
        "complaint_category": "billing",
        "complaint_description": "you charged me twice and now I'm behind on my bills",
        "circumstances": ["financial_hardship"],
    }
    tracker = form_turn(
        "complaint_form", "support_offer", {"support_offer": said}, before=before, text=said
    )
    messages, events = run_action(intake.ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    _answers_money_trouble(_said(messages), provider)
    assert "utter_hint_support_offer" not in responses(messages)
    # Neither yes nor no: the offer is made again, and nothing counted as a failed answer.
    assert slots.get("support_offer") is None
    assert not slots.get("answer_failures")


def test_a_question_with_no_money_trouble_is_not_this_answer() -> None:
    for said in ["how long do you take to reply?", "I can't afford to wait another week, when?"]:
        messages, _ = ask_with(chitchat.ActionClarify(), "invictanet", said, "nlu_fallback")
        assert "utter_money_trouble_asked" not in responses(messages)


# --- F24: "I've been really struggling with my mental health since this started" ------------------

MENTAL_HEALTH = "I've been really struggling with my mental health since this started"
AGREED = {
    "complaint_category": "billing",
    "complaint_description": "my husband died and you keep billing him",
    "circumstances": ["bereavement"],
    "support_offer": "yes",
    "support_needs": {"needs": ["writing_only"], "consented_at": "2026-12-22T10:00:00+00:00"},
}


def _gentle_offer(messages: list[dict[str, Any]]) -> str:
    said = _said(messages)
    assert "utter_support_noticed_later" in responses(messages), responses(messages)
    assert "your health" in said
    assert "mental" not in said.lower()  # never labelled back
    assert "?" in said  # asked, not told
    return said


@pytest.mark.parametrize("provider", ["invictanet", "infinium"])
def test_a_mental_health_cue_at_the_accessibility_question_after_needs_agreed_gets_an_offer(
    provider: str,
) -> None:
    before = {**CONSUMER_FORM, **AGREED, "provider": provider}
    before.pop("accessibility_needs")
    tracker = form_turn(
        "complaint_form",
        "accessibility_needs",
        {"accessibility_needs": MENTAL_HEALTH},
        before=before,
        text=MENTAL_HEALTH,
    )
    messages, events = run_action(intake.ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    _gentle_offer(messages)
    # The needs agreed are kept, and the complaint goes on.
    assert slots.get("support_needs", AGREED["support_needs"]) == AGREED["support_needs"]
    assert slots.get("support_offer", "yes") == "yes"
    assert "illness" in slots["circumstances"]


@pytest.mark.parametrize(
    ("asked", "filled"),
    [("customer_email", {"customer_name": "Jane Doe"}), ("account_number", {})],
)
def test_a_mental_health_cue_after_needs_agreed_gets_an_offer_at_any_question(
    asked: str, filled: dict[str, Any]
) -> None:
    before = {**CONSUMER_FORM, **AGREED, **filled, "provider": "invictanet"}
    before.pop(asked)
    tracker = form_turn(
        "complaint_form", asked, {asked: MENTAL_HEALTH}, before=before, text=MENTAL_HEALTH
    )
    messages, events = run_action(intake.ValidateComplaintForm(), tracker)
    _gentle_offer(messages)
    slots = slots_set(events)
    assert slots.get("support_needs", AGREED["support_needs"]) == AGREED["support_needs"]


def test_a_mental_health_cue_at_the_needs_question_gets_an_offer() -> None:
    before = {**CONSUMER_FORM, **AGREED, "provider": "invictanet"}
    before.pop("support_needs")
    before.pop("accessibility_needs")
    tracker = form_turn(
        "complaint_form",
        "support_needs",
        {"support_needs": MENTAL_HEALTH},
        before=before,
        text=MENTAL_HEALTH,
    )
    messages, _ = run_action(intake.ValidateComplaintForm(), tracker)
    said = _said(messages)
    assert "your health" in said
    assert "mental" not in said.lower()


@pytest.mark.parametrize(
    ("asked", "said"),
    [("support_needs", "large print please"), ("customer_email", "large print too please")],
)
def test_a_need_chosen_in_words_that_are_also_a_cue_gets_no_second_offer(
    asked: str, said: str
) -> None:
    before = {**CONSUMER_FORM, **AGREED, "provider": "invictanet"}
    before.pop(asked)
    if asked == "support_needs":
        before.pop("accessibility_needs")
    tracker = form_turn("complaint_form", asked, {asked: said}, before=before, text=said)
    messages, _ = run_action(intake.ValidateComplaintForm(), tracker)
    assert "utter_support_noticed_later" not in responses(messages)


# --- F31: "can an engineer visit me at home to explain it?" at the needs list -----------------------

ELDERLY = {
    "provider": "invictanet",
    "complaint_category": "billing",
    "complaint_description": "I'm 84 and live alone and my bill doubled and I don't understand it",
    "circumstances": ["age"],
    "support_offer": "yes",
}
VISIT_AND_NEED = [
    "large print please, and can an engineer visit me at home to explain it?",
    "large print please. Could someone come to my house to explain the bill?",
]
VISIT_ONLY = "can an engineer visit me at home to explain it?"
AT_THE_LIST = {
    "inform": None,
    "report_fault": faults.ActionReportFault,
    "nlu_fallback": chitchat.ActionClarify,
    "out_of_scope": chitchat.ActionOutOfScope,
}


def _at_the_list(said: str, intent: str, before: dict[str, Any] | None = None) -> tuple:
    before = {**ELDERLY, **(before or {})}
    if AT_THE_LIST[intent] is None:
        tracker = form_turn(
            "complaint_form", "support_needs", {"support_needs": said}, before=before, text=said
        )
        return run_action(intake.ValidateComplaintForm(), tracker)
    tracker = form_turn(
        "complaint_form", "support_needs", {}, before=before, text=said, intent=intent
    )
    return run_action(AT_THE_LIST[intent](), tracker)


def _visit_said_plainly(messages: list[dict[str, Any]]) -> None:
    shown = responses(messages)
    assert "utter_visit_not_arranged" in shown, shown
    assert complaints_phone(get_code("invictanet")) in _said(messages)
    assert "utter_fault_line" not in shown and "utter_default" not in shown


@pytest.mark.parametrize("intent", list(AT_THE_LIST))
@pytest.mark.parametrize("said", VISIT_AND_NEED)
def test_a_visit_asked_for_at_the_list_keeps_the_need_said_with_it(intent: str, said: str) -> None:
    messages, events = _at_the_list(said, intent)
    _visit_said_plainly(messages)
    needs = slots_set(events).get("support_needs")
    assert isinstance(needs, dict) and needs["needs"] == ["accessible_formats"], needs


@pytest.mark.parametrize("intent", list(AT_THE_LIST))
def test_a_visit_alone_shows_the_list_once_more_in_other_words_then_carries_on(intent: str) -> None:
    messages, events = _at_the_list(VISIT_ONLY, intent)
    _visit_said_plainly(messages)
    first = slots_set(events)
    assert first.get("support_needs") is None
    # The list a second time: short, and asked in other words.
    asked = make_tracker({**ELDERLY, **first, "requested_slot": "support_needs"})
    again, _ = run_action(vulnerability.ActionAskSupportNeeds(), asked)
    shown = responses(again)
    assert "utter_ask_support_needs" not in shown and "utter_support_offers_intro" not in shown
    assert "utter_ask_support_needs_again" in shown
    assert "1." in _said(again) or "1)" in _said(again) or "•" in _said(again)
    # Asked a second time: no third list; the complaint goes on with nothing recorded.
    messages, events = _at_the_list(VISIT_ONLY, intent, before=first)
    second = slots_set(events)
    assert second.get("support_needs") == "none"
    assert "utter_support_set_aside" in responses(messages)
