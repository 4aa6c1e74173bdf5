"""Readers added in round 13 that were too broad (reviewer, tenth round), each tightened:

1. "ADR, what is that?", "sorry, what is that?", "who is accountable?" were sent to the contact
   answer as a name the code does not mention ("Invictanet's code doesn't mention Adr"): only a
   capitalised name some code uses (or a provider's trading name) is.
2. "can you collect the router? i dont want to pay for it", "your courier collected the box, when
   do I get my money back?" got the chased-for-money answer: only chasing aimed at the customer.
3. "when will I get an update on my complaint?", "any update?" and any year 2000-2019 were read as
   asking the code's date (Infinity Group's 2016 note said every time).
4. "my son ... on my behalf, dont record that" was read as asking to note someone acting.
5. The chased-for-money answer and the fear-of-disconnection answer share one helper.
"""

from __future__ import annotations

import pytest

from bot.answers.questions import (
    asks_about_being_chased_for_money,
    asks_about_code_date,
    asks_to_note_someone_acting,
)
from tests.action_support import responses
from tests.actions.test_actions_answers16 import PROVIDERS, reply

pytestmark = pytest.mark.usefixtures("action_database")

# --- 1. a name asked about ------------------------------------------------------------------------

NOT_NAMES = [
    "ADR, what is that?",
    "sorry, what is that?",
    "Sorry, what is that?",
    "who is accountable?",
    "Who is Accountable?",
    "deadlock, what is that?",
    "Deadlock, what is that?",
    "Ombudsman, who is that?",
    "Hello, who is this?",
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("text", NOT_NAMES)
def test_an_everyday_word_is_never_said_to_be_missing_from_the_code(
    provider: str, text: str
) -> None:
    names = responses(reply(provider, text, "ask_adr"))
    assert "utter_code_does_not_name" not in names, names
    assert "utter_code_names_without_saying_who" not in names, names


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_made_up_name_no_code_uses_is_left_to_the_models_reading(provider: str) -> None:
    names = responses(reply(provider, "Zorblatt, who is that?", "ask_adr"))
    assert "utter_code_does_not_name" not in names, names


def test_another_providers_trading_name_is_still_said_not_to_be_in_the_code() -> None:
    names = responses(reply("invictanet", "Infinium, who are they?", "ask_privacy"))
    assert names == ["utter_code_does_not_name"], names


# --- 2. being chased for money --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "can you collect the router? i dont want to pay for it",
        "your courier collected the box, when do I get my money back?",
        "can you send me a collection bag so I can pay for the return?",
        "will you demand a payment for the box?",
        "is my debt card payment safe?",
    ],
)
def test_collecting_things_is_not_being_chased_for_money(text: str) -> None:
    assert not asks_about_being_chased_for_money(text)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_router_collection_does_not_get_the_chased_answer(provider: str) -> None:
    text = "can you collect the router? i dont want to pay for it"
    for intent in ("stop", "inform", "nlu_fallback"):
        names = responses(reply(provider, text, intent))
        assert "utter_collection_during_complaint" not in names, names


@pytest.mark.parametrize(
    "text",
    [
        "will you stop chasing me for the £180 while its looked at?",
        "are debt collectors going to keep ringing me about the bill?",
        "i got a final demand for £200, will that stop?",
        "will bailiffs come for the money?",
        "can you stop the debt collector chasing the payment?",
        "you've sent my account to collections for an exit fee I don't owe, can you stop it?",
        "are you going to keep sending me demands for the £50?",
        "i'm being chased for money i dont owe, will that stop while you look at it?",
    ],
)
def test_chasing_aimed_at_the_customer_is_still_read(text: str) -> None:
    assert asks_about_being_chased_for_money(text)


# --- 3. the code's date -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "when will I get an update on my complaint?",
        "any update?",
        "I've been with you since 2012, what can I do?",
        "it started in 2019, is that too late?",
        "can you update my phone number?",
    ],
)
def test_an_update_or_a_year_is_not_asking_the_codes_date(text: str) -> None:
    assert not asks_about_code_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "is your code up to date?",
        "is the code out of date?",
        "when were the terms updated?",
        "is this the latest version?",
        "are the 2016 terms still the ones?",
        "which terms apply to me?",
    ],
)
def test_asking_the_codes_date_is_still_read(text: str) -> None:
    assert asks_about_code_date(text)


# --- 4. asking for someone acting to be noted -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my son Peter might ring you on my behalf, dont record that",
        "my son will speak on my behalf but please don't note that",
        "my daughter acts on my behalf, no need to put it on my file",
    ],
)
def test_a_refusal_to_note_is_not_asking_to_note(text: str) -> None:
    assert not asks_to_note_someone_acting(text)


def test_asking_to_note_someone_acting_is_still_read() -> None:
    assert asks_to_note_someone_acting(
        "my son Peter will ring you on my behalf, can you put that down"
    )


# --- 5. one helper for the provider's words on unpaid sums ----------------------------------------


def test_the_chased_and_disconnection_answers_share_one_helper() -> None:
    import actions.vulnerability as vulnerability

    assert hasattr(vulnerability, "explain_unpaid_sums")
    assert vulnerability.asks_about_being_chased_for_money  # imported at the top
