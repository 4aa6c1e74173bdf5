"""Earlier contact by every channel is read as the day first raised (outside compliance reader,
round 13, 27 Nov, F1): "I first faxed a complaint on 2 February 2026" and "I first posted a
letter about it on 5 October 2026" were missed, and the ADR date counted from the day of logging.
Earlier contact said with no day ("I faxed you about it before", "I've been on about it for
ages") is said, so the form asks when.

"Today" is Friday 27 November 2026, the day the reader found these.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot import clock
from bot.answers.dates import first_raised_in, planned_day_in, sent_day_in
from bot.answers.questions import channel_named

TODAY = clock.now({"COMPLAINTS_NOW": "2026-11-27T11:00:00+00:00"}).date()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "I cancelled my hosting in January but you kept charging me. I first faxed a "
            "complaint on 2 February 2026",
            date(2026, 2, 2),
        ),
        ("I complained by fax on 2 February 2026", date(2026, 2, 2)),
        ("I first posted a letter about it on 5 October 2026", date(2026, 10, 5)),
        ("I faxed you on 5 October 2026", date(2026, 10, 5)),
        ("I posted you a letter on 5 October 2026", date(2026, 10, 5)),
        ("I sent a letter on 5 October 2026 about the charges", date(2026, 10, 5)),
        ("I sent you a fax on 5 October 2026", date(2026, 10, 5)),
        ("I wrote to you on 5 October 2026", date(2026, 10, 5)),
        ("I emailed you on 5 October 2026", date(2026, 10, 5)),
        ("I rang you on 5 October 2026", date(2026, 10, 5)),
        ("I phoned on 5 October 2026", date(2026, 10, 5)),
        ("I called you on 5 October 2026", date(2026, 10, 5)),
        ("I messaged you on 5 October 2026", date(2026, 10, 5)),
        ("I chatted with you on 5 October 2026", date(2026, 10, 5)),
        ("I tweeted you on 5 October 2026", date(2026, 10, 5)),
        ("I went in store on 5 October 2026 and they did nothing", date(2026, 10, 5)),
        ("I went into your shop on 5 October 2026", date(2026, 10, 5)),
        ("I told the engineer on 5 October 2026 and nothing happened", date(2026, 10, 5)),
    ],
)
def test_earlier_contact_by_every_channel_gives_the_day(text: str, day: date) -> None:
    found = first_raised_in(text, TODAY)
    assert found.said
    assert found.day == day


@pytest.mark.parametrize(
    "text",
    [
        "I faxed you about it before",
        "I've been on about it for ages",
        "I've been on at you about this for months",
        "I posted you a letter about it before and heard nothing",
        "I sent you a letter about it and heard nothing",
        "I've tweeted you about it loads of times",
    ],
)
def test_earlier_contact_with_no_day_is_said_without_one(text: str) -> None:
    found = first_raised_in(text, TODAY)
    assert found.said
    assert found.day is None


@pytest.mark.parametrize(
    "text",
    [
        "I sent the router back on 5 October 2026",
        "I posted my meter reading on 5 October 2026",
        "the engineer called on 5 October 2026",
        "I went in store on 5 December 2026",
    ],
)
def test_no_contact_about_the_complaint_gives_no_day(text: str) -> None:
    assert first_raised_in(text, TODAY).day is None


def test_fax_is_a_channel() -> None:
    assert channel_named(
        "if I fax you a complaint on Friday 2 April 2027 when will you reply?"
    ) == ("fax")
    assert channel_named("what if I send it by fax?") == "fax"


def test_a_fax_to_come_is_counted_from_its_day() -> None:
    text = "if I fax you a complaint on Friday 2 April 2027 when will you reply?"
    assert planned_day_in(text, TODAY) == date(2027, 4, 2)


def test_a_fax_sent_is_counted_from_its_day() -> None:
    assert sent_day_in("I faxed my complaint on Monday", TODAY) == date(2026, 11, 23)


# Outside customers B, round 13, H3: "we first reported it wednesday 25th" kept no day, so the ADR
# date was counted from the day of logging. A weekday and a day of the month are read where the
# weekday fits.
@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("we first reported it wednesday 25th", date(2026, 11, 25)),
        ("i first complained on wed 4th", date(2026, 11, 4)),
        ("i first complained tuesday 25th", date(2026, 8, 25)),
        ("on wednesday the 25th i first complained", date(2026, 11, 25)),
        ("i rang you monday 2nd about it", date(2026, 11, 2)),
    ],
)
def test_a_weekday_and_a_day_of_the_month_are_read_where_the_weekday_fits(text, day):
    from bot.answers.dates import dates_with_places

    assert first_raised_in(text, date(2026, 11, 27)).day == day
    assert [d for _, d in dates_with_places(text, date(2026, 11, 27))] == [day]


def test_a_weekday_that_fits_no_recent_day_of_that_number_is_no_date():
    from bot.answers.dates import dates_with_places

    # No 31st fell on a Wednesday between September and November 2026.
    assert dates_with_places("i first complained wednesday 31st", date(2026, 11, 27)) == []
