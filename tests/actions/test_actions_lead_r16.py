"""The lead's fixes in round 16, each from the outside testers' findings (28 Nov)."""

from __future__ import annotations

import pytest

from tests.action_support import CONSUMER_FORM, form_answer, responses

BEFORE_NAME = {
    "complaint_category": "billing",
    "complaint_description": CONSUMER_FORM["complaint_description"],
    "provider": "infinity-group",
}


@pytest.mark.parametrize(
    "said",
    [
        "Customer Please Visit http://infinity-group-billing.example.com",
        "call www.example-helpdesk.net now",
        "Jo Bloggs see infinity-refunds.co.uk",
    ],
)
def test_a_web_address_is_never_taken_as_the_name(said: str) -> None:
    # Taken as the name, the provider's own confirmation e-mail greeted whoever's address was typed
    # with a link of the sender's choosing (outside attacker, round 16, F2).
    messages, slots = form_answer(said, "customer_name", BEFORE_NAME)
    assert slots.get("customer_name") is None
    assert "utter_invalid_field" in responses(messages)
    [hint] = [m for m in messages if m.get("response") == "utter_invalid_field"]
    assert "web address" in hint["problem"]


def test_a_name_with_a_full_stop_is_still_a_name() -> None:
    _, slots = form_answer("Dr. J. Smith", "customer_name", BEFORE_NAME)
    assert slots.get("customer_name") == "Dr. J. Smith"
