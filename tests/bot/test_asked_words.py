"""Issue 14: reading what a question asks, in the customer's words (bot/answers/): how long a
fault takes to fix, and a day still to come on which a complaint would be made."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answers.adr import holds_adr_letter
from bot.answers.dates import planned_day_in, raised_day_in_question
from bot.answers.questions import asks_about_repair_time
from bot.cases.customer_requests import intent_for_words

TODAY = date(2026, 12, 22)


@pytest.mark.parametrize(
    "text",
    [
        "How long will it take to fix my fault?",
        "when will my broadband be fixed",
        "my internet is down, when will it be repaired?",
        "how soon will my phone line be working again?",
        "when will the engineer come to fix my line?",
        "when will my complaint about the broadband fault be fixed?",
    ],
)
def test_a_question_about_how_long_a_repair_takes(text: str) -> None:
    assert asks_about_repair_time(text)


@pytest.mark.parametrize(
    "text",
    [
        "when will you reply to my complaint?",
        "how long does it take to fix a complaint?",
        "when will you fix my bill?",
        "when will the wrong charge on my invoice be fixed?",
        "can I get priority fault repair? I'm disabled",
        "how long have I got to go to the ombudsman?",
        "my broadband has been down for a week and nobody has fixed it",
        "have you fixed the issue i complained about yet",
    ],
)
def test_not_a_question_about_a_repair(text: str) -> None:
    assert not asks_about_repair_time(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("if I complain on 5 January 2027, when can I go to the ombudsman?", date(2027, 1, 5)),
        ("If I complain on 5 January, when could I go to the ombudsman?", date(2027, 1, 5)),
        ("when would you reply if I wrote on 24 December?", date(2026, 12, 24)),
        ("I'm going to complain on 4 January, when will you reply?", date(2027, 1, 4)),
    ],
)
def test_a_day_still_to_come_on_which_a_complaint_would_be_made(text: str, day: date) -> None:
    assert planned_day_in(text, TODAY) == day
    assert raised_day_in_question(text, TODAY) == day


@pytest.mark.parametrize(
    "text",
    [
        "I complained on 1 April 2026, can I go to the ombudsman now?",
        "if I complained on 3 November, can I go to the ombudsman now?",
        "I first complained on 30 December, can I go to ADR?",
        "if I complain today when will you reply?",
    ],
)
def test_no_day_to_come_when_the_complaint_was_made_already_or_today(text: str) -> None:
    assert planned_day_in(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("if I email on Christmas Eve when will you reply?", date(2026, 12, 24)),
        ("if I complain on Boxing Day when's the deadline?", date(2026, 12, 26)),
        ("what if I write to you on New Year's Eve?", date(2026, 12, 31)),
        ("what if I write to you on New Year\u2019s Day?", date(2027, 1, 1)),
        ("if I phone on Christmas Day?", date(2026, 12, 25)),
        ("if I phone on the 24th of December?", date(2026, 12, 24)),
        ("if I phone on the 24th?", date(2026, 12, 24)),
        ("if I write on 24/12 when will you reply?", date(2026, 12, 24)),
    ],
)
def test_a_day_to_come_named_in_words_is_that_day(text: str, day: date) -> None:
    """Issue 14: a day named in words ("Christmas Eve", "Boxing Day") was read as no day, so the
    answer was for a complaint made today."""
    assert planned_day_in(text, TODAY) == day


def test_a_named_day_that_has_passed_this_year_is_next_years() -> None:
    assert planned_day_in("if I email on Christmas Eve?", date(2026, 12, 27)) == date(2027, 12, 24)


@pytest.mark.parametrize(
    "text",
    [
        "you wrote to me with a deadlock letter",
        "I've got a deadlock letter from you",
        "they sent me a final response letter last week",
        "we already HAVE the deadlock letter",
    ],
)
def test_a_deadlock_letter_held(text: str) -> None:
    assert holds_adr_letter(text)
    assert intent_for_words(f"{text} IG-1W9ZDE") == "check_case"


@pytest.mark.parametrize(
    "text",
    [
        "can I get a deadlock letter?",
        "please send me a deadlock letter",
        "I want a deadlock letter",
        "I haven't had a deadlock letter",
        "you never sent me a deadlock letter",
        "Can I ask you to send me a deadlock letter?",
        "what is a deadlock letter?",
    ],
)
def test_a_deadlock_letter_asked_for_or_not_had_is_not_held(text: str) -> None:
    assert not holds_adr_letter(text)
