"""Dates and times in the customer's everyday words (outside testers, round 10, 27 Nov 2026).

- The answer to the form's own "When did you first raise this with us?" was never checked (the
  form dropped the question from its list once the raw words filled it), so it was lost and the
  ADR date counted from the day of logging (customers A F7, F19; customers B F29).
- "complained to him on the 2nd october" in the first message (customers A F17); a letter the
  provider wrote "5 months ago" is not the day the complaint was first raised (compliance F22).
- "the 3rd of last month" (compliance F37), "a week last monday" (customers A F13); "last week"
  and "last month" are no exact day (compliance F8, F37).
- A time of day said with the day ("24 December at 4.30pm") is the time the reply times count
  from, not 09:00 (compliance F4, customers B F17).

"Today" is Friday 27 November 2026, 11:00, the day the testers found these.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import ValidateComplaintForm
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from bot.answers.dates import first_raised_answer, first_raised_in, stated_dates
from tests.action_support import (
    account_given,
    ask_with,
    form_turn_after,
    run_action,
    slots_set,
)
from tests.actions.test_truth import said

pytestmark = pytest.mark.usefixtures("action_database", "friday_27_november")


# --- 1. the answer to "When did you first raise this with us?" is kept ---------------------------

OPENING = (
    "i complained back in february about being mis-sold a contract and never got anywhere, never "
    "got any letter either. its been months, what can i do"
)


def _answered(answer: str, opening: str = OPENING) -> dict[str, Any]:
    """The slots the form sets when `answer` answers its own first-raised question, after
    `opening` (which says it was raised before, with no day)."""
    tracker = form_turn_after(
        [opening],
        "complaint_first_raised",
        {"complaint_first_raised": answer},
        {"complaint_category": "sales", "complaint_description": opening},
        answer,
    )
    _, events = run_action(ValidateComplaintForm(), tracker)
    return slots_set(events)


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        # customers A F19 (a-g21, a-g22)
        ("10 february 2026", "2026-02-10"),
        ("20 october 2026", "2026-10-20"),
        ("1 june 2026", "2026-06-01"),
        # customers A F19 (a-g18)
        ("i said february, about the 10th", "2026-02-10"),
        # customers A F7 (a-m02): 16 November 2026 is a Monday
        ("first rang on monday the 16th", "2026-11-16"),
        # customers B F29 (b24, b28)
        ("I rang about the speed on the 12th of October", "2026-10-12"),
    ],
)
def test_the_answer_to_the_first_raised_question_is_kept(answer: str, kept: str) -> None:
    slots = _answered(answer)
    assert slots.get("complaint_first_raised") == kept, slots


def test_an_answer_with_no_day_is_asked_again_not_kept_as_words() -> None:
    slots = _answered("ages ago honestly")
    assert slots.get("complaint_first_raised") is None, slots
    assert slots.get("requested_slot") == "complaint_first_raised", slots


def test_complained_to_the_salesman_on_a_day_is_the_day_first_raised() -> None:
    """customers A F17 (a-m12): first raised Friday 2 October 2026."""
    text = (
        "your sales guy promised us a static IP and 1gb ethernet for £300/month and the contract "
        "says £450. we signed in september. complained to him on the 2nd october, he stopped "
        "answering"
    )
    assert account_given(text)["complaint_first_raised"] == "2026-10-02"


def test_a_letter_we_wrote_months_ago_is_not_the_day_first_raised() -> None:
    """compliance F22 (q18): the letter's day was given as the day first raised."""
    text = (
        "you wrote to me 5 months ago saying you cant resolve my complaint. does your code give "
        "me a time limit for the ombudsman?"
    )
    tracker_messages, _ = ask_with(ActionAnswerQuestion(), "infinity-group", text, "ask_adr")
    words = said(tracker_messages)
    assert "first raised on" not in words, words
    assert first_raised_in(text, _today()).day is None


def _today() -> Any:
    from datetime import date

    return date(2026, 11, 27)


# --- 2. relative days --------------------------------------------------------------------------


def test_the_3rd_of_last_month_is_3_october() -> None:
    """compliance F37 (q33): read as 27 October, ADR said to open on 8 December."""
    text = "i first complained on the 3rd of last month, when can i go to the ombudsman"
    messages, _ = ask_with(ActionAnswerQuestion(), "infinity-group", text, "ask_adr")
    words = said(messages)
    assert "Saturday 3 October 2026" in words, words
    assert "27 October" not in words, words


def test_the_3rd_of_this_month_is_3_november() -> None:
    assert stated_dates("I rang on the 3rd of this month", _today()) == [_today().replace(day=3)]


def test_a_week_last_monday_is_the_monday_before_last() -> None:
    """customers A F13 (a-m06): Monday 16 November, not Monday 23 November."""
    assert first_raised_answer("ok i first rang about it a week last monday", _today()) == (
        _today().replace(day=16)
    )
    assert (
        account_given("I first rang about it a week last monday and nothing was done")[
            "complaint_first_raised"
        ]
        == "2026-11-16"
    )


