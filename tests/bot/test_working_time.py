"""Working days, working hours and calendar hours, pinned to real dates in Europe/London.

Every expected moment below was worked out by hand from a calendar (2026: Good Friday 3 April,
Easter Monday 6 April, early May 4 May, summer 31 August, Christmas Friday 25 December, Boxing Day
substitute Monday 28 December; clocks go forward Sunday 29 March and back Sunday 25 October).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.working_time import WorkingTime, parse_clock_time, parse_weekdays

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc

# Infinity System Solutions: Monday-Friday 09:00-17:00 (8 working hours a day).
NINE_TO_FIVE = WorkingTime(opens=time(9), closes=time(17))
# Infinity Group: Monday-Friday 09:00-17:30 (8.5 working hours a day).
NINE_TO_HALF_FIVE = WorkingTime(opens=time(9), closes=time(17, 30))
# Invictanet and Infinium state no hours: whole working days.
WHOLE_DAYS = WorkingTime()


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def end_of(year: int, month: int, day: int) -> datetime:
    """The last instant of a day, where a code states no closing time."""
    return datetime.combine(date(year, month, day), time.max, tzinfo=LONDON)


def wall_clock_hours(start: datetime, end: datetime) -> float:
    """Hours between the two readings of a London wall clock (ignoring any clock change)."""
    naive_start = start.astimezone(LONDON).replace(tzinfo=None)
    naive_end = end.astimezone(LONDON).replace(tzinfo=None)
    return (naive_end - naive_start) / timedelta(hours=1)


def elapsed_hours(start: datetime, end: datetime) -> float:
    return (end.astimezone(UTC) - start.astimezone(UTC)) / timedelta(hours=1)


# --- when the clock starts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 12, 22, 10), at(2026, 12, 22, 10)),  # Tuesday, open: counts at once
        (at(2026, 4, 8, 8, 30), at(2026, 4, 8, 9)),  # Wednesday before opening
        (at(2026, 12, 22, 17), at(2026, 12, 23, 9)),  # the closing instant is already closed
        (at(2026, 12, 22, 16, 59), at(2026, 12, 22, 16, 59)),
        (at(2026, 12, 24, 18), at(2026, 12, 29, 9)),  # Thursday evening before Christmas
        (at(2026, 3, 28, 11), at(2026, 3, 30, 9)),  # Saturday before the clocks go forward
        (at(2026, 4, 3, 12), at(2026, 4, 7, 9)),  # Good Friday -> Tuesday after Easter Monday
        (at(2026, 12, 31, 17, 30), at(2027, 1, 4, 9)),  # New Year's Eve evening -> Monday
    ],
)
def test_counting_starts_at_receipt_or_the_next_opening(
    received: datetime, expected: datetime
) -> None:
    assert NINE_TO_FIVE.counting_from(received) == expected


def test_receipt_given_in_utc_is_read_in_london_time() -> None:
    # 08:30 UTC on Monday 1 June 2026 is 09:30 BST: open.
    received = datetime(2026, 6, 1, 8, 30, tzinfo=UTC)
    assert NINE_TO_FIVE.counting_from(received) == at(2026, 6, 1, 9, 30)
    # 08:30 UTC on Monday 7 December 2026 is 08:30 GMT: before opening.
    assert NINE_TO_FIVE.counting_from(datetime(2026, 12, 7, 8, 30, tzinfo=UTC)) == at(
        2026, 12, 7, 9
    )


def test_whole_working_days_where_no_hours_are_stated() -> None:
    assert WHOLE_DAYS.counting_from(at(2026, 12, 21, 23, 30)) == at(2026, 12, 21, 23, 30)
    assert WHOLE_DAYS.counting_from(at(2026, 12, 21, 6)) == at(2026, 12, 21, 6)
    assert WHOLE_DAYS.counting_from(at(2026, 12, 26, 11)) == at(2026, 12, 29)  # Sat -> Tue 00:00


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="time-zone aware"):
        NINE_TO_FIVE.counting_from(datetime(2026, 12, 22, 10))


def test_open_and_contains_at_the_edges() -> None:
    assert NINE_TO_FIVE.is_open(at(2026, 12, 22, 9))
    assert not NINE_TO_FIVE.is_open(at(2026, 12, 22, 17))
    assert NINE_TO_FIVE.contains(at(2026, 12, 22, 17))
    assert not NINE_TO_FIVE.contains(at(2026, 12, 22, 17, 1))
    assert not NINE_TO_FIVE.contains(at(2026, 12, 22, 8, 59))
    assert not NINE_TO_FIVE.contains(at(2026, 12, 26, 12))  # Saturday
    assert not NINE_TO_FIVE.contains(at(2026, 12, 28, 12))  # Boxing Day substitute
    assert WHOLE_DAYS.contains(end_of(2026, 12, 29))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 29)),
        (date(2026, 12, 31), date(2027, 1, 4)),
        (date(2026, 4, 2), date(2026, 4, 7)),
        (date(2026, 5, 1), date(2026, 5, 5)),  # Friday -> Tuesday after early May
        (date(2026, 8, 28), date(2026, 9, 1)),  # Friday -> Tuesday after summer
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert NINE_TO_FIVE.next_working_day(day) == expected


# --- N working hours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        # Tue 7h, Wed 8h, Thu 24th 8h, Christmas, weekend, Boxing Day substitute, Tue 29th 1h.
        (at(2026, 12, 22, 10), 24, at(2026, 12, 29, 10)),
        # From opening on Monday, 24 hours end at Wednesday's close, not Thursday's opening.
        (at(2026, 11, 2, 9), 24, at(2026, 11, 4, 17)),
        (at(2026, 11, 2, 9), 8, at(2026, 11, 2, 17)),
        (at(2026, 11, 2, 16), 1.5, at(2026, 11, 3, 9, 30)),
        (at(2026, 11, 2, 12), 0, at(2026, 11, 2, 12)),
        (at(2026, 11, 1, 12), 0, at(2026, 11, 2, 9)),  # Sunday: no time, but counts from opening
        # Friday evening: counts from Monday 09:00.
        (at(2026, 11, 6, 19), 3, at(2026, 11, 9, 12)),
    ],
)
def test_working_hours(received: datetime, hours: float, expected: datetime) -> None:
    assert NINE_TO_FIVE.add_working_hours(received, hours) == expected


def test_working_hours_with_a_half_past_five_close() -> None:
    # Tue 22nd 7.5h, Wed 23rd 8.5h (16h), Thu 24th 8h more -> 17:00.
    assert NINE_TO_HALF_FIVE.add_working_hours(at(2026, 12, 22, 10), 24) == at(2026, 12, 24, 17)


def test_working_hours_from_the_friday_before_the_clocks_go_forward() -> None:
    # Fri 27 March 2026 15:00 GMT: Fri 2h, Mon 30th 8h (BST), Tue 31st 8h, Wed 1 April 6h.
    due = NINE_TO_FIVE.add_working_hours(at(2026, 3, 27, 15), 24)
    assert due == at(2026, 4, 1, 15)
    assert due.utcoffset() == timedelta(hours=1)
    assert due.astimezone(UTC) == datetime(2026, 4, 1, 14, tzinfo=UTC)
    # Two hours from Friday 16:00 GMT: one on Friday, one on Monday from 09:00 BST.
    assert NINE_TO_FIVE.add_working_hours(at(2026, 3, 27, 16), 2) == at(2026, 3, 30, 10)


def test_working_hours_from_the_friday_before_the_clocks_go_back() -> None:
    # Fri 23 October 2026 15:00 BST: Fri 2h, Mon 26th 8h (GMT), Tue 27th 8h, Wed 28th 6h.
    due = NINE_TO_FIVE.add_working_hours(at(2026, 10, 23, 15), 24)
    assert due == at(2026, 10, 28, 15)
    assert due.utcoffset() == timedelta(0)


@pytest.mark.parametrize("monday", [at(2026, 3, 30, 9), at(2026, 10, 26, 9)])
def test_the_monday_after_a_clock_change_has_eight_real_working_hours(monday: datetime) -> None:
    due = NINE_TO_FIVE.add_working_hours(monday, 8)
    assert due == monday.replace(hour=17)
    assert elapsed_hours(monday, due) == 8


def test_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        NINE_TO_FIVE.add_working_hours(at(2026, 11, 2, 9), -1)


# --- N working days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("working", "received", "days", "expected"),
    [
        # The worked example: Tue 22 Dec 2026 10:00; 23, 24, (25, 26, 27, 28), 29, 30, 31.
        (NINE_TO_HALF_FIVE, at(2026, 12, 22, 10), 5, at(2026, 12, 31, 17, 30)),
        # ...and ten: 23, 24, 29, 30, 31, (1 Jan), 4, 5, 6, 7, 8.
        (NINE_TO_HALF_FIVE, at(2026, 12, 22, 10), 10, at(2027, 1, 8, 17, 30)),
        (NINE_TO_FIVE, at(2026, 12, 22, 10), 3, at(2026, 12, 29, 17)),
        (NINE_TO_FIVE, at(2026, 12, 22, 10), 0, at(2026, 12, 22, 17)),
        # Evening: counts from Wednesday 23rd -> 24, 29, 30, 31, 4 Jan.
        (NINE_TO_HALF_FIVE, at(2026, 12, 22, 18), 5, at(2027, 1, 4, 17, 30)),
        # Before opening on the day: the day itself is the day of receipt.
        (NINE_TO_HALF_FIVE, at(2026, 12, 22, 7, 45), 5, at(2026, 12, 31, 17, 30)),
        # Thursday before Easter: the next working day is Tuesday 7 April.
        (NINE_TO_FIVE, at(2026, 4, 2, 12), 1, at(2026, 4, 7, 17)),
        # Whole days: Thursday 24 December late evening still counts as the 24th.
        (WHOLE_DAYS, at(2026, 12, 24, 23), 1, end_of(2026, 12, 29)),
    ],
)
def test_end_of_working_days(
    working: WorkingTime, received: datetime, days: int, expected: datetime
) -> None:
    assert working.end_of_working_days(received, days) == expected


def test_working_days_across_the_clocks_going_forward() -> None:
    # Friday 27 March 2026 at noon (GMT) + 1 working day = Monday 30 March at 17:00 BST.
    due = NINE_TO_FIVE.end_of_working_days(at(2026, 3, 27, 12), 1)
    assert due == at(2026, 3, 30, 17)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 16, tzinfo=UTC)


def test_working_days_across_the_clocks_going_back() -> None:
    due = NINE_TO_FIVE.end_of_working_days(at(2026, 10, 23, 12), 1)
    assert due == at(2026, 10, 26, 17)
    assert due.astimezone(UTC) == datetime(2026, 10, 26, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    ("region", "received", "expected"),
    [
        # Friday 27 November 2026; Monday 30th is St Andrew's Day in Scotland only.
        ("england-and-wales", at(2026, 11, 27, 10), at(2026, 11, 30, 17)),
        ("scotland", at(2026, 11, 27, 10), at(2026, 12, 1, 17)),
        # Friday 10 July 2026; Monday 13th is the Boyne substitute in Northern Ireland only.
        ("england-and-wales", at(2026, 7, 10, 10), at(2026, 7, 13, 17)),
        ("northern-ireland", at(2026, 7, 10, 10), at(2026, 7, 14, 17)),
        # Friday 28 August 2026; Monday 31st is a bank holiday except in Scotland.
        ("scotland", at(2026, 8, 28, 10), at(2026, 8, 31, 17)),
        ("northern-ireland", at(2026, 8, 28, 10), at(2026, 9, 1, 17)),
    ],
)
def test_working_days_follow_the_region(
    region: str, received: datetime, expected: datetime
) -> None:
    working = WorkingTime(opens=time(9), closes=time(17), region=region)
    assert working.end_of_working_days(received, 1) == expected


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        NINE_TO_FIVE.end_of_working_days(at(2026, 11, 2, 9), -1)


# --- calendar hours ------------------------------------------------------------------------------


def test_48_calendar_hours_across_the_clocks_going_forward_are_49_on_the_wall_clock() -> None:
    received = at(2026, 3, 28, 10)  # Saturday, GMT
    due = NINE_TO_FIVE.add_calendar_hours(received, 48)
    assert due == at(2026, 3, 30, 11)  # Monday, BST
    assert elapsed_hours(received, due) == 48
    assert wall_clock_hours(received, due) == 49


def test_48_calendar_hours_across_the_clocks_going_back_are_47_on_the_wall_clock() -> None:
    received = at(2026, 10, 24, 10)  # Saturday, BST
    due = NINE_TO_FIVE.add_calendar_hours(received, 48)
    assert due == at(2026, 10, 26, 9)  # Monday, GMT
    assert elapsed_hours(received, due) == 48
    assert wall_clock_hours(received, due) == 47


def test_calendar_hours_ignore_weekends_and_bank_holidays() -> None:
    assert NINE_TO_FIVE.add_calendar_hours(at(2026, 12, 22, 10), 48) == at(2026, 12, 24, 10)
    assert NINE_TO_FIVE.add_calendar_hours(at(2026, 12, 24, 10), 72) == at(2026, 12, 27, 10)


# --- the rule object itself ----------------------------------------------------------------------


def test_working_time_refuses_inconsistent_settings() -> None:
    with pytest.raises(ValueError, match="not before closing"):
        WorkingTime(opens=time(17), closes=time(9))
    with pytest.raises(ValueError, match="both an opening and a closing"):
        WorkingTime(opens=time(9))
    with pytest.raises(ValueError, match="at least one working day"):
        WorkingTime(days=frozenset())
    with pytest.raises(KeyError):  # zoneinfo.ZoneInfoNotFoundError
        WorkingTime(timezone="Europe/Atlantis")


def test_weekday_and_clock_parsing() -> None:
    assert parse_weekdays(["mon", "fri", "sun"]) == frozenset({0, 4, 6})
    assert parse_clock_time("17:30") == time(17, 30)


def test_a_weekend_working_provider_works_the_weekend_date_of_a_substituted_holiday() -> None:
    # Saturday 26 December 2026 is not a bank holiday (Monday 28th is, in its place).
    seven_days = WorkingTime(days=frozenset(range(7)), opens=time(9), closes=time(17))
    assert seven_days.is_working_day(date(2026, 12, 26))
    assert not seven_days.is_working_day(date(2026, 12, 25))
    assert not seven_days.is_working_day(date(2026, 12, 28))
    assert seven_days.end_of_working_days(at(2026, 12, 24, 10), 2) == at(2026, 12, 27, 17)


# --- working time between two moments (the desk's "time left") ---------------------------------


@pytest.mark.parametrize(
    ("working", "start", "end", "hours"),
    [
        (NINE_TO_FIVE, at(2026, 12, 22, 10), at(2026, 12, 22, 16, 30), 6.5),
        # Friday 16:00 to Monday 10:00 at 09:00-17:30: an hour and a half, then one.
        (NINE_TO_HALF_FIVE, at(2027, 1, 8, 16), at(2027, 1, 11, 10), 2.5),
        # Over Christmas: Thursday 24th 16:00 to Tuesday 29th 10:00 (25th and 28th are holidays).
        (NINE_TO_FIVE, at(2026, 12, 24, 16), at(2026, 12, 29, 10), 2),
        # Closed the whole time: New Year's Eve after closing to the Monday before opening.
        (NINE_TO_HALF_FIVE, at(2026, 12, 31, 17, 30), at(2027, 1, 4, 9), 0),
        # Whole working days: Thursday 10:00 to the end of Friday.
        (WHOLE_DAYS, at(2027, 1, 7, 10), end_of(2027, 1, 8), 38),
        # The clocks go forward on Sunday 29 March 2026: nothing counts on a Sunday anyway.
        (WHOLE_DAYS, at(2026, 3, 27, 12), at(2026, 3, 30, 12), 24),
    ],
)
def test_working_time_between(
    working: WorkingTime, start: datetime, end: datetime, hours: float
) -> None:
    between = working.working_time_between(start, end)
    assert between / timedelta(hours=1) == pytest.approx(hours, abs=1e-9)
    assert working.working_time_between(end, start) == -between


@given(
    start=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(LONDON)
    ),
    hours=st.integers(min_value=0, max_value=24 * 60),  # up to 60 days, in quarter hours
    working=st.sampled_from([NINE_TO_FIVE, NINE_TO_HALF_FIVE]),
)
@settings(max_examples=200, deadline=None)
def test_working_time_between_undoes_adding_working_hours(
    start: datetime, hours: int, working: WorkingTime
) -> None:
    """Whatever the moment and the amount, the time left to a due moment counted in working hours
    is the number of working hours still to run: the inverse of how the due moment was fixed."""
    due = working.add_working_hours(start, hours / 4)
    counted_from = working.counting_from(start)
    assert working.working_time_between(counted_from, due) == timedelta(hours=hours / 4)
    assert working.working_time_between(start, due) == timedelta(hours=hours / 4)
