"""Readers changed for the outside words testers, round 16 (fix16g). Each test failed before."""

from __future__ import annotations

import pytest

from bot.answers.business import customer_type_in


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
