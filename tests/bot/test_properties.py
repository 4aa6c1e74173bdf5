"""Properties of every provider's due moments, for receipts anywhere in 2012-2028 (Europe/London).

For each commitment of each code: a due moment is never before receipt, lies inside working time when
the unit is working days or hours, and never moves earlier when the complaint arrives later. Working
days and hours are also checked against an independent count built from GOV.UK's bank holidays.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.provider_codes import get_code, load_all_codes
from bot.rights import due_moment
from bot.working_time import WorkingTime

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
CSV_PATH = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "uk-bank-holidays-2012-2028.csv"
)

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None)

COMMITMENTS = [
    (code.id, commitment.id)
    for code in load_all_codes().values()
    for commitment in code.commitments
]
WORKING_UNITS = ("working_days", "business_days", "working_hours")


def _gov_uk_holidays() -> dict[str, frozenset[date]]:
    found: dict[str, set[date]] = {}
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(row["division"], set()).add(date.fromisoformat(row["date"]))
    return {division: frozenset(days) for division, days in found.items()}


GOV_UK = _gov_uk_holidays()

# Receipts across 2012-2028 (due moments then stay inside the GOV.UK list's years).
receipts = st.datetimes(
    min_value=datetime(2012, 1, 1),
    max_value=datetime(2028, 11, 30, 23, 59),
    timezones=st.just(LONDON),
    allow_imaginary=False,
)
later_by = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20))


def test_every_code_has_commitments_under_test() -> None:
    assert len(COMMITMENTS) == 9
    assert {provider for provider, _ in COMMITMENTS} == {
        "infinity-group",
        "infinity-system-solutions",
        "infinium",
        "invictanet",
    }


@pytest.mark.parametrize(("provider", "commitment_id"), COMMITMENTS)
@PROPERTY_SETTINGS
@given(received=receipts, delay=later_by)
def test_due_moments(
    provider: str, commitment_id: str, received: datetime, delay: timedelta
) -> None:
    code = get_code(provider)
    commitment = next(c for c in code.commitments if c.id == commitment_id)
    due = due_moment(code, commitment, received)

    assert due.tzinfo is not None
    # Compared as instants: Python compares two datetimes with the same tzinfo by wall time,
    # fold ignored, so 01:00 GMT (fold=1) on the night the clocks go back sorts before 01:58 BST
    # (hypothesis found it: received 29 Oct 2021 01:58 and 02:00, 48 calendar hours).
    assert due.astimezone(UTC) >= received.astimezone(UTC)
    if commitment.period.unit in WORKING_UNITS:
        assert code.working_time.contains(due), f"{due} is outside working time"
    else:
        # Plain hours, from the start of the next working period when received outside one
        # (regulation.md; outside compliance, round 16, F11).
        start = code.working_time.counting_from(received)
        elapsed = due.astimezone(UTC) - start.astimezone(UTC)
        assert elapsed == timedelta(hours=commitment.period.amount)

    later = (received.astimezone(UTC) + delay).astimezone(LONDON)
    assert due_moment(code, commitment, later).astimezone(UTC) >= due.astimezone(UTC)


# --- an independent count of working days and hours, from GOV.UK's list ---------------------------


def is_gov_uk_working_day(day: date, region: str) -> bool:
    return day.weekday() < 5 and day not in GOV_UK[region]


@pytest.mark.parametrize("region", ["england-and-wales", "scotland", "northern-ireland"])
@PROPERTY_SETTINGS
@given(received=receipts, days=st.integers(min_value=1, max_value=15))
def test_working_days_match_a_count_over_gov_uk_holidays(
    region: str, received: datetime, days: int
) -> None:
    working = WorkingTime(opens=time(9), closes=time(17, 30), region=region)
    due = working.end_of_working_days(received, days)

    # The day the count starts: the day of receipt if received before closing on a working day,
    # otherwise the next working day.
    start = received.date()
    if not is_gov_uk_working_day(start, region) or received.time() >= time(17, 30):
        start += timedelta(days=1)
        while not is_gov_uk_working_day(start, region):
            start += timedelta(days=1)
    expected, counted = start, 0
    while counted < days:
        expected += timedelta(days=1)
        if is_gov_uk_working_day(expected, region):
            counted += 1
    assert due == datetime.combine(expected, time(17, 30), tzinfo=LONDON)


@PROPERTY_SETTINGS
@given(received=receipts, hours=st.integers(min_value=1, max_value=60))
def test_working_hours_match_a_count_over_gov_uk_holidays(received: datetime, hours: int) -> None:
    working = WorkingTime(opens=time(9), closes=time(17))
    due = working.add_working_hours(received, hours)

    # Real time inside 09:00-17:00 on GOV.UK working days between receipt and the due moment.
    inside = timedelta(0)
    day = received.date()
    while day <= due.date():
        if is_gov_uk_working_day(day, "england-and-wales"):
            opens = datetime.combine(day, time(9), tzinfo=LONDON).astimezone(UTC)
            closes = datetime.combine(day, time(17), tzinfo=LONDON).astimezone(UTC)
            start = max(opens, received.astimezone(UTC))
            end = min(closes, due.astimezone(UTC))
            inside += max(end - start, timedelta(0))
        day += timedelta(days=1)
    assert inside == timedelta(hours=hours)
    assert working.contains(due)


def test_due_moments_across_the_night_the_clocks_go_back_are_in_order() -> None:
    """The example hypothesis found (CI, 26 Nov): two minutes later received, never due earlier
    (both before opening, both count from 09:00 that Friday: due at the same instant)."""
    code = get_code("infinity-system-solutions")
    commitment = next(c for c in code.commitments if c.id == "case-handler-contact")
    first = due_moment(code, commitment, datetime(2021, 10, 29, 1, 58, tzinfo=LONDON))
    second = due_moment(code, commitment, datetime(2021, 10, 29, 2, 0, tzinfo=LONDON))
    assert second.astimezone(UTC) >= first.astimezone(UTC)
    assert first == datetime(2021, 10, 31, 8, tzinfo=LONDON)  # 48 real hours from Fri 09:00 BST
