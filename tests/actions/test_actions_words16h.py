"""Fixes from the outside words tester's findings, round 16 (28 Nov): F65 (a check's own message
shown to a customer), F56 (the read-back's "About: other"), F9/F46/F51 (one question asked a third
time in the same words)."""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import ActionSummariseComplaint, read_back_lines
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    at_read_back,
    form_answer,
    responses,
    run_action,
)

pytestmark = pytest.mark.usefixtures("action_database")


def _said(messages: list[dict[str, Any]]) -> str:
    """Every word the customer was shown, placeholders filled."""
    out = []
    for m in messages:
        variations = DOMAIN["responses"].get(m.get("response") or "", [])
        text = variations[0].get("text", "") if variations else str(m.get("text") or "")
        fields = {k: v for k, v in m.items() if k not in ("response", "text")}
        try:
            out.append(text.format(**fields))
        except (KeyError, IndexError):
            out.append(text)
    return "\n".join(out)


@pytest.mark.parametrize(
    ("slot", "value"),
    [
        ("customer_type", "first"),
        ("contact_preference", "pigeon"),
        ("complaint_category", "wifi"),
    ],
)
def test_a_check_that_fails_at_the_read_back_gives_the_plain_hint(slot: str, value: str) -> None:
    # "'first' is not a customer type; expected consumer or business." was shown after "i first
    # complained on 30 october" at the read-back (outside words, round 16, F65): the check's own
    # message, with the customer's word quoted as an internal value.
    tracker = at_read_back("i first complained on 30 october", "inform", {slot: value})
    messages, events = run_action(ActionSummariseComplaint(), tracker)
    said = _said(messages)
    assert f"'{value}'" not in said
    assert "expected" not in said
    assert "not a customer type" not in said
    assert f"utter_hint_{slot}" in responses(messages)
    assert {"event": "slot", "name": slot, "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


def test_a_too_long_name_at_the_read_back_is_still_said_plainly() -> None:
    # The problems worth saying as they are (too long, control characters, a web address) are
    # still said, as the form says them.
    tracker = at_read_back("ok", "inform", {"customer_name": "J" * 500})
    messages, _ = run_action(ActionSummariseComplaint(), tracker)
    assert "characters long" in _said(messages)


def test_something_else_is_read_back_as_something_else() -> None:
    # "Something else" chosen, "• About: other" read back: the stored value, not the customer's
    # words (outside words, round 16, F56).
    lines = read_back_lines(DOMAIN, {**CONSUMER_FORM, "complaint_category": "other"})
    assert "• About: something else" in lines
    assert not any(line.endswith(": other") for line in lines)


# --- F9, F46: one question asked a third time in the same words --------------------------------

AT_EMAIL = {
    "complaint_category": "billing",
    "complaint_description": CONSUMER_FORM["complaint_description"],
    "customer_name": "Siobahn Kelly",
    "provider": "invictanet",
}


def _twice_failed(slot: str) -> dict[str, Any]:
    return {"answer_failures": {"slot": slot, "count": 1}}


@pytest.mark.parametrize(
    "said",
    [
        "dont know it off by heart my son set it up",
        "i told you i dont know it",
        "I can't remember my email",
        "no idea what it is",
    ],
)
def test_not_knowing_the_email_address_is_no_email_at_once(said: str) -> None:
    # "dont know it off by heart my son set it up" was refused as an address, and the question asked
    # three times in a row (outside words, round 16, F9).
    messages, slots = form_answer(said, "customer_email", AT_EMAIL)
    assert slots.get("customer_email") == "none"
    assert "utter_hint_customer_email" not in responses(messages)


def test_the_email_question_is_never_asked_a_third_time_in_the_same_words() -> None:
    # F46: a name put right at the e-mail question was refused as an address twice; the third asking
    # came in the same words. The third time, the way out is said plainly.
    messages, slots = form_answer(
        "my first name is spelt Siobhan",
        "customer_email",
        {**AT_EMAIL, **_twice_failed("customer_email")},
    )
    assert "utter_hint_customer_email" not in responses(messages)
    assert "no email" in _said(messages)


@pytest.mark.parametrize(
    ("slot", "said", "before"),
    [
        ("customer_phone", "the usual one", {"customer_email": "none"}),
        ("customer_postcode", "the same as before", {"customer_email": "a@example.com"}),
    ],
)
def test_no_question_comes_a_third_time_without_a_way_out(
    slot: str, said: str, before: dict[str, Any]
) -> None:
    messages, _ = form_answer(said, slot, {**AT_EMAIL, **before, **_twice_failed(slot)})
    assert f"utter_hint_{slot}" not in responses(messages)
    text = _said(messages)
    assert "skip" in text or "no phone" in text or "call us" in text
