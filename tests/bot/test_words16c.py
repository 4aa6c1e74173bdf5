"""The readers behind outside words, round 16 (F1, F5, F11): a name changed in words at the
read-back, a way of contact said to go unread, and a day of the month put right."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answers.dates import day_of_month_corrected
from bot.answers.details import contact_preference_in, unread_routes
from bot.answers.names import name_changed, name_in_a_change


@pytest.mark.parametrize(
    ("said", "held", "name"),
    [
        ("can u put my name with capitals Dave Pritchard", "dave pritchard", "Dave Pritchard"),
        ("no thats wrong my name is just Dave Pritchard", "just Dave Pritchard", "Dave Pritchard"),
        ("change my name to Amina Khan-Ali please", "Amina Khan", "Amina Khan-Ali"),
        ("could you put the name as Amina Khan-Ali", "Amina Khan", "Amina Khan-Ali"),
        ("my surname is actually Khan-Ali", "Amina Khan", "Amina Khan-Ali"),
        ("my first name should be Siobhan", "Siobahn Kelly", "Siobhan Kelly"),
        ("the name is spelt wrong, its Siobhan", "Siobahn Kelly", "Siobhan Kelly"),
        ("and take off the 'like i put' from my name lol", "Lucy Bains like i put", "Lucy Bains"),
        ("my name is Joanne Pike not Jo", "Jo", "Joanne Pike"),
        ("name is wrong its Lisa Kerr", "fine. its lisa", "Lisa Kerr"),
        ("the name should be Mrs J. Smith", "Jo Smith", "Mrs J. Smith"),
        ("my name is just dave pritchard", "Dave", "dave pritchard"),
    ],
)
def test_the_name_a_change_asks_for(said: str, held: str, name: str) -> None:
    assert name_changed(said, held) == name


@pytest.mark.parametrize(
    "said",
    ["can u put my name in capitals please", "the name is wrong", "change my name", "name lol"],
)
def test_no_name_in_the_words_is_none(said: str) -> None:
    assert name_in_a_change(said) is None
    assert name_changed(said, "Jane Doe") is None


@pytest.mark.parametrize(
    ("said", "way"),
    [
        ("ring me the email doesnt get checked much", "phone"),
        ("call me please, i hardly check my email", "phone"),
        ("email is no good, ring me", "phone"),
        ("email me, the phone doesnt get answered much", "email"),
        ("my mobile doesnt work, email me", "email"),
        ("phone me, i never read emails", "phone"),
        ("email please", "email"),
    ],
)
def test_a_way_said_to_go_unread_is_never_the_one_chosen(said: str, way: str) -> None:
    assert contact_preference_in(said) == way


def test_the_ways_said_to_go_unread() -> None:
    assert unread_routes("ring me the email doesnt get checked much") == {"email"}
    assert unread_routes("email please") == set()


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("sorry no it was the 30th not the 3rd", date(2026, 10, 30)),
        ("30th not 3rd", date(2026, 10, 30)),
        ("the date i first complained, it was the 30th", date(2026, 10, 30)),
        ("it was the 3rd time i rang", None),  # no day: a count
        ("no it was 30 october", None),  # a month named: read as a date elsewhere
        ("the 30th", None),  # no word of a correction
        ("it was the 30th not the 3rd", date(2026, 10, 30)),
    ],
)
def test_a_day_of_the_month_put_right(said: str, day: date | None) -> None:
    assert day_of_month_corrected(said, date(2026, 10, 3), date(2026, 11, 28)) == day


def test_a_day_still_to_come_is_never_the_day_first_raised() -> None:
    assert (
        day_of_month_corrected("no it was the 30th", date(2026, 11, 3), date(2026, 11, 28)) is None
    )
