"""The customer of a whole conversation: answers whatever the assistant asks, in their own words.

A customer TYPES, as on a channel without buttons: they never click. They answer from their facts
(conversations.yml's `customer`). Asked the same question again they give the same answer (or their
next try, when the facts list several), as people do; asked a third time in a row they type the
number of the choice they mean if the choices now come as numbered lines, and otherwise the same
again; asked a fourth time in a row they give up. To the read-back ("Shall I log it?") and to
"did you mean ...?" they say yes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bench.conversation_set.observe import Question

GIVE_UP_AFTER = 3  # asked a fourth time in a row, the customer gives up

# The question, and the customer's fact that answers it.
FIELD_OF_QUESTION: Mapping[str, str] = {
    "category": "category",
    "description": "description",
    "first_raised": "first_raised",
    "name": "name",
    "email": "email",
    "phone": "phone",
    "postcode": "postcode",
    "address": "address",
    "support_offer": "support_offer",
    "support_needs": "support_needs",
    "contact": "contact",
    "customer_type": "customer_type",
    "employees": "employees",
    "account": "account",
    "needs": "needs",
}
# What a customer says when they have no such thing (what the assistant's own prompts suggest).
WITHOUT: Mapping[str, str] = {
    "email": "no email",
    "phone": "skip",
    "account": "skip",
    "needs": "none",
}
DEFAULTS: Mapping[str, Any] = {
    "contact": {"say": "email", "choose": "Email"},
    # Asked only of a customer who wants letters (or gives no e-mail and no phone).
    "address": "12 High Street, Anytown",
    # The offer of help after a cue (issue 18): a customer who came to complain carries on.
    # Asked only of a customer who says they raised it before with no readable day (issue 14):
    # one who does not remember the day says so.
    "first_raised": "not sure",
    "support_offer": "no thanks",
    "support_needs": "no",
    "customer_type": {"say": "consumer", "choose": "Consumer"},
    "account": None,
    "needs": None,
}


@dataclass(frozen=True)
class Fixture:
    """An existing case the customer asks about."""

    reference: str
    email: str
    postcode: str


class Customer:
    def __init__(self, facts: Mapping[str, Any], fixture: Fixture | None = None) -> None:
        self.facts: dict[str, Any] = {**DEFAULTS, **facts}
        self.fixture = fixture

    def update(self, changes: Mapping[str, Any]) -> None:
        """The customer corrected something: from now on they give the new answer."""
        self.facts.update(changes)

    def fact(self, field: str) -> Any:
        value = self.facts.get(field)
        if isinstance(value, Mapping):
            value = value.get("say")
        if isinstance(value, list):
            value = value[-1]
        return value

    def answer(self, question: Question, times_asked: int) -> str | None:
        """What the customer says to `question`, asked `times_asked` turns in a row; None when they
        have no answer to it or give up."""
        if times_asked > GIVE_UP_AFTER:
            return None
        kind = question.kind
        if kind in ("confirm", "did_you_mean"):
            # To the read-back, and to "did you mean ...?", a customer trying to get on says yes.
            return "yes"
        if kind == "reference":
            return self.fixture.reference if self.fixture else None
        if kind == "verification":
            return self.fixture.email if self.fixture else None
        field = FIELD_OF_QUESTION.get(kind or "")
        if field is None or field not in self.facts:
            return None
        value = self.facts[field]
        choose = None
        if isinstance(value, Mapping):
            choose = value.get("choose")
            value = value.get("say")
        if value is None:
            return WITHOUT.get(field)
        tries = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        if times_asked == GIVE_UP_AFTER and question.options:
            picked = pick_option(question.options, choose or tries[-1])
            if picked is not None:
                return picked
        return tries[min(times_asked, len(tries)) - 1]


def pick_option(options: list[tuple[str, str]], wanted: str) -> str | None:
    """The number to type for the numbered choice titled `wanted` (None if it is not offered)."""
    wanted = wanted.casefold().strip()
    for title, send in options:
        if title.casefold().strip() == wanted:
            return send
    for title, send in options:
        if wanted in title.casefold():
            return send
    return None
