"""The number words bot/answers/ reads (issue 16): one base table of number words, with the
extras each reader adds on top; the relative dates ("three weeks ago", "a couple of days ago") and
the head counts ("just me", "fifteen staff") read every word exactly as their own two tables did
before they were built from one base.

The two tables below are the readers' tables as they stood before issue 16, every key and value."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import pytest
from dateutil.relativedelta import relativedelta

from bot.answers.business import _NUMBER_WORDS, HeadCount, find_employee_count, stated_business_size
from bot.answers.dates import _COUNT_WORDS, stated_dates

# The relative dates' words: "three weeks ago", "a month ago", "a couple of days ago".
COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "a couple of": 2,
    "couple of": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# The head counts' words: "just me", "we're eight people", "fifteen staff", "none".
NUMBER_WORDS = {
    "zero": 0,
    "none": 0,
    "one": 1,
    "just me": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}
# The order in which a head count without a group tries the words: longest first, and words of one
# length in this order ("nine or four" reads as 4), as the table's order gave it before issue 16.
TRIED_IN_ORDER = (
    ("just me", "fifteen", "hundred"),
    ("eleven", "twelve", "twenty", "thirty"),
    ("three", "seven", "eight", "fifty"),
    ("zero", "none", "four", "five", "nine"),
    ("one", "two", "six", "ten"),
)
TODAY = date(2026, 11, 26)


def test_each_readers_table_is_as_it_was() -> None:
    assert _COUNT_WORDS == COUNT_WORDS
    assert _NUMBER_WORDS == NUMBER_WORDS


@pytest.mark.parametrize("word", sorted({*COUNT_WORDS, *NUMBER_WORDS}))
def test_a_relative_date_reads_only_the_count_words(word: str) -> None:
    if word in COUNT_WORDS:
        weeks_back = TODAY - relativedelta(weeks=1) * COUNT_WORDS[word]
        assert stated_dates(f"it started {word} weeks ago", TODAY) == [weeks_back]
        days_back = TODAY - timedelta(days=COUNT_WORDS[word])
        assert stated_dates(f"{word} days ago", TODAY) == [days_back]
    else:  # "fifteen weeks ago", "just me weeks ago": not a date this reader knows
        assert stated_dates(f"it started {word} weeks ago", TODAY) == []


@pytest.mark.parametrize("word", sorted({*COUNT_WORDS, *NUMBER_WORDS}))
def test_a_head_count_reads_only_the_number_words(word: str) -> None:
    assert find_employee_count(word) == NUMBER_WORDS.get(word)
    # Before a group ("fifteen staff"), only a number word of one word that is not "none".
    grouped = stated_business_size(f"{word} staff")
    if word in NUMBER_WORDS and " " not in word and word != "none":
        assert grouped == HeadCount((("employees", NUMBER_WORDS[word]),))
    elif word in ("a", "an"):  # "and a volunteer": a group of one
        assert grouped == HeadCount((("employees", 1),))
    elif word in ("a couple of", "couple of"):
        # "a couple of agency drivers" is two (outside testers, round 16, words F14: dropped).
        assert grouped == HeadCount((("employees", 2),))
    else:
        assert grouped is None


def test_the_tried_order_holds_every_number_word_once() -> None:
    tried = [word for words in TRIED_IN_ORDER for word in words]
    assert sorted(tried) == sorted(NUMBER_WORDS)
    assert [len(words[0]) for words in TRIED_IN_ORDER] == sorted(
        {len(w) for w in NUMBER_WORDS}, reverse=True
    )
    assert all(len({len(w) for w in words}) == 1 for words in TRIED_IN_ORDER)


@pytest.mark.parametrize(
    ("first", "second"),
    [pair for words in TRIED_IN_ORDER for pair in combinations(words, 2)],
)
def test_of_two_number_words_of_one_length_the_earlier_one_is_read(first: str, second: str) -> None:
    assert find_employee_count(f"{first} or {second}") == NUMBER_WORDS[first]
    assert find_employee_count(f"{second} or {first}") == NUMBER_WORDS[first]


@pytest.mark.parametrize(
    ("said", "groups"),
    [
        # Outside customers B, round 2 (27 Nov): stored as 2 employees, 9, or 6, and businesses of
        # 11 told the Communications Ombudsman was open to them.
        (
            "the number of staff is 8 plus 2 part timers and a volunteer",
            (("employees", 10), ("volunteers", 1)),
        ),
        ("9 staff 2 part time", (("employees", 11),)),
        ("6 staff 2 part time and a volunteer", (("employees", 8), ("volunteers", 1))),
        # A number that counts something else is not staff.
        ("25 staff and 2 contractors, with you 5 years", (("employees", 25), ("contractors", 2))),
        ("we have 3 sites and 12 staff", (("employees", 12),)),
        ("10 employees, 2 of them part time", (("employees", 10),)),
    ],
)
def test_every_number_of_people_in_a_head_count_is_counted(said: str, groups: tuple) -> None:
    from bot.answers.business import find_head_count

    assert find_head_count(said) == HeadCount(groups)
