"""The outside words testers, round 16 (fix16g): F37, F21, F24. Each test failed before the change."""

from __future__ import annotations

import pytest

from tests.action_support import complaint_form_answer

FENWICK = (
    "I'd like to make a complaint. I'm Margaret Fenwick. Your company took £89.99 from my account "
    "twice on 2 November for a router I sent back"
)
NOVAK = "Your company has charged me twice for my mobile contract this month, I'm Jan Novak"


@pytest.mark.parametrize("text", [FENWICK, NOVAK])
@pytest.mark.parametrize("requested", ["complaint_category", "complaint_description"])
def test_your_company_in_the_first_message_is_not_the_customers_business(
    text: str, requested: str
) -> None:
    # F37: the model's entity "company" -> business from "Your company took ...": the consumer was
    # never asked "consumer or business?" and was asked for a head count instead.
    result, _ = complaint_form_answer(
        "customer_type",
        "business",
        requested=requested,
        text=text,
        entities={"customer_type": "business"},
    )
    assert result.get("customer_type") is None


def test_a_business_named_with_the_providers_company_is_still_a_business() -> None:
    result, _ = complaint_form_answer(
        "customer_type",
        "business",
        requested="complaint_category",
        text="your company overcharged my company for the office line",
        entities={"customer_type": "business"},
    )
    assert result.get("customer_type") == "business"
