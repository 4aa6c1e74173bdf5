"""Bank holidays agree with GOV.UK's published list, date for date, for all three UK divisions.

The oracle is ../shared/data/uk-bank-holidays-2012-2028.csv (GOV.UK's bank holidays, columns
division,date,title,notes). Both directions are checked for every year it covers: every GOV.UK date
is a bank holiday here, and no date here is missing from GOV.UK.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

from bot.working_time import REGION_SUBDIVISIONS, WorkingTime, bank_holidays

CSV_PATH = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "uk-bank-holidays-2012-2028.csv"
)
REGIONS = ("england-and-wales", "scotland", "northern-ireland")
YEARS = range(2012, 2029)


def _read_gov_uk() -> dict[tuple[str, int], dict[date, str]]:
    by_region_year: dict[tuple[str, int], dict[date, str]] = defaultdict(dict)
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day = date.fromisoformat(row["date"])
            by_region_year[(row["division"], day.year)][day] = row["title"]
    return dict(by_region_year)


GOV_UK = _read_gov_uk()


def gov_uk(region: str, year: int) -> dict[date, str]:
    return GOV_UK.get((region, year), {})


def test_the_oracle_covers_every_region_and_year() -> None:
    assert {region for region, _ in GOV_UK} == set(REGIONS)
    assert {year for _, year in GOV_UK} == set(YEARS)
    assert sum(len(days) for days in GOV_UK.values()) == 471
    assert set(REGION_SUBDIVISIONS) == set(REGIONS)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("region", REGIONS)
def test_every_gov_uk_bank_holiday_is_a_bank_holiday(region: str, year: int) -> None:
    ours = bank_holidays(region, year)
    missing = {day: title for day, title in gov_uk(region, year).items() if day not in ours}
    assert not missing, f"{region} {year}: GOV.UK lists {missing}, the library does not"


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("region", REGIONS)
def test_no_bank_holiday_that_gov_uk_lacks(region: str, year: int) -> None:
    official = gov_uk(region, year)
    extra = {day: name for day, name in bank_holidays(region, year).items() if day not in official}
    assert not extra, f"{region} {year}: the library adds {extra}, GOV.UK does not list them"


@pytest.mark.parametrize("region", REGIONS)
def test_working_days_are_exactly_weekdays_that_gov_uk_does_not_list(region: str) -> None:
    working = WorkingTime(region=region)
    official = {day for (r, _), days in GOV_UK.items() if r == region for day in days}
    wrong = []
    day = date(2012, 1, 1)
    while day <= date(2028, 12, 31):
        expected = day.weekday() < 5 and day not in official
        if working.is_working_day(day) != expected:
            wrong.append(day.isoformat())
        day += timedelta(days=1)
    assert not wrong


# The `holidays` library (0.86) itself, before bot/ filters it: it lists a holiday that falls at a
# weekend on its weekend date *as well as* on the substitute weekday GOV.UK gives. These are every
# such date for England and Wales, 2012-2028; each is a Saturday or a Sunday, and GOV.UK lists the
# substitute (e.g. Boxing Day, Saturday 26 December 2026 -> Monday 28 December 2026).
RAW_LIBRARY_WEEKEND_DATES_ENGLAND_AND_WALES = {
    date(2012, 1, 1): date(2012, 1, 2),  # Sun New Year's Day -> Mon 2 Jan
    date(2015, 12, 26): date(2015, 12, 28),  # Sat Boxing Day -> Mon 28 Dec
    date(2016, 12, 25): date(2016, 12, 27),  # Sun Christmas Day -> Tue 27 Dec
    date(2017, 1, 1): date(2017, 1, 2),
    date(2020, 12, 26): date(2020, 12, 28),
    date(2021, 12, 25): date(2021, 12, 27),
    date(2021, 12, 26): date(2021, 12, 28),
    date(2022, 1, 1): date(2022, 1, 3),
    date(2022, 12, 25): date(2022, 12, 27),
    date(2023, 1, 1): date(2023, 1, 2),
    date(2026, 12, 26): date(2026, 12, 28),
    date(2027, 12, 25): date(2027, 12, 27),
    date(2027, 12, 26): date(2027, 12, 28),
    date(2028, 1, 1): date(2028, 1, 3),
}


def test_raw_library_differs_from_gov_uk_only_by_weekend_dates_of_substituted_holidays() -> None:
    raw = holidays.country_holidays("GB", subdiv="ENG", years=YEARS)
    official = {day for (r, _), days in GOV_UK.items() if r == "england-and-wales" for day in days}
    assert official <= set(raw)
    assert set(raw) - official == set(RAW_LIBRARY_WEEKEND_DATES_ENGLAND_AND_WALES)
    for weekend, substitute in RAW_LIBRARY_WEEKEND_DATES_ENGLAND_AND_WALES.items():
        assert weekend.weekday() in (5, 6)
        assert substitute in official
        assert weekend not in bank_holidays("england-and-wales", weekend.year)


@pytest.mark.parametrize("region", ("scotland", "northern-ireland"))
def test_raw_library_extras_in_other_regions_are_all_weekend_dates(region: str) -> None:
    raw = holidays.country_holidays("GB", subdiv=REGION_SUBDIVISIONS[region], years=YEARS)
    official = {day for (r, _), days in GOV_UK.items() if r == region for day in days}
    extras = set(raw) - official
    assert extras, "the raw library is expected to list weekend dates too"
    assert all(day.weekday() in (5, 6) for day in extras)


def test_england_and_wales_2026_by_hand() -> None:
    assert sorted(bank_holidays("england-and-wales", 2026)) == [
        date(2026, 1, 1),  # Thursday, New Year's Day
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),  # Early May
        date(2026, 5, 25),  # Spring
        date(2026, 8, 31),  # Summer
        date(2026, 12, 25),  # Friday, Christmas Day
        date(2026, 12, 28),  # Monday, Boxing Day substitute (26th is a Saturday)
    ]
    assert "Boxing Day" in bank_holidays("england-and-wales", 2026)[date(2026, 12, 28)]


@pytest.mark.parametrize(
    "day",
    [
        date(2012, 6, 4),  # spring bank holiday moved for the Diamond Jubilee
        date(2012, 6, 5),  # Queen's Diamond Jubilee
        date(2020, 5, 8),  # early May moved to Friday for VE day
        date(2022, 6, 2),  # spring bank holiday moved for the Platinum Jubilee
        date(2022, 6, 3),  # Platinum Jubilee
        date(2022, 9, 19),  # State Funeral of Queen Elizabeth II
        date(2023, 5, 8),  # Coronation of King Charles III
    ],
)
def test_one_off_and_moved_days_in_england_and_wales(day: date) -> None:
    assert day in bank_holidays("england-and-wales", day.year)


def test_days_that_moved_away_are_working_days() -> None:
    working = WorkingTime()
    assert working.is_working_day(date(2012, 5, 28))  # last Monday of May 2012: moved to 4 June
    assert working.is_working_day(date(2020, 5, 4))  # first Monday of May 2020: moved to 8 May
    assert working.is_working_day(date(2022, 5, 30))  # last Monday of May 2022: moved to 2 June


def test_regions_differ_in_2026() -> None:
    england = bank_holidays("england-and-wales", 2026)
    scotland = bank_holidays("scotland", 2026)
    northern_ireland = bank_holidays("northern-ireland", 2026)
    # Scotland: 2 January, first Monday of August, St Andrew's Day; no Easter Monday, no 31 August.
    assert {date(2026, 1, 2), date(2026, 8, 3), date(2026, 11, 30)} <= set(scotland)
    assert date(2026, 4, 6) not in scotland and date(2026, 8, 31) not in scotland
    assert date(2026, 1, 2) not in england and date(2026, 11, 30) not in england
    # Northern Ireland: St Patrick's Day (Tuesday) and the Boyne, Sunday 12 July -> Monday 13 July.
    assert {date(2026, 3, 17), date(2026, 7, 13), date(2026, 4, 6)} <= set(northern_ireland)
    assert date(2026, 7, 12) not in northern_ireland
    assert date(2026, 3, 17) not in england


def test_region_is_a_setting_of_working_time() -> None:
    assert not WorkingTime(region="scotland").is_working_day(date(2026, 11, 30))
    assert WorkingTime(region="england-and-wales").is_working_day(date(2026, 11, 30))
    assert not WorkingTime(region="northern-ireland").is_working_day(date(2026, 7, 13))
    assert WorkingTime(region="scotland").is_working_day(date(2026, 7, 13))
    assert WorkingTime(region="scotland").is_working_day(date(2026, 8, 31))
    assert not WorkingTime(region="england-and-wales").is_working_day(date(2026, 8, 31))


def test_extra_closures_are_not_working_days() -> None:
    working = WorkingTime(closures=frozenset({date(2026, 12, 24)}))
    assert working.holiday_name(date(2026, 12, 24)) == "closed"
    assert not working.is_working_day(date(2026, 12, 24))
    assert WorkingTime().is_working_day(date(2026, 12, 24))


def test_unknown_region_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown bank-holiday region 'wales'.*england-and-wales"):
        bank_holidays("wales", 2026)
    with pytest.raises(ValueError, match="unknown bank-holiday region"):
        WorkingTime(region="wales")
