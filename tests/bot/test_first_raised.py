"""Reading the day a customer says they first raised their complaint (bot/answers/dates.py, issue
14): in their account of what happened, and as the answer to "when did you first raise it?".
Relative and year-less dates are read against today by the injected clock, in Europe/London."""

from __future__ import annotations

from datetime import date

import pytest

from bot import clock
from bot.answers.adr import asks_adr_for_a_day
from bot.answers.dates import (
    complaint_age_in,
    first_raised_answer,
    first_raised_in,
    stated_dates,
    stated_raised_date,
)

# Thursday 26 November 2026, by the clock staff and tests can fix.
TODAY = clock.now({"COMPLAINTS_NOW": "2026-11-26T09:00"}).date()


def test_the_clock_gives_the_london_day() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): "yesterday" is 30 June there.
    today = clock.now({"COMPLAINTS_NOW": "2026-06-30T23:30:00+00:00"}).date()
    assert today == date(2026, 7, 1)
    assert first_raised_answer("yesterday", today) == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("I first complained three weeks ago and nothing has happened", date(2026, 11, 5)),
        ("Three weeks ago I complained about my bill", date(2026, 11, 5)),
        ("we first complained 10 days ago", date(2026, 11, 16)),
        ("I raised it with them yesterday", date(2026, 11, 25)),
        ("I first complained last Monday", date(2026, 11, 23)),
        ("I complained on the 3rd of November", date(2026, 11, 3)),
        ("I first called you on November 3rd", date(2026, 11, 3)),
        # The most recent such day: 3 December this year is still to come.
        ("I first complained on 3 Dec", date(2025, 12, 3)),
        ("I made a complaint on 14/10/2026 and got nowhere", date(2026, 10, 14)),
        # Outside customers, 26 Nov: contacting the provider about the matter raised it.
        (
            "I rang about this three weeks ago and NOBODY has got back to me",
            date(2026, 11, 5),
        ),
        ("we emailed you about it on 2 Nov and heard nothing", date(2026, 11, 2)),
        ("i have complaind by email twice, first on 2 Nov, and no reply", date(2026, 11, 2)),
        ("I called to complain last Monday", date(2026, 11, 23)),
        # Outside compliance review H1: the complaint e-mailed on a day, to the provider's
        # address (whose full stops do not end the sentence) or with the address taken out.
        ("I emailed a complaint on 20 November and nobody has contacted me", date(2026, 11, 20)),
        (
            "I emailed service@infinitysystemsolutions.co.uk on 20 November 2026 about our "
            "phones not ringing through, and nobody has contacted me",
            date(2026, 11, 20),
        ),
        ("I emailed on 20 November 2026 about our phones", date(2026, 11, 20)),
        ("we sent in our complaint on 2 Nov", date(2026, 11, 2)),
        # The date with the words that say it was raised, not another in the account.
        (
            "The line went dead on 1 November. I first complained on 3 Nov and the engineer came "
            "yesterday.",
            date(2026, 11, 3),
        ),
    ],
)
def test_the_day_first_raised_is_read_from_the_account(said: str, day: date) -> None:
    found = first_raised_in(said, TODAY)
    assert (found.said, found.day) == (True, day)


@pytest.mark.parametrize(
    "said",
    [
        "I've already complained twice and nothing happened",
        "I complained at some point, I forget when",
        # A day still to come is never the day it was first raised.
        "I first complained on 3 December 2026",
    ],
)
def test_an_earlier_complaint_without_a_readable_day_is_said_but_has_no_day(said: str) -> None:
    found = first_raised_in(said, TODAY)
    assert (found.said, found.day) == (True, None)


@pytest.mark.parametrize(
    "said",
    [
        "I want to make a complaint about my bill",
        "My internet has been down since 1 November",
        "I was charged £30 in March 3 times",
        "I rang the fault line yesterday",
    ],
)
def test_an_account_that_does_not_say_it_was_raised_before_gives_nothing(said: str) -> None:
    found = first_raised_in(said, TODAY)
    assert (found.said, found.day) == (False, None)


@pytest.mark.parametrize(
    ("answer", "day"),
    [
        ("3 Nov", date(2026, 11, 3)),
        ("on the 3rd of November", date(2026, 11, 3)),
        ("November 3rd 2025", date(2025, 11, 3)),
        ("three weeks ago", date(2026, 11, 5)),
        ("a month ago", date(2026, 10, 26)),
        ("a couple of weeks ago", date(2026, 11, 12)),
        ("last week", date(2026, 11, 19)),
        ("yesterday", date(2026, 11, 25)),
        ("14/10/2026", date(2026, 10, 14)),
        ("today", date(2026, 11, 26)),
    ],
)
def test_an_answer_gives_the_day(answer: str, day: date) -> None:
    assert first_raised_answer(answer, TODAY) == day


