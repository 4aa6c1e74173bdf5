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

from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from tests.action_support import DOMAIN, complaint_form_answer, make_tracker, responses, run_action
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
