"""Readers changed for the outside words testers, round 16 (fix16g). Each test failed before."""

from __future__ import annotations

import pytest

from bot.answers.business import customer_type_in
from bot.answers.what_happened import with_words_corrected, words_corrected


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to make a complaint. I'm Margaret Fenwick. Your company took £89.99 from my "
        "account twice on 2 November for a router I sent back",
        "Your company has charged me twice for my mobile contract this month, I'm Jan Novak",
        "ur company has cut off my phone line for non payment",
        "your useless company wont answer the phone",
    ],
)
def test_your_company_is_the_providers_not_the_customers(text: str) -> None:
    # Outside words testers, round 16, F37: "Your company ..." (the provider) made the customer a
    # business, and she was asked for a head count instead of "consumer or business?".
    assert customer_type_in(text) != "business"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("your company overcharged my company", "business"),
        ("your company cut off my home phone", "consumer"),
        ("it's my company account", "business"),
        ("we are a small business", "business"),
        ("im not a business", "consumer"),
    ],
)
def test_the_customers_own_kind_is_still_read(text: str, kind: str) -> None:
    assert customer_type_in(text) == kind


HELD = (
    "ur company has cut off my phone line for non payment but i paid it on the 3rd by direct "
    "debit and ive got the bank statement to proove it!!!! disgracefull"
)


@pytest.mark.parametrize(
    ("text", "old", "new", "rest"),
    [
        (
            "no wait, in what happened it should say i paid on the 30th not the 3rd. and i rang "
            "you about it last monday",
            "the 3rd",
            "the 30th",
            "i rang you about it last monday",
        ),
        (
            "no you've deleted my whole complaint! put back what i wrote and just change the 3rd "
            "to the 30th",
            "the 3rd",
            "the 30th",
            "",
        ),
        ("the 3rd should be the 30th", "the 3rd", "the 30th", ""),
        ("30th not 3rd", "3rd", "30th", ""),
    ],
)
def test_a_few_words_of_what_happened_corrected(text: str, old: str, new: str, rest: str) -> None:
    # Outside words testers, round 16, F21: the whole account was replaced by the correction.
    assert words_corrected(HELD, text) == (old, new, rest)
    changed = with_words_corrected(HELD, old, new)
    assert "paid it on the 30th by direct debit" in changed
    assert changed.startswith("ur company has cut off my phone line")


@pytest.mark.parametrize(
    "text",
    [
        "what happened is you cut off my phone line",
        "my email is jo@example.com not jo@example.org",
        "its billing not fault repair",
        "i want to add that i was not told",
    ],
)
def test_no_words_of_what_happened_named(text: str) -> None:
    assert words_corrected(HELD, text) is None
