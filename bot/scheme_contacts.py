"""How an ADR scheme's contact details are said, and which of a code's old details differ from
today's. The chat's answers (actions/rights.py), the sources attached to them (bot/sources.py) and
the sign-off sheet (bot/claims.py) all compare a code's details with today's here."""

from __future__ import annotations

from collections.abc import Iterable

from bot.provider_codes import Contact

CHANNEL_WORDS = {
    "phone": "phone",
    "web": "website",
    "letter": "post",
    "email": "email",
    "fax": "fax",
}

# How a contact detail the code gives is named when it differs from today's.
DETAIL_WORDS = {
    "letter": "postal address",
    "phone": "phone number",
    "email": "e-mail address",
    "web": "website",
    "fax": "fax number",
}


def contacts_text(contacts: Iterable[Contact]) -> str:
    """ "post PO Box 730, Warrington WA4 6WU; phone 0330 440 1614"."""
    return "; ".join(f"{CHANNEL_WORDS.get(c.channel, c.channel)} {c.value}" for c in contacts)


def and_list(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def squash(text: str) -> str:
    """A contact value compared without case, spaces or punctuation."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def differing_contacts(given: Iterable[Contact], today: Iterable[Contact]) -> list[Contact]:
    """The code's details for a scheme that today's rules do not list."""
    current = {(c.channel, squash(c.value)) for c in today}
    return [c for c in given if (c.channel, squash(c.value)) not in current]


def old_contact_details(
    given: Iterable[Contact], today: Iterable[Contact]
) -> tuple[list[str], list[str]]:
    """The kinds of the code's contact details for a scheme that differ from today's, and those that
    match (outside compliance review: details matching today's were labelled out of date)."""
    given = list(given)
    old = differing_contacts(given, today)
    differ: list[str] = []
    match: list[str] = []
    for c in given:
        word = DETAIL_WORDS.get(c.channel, c.channel)
        bucket = differ if c in old else match
        if word not in bucket:
            bucket.append(word)
    return differ, [m for m in match if m not in differ]
