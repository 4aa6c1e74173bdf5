"""A head count given as a list of people (outside testers, round 16, words F6 and F14): every
person counted, and nothing summed where the sum would be a guess."""

from __future__ import annotations

import pytest

from bot.answers.business import HeadCount, find_head_count, listed_people


@pytest.mark.parametrize(
    ("said", "total"),
    [
        ("theres me 2 other dentists 3 nurses and a receptionist", 7),
        ("me, 5 dentists, 4 nurses and a receptionist", 11),
        ("me and 2 others", 3),
        ("me, 2 nurses and one receptionist", 4),
    ],
)
def test_a_list_of_people_is_added_up(said: str, total: int) -> None:
    assert listed_people(said) == total
    assert find_head_count(said) == HeadCount(unnamed=total)


@pytest.mark.parametrize(
    "said",
    ["about 25", "8 or 9 people", "just me", "5 of us, me and 4 nurses", "1 and a half", "2 of us"],
)
def test_no_list_no_sum(said: str) -> None:
    assert listed_people(said) is None


def test_agency_drivers_are_contractors() -> None:
    assert find_head_count("about nine staff plus a couple of agency drivers") == HeadCount(
        (("employees", 9), ("contractors", 2))
    )
