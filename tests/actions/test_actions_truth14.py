"""Issue 14 (only what is true) and issue 13 N7, through the actions: what a verified customer is
told when they check a case logged here says what intake said at logging.

- The case check gives the code's own wait before ADR beside the rules' date, and which applies,
  as the confirmation at logging does (the same `bot.adr_replies.code_wait_beside_rules`).
- A complaint the customer says they raised before ("I emailed you about this on 3 November") is
  dated from that day at logging, whatever question it was said at.
- "I rang my account manager about my bill on 3 November", "I reported the overcharge on the
  phone on 3 November": the day first raised.
- A deadlock letter's day given roughly ("about 11 months ago") is said as approximate at
  logging, and its deadline with its hedge.
- A case on which the customer said at logging they hold a deadlock letter: the case check says
  they may go to ADR now, from the letter, as intake did, never the ordinary date.

"Today" is Friday 27 November 2026, 11:00. Every date below was checked against the England and
Wales bank holidays (bot/rules; none between 3 November 2026 and 19 February 2027 but Christmas
Day, Boxing Day (Monday 28 December substitute) and New Year's Day, which no 6-week or 12-week
calendar count lands on): 3 November 2026 + 6 weeks is Tuesday 15 December 2026, + 12 weeks
Tuesday 26 January 2027; 27 November 2026 + 6 weeks is Friday 8 January 2027, + 12 weeks Friday
19 February 2027 (Infinium's and Invictanet's codes: 12 weeks; Infinity Group's: 8 weeks, Friday
22 January 2027 from today); a letter dated 20 November 2026 gives until Saturday 20 November 2027.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest

from actions.intake import ActionSubmitComplaint
from actions.status import ActionHandleCaseRequest
from bot import clock
from bot.answers.dates import first_raised_in
from bot.cases.verification import CaseVerification
from tests.action_support import (
    CONSUMER_FORM,
    account_given,
    make_tracker,
    open_store,
    responses,
    run_action,
    slots_set,
    user_event,
)
from tests.actions.test_truth import said

pytestmark = pytest.mark.usefixtures("action_database")

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def friday_27_november(action_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T11:00:00+00:00")


def log(provider: str, first: str, **slots: Any) -> tuple[list[dict[str, Any]], str]:
    """The complaint logged at "yes" after the first message `first`; what was said, and its
    reference."""
    form = {**CONSUMER_FORM, "provider": provider, **slots}
    events = [user_event(first, "make_complaint"), user_event("yes", "affirm")]
    messages, events = run_action(
        ActionSubmitComplaint(), make_tracker(form, text="yes", intent="affirm", events=events)
    )
    return messages, slots_set(events)["created_reference"]


def checked(reference: str, provider: str) -> list[dict[str, Any]]:
    """What the customer is told when they check `reference` (the check passed)."""
    with open_store(os.environ["DATABASE_URL"]) as store:
        CaseVerification(store).record_owner(
            reference, conversation_id="conversation-1", channel="rest", now=clock.now()
        )
    tracker = make_tracker(
        {
            "provider": provider,
            "case_reference": reference,
            "verification_answer": "verified",
            "pending_request": "status",
            "pending_request_for": reference,  # as the lookup form sets it (guard13)
        }
    )
    return run_action(ActionHandleCaseRequest(), tracker)[0]


# --- 1. the code's own wait, beside the rules', in the case check ---------------------------------


@pytest.mark.parametrize(
    ("provider", "line"),
    [
        (
            "infinium",
            "Our code says 12 weeks, which would be Friday 19 February 2027; today's rules give "
            "you 6 weeks, Friday 8 January 2027, and as they give you more, that is the date that "
            "applies.",
        ),
        (
            "invictanet",
            "Our code says 12 weeks, which would be Friday 19 February 2027; today's rules give "
            "you 6 weeks, Friday 8 January 2027, and as they give you more, that is the date that "
            "applies.",
        ),
        (
            "infinity-group",
            "Our code says 8 weeks, which would be Friday 22 January 2027; today's rules give "
            "you 6 weeks, Friday 8 January 2027, and as they give you more, that is the date that "
            "applies.",
        ),
    ],
)
def test_the_case_check_gives_the_codes_own_wait_as_logging_did(provider: str, line: str) -> None:
    logged_words, reference = log(provider, "I was charged twice")
    assert line in said(logged_words)
    messages = checked(reference, provider)
    words = said(messages)
    assert "from Friday 8 January 2027" in words, words
    assert line in words, words
    [wait] = [m for m in messages if m["response"] == "utter_adr_code_wait_longer"]
    quotes = [s.get("quote") for s in wait["custom"]["sources"]]
    assert any(q for q in quotes), wait


def test_the_case_check_counts_the_codes_wait_from_the_day_first_raised() -> None:
    _, reference = log("infinium", "I was charged twice", complaint_first_raised="2026-11-03")
    words = said(checked(reference, "infinium"))
    assert "first raised it on Tuesday 3 November 2026" in words, words
    assert "from Tuesday 15 December 2026" in words, words
    assert (
        "Our code says 12 weeks, which would be Tuesday 26 January 2027; today's rules give you "
        "6 weeks, Tuesday 15 December 2026"
    ) in words, words


# --- 2. the day first raised, said before logging, dates the case ---------------------------------


@pytest.mark.parametrize(
    "first",
    [
        "I emailed you about this on 3 November and nobody replied, I was charged twice",
        "I rang you about my bill on 3 November",
        "I sent you a letter about it on 3 November 2026",
    ],
)
def test_a_complaint_raised_before_is_dated_from_that_day_at_logging(first: str) -> None:
    """Said in the first message, with the form's slot not set from it: the ADR date was counted
    from today (Friday 8 January 2027), not from 3 November."""
    messages, reference = log("invictanet", first)
    words = said(messages)
    assert "first raised it on Tuesday 3 November 2026" in words, words
    assert "from Tuesday 15 December 2026" in words, words
    assert "from Friday 8 January 2027" not in words, words
    words = said(checked(reference, "invictanet"))
    assert "first raised it on Tuesday 3 November 2026" in words, words
    assert "from Tuesday 15 December 2026" in words, words


def test_a_day_the_customer_skipped_is_not_read_again() -> None:
    """'not sure' at the question leaves it out: no day is put back from elsewhere."""
    messages, _ = log("invictanet", "I was charged twice", complaint_first_raised="none")
    assert "first raised it" not in said(messages)


# --- 3. the first-raised reader, in more everyday words -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I rang my account manager about my bill on 3 November",
        "I reported the overcharge on the phone on 3 November",
        "I emailed my account manager on 3 November about the charges",
        "I reported it to you on 3 November and nothing happened",
        "I reported the wrong charge by email on 3 November",
        "I called about it on 3 Nov",
        "spoke to someone in your shop on the 3rd of November",
        "I called your account manager on the 3rd of November",
    ],
)
def test_more_everyday_words_keep_the_day_first_raised(text: str) -> None:
    assert first_raised_in(text, TODAY).day == date(2026, 11, 3)
    slots = account_given(text)
    assert slots["complaint_first_raised"] == "2026-11-03"


@pytest.mark.parametrize(
    "text",
    [
        "I reported the fault to the engineer line on 3 November",
        "My neighbour reported the outage on 3 November",
        "I rang my mum about it on 3 November",
    ],
)
def test_a_report_that_is_not_raising_it_with_us_keeps_no_day(text: str) -> None:
    assert first_raised_in(text, TODAY).day is None


def test_the_account_manager_call_dates_the_case_at_logging() -> None:
    text = "I rang my account manager about my bill on 3 November"
    slots = account_given(text)
    messages, reference = log(
        "infinity-group", text, complaint_first_raised=slots["complaint_first_raised"]
    )
    words = said(messages)
    assert "first raised it on Tuesday 3 November 2026" in words, words
    assert "from Tuesday 15 December 2026" in words, words


# --- 4. a letter's rough day at logging: approximate, and its deadline hedged ---------------------

ROUGH_LETTER = "I was charged twice. I got a deadlock letter from you about 11 months ago"


@pytest.mark.parametrize("provider", ["invictanet", "infinium"])
def test_a_rough_letter_day_at_logging_is_said_as_approximate(provider: str) -> None:
    """11 months before Friday 27 November 2026 is about Saturday 27 December 2025; 12 months
    from that about Sunday 27 December 2026: said as around, never an exact deadline."""
    messages, _ = log(provider, ROUGH_LETTER)
    words = said(messages)
    assert "utter_adr_letter_dated_approx" in responses(messages), words
    assert "approximate" in words, words
    assert "check the date on the letter" in words, words
    assert "around Sunday 27 December 2026" in words, words
    assert "so until Sunday 27 December 2026." not in words, words
    assert "dated Saturday 27 December 2025" not in words, words


# --- 5. issue 13 N7: a deadlock letter held, in the case check -----------------------------------

HELD = "I was charged twice. You sent me a deadlock letter dated 20 November 2026"


@pytest.mark.parametrize("provider", ["invictanet", "infinium", "infinity-group"])
def test_the_case_check_with_a_held_letter_says_go_now(provider: str) -> None:
    logged_words, reference = log(provider, HELD)
    assert "until Saturday 20 November 2027" in said(logged_words)
    messages = checked(reference, provider)
    words = said(messages)
    assert "utter_adr_letter_dated" in responses(messages), words
    assert "dated Friday 20 November 2026" in words, words
    assert "now" in words and "until Saturday 20 November 2027" in words, words
    assert "from Friday 8 January 2027" not in words, words
    assert "utter_case_adr_from" not in responses(messages), words
    assert "utter_adr_code_wait_longer" not in responses(messages), words


def test_the_case_check_with_a_held_letter_and_a_day_first_raised_says_go_now() -> None:
    """First raised 19 October 2026 (+ 6 weeks: Monday 30 November 2026, still to come): the letter
    opens ADR now, never also "from Monday 30 November 2026"."""
    _, reference = log("invictanet", HELD, complaint_first_raised="2026-10-19")
    words = said(checked(reference, "invictanet"))
    assert "until Saturday 20 November 2027" in words, words
    assert "from Monday 30 November 2026" not in words, words


def test_a_case_with_no_letter_held_keeps_the_ordinary_date() -> None:
    _, reference = log("invictanet", "I was charged twice")
    messages = checked(reference, "invictanet")
    assert "utter_case_adr_from" in responses(messages)
    assert "utter_adr_letter_dated" not in responses(messages)
