"""Issue 14, the outside compliance reader's twelfth look (/work/outside/r12/compliance).

- "I emailed a complaint on Saturday, when will you reply": the code's dates are counted from the
  day the customer says they sent it, not from today (H4).
- The accessibility question says Ofcom's rule is for disabled customers, as regulation.md does
  (M7); leaving out the account number promises nothing the sources do not say (L6).
- "What data do you hold on me?": the code's privacy text does not answer it; said so, with the
  provider's contact route (M8).
- "I first complained on 3 November" after the ADR answer's "Tell me the day you first raised it"
  is that answer's date, not a reference prompt (H8, M6).
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.rights import ActionQuoteResponseTimes
from tests.action_support import (
    DOMAIN,
    complaint_form_answer,
    make_tracker,
    responses,
    run_action,
    user_event,
)
from tests.actions.test_actions_follow_ups import Conversation
from tests.actions.test_truth import said

FRIDAY_EVENING = "2026-11-27T18:30:00+00:00"


@pytest.fixture(autouse=True)
def friday_27_november(action_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", FRIDAY_EVENING)


def run(action: Any, provider: str, text: str, intent: str) -> str:
    messages, _ = run_action(action, make_tracker({"provider": provider}, text=text, intent=intent))
    return said(messages)


# --- H4: a complaint already sent on a named day ------------------------------------------------

EMAILED_ON_SATURDAY = (
    "I emailed a complaint on Saturday, when will you reply",
    "I sent my complaint by email on Saturday. When will I hear back?",
    "i emailed you my complaint last saturday, when do you reply?",
)


@pytest.mark.parametrize("intent", ["ask_response_time", "inform"])
@pytest.mark.parametrize("text", EMAILED_ON_SATURDAY)
def test_an_email_sent_on_saturday_is_counted_from_saturday(text: str, intent: str) -> None:
    """Saturday 21 November 2026: counted from Monday 23 November; Infinity Group's 5 working
    days end Monday 30 November 2026 (told Monday 7 December, counted from today)."""
    answer = run(ActionQuoteResponseTimes(), "infinity-group", text, intent)
    assert "Saturday 21 November 2026" in answer
    assert "Monday 30 November 2026" in answer
    assert "Monday 7 December 2026" not in answer
    assert " today" not in answer


def test_invictanet_one_working_day_from_an_email_sent_on_saturday() -> None:
    answer = run(
        ActionQuoteResponseTimes(), "invictanet", EMAILED_ON_SATURDAY[0], "ask_response_time"
    )
    assert "Tuesday 24 November 2026" in answer
    assert "Monday 30 November 2026" not in answer


def test_a_complaint_to_come_is_still_counted_from_its_own_day() -> None:
    answer = run(
        ActionQuoteResponseTimes(),
        "infinity-group",
        "if I email a complaint on Monday 30 November, when will you reply?",
        "ask_response_time",
    )
    assert "Monday 30 November 2026" in answer
    assert "Monday 7 December 2026" in answer


# --- M7, L6: the accessibility question and a skipped account number -----------------------------


def test_the_accessibility_question_says_the_rule_is_for_disabled_customers() -> None:
    text = DOMAIN["responses"]["utter_ask_accessibility_needs"][0]["text"]
    assert "General Condition C5" in text
    assert "disabled" in text


@pytest.mark.parametrize("typed", ["skip", "Don't know.", "I dont have an account number"])
def test_leaving_out_the_account_number_promises_nothing_unsourced(typed: str) -> None:
    _, messages = complaint_form_answer("account_number", typed)
    assert responses(messages) == ["utter_account_left_out"]
    text = DOMAIN["responses"]["utter_account_left_out"][0]["text"]
    assert "find your account" not in text
    assert "leave the account number out" in text


# --- H8, M6: the day first raised, after the ADR answer or with the question ----------------------

DAY_INTENTS = ["check_case", "inform", "make_complaint", "nlu_fallback"]


def _adr_stated(messages: list[dict[str, Any]]) -> dict[str, Any]:
    found = [m for m in messages if m["response"].startswith("utter_adr_stated_")]
    assert len(found) == 1, responses(messages)
    return found[0]


@pytest.mark.parametrize("intent", DAY_INTENTS)
def test_the_day_given_after_the_adr_answer_gets_its_date(intent: str) -> None:
    chat = Conversation("infinium")
    chat.say("can i go to the ombudsman?", "ask_adr")
    answer = chat.say("I first complained on 3 November", intent)
    stated = _adr_stated(answer)
    assert stated["raised"] == "Tuesday 3 November 2026"
    assert "Tuesday 15 December 2026" in said(answer)
    assert "utter_start_complaint" not in responses(answer)


@pytest.mark.parametrize("intent", DAY_INTENTS)
def test_the_day_given_after_a_fallback_that_followed_the_adr_answer_gets_its_date(
    intent: str,
) -> None:
    """comp-x-infinium: "when exactly?" met the fallback between the two."""
    chat = Conversation("infinium")
    chat.say("can i go to the ombudsman?", "ask_adr")
    chat.events += [
        user_event("when exactly?", "out_of_scope"),
        {"event": "action", "name": "utter_out_of_scope"},
        {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_out_of_scope"}},
    ]
    answer = chat.say("I first complained on 3 November", intent)
    assert _adr_stated(answer)["raised"] == "Tuesday 3 November 2026"
    assert "Tuesday 15 December 2026" in said(answer)


@pytest.mark.parametrize("intent", ["check_case", "ask_adr", "make_complaint"])
@pytest.mark.parametrize("provider", ["infinium", "infinity-group"])
def test_still_not_sorted_can_i_go_to_the_ombudsman_gets_the_date(
    provider: str, intent: str
) -> None:
    chat = Conversation(provider)
    answer = chat.say(
        "i first complained on 1 March 2026 and it's still not sorted, can i go to the ombudsman",
        intent,
    )
    assert _adr_stated(answer)["raised"] == "Sunday 1 March 2026"
    assert "Sunday 26 April 2026" in said(answer)
    assert "utter_start_complaint" not in responses(answer)


# --- M8: "what data do you hold on me?" -----------------------------------------------------------

OWN_DATA = (
    "I want to know what data you hold on me",
    "what personal information do you have about me?",
    "how do I make a subject access request?",
    "can I get a copy of my data",
)


@pytest.mark.parametrize("intent", ["ask_privacy", "ask_contact", "check_case"])
@pytest.mark.parametrize("text", OWN_DATA)
@pytest.mark.parametrize("provider", ["infinity-group", "infinium"])
def test_what_data_you_hold_on_me_says_the_code_does_not_cover_it(
    provider: str, text: str, intent: str
) -> None:
    chat = Conversation(provider)
    answer = said(chat.say(text, intent))
    assert "doesn't cover" in answer
    assert {"infinity-group": "0345 450 4600", "infinium": "01253 353537"}[provider] in answer
    assert "We protect the privacy of the information" not in answer
    assert "We treat the information we have about you in confidence" not in answer


# --- M5: "when can I go to the ombudsman and by when?" --------------------------------------------

BY_WHEN = (
    "I first raised my complaint on 20 March 2026 and got no ADR letter, when can I go to the "
    "ombudsman and by when?",
    "I first complained on 20 March 2026, when can I go to the ombudsman and until when?",
)


@pytest.mark.parametrize("intent", ["ask_adr", "check_case", "make_complaint"])
@pytest.mark.parametrize("text", BY_WHEN)
@pytest.mark.parametrize("provider", ["infinity-group", "infinium"])
def test_by_when_is_answered_with_the_time_limits(provider: str, text: str, intent: str) -> None:
    answer = Conversation(provider).say(text, intent)
    words = said(answer)
    assert _adr_stated(answer)["raised"] == "Friday 20 March 2026"
    assert "Friday 15 May 2026" in words
    assert "utter_adr_limits" in responses(answer)  # 12 months after an ADR letter
    assert "12 months" in words
    if provider == "infinity-group":
        assert "9 months" in words  # the code's limit without a letter, quoted as superseded


# --- H7: the head count as given goes to the case -------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "counted"), [("infinity-group", 11), ("infinity-system-solutions", 11)]
)
def test_the_groups_given_go_to_the_case_as_given(provider: str, counted: int) -> None:
    from actions.intake import intake_fields
    from bot.intake import validate_intake

    tracker = make_tracker(
        {
            "provider": provider,
            "customer_type": "business",
            "employees": "8 employees and 3 contractors",
        }
    )
    raw = intake_fields(tracker, provider)
    assert raw["head_count"] == "8 employees and 3 contractors"
    assert raw["employees"] == counted
    kept = validate_intake(
        {
            **raw,
            "category": "billing",
            "description": "charged twice",
            "name": "Joan Compton",
            "email": "joan@example.co.uk",
        }
    )
    assert kept.head_count == "8 employees and 3 contractors"


# --- H3: the deadlock letter named in the complaint -----------------------------------------------

C3_FIRST = (
    "I want to complain. I first complained on 10 January 2026 about my line being cut off, and "
    "you sent me a deadlock letter dated 2 March 2026. Still not fixed."
)


def _submitted_after(provider: str, first: str, intent: str) -> tuple[str, dict[str, Any]]:
    from actions.intake import ActionSubmitComplaint, intake_fields
    from tests.action_support import CONSUMER_FORM

    slots = {**CONSUMER_FORM, "provider": provider, "complaint_first_raised": "2026-01-10"}
    events = [user_event(first, intent), user_event("yes", "affirm")]
    tracker = make_tracker(slots, text="yes", intent="affirm", events=events)
    raw = intake_fields(tracker, provider)
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    return said(messages), raw


@pytest.mark.parametrize("intent", ["make_complaint", "ask_adr", "inform"])
@pytest.mark.parametrize(
    "provider", ["infinity-group", "infinium", "invictanet", "infinity-system-solutions"]
)
def test_the_deadlock_letter_in_the_complaint_is_kept_and_its_limit_told(
    provider: str, intent: str
) -> None:
    from datetime import date

    answer, raw = _submitted_after(provider, C3_FIRST, intent)
    assert raw["adr_letter_held"] == date(2026, 3, 2)
    assert "2 March 2026" in answer
    assert "Tuesday 2 March 2027" in answer  # 12 months from the letter (regulation.md)
