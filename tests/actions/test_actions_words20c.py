"""Outside customers A, round 14 (28 Nov 2026), MED findings fixed on words20c.

- F20: "phone is best but email also ok" at "How would you like us to contact you?" was recorded
  as email (the first way found in a fixed order, not the one the customer named as best).
- F29: a router knocked off a shelf by the engineer was told CISAS was open, with no word that CISAS
  does not take property damage.
"""

from __future__ import annotations

import pytest

from actions.intake import ActionSubmitComplaint, ValidateComplaintForm
from tests.action_support import CONSUMER_FORM, form_turn, make_tracker, run_action, slots_set

pytestmark = pytest.mark.usefixtures("action_database")

FORM = "complaint_form"


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("phone is best but email also ok", "phone"),
        ("phone is best but email is fine too", "phone"),
        ("email is best, phone also ok", "email"),
        ("preferably phone, email if not", "phone"),
        ("phone ideally but email is ok", "phone"),
        ("phone first, or email", "phone"),
        # Unchanged: one way named; a refused way is never the choice.
        ("email please", "email"),
        ("not email, phone please", "phone"),
    ],
)
def test_the_way_named_as_best_is_the_contact_preference(said: str, stored: str) -> None:
    tracker = form_turn(
        FORM,
        "contact_preference",
        {"contact_preference": "email"},
        before={
            "provider": "infinium",
            "customer_email": "sam@example.com",
            "customer_phone": "07700 900123",
        },
        entities={"contact_preference": "email"},
        text=said,
    )
    _, events = run_action(ValidateComplaintForm(), tracker)
    assert slots_set(events)["contact_preference"] == stored


@pytest.mark.parametrize(
    "description",
    [
        # F29 (custA-21), word for word.
        "engineer came out on the 20th to fix my line and knocked my router off the shelf, now it "
        "wont power on. i was told to buy a new one myself",
        "the engineer broke my router and i had to buy a new one",
    ],
)
def test_equipment_broken_by_an_engineer_is_told_cisas_does_not_take_property_damage(
    description: str,
) -> None:
    """F29: a router broken by the engineer was told CISAS was open, with no word that CISAS does
    not take complaints about property damage (../shared/regulation.md, CEDR's CISAS page)."""
    slots = {**CONSUMER_FORM, "provider": "infinium", "complaint_description": description}
    tracker = make_tracker(slots, text="yes", intent="affirm")
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    depends = [m for m in messages if m.get("response") == "utter_adr_depends"]
    assert len(depends) == 1
    assert depends[0]["reason"].startswith("CISAS does not take complaints about property damage")
