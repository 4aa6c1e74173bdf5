"""Outside customers A, round 14 (28 Nov 2026), MED findings fixed on words20c.

- F20: "phone is best but email also ok" at "How would you like us to contact you?" was recorded
  as email (the first way found in a fixed order, not the one the customer named as best).
"""

from __future__ import annotations

import pytest

from actions.intake import ValidateComplaintForm
from tests.action_support import form_turn, run_action, slots_set

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
