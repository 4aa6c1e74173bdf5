"""A provider's working time: which days and hours count when a code promises "N working days".

Working time is a rule object (days, opening and closing time, bank-holiday region, extra closures,
time zone) in the manner of businesstimedelta's `WorkDayRule`. Bank holidays come from the
`holidays` library for the configured UK region. All arithmetic is on time-zone-aware datetimes in
the provider's zone (Europe/London); elapsed time is measured in UTC so clock changes are right.

Definitions (from the project's issue, applied to every provider alike):
- a moment outside working time counts from the next opening;
- "N working hours" are hours inside the stated opening hours of working days;
- "N working (or business) days" end at the close of the Nth working day after the day of receipt;
- calendar hours are plain elapsed time.
A code that states no opening hours has whole working days (00:00 to the end of the day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

import holidays

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The `holidays` library's subdivision for each region a code may name.
REGION_SUBDIVISIONS: dict[str, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

# A safety bound: no real code has a working week so sparse that a year passes without a working day.
_MAX_DAYS_SEARCHED = 366


@cache
def bank_holidays(region: str, year: int) -> dict[date, str]:
    """England-and-Wales (or Scottish, or Northern Irish) bank holidays of one year, by date."""
    try:
        subdivision = REGION_SUBDIVISIONS[region]
    except KeyError:
        known = ", ".join(sorted(REGION_SUBDIVISIONS))
        raise ValueError(
            f"unknown bank-holiday region {region!r}; expected one of {known}"
        ) from None
    calendar = holidays.country_holidays("GB", subdiv=subdivision, years=year)
    # A bank holiday is a weekday. When a holiday falls at a weekend the library lists the weekend
    # date as well as its substitute weekday ("Boxing Day (observed)"); GOV.UK lists only the
    # substitute, so the weekend date is dropped (it matters to a code that works weekends).
    return {day: name for day, name in calendar.items() if day.year == year and day.weekday() < 5}


@dataclass(frozen=True)
class WorkingTime:
    """The days and hours a provider works, and the bank holidays and closures it skips."""

    days: frozenset[int] = frozenset(range(5))  # 0 = Monday, as date.weekday()
    opens: time | None = None
    closes: time | None = None
    region: str = "england-and-wales"
    timezone: str = "Europe/London"
    closures: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if (self.opens is None) != (self.closes is None):
            raise ValueError("working time needs both an opening and a closing time, or neither")
        if self.opens is not None and self.closes is not None and self.opens >= self.closes:
            raise ValueError(f"opening time {self.opens} is not before closing time {self.closes}")
        if not self.days:
            raise ValueError("working time needs at least one working day")
        if self.region not in REGION_SUBDIVISIONS:
            bank_holidays(self.region, 2000)  # raises the clear error
        ZoneInfo(self.timezone)  # raises for an unknown zone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def hours_stated(self) -> bool:
        return self.opens is not None

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday's name, 'closed' for an extra closure, or None on an ordinary day."""
        if day in self.closures:
            return "closed"
        return bank_holidays(self.region, day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days and self.holiday_name(day) is None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        candidate = day
        for _ in range(_MAX_DAYS_SEARCHED):
            candidate += timedelta(days=1)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"no working day within a year after {day.isoformat()}")

    def span(self, day: date) -> tuple[datetime, datetime]:
        """Opening and closing moments of a day (whole day where the code states no hours)."""
        opens = self.opens or time.min
        closes = self.closes or time.max
        return (
            datetime.combine(day, opens, tzinfo=self.zone),
            datetime.combine(day, closes, tzinfo=self.zone),
        )

    def is_open(self, moment: datetime) -> bool:
        """Whether `moment` falls inside working time (the closing instant is already closed)."""
        local = self.localise(moment)
        if not self.is_working_day(local.date()):
            return False
        start, end = self.span(local.date())
        return start <= local < end

    def contains(self, moment: datetime) -> bool:
        """Whether `moment` lies in working time, counting the closing instant as inside."""
        local = self.localise(moment)
        if not self.is_working_day(local.date()):
            return False
        start, end = self.span(local.date())
        return start <= local <= end

    def localise(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("moments must be time-zone aware")
        return moment.astimezone(self.zone)

    def counting_from(self, received: datetime) -> datetime:
        """When the clock starts for something received at `received`: then, or the next opening."""
        local = self.localise(received)
        if self.is_open(local):
            return local
        day = local.date()
        if self.is_working_day(day) and local < self.span(day)[0]:
            return self.span(day)[0]
        return self.span(self.next_working_day(day))[0]

    def add_working_hours(self, received: datetime, hours: float) -> datetime:
        """The moment `hours` working hours after receipt (counted inside opening hours only)."""
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = timedelta(hours=hours)
        current = self.counting_from(received)
        while True:
            _, end = self.span(current.date())
            available = _elapsed(current, end)
            if remaining <= available:
                return (current.astimezone(timezone.utc) + remaining).astimezone(self.zone)
            remaining -= available
            current = self.span(self.next_working_day(current.date()))[0]

    def end_of_working_days(self, received: datetime, days: int) -> datetime:
        """The close of the `days`-th working day after the day of receipt (0: the day itself)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = self.counting_from(received).date()
        for _ in range(days):
            day = self.next_working_day(day)
        return self.span(day)[1]

    def add_calendar_hours(self, received: datetime, hours: float) -> datetime:
        """Plain elapsed time, right across clock changes."""
        return (received.astimezone(timezone.utc) + timedelta(hours=hours)).astimezone(self.zone)

    def next_opening(self, moment: datetime) -> datetime:
        """When the provider next opens at or after `moment` (`moment` itself if open now)."""
        return self.counting_from(moment)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """The working time from `start` to `end` (negative when `end` comes first): only the time
        inside opening hours of working days counts, as when a code's promise is counted.

        The inverse of `add_working_hours`: `working_time_between(t, add_working_hours(t, h))` is
        `h` hours. A code that states no hours has whole working days (24 hours each).
        """
        if end < start:
            return -self.working_time_between(end, start)
        first, last = self.localise(start).date(), self.localise(end).date()
        total = timedelta(0)
        day = first
        while day <= last:
            if self.is_working_day(day):
                opens, closes = self.span(day)
                if self.closes is None:  # a whole day runs to the next midnight
                    closes = datetime.combine(day + timedelta(days=1), time.min, tzinfo=self.zone)
                begin, finish = max(opens, start), min(closes, end)
                if finish > begin:
                    total += _elapsed(begin, finish)
            day += timedelta(days=1)
        return total


def _elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two aware moments (Python subtracts same-zone datetimes on the wall clock)."""
    return end.astimezone(timezone.utc) - start.astimezone(timezone.utc)


def parse_weekdays(names: list[str]) -> frozenset[int]:
    return frozenset(WEEKDAYS.index(name) for name in names)


def parse_clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