@pytest.mark.parametrize(
    "text",
    [
        # compliance F37 variant (q34)
        "i first complained last month, when can i go to the ombudsman",
    ],
)
def test_last_month_is_no_exact_day_for_the_adr_date(text: str) -> None:
    messages, _ = ask_with(ActionAnswerQuestion(), "infinity-group", text, "ask_adr")
    words = said(messages)
    assert "27 October" not in words, words


def test_a_letter_got_last_week_is_given_no_exact_day_silently() -> None:
    """compliance F8 (q12): "last week" became "dated Friday 20 November 2026", and the 12
    months were counted from it."""
    text = "I got a deadlock letter from you last week, what now"
    messages, _ = ask_with(ActionAnswerQuestion(), "invictanet", text, "ask_adr")
    words = said(messages)
    assert "dated Friday 20 November 2026" not in words, words
    assert "20 November 2027" not in words, words


# --- 3. a time of day is the time the reply times count from -------------------------------------


def test_an_email_at_half_four_on_christmas_eve_is_counted_from_16_30() -> None:
    """compliance F4 (a): ISS's 24 working hours (09:00-17:00) from Thu 24 Dec 16:30 end on
    Thursday 31 December (0.5 + 8 + 8 + 7.5 hours)."""
    text = "if I email a complaint on 24 December at 4.30pm when will you acknowledge it"
    messages, _ = ask_with(
        ActionQuoteResponseTimes(), "infinity-system-solutions", text, "ask_response_time"
    )
    words = said(messages)
    assert "counted from Thursday 24 December 2026 at 16:30" in words, words
    assert "acknowledge your complaint by Thursday 31 December 2026" in words, words


def test_an_email_at_10am_on_24_december_is_counted_from_10_00() -> None:
    """customers B F17 (b12)."""
    text = "no i mean if I send the email on 24 December at 10am, when is the acknowledgement due"
    messages, _ = ask_with(
        ActionQuoteResponseTimes(), "infinity-system-solutions", text, "ask_response_time"
    )
    words = said(messages)
    assert "counted from Thursday 24 December 2026 at 10:00" in words, words
    assert "by Thursday 31 December 2026" in words, words


@pytest.mark.parametrize(
    "text",
    [
        "if I email my complaint at 6pm on 1 December when will you reply",
        "if I email my complaint on 1 December at 18:00 when will you reply",
    ],
)
def test_after_closing_counts_from_the_next_morning(text: str) -> None:
    """compliance F4 (d): Infinity Group closes at 17:30; from Wed 2 Dec 09:00, five working
    days end on Wednesday 9 December."""
    messages, _ = ask_with(ActionQuoteResponseTimes(), "infinity-group", text, "ask_response_time")
    words = said(messages)
    assert "counted from Wednesday 2 December 2026 at 09:00" in words, words
    assert "Wednesday 9 December 2026" in words, words
    assert "Tuesday 8 December" not in words, words


def test_a_phone_call_at_half_five_after_iss_closes_counts_from_the_next_day() -> None:
    """compliance F4 (c): ISS lines close at 17:00."""
    text = "if I phone in my complaint at 5.30pm on 1 December when will you acknowledge it"
    messages, _ = ask_with(
        ActionQuoteResponseTimes(), "infinity-system-solutions", text, "ask_response_time"
    )
    words = said(messages)
    assert "counted from Wednesday 2 December 2026 at 09:00" in words, words
    assert "Thursday 3 December" not in words, words


def test_a_call_tonight_after_closing_counts_from_monday() -> None:
    """compliance F4 (b): Friday 17:45 is after Infinity Group's 17:30 close; from Monday 30
    November 09:00, five working days end on Monday 7 December."""
    text = "when will you call me back if I phone my complaint in at quarter to six tonight"
    messages, _ = ask_with(ActionQuoteResponseTimes(), "infinity-group", text, "ask_response_time")
    words = said(messages)
    assert "Monday 7 December 2026" in words, words
    assert "Friday 4 December" not in words, words


@pytest.mark.parametrize(
    ("provider", "text", "expected"),
    [
        # Outside re-test, 27 Nov afternoon: each was answered as if e-mailed today (Friday).
        ("invictanet", "if i email you tomorrow when will you reply", "Tuesday 1 December 2026"),
        ("infinity-group", "if I email on monday when will you reply", "Monday 7 December 2026"),
        ("infinity-group", "and if i email on sunday?", "Monday 7 December 2026"),
    ],
)
def test_tomorrow_and_a_weekday_to_come_are_those_days(
    provider: str, text: str, expected: str
) -> None:
    messages, _ = ask_with(ActionQuoteResponseTimes(), provider, text, "ask_response_time")
    words = said(messages)
    assert expected in words, words


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("if i email you on good friday when will you reply", "Friday 26 March 2027"),
        ("what if I complain on easter monday, when do you answer", "Monday 29 March 2027"),
    ],
)
def test_good_friday_and_easter_monday_are_their_days(text: str, day: str) -> None:
    """Outside re-test, 27 Nov afternoon: answered for a complaint made today."""
    messages, _ = ask_with(ActionQuoteResponseTimes(), "infinity-group", text, "ask_response_time")
    words = said(messages)
    assert day in words, words