@pytest.mark.parametrize("answer", ["no idea", "ages ago", "a few weeks ago", "3 December 2026"])
def test_an_answer_without_a_past_day_gives_none(answer: str) -> None:
    assert first_raised_answer(answer, TODAY) is None


def test_an_adr_question_reads_a_relative_day() -> None:
    # The ADR question's reading (actions/rights.py) takes the same relative days.
    assert stated_raised_date(
        "I first complained three weeks ago, when can I go to the ombudsman?", TODAY
    ) == date(2026, 11, 5)


@pytest.mark.parametrize(
    ("said", "day"),
    [
        # Outside compliance review H2: how long the complaint has waited puts its first day.
        ("I've waited 8 weeks for you to sort my complaint, what can I do?", date(2026, 10, 1)),
        ("My complaint has been open 6 weeks, who do I contact?", date(2026, 10, 15)),
        ("it's been two months, can I go to CISAS?", date(2026, 9, 26)),
        ("I've been waiting since September for an answer", date(2026, 9, 1)),
        ("we've been waiting over a month", date(2026, 10, 26)),
    ],
)
def test_a_time_waited_gives_the_day_first_raised(said: str, day: date) -> None:
    assert complaint_age_in(said, TODAY) == day


@pytest.mark.parametrize(
    "said",
    ["I've been a customer for 5 years", "my line has been down for 3 weeks", "can I go now?"],
)
def test_no_time_waited_gives_no_day(said: str) -> None:
    assert complaint_age_in(said, TODAY) is None


@pytest.mark.parametrize(
    ("said", "asks"),
    [
        ("My complaint has been open 6 weeks, who do I contact?", True),
        ("I've waited 8 weeks for you to sort my complaint, what can I do?", True),
        ("Can I go to the ombudsman right now?", False),  # no day: the rule, not a day's date
        ("My complaint has been open 6 weeks", False),  # not a question
        ("who do I contact about my bill?", False),
    ],
)
def test_a_question_saying_how_long_the_complaint_waited_is_an_adr_question(
    said: str, asks: bool
) -> None:
    assert asks_adr_for_a_day(said, TODAY) is asks


@pytest.mark.parametrize(
    ("said", "day"),
    [
        # Outside compliance review, 27 Nov (H1): "on Thursday 10 December 2026" was read as
        # "on Thursday", the last Thursday, and the customer given an ADR date four weeks early.
        ("I will complain on Thursday 10 December 2026", date(2026, 12, 10)),
        ("I'm going to send my complaint on Monday 21 December 2026", date(2026, 12, 21)),
        ("I complained on Tuesday 3rd November", date(2026, 11, 3)),
        ("I complained on Tuesday, 3 November 2026", date(2026, 11, 3)),
        ("I complained on Tuesday the 3rd of November", date(2026, 11, 3)),
        ("I complained on Monday 2/11/2026", date(2026, 11, 2)),
    ],
)
def test_a_weekday_written_with_its_date_is_that_date(said: str, day: date) -> None:
    assert stated_dates(said, TODAY) == [day]


@pytest.mark.parametrize(
    "said",
    [
        "I raised it with you last month",
        "I've been complaining since last week",
        "I rang last month",
    ],
)
def test_a_rough_day_in_the_account_is_asked_for_not_guessed(said: str) -> None:
    """ "last month" is a rough day (outside testers, 27 Nov): the day is asked, a rough date
    allowed, rather than a guess becoming the customer's ADR date."""
    said_so = first_raised_in(said, TODAY)
    assert (said_so.said, said_so.day) == (True, None)


def test_the_same_words_on_another_day_are_read_against_that_day() -> None:
    """first_raised_in keeps what it read of a text for the day it was read against (each turn
    reads the conversation's messages again): the next day, "yesterday" is another day."""
    said = "I rang you yesterday and complained"
    assert first_raised_in(said, TODAY).day == date(2026, 11, 25)
    assert first_raised_in(said, date(2026, 11, 27)).day == date(2026, 11, 26)
    assert first_raised_in(said, TODAY).day == date(2026, 11, 25)
