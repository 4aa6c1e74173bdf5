"""The readers behind the round 18 fixes of customers' own words (outside words testers; the
conversations are in tests/actions/test_actions_fix18c2.py): a phone number's extension kept (F16)
and stored and found on both databases, "stop asking for my email" as no e-mail (F18), the customer's own
details out of what happened (F2), and a day corrected in passing (F64)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answers.dates import day_corrected, day_of
from bot.answers.details import declines_email, find_phone, phone_meant
from bot.answers.what_happened import without_contact_details
from bot.cases.search import find_cases
from bot.cases.store import CaseStore
from bot.intake import IntakeError, clean_phone
from tests.cases_support import at, make_intake

TODAY = date(2026, 12, 22)


# --- F16: extensions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("01632 960123 ext 45", "01632 960123 x45"),
        ("0161 496 0000 extension 12", "0161 496 0000 x12"),
        ("07700 900123 x12", "07700 900123 x12"),
        ("01632960123 ext. 4567", "01632 960123 x4567"),
        ("+44 1632 960123 extn 12345", "01632 960123 x12345"),
        ("01632 960123", "01632 960123"),
    ],
)
def test_a_phone_number_keeps_its_extension(typed: str, kept: str) -> None:
    assert clean_phone(typed) == kept
    assert clean_phone(kept) == kept  # checked again when the case is logged
    assert len(kept) <= 20  # the case's phone column


@pytest.mark.parametrize("typed", ["ext 45", "01632 960123 ext 123456", "x12"])
def test_an_extension_alone_or_too_long_is_no_phone_number(typed: str) -> None:
    with pytest.raises(IntakeError):
        clean_phone(typed)


@pytest.mark.parametrize(
    "said",
    [
        "my number is 01632 960123 ext 45 thanks",
        "01632 960123, extension 45",
        "call 01632 960123 x45 after 6",
    ],
)
def test_a_phone_in_words_keeps_its_extension(said: str) -> None:
    assert clean_phone(find_phone(said)) == "01632 960123 x45"
    assert clean_phone(phone_meant(said)) == "01632 960123 x45"


def test_a_case_with_an_extension_is_stored_and_found_by_the_number(store: CaseStore) -> None:
    case = store.create_case(
        make_intake(phone="01632 960123 ext 45"),
        received=at(2026, 12, 22, 10),
        actor="assistant",
        channel="chat",
    )
    assert store.get(case.reference).customer.phone == "01632 960123 x45"
    for query in ("01632 960123 x45", "01632960123 ext 45"):
        assert [f.case.reference for f in find_cases(store, query)] == [case.reference]


# --- F18: "stop asking for my email" ----------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "stop asking for my email",
        "stop asking me for an email, I don't have one",
        "will you stop asking me about email",
        "quit asking for an e-mail",
    ],
)
def test_stop_asking_for_an_email_declines_it(said: str) -> None:
    assert declines_email(said)


@pytest.mark.parametrize(
    "said", ["jane@example.com, and stop asking for my email", "please stop emailing me offers"]
)
def test_an_address_or_another_stop_is_not_declining_one(said: str) -> None:
    assert not declines_email(said)


# --- F2: the customer's own details out of what happened ---------------------------------------

SARAH = {
    "name": "Sarah Jones",
    "email": "sarah.jones@example.com",
    "phone": "07700 900123",
    "postcode": "LS6 2AB",
}


@pytest.mark.parametrize(
    ("told", "left"),
    [
        (
            "Hi I'm Sarah Jones, sarah.jones@example.com, 07700 900123, my broadband has been "
            "down since Monday",
            "my broadband has been down since Monday",
        ),
        (
            "my broadband has been down since Monday. I'm Sarah Jones, email "
            "sarah.jones@example.com, phone 07700900123",
            "my broadband has been down since Monday.",
        ),
        (
            "hello, my name is Sarah Jones and my postcode is LS6 2AB. The line is dead.",
            "The line is dead.",
        ),
        ("You charged me twice. Sarah Jones, +44 7700 900123", "You charged me twice."),
        ("Line dead. Sarah Jones, 07700 900123. Help!", "Line dead. Help!"),
        ("my line is dead, call me on 07700 900123.", "my line is dead."),
    ],
)
def test_the_details_taken_are_not_what_happened(told: str, left: str) -> None:
    assert without_contact_details(told, **SARAH) == left


@pytest.mark.parametrize(
    "told",
    [
        "I rang 0800 123 4567 three times and nobody called me back",
        "I emailed complaints@provider.example on Monday and heard nothing",
        "Your engineer Sarah was rude and the line is still dead",
        "my broadband has been down since Monday",
        # The customer's own number inside a sentence of the complaint is part of it.
        "I've been trying to call you from 07700 900123 since Monday",
    ],
)
def test_complaint_content_stays(told: str) -> None:
    assert without_contact_details(told, **SARAH) == told


def test_a_name_that_is_also_a_word_is_taken_only_as_the_name() -> None:
    told = "I'm Bill, my bill is wrong and Bill from your shop was rude"
    assert without_contact_details(told, name="Bill") == (
        "my bill is wrong and Bill from your shop was rude"
    )


# --- F64: a day corrected in passing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "old", "new"),
    [
        ("sorry it was the 13th not the 3rd", "the 3rd", "the 13th"),
        ("actually it started on Tuesday not Monday", "Monday", "Tuesday"),
        ("not the 3rd, the 13th", "the 3rd", "the 13th"),
        ("it was 13 December not 3 December", "3 December", "13 December"),
    ],
)
def test_a_day_corrected(said: str, old: str, new: str) -> None:
    assert day_corrected(said) == (old, new)
    assert day_of(old, TODAY) != day_of(new, TODAY)


@pytest.mark.parametrize(
    "said", ["I want it fixed, not a credit", "jane@example.com", "the 3rd time this month"]
)
def test_no_day_corrected(said: str) -> None:
    assert day_corrected(said) is None
