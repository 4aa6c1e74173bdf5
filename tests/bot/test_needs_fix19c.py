"""Outside customers B, round 19 (fix19c, F5 (d)): letters asked for in a format are not "contact
in writing only"."""

from __future__ import annotations

import pytest

from bot.vulnerability import load_vulnerability_rules, needs_chosen, stated_needs


@pytest.mark.parametrize(
    "said",
    [
        # A deaf customer choosing relay and letters in a format: recorded as "contact in writing
        # only" too, which contradicts the relay calls she asked for.
        "just the relay one and the letters by email",
        "only the letters in large print",
        "just letters as audio please",
    ],
)
def test_letters_in_a_format_are_not_writing_only(said: str) -> None:
    assert "writing_only" not in stated_needs(said)


@pytest.mark.parametrize(
    "said", ["only in writing", "letters only please", "just write to me, letters by email"]
)
def test_writing_only_said_is_still_heard(said: str) -> None:
    assert "writing_only" in stated_needs(said)


def _offers(*ids: str) -> list:
    rules = load_vulnerability_rules()
    return [rules.need_offers()[i] for i in ids]


def test_the_relay_one_and_the_letters_by_email_chooses_only_those() -> None:
    """The deaf relay user's answer to the needs offer: text relay and letters by e-mail; never
    "contact in writing only" or "e-mail only" from the words of the format."""
    offered = _offers("accessible_formats", "text_relay", "writing_only", "email_only")
    chosen = needs_chosen("just the relay one and the letters by email", offered)
    assert chosen is not None
    assert [o.id for o in chosen.offers] == ["accessible_formats", "text_relay"]
    assert chosen.details == {"accessible_formats": "e-mail"}


def test_writing_only_named_beside_letters_in_a_format_is_still_chosen() -> None:
    offered = _offers("accessible_formats", "text_relay", "writing_only")
    chosen = needs_chosen("the letters by email, and only in writing please", offered)
    assert chosen is not None
    assert "writing_only" in [o.id for o in chosen.offers]
