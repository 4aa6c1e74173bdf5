"""On a channel without buttons, a numbered reply chooses the numbered button."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.intake import _numbered, button_choice
from bot.offers import contact_choices
from bot.provider_codes import get_code
from bot.regulation import load_rules

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())


@pytest.mark.parametrize(
    ("slot", "reply", "chosen"),
    [
        ("complaint_category", "1", "sales"),
        ("complaint_category", "2", "billing"),
        ("complaint_category", "3.", "fault_repair"),
        ("complaint_category", "7", "other"),
        ("customer_type", "2", "business"),
    ],
)
def test_a_number_chooses_that_button(slot, reply, chosen):
    assert button_choice(DOMAIN, slot, reply) == chosen


@pytest.mark.parametrize("reply", ["0", "8", "billing", "", None, "2 please", "0" * 4301])
def test_anything_else_is_left_for_the_validator(reply):
    assert button_choice(DOMAIN, "complaint_category", reply) == reply


@pytest.mark.parametrize(
    ("provider", "reply", "chosen"),
    [
        ("invictanet", "3", "text_relay"),
        ("invictanet", "2", "phone"),
        ("infinity-group", "3", "letter"),
    ],
)
def test_a_number_chooses_the_providers_own_contact_route(provider, reply, chosen):
    # The contact routes are the provider's own (issue 14), so the numbers follow its buttons.
    choices = [c.value for c in contact_choices(get_code(provider), load_rules())]
    assert _numbered(choices, reply) == chosen
