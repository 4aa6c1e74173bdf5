"""Round 20: what outside testers found that the readers got wrong (each failed first)."""

import pytest

from bot import intake


@pytest.mark.parametrize(
    "said",
    [
        # Outside customers B, round 19, F6 (HIGH): the complaint typed at the address question
        # was stored as the postal address, so letters would have gone nowhere.
        "the phone line has been dead for 2 weeks and nobody has come out",
        "my broadband keeps dropping every 10 minutes since 3 november",
        "you charged me £45 twice this month",
        "I rang 3 times and was cut off each time",
        "been without internet 12 days now its a joke",
    ],
)
def test_the_complaint_with_a_number_in_it_is_no_postal_address(said: str) -> None:
    with pytest.raises(intake.IntakeError):
        intake.clean_address(said)


@pytest.mark.parametrize(
    "said",
    [
        "12 Elm Road, Tunbridge Wells",
        "Flat 3, 22 Station Road, Leeds",
        "c/o my daughter, 4 Oak Road, Bristol",
        "Unit 7, Canal Wharf, Manchester",
        "flat 2b 45 high st birmingham",
        "3 The Green, Kings Langley",
        "14 Park Row, Leeds",
        "Apartment 12, 1 Market Street, Derby",
        "Broadband House, 2 Mill Way, Luton",
    ],
)
def test_addresses_with_numbers_are_still_addresses(said: str) -> None:
    assert intake.clean_address(said) == said


@pytest.mark.parametrize(
    ("said", "either"),
    [
        ("maybe 10 or 12", (10, 12)),
        ("10-12", (10, 12)),
        ("between ten and twelve", (10, 12)),
        ("its 8/9 people", (8, 9)),
        ("about 25", None),
        ("12", None),
        ("6 employees and 7 contractors", None),
        ("6 staff or 2 contractors", None),
        ("ref 4471-2290", None),
    ],
)
def test_a_head_count_given_as_two_numbers_is_read_as_either(said, either) -> None:
    # Outside customers A, round 19, F14: "maybe 10 or 12" was kept as 10.
    from bot.answers.business import head_count_range

    assert head_count_range(said) == either
