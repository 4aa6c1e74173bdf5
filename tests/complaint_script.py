"""A customer's whole complaint as data: each message and a phrase its reply must contain.

Used by the tests that drive real servers through faults and scale-out, where one complaint is sent
turn by turn (to alternating servers, or around a restart) and every reply is checked on the way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

REFERENCE = re.compile(r"\b([A-Z]{2,3}-[0-9A-HJKMNP-TV-Z]{6})\b")


@dataclass(frozen=True)
class Customer:
    name: str = "Jane Doe"
    email: str = "jane.doe@example.co.uk"
    phone: str = "07700 900123"
    postcode: str = "TN1 2PY"
    description: str = "I was charged twice for my broadband in December, £42.10 each time"


def complaint_steps(customer: Customer) -> list[tuple[str, str]]:
    """(message, phrase the replies must contain), greeting to the read-back's confirmation."""
    return [
        ("hello", "complaints assistant"),
        ("I want to make a complaint", "What is your complaint about?"),
        # "Please tell me what happened, in your own words, so our staff can act on it.": after
        # "I want to make a complaint" typed, it says why it asks (words19b), with no "a bit
        # more" when nothing was told yet (words15a).
        ('/inform{"category":"billing"}', "what happened, in your own words"),
        (customer.description, "What is your name?"),
        (customer.name, "email address"),
        (customer.email, "phone number"),
        (customer.phone, "What is your postcode?"),
        (customer.postcode, "How would you like us to contact you?"),
        ('/inform{"contact_preference":"email"}', "consumer"),
        ('/inform{"customer_type":"consumer"}', "account number"),
        ("skip", "large print"),
        ("none", "Shall I log it?"),
        ("/affirm", "logged with reference"),
    ]


Say = Callable[[str, int], list[str]]


def run_steps(steps: list[tuple[str, str]], say: Say, start: int = 0) -> str:
    """Send each step's message (say(message, turn number)) and check its reply; returns the last
    reply's text. An unexpected reply fails with the turn, the message and what came back."""
    text = ""
    for turn, (message, expected) in enumerate(steps[start:], start=start):
        replies = say(message, turn)
        text = "\n".join(replies)
        assert expected in text, f"turn {turn}: {message!r} -> {replies!r} (wanted {expected!r})"
    return text


def reference_in(text: str) -> str:
    match = REFERENCE.search(text)
    assert match, f"no case reference in {text!r}"
    return match.group(1)
