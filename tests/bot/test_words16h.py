"""Readers fixed from the outside words tester's findings, round 16 (28 Nov)."""

from __future__ import annotations

import pytest

from bot.answers.category import category_told
from bot.answers.names import name_correction
from bot.answers.text import does_not_know_it


@pytest.mark.parametrize(
    "said",
    [
        "dont know it off by heart my son set it up",
        "i told you i dont know it",
        "i dont KNOW it",
        "I can't remember my email",
        "forgot it sorry",
        "no idea what it is",
    ],
)
def test_not_knowing_the_detail_in_a_sentence(said: str) -> None:
    # Outside words, round 16, F9: refused as an e-mail address until the third asking.
    assert does_not_know_it(said)


@pytest.mark.parametrize(
    "said",
    ["jane@example.com", "I don't know why you charged me twice", "my son knows it, ask him"],
)
def test_words_that_are_not_a_lack_of_the_detail(said: str) -> None:
    assert not does_not_know_it(said)


@pytest.mark.parametrize(
    "said",
    [
        "complaint. wifi keeps cutting out, been like this for a month and the router they sent as "
        "replacement is the same",
        "my broadband cuts out every evening",
        "the internet keeps disconnecting",
    ],
)
def test_a_connection_that_cuts_out_is_a_fault(said: str) -> None:
    # Outside words, round 16, F51: "wifi keeps cutting out" was not read as a fault, and the
    # category question was asked five times in a row.
    assert category_told(said) == "fault_repair"


@pytest.mark.parametrize(
    ("said", "held", "corrected"),
    [
        (
            "oops i spelt my own name wrong lol its Siobhan not Siobahn",
            "Siobahn Kelly",
            "Siobhan Kelly",
        ),
        ("my first name is spelt Siobhan", "Siobahn Kelly", "Siobhan Kelly"),
        ("my first name is Siobhan", "Siobahn Kelly", "Siobhan Kelly"),
        (
            "sorry I spelt my name wrong, it's Siobhan Kelly not Siobahn",
            "Siobahn Kelly",
            "Siobhan Kelly",
        ),
        ("i spelt my name wrong its Siobhan", "Siobahn", "Siobhan"),
    ],
)
def test_a_first_name_put_right_keeps_the_surname(said: str, held: str, corrected: str) -> None:
    # Outside words, round 16, F46: "its Siobhan not Siobahn" at the e-mail question was refused as
    # an address; a first name alone put right is the first name, the surname kept.
    assert name_correction(said, held=held) == corrected
