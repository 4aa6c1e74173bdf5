"""Readers added on 27 Nov that were too broad (reviewer, tenth round, fixB).

"Today" is Friday 27 November 2026.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot import clock
from bot.answers.after_logging import DETAIL, gives_a_detail, reading_after_logging
from bot.answers.dates import first_raised_in, sent_day_in, stated_dates
from bot.answers.needs import formats_taken_off

TODAY = clock.now({"COMPLAINTS_NOW": "2026-11-27T11:00:00+00:00"}).date()


# 1. A new complaint after logging is not a change of detail.
@pytest.mark.parametrize(
    "text",
    [
        "also you keep adding charges to my phone bill",
        "my new phone wont connect",
        "you billed my old account twice",
        "engineer kept ringing the wrong number",
    ],
)
def test_a_new_matter_after_logging_is_no_detail(text: str) -> None:
    assert not gives_a_detail(text)
    assert reading_after_logging(text, "billing") != DETAIL


@pytest.mark.parametrize(
    "text",
    [
        "wrong email, it should be jane@example.com",
        "my new number is 07700 900456",
        "i just wanted to add my postcode",
        "the new email is jane@example.com",
        "oh and add my phone number 07700 900456",
        "my old email was wrong, my new email is jane@example.com",
    ],
)
def test_a_detail_given_after_logging_is_still_one(text: str) -> None:
    assert gives_a_detail(text)


# 2. Something the provider did first is not the customer raising it.
@pytest.mark.parametrize(
    "text",
    [
        "The engineer first visited on 5 October",
        "They originally sent the wrong router on 3 November",
    ],
)
def test_the_providers_first_act_is_no_day_first_raised(text: str) -> None:
    assert first_raised_in(text, TODAY).day is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("we first reported it wednesday 25th", date(2026, 11, 25)),
        ("I first faxed a complaint on 2 February 2026", date(2026, 2, 2)),
        ("I first visited the shop on 5 October", date(2026, 10, 5)),
        ("we originally sent it to you on 3 November", date(2026, 11, 3)),
    ],
)
def test_the_customers_first_contact_is_still_read(text: str, day: date) -> None:
    assert first_raised_in(text, TODAY).day == day


# 3. "Called me" at the start of a sentence is not the customer sending the complaint.
def test_called_me_is_no_day_the_complaint_was_sent() -> None:
    text = "Called me 5 times on 3 November. How long will you take to reply?"
    assert sent_day_in(text, TODAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "emailed complaints@invictanet.com on 3 November. when will you reply?",
        "Sent you my complaint on 3 November. How long will you take?",
        "sent my letter on 3 November",
    ],
)
def test_a_complaint_sent_at_a_sentence_start_is_still_read(text: str) -> None:
    assert sent_day_in(text, TODAY) == date(2026, 11, 3)


# 4. "not" takes a need off only straight before it, or with a word of removal.
@pytest.mark.parametrize(
    "text",
    [
        "i can not read normal print so large print please",
        "my dad is not able to read small text so braille for him",
    ],
)
def test_not_in_a_reason_takes_no_need_off(text: str) -> None:
    assert formats_taken_off(text) == []


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("remove the large print, i said not large print", ["large print"]),
        ("not braille", ["braille"]),
        ("no large print", ["large print"]),
        ("i do not want braille", ["braille"]),
    ],
)
def test_a_need_taken_off_is_still_read(text: str, taken: list[str]) -> None:
    assert formats_taken_off(text) == taken


# 5. "sat 3rd" in a queue is no Saturday.
@pytest.mark.parametrize("text", ["I sat 3rd in the queue", "the sun 1st came out"])
def test_sat_or_sun_alone_is_no_weekday(text: str) -> None:
    assert stated_dates(text, TODAY) == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("rang you on sat 21st", date(2026, 11, 21)),
        ("we first reported it wednesday 25th", date(2026, 11, 25)),
        ("rang you tues the 24th", date(2026, 11, 24)),
    ],
)
def test_a_weekday_with_a_day_is_still_read(text: str, day: date) -> None:
    assert day in stated_dates(text, TODAY)
