"""Round 15 (words15a), the readers: a first-raised day with no year whose day this year is still
to come (F25), a deadlock letter's day beside "I complained" (F12), and declining an optional
detail in words (F4)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answers.dates import first_raised_in, first_raised_year_guessed
from bot.answers.text import declines_to_give

NOVEMBER = date(2026, 11, 28)
CHRISTMAS = date(2026, 12, 22)


@pytest.mark.parametrize(
    "text", ["i rang you on 3rd december about it", "I first complained on 3 december"]
)
def test_a_day_with_no_year_still_to_come_is_a_guess(text: str) -> None:
    assert first_raised_in(text, NOVEMBER).day == date(2025, 12, 3)
    assert first_raised_year_guessed(text, NOVEMBER) == date(2026, 12, 3)
    # Once the day has passed this year it is this year's, and no guess.
    assert first_raised_year_guessed(text, CHRISTMAS) is None


@pytest.mark.parametrize(
    "text",
    ["i rang you on 3 december 2025", "i rang you 3 weeks ago", "i first complained on 3 november"],
)
def test_a_day_with_its_year_or_already_past_is_no_guess(text: str) -> None:
    assert first_raised_year_guessed(text, NOVEMBER) is None


@pytest.mark.parametrize(
    "text",
    [
        "i complained about my bill and they sent me a deadlock letter on 2 October",
        "I raised a complaint and got a deadlock letter on 2 October",
        "I have complained, the final response letter came on 2 October",
    ],
)
def test_a_deadlock_letters_day_is_not_the_day_first_raised(text: str) -> None:
    said = first_raised_in(text, CHRISTMAS)
    assert said.said and said.day is None


def test_someone_writing_to_the_provider_is_still_raising_it() -> None:
    text = "i complained and they emailed you on 4 October"
    assert first_raised_in(text, CHRISTMAS).day == date(2026, 10, 4)


@pytest.mark.parametrize(
    "text", ["rather not", "id rather not say", "prefer not to", "not telling you that"]
)
def test_declining_in_words(text: str) -> None:
    assert declines_to_give(text)


@pytest.mark.parametrize("text", ["it's not telling me anything", "jane@example.com"])
def test_not_declining(text: str) -> None:
    assert not declines_to_give(text)
