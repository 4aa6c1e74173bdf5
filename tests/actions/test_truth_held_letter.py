"""Issue 14's last open points, read as the customer reads them:

- a deadlock letter the customer already holds is never logged as a request for one: they are
  told what holding it means (regulation.md: ADR at once, 12 months from the letter);
- Infinity Group's own ADR time limits (6 months from its letter, 9 without one) are said where
  the assistant gives a time limit, with today's rules and which applies.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.rights import ActionAnswerQuestion
from actions.status import ActionSetCaseRequest
from tests.action_support import make_tracker, run_action
from tests.actions.test_truth import PROVIDERS, said

pytestmark = pytest.mark.usefixtures("action_database")

HELD = (
    "you wrote to me with a deadlock letter",
    "I've got a deadlock letter from you",
    "they sent me a final response letter last week",
)

IG_LIMITS_QUOTE = (
    "Ombudsman Services: Communications will need to have heard from you within 6 months of our "
    "writing to tell you we are unable to resolve your complaint."
)


def ask(provider: str, text: str, intent: str = "ask_adr") -> list[dict[str, Any]]:
    tracker = make_tracker({"provider": provider}, text=text, intent=intent)
    return run_action(ActionAnswerQuestion(), tracker)[0]


@pytest.mark.parametrize("text", HELD)
def test_a_deadlock_letter_held_is_not_taken_as_a_request_for_one(text: str) -> None:
    """Read by the model as asking for an ADR letter, the words say the customer has one: no
    request is set to be recorded on any case; the message is answered as the ADR question."""
    tracker = make_tracker({"provider": "infinium"}, text=text, intent="request_adr_letter")
    messages, events = run_action(ActionSetCaseRequest(), tracker)
    assert not any(
        e.get("event") == "slot" and e.get("name") == "pending_request" for e in events
    ), events
    users = [e for e in events if e.get("event") == "user"]
    assert users and users[-1]["parse_data"]["intent"]["name"] == "ask_adr", events
    assert not messages


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("text", HELD[:2])
def test_a_deadlock_letter_held_is_told_what_holding_it_means(provider: str, text: str) -> None:
    messages = ask(provider, text)
    answer = said(messages)
    responses = [m["response"] for m in messages]
    assert "utter_adr_letter_held" in responses, answer
    assert "you don't have to wait" in answer and "now" in answer, answer
    assert "12 months from the date on the letter" in answer, answer
    assert "I haven't recorded a request" in answer, answer
    # Not told what a letter is, nor given an ADR date as if none had come.
    assert "utter_adr_letter_explained" not in responses, answer
    assert "utter_adr_dates" not in responses and "utter_adr_dates_code" not in responses


def test_a_final_response_letter_last_week_is_no_exact_day() -> None:
    """ "Last week" is no day of a letter: the 12 months are from the date on it, never from a
    day guessed for it (outside compliance reader, 27 Nov, F8: a guessed date and a limit
    counted from it)."""
    answer = said(ask("invictanet", HELD[2]))
    assert "12 months" in answer, answer
    assert "dated Tuesday 15 December 2026" not in answer, answer
    assert "15 December 2027" not in answer, answer


def test_infinity_groups_held_letter_gives_its_codes_6_months_and_todays_12() -> None:
    messages = ask("infinity-group", "I've got a deadlock letter from you")
    answer = said(messages)
    assert IG_LIMITS_QUOTE in answer, answer
    assert "12 months from an ADR letter, not 6" in answer, answer
    assert "is the one that applies" in answer, answer
    # With a letter held, the no-letter limit is not the customer's.
    assert "utter_adr_limit_no_letter_code" not in [m["response"] for m in messages]


@pytest.mark.parametrize(
    "text",
    ["when can I go to the ombudsman?", "can I take my complaint to the ombudsman?"],
)
def test_infinity_groups_adr_answer_gives_its_own_limits_and_todays(text: str) -> None:
    """The ADR rights answer gave only today's 12 months: the code's 6 months after its letter,
    and 9 without one, were never said."""
    messages = ask("infinity-group", text)
    answer = said(messages)
    assert IG_LIMITS_QUOTE in answer, answer
    assert "12 months from an ADR letter, not 6" in answer, answer
    assert "is the one that applies" in answer, answer
    assert "our code gives you up to 9 months" in answer, answer
    assert "they don't say what happens when no letter was sent" in answer, answer
    [differs] = [m for m in messages if m["response"] == "utter_adr_limit_code_differs"]
    quotes = [s.get("quote") for s in differs["custom"]["sources"]]
    assert any(q and q.startswith("Ombudsman Services: Communications will need") for q in quotes)


def test_infinity_groups_dated_letter_gives_its_codes_limit_too() -> None:
    answer = said(ask("infinity-group", "I got my deadlock letter on 1 December 2026, what now?"))
    assert "until Wednesday 1 December 2027" in answer, answer
    assert "12 months from an ADR letter, not 6" in answer, answer


@pytest.mark.parametrize("provider", ["infinium", "invictanet", "infinity-system-solutions"])
def test_codes_with_no_limit_of_their_own_say_none(provider: str) -> None:
    messages = ask(provider, "when can I go to the ombudsman?")
    responses = [m["response"] for m in messages]
    assert "utter_adr_limit_code_differs" not in responses
    assert "utter_adr_limit_no_letter_code" not in responses
