"""Infinity System Solutions' "first 3 working days" (outside compliance reader, F7).

The code: "All disputes are logged and we aim to acknowledge all disputes within 24 working hours.
... If we cannot resolve your complaint within the first 3 working days, an agreed contact time
will be made and you will be updated regularly by us." The *first* three working days of a
complaint are the one its working time starts in (the day it is raised, when raised in working
hours; else the next working day, regulation.md: "A complaint received outside working time counts
from the start of the next working period") and the two after it: they end at the close of the
third of them, not of the third working day after the day of receipt (a day late, as before).
Dates are checked against GOV.UK's bank holidays (../shared/data/uk-bank-holidays-2012-2028.csv).
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.provider_codes import get_code
from bot.regulation import load_rules
from bot.rights import due_moment, quote_response_times

LONDON = ZoneInfo("Europe/London")
GOV_UK = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / ("uk-bank-holidays-2012-2028.csv")
)
RESOLVE = "resolve-or-agree-contact-time"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def gov_uk_holidays() -> set[date]:
    with GOV_UK.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    division = next(k for k in rows[0] if "division" in k.lower())
    day = next(k for k in rows[0] if "date" in k.lower())
    return {date.fromisoformat(r[day]) for r in rows if "england" in r[division].lower()}


def first_three_working_days(received: datetime) -> list[date]:
    """By hand, from GOV.UK's list: the working day the complaint's time starts in (its own day
    when raised 09:00-17:00 on a working day, else the next) and the two working days after."""
    off = gov_uk_holidays()

    def working(d: date) -> bool:
        return d.weekday() < 5 and d not in off

    day = received.date()
    if not (working(day) and received.hour < 17):
        day = date.fromordinal(day.toordinal() + 1)
        while not working(day):
            day = date.fromordinal(day.toordinal() + 1)
    days = [day]
    while len(days) < 3:
        day = date.fromordinal(day.toordinal() + 1)
        if working(day):
            days.append(day)
    return days


@pytest.mark.parametrize(
    ("received", "resolve"),
    [
        # Raised Tuesday 22 December 2026 at 10:00: Tue 22, Wed 23, Thu 24 (not Tue 29th).
        (at(2026, 12, 22, 10), at(2026, 12, 24, 17)),
        # Raised at 09:00 sharp on a Monday: Mon, Tue, Wed; as the 24 working hours end.
        (at(2026, 11, 23, 9), at(2026, 11, 25, 17)),
        # After closing on Christmas Eve: the 25th and the Boxing Day substitute (28th) are bank
        # holidays, so Tue 29, Wed 30, Thu 31 December.
        (at(2026, 12, 24, 18), at(2026, 12, 31, 17)),
        # A Saturday before Easter 2027 (Good Friday 26 March, Easter Monday 29 March): from
        # Tuesday 30 March: Tue 30, Wed 31 March, Thu 1 April.
        (at(2027, 3, 27, 11), at(2027, 4, 1, 17)),
        # Before opening on the Thursday before Good Friday 2027: Thu 25, Tue 30, Wed 31 March.
        (at(2027, 3, 25, 8), at(2027, 3, 31, 17)),
        # Friday afternoon the clocks go back: Fri 23, Mon 26, Tue 27 October 2026.
        (at(2026, 10, 23, 16, 30), at(2026, 10, 27, 17)),
    ],
)
def test_the_first_3_working_days_end_with_the_third_of_them(
    received: datetime, resolve: datetime
) -> None:
    code = get_code("infinity-system-solutions")
    [commitment] = [c for c in code.commitments if c.id == RESOLVE]
    due = due_moment(code, commitment, received)
    assert due == resolve
    assert due.date() == first_three_working_days(received)[-1]
    # Never before the 24 working hours' acknowledgement could have started, and never a day
    # after the third working day: at most 24 working hours from the start of the first period.
    working = code.working_time
    assert working.working_time_between(working.counting_from(received), due).total_seconds() <= (
        24 * 3600
    )


def test_the_quote_says_first_and_the_code_file_models_it() -> None:
    code = get_code("infinity-system-solutions")
    [commitment] = [c for c in code.commitments if c.id == RESOLVE]
    assert "within the first 3 working days" in commitment.quote
    assert commitment.first_days is True
    # No other commitment of any code counts "the first" days.
    from bot.provider_codes import load_all_codes

    others = [
        (c.id, p.id)
        for p in load_all_codes().values()
        for c in p.commitments
        if c.first_days and c.id != RESOLVE
    ]
    assert others == []


def test_staff_quote_lists_the_resolve_date_before_the_acknowledgement() -> None:
    """Raised Tuesday 22 December 2026 at 10:00: the 3rd working day closes Thursday 24th at
    17:00, before the 24 working hours end (Tuesday 29th 10:00, across Christmas)."""
    quote = quote_response_times(
        get_code("infinity-system-solutions"),
        load_rules(),
        channel="email",
        received=at(2026, 12, 22, 10),
    )
    assert {d.commitment.id: d.due for d in quote.commitments}[RESOLVE] == at(2026, 12, 24, 17)
