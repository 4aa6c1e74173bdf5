"""How an ADR scheme's contact details are said, and how a code's details for it compare with
today's. The chat's answers (actions/rights.py), the sources attached to them (bot/sources.py) and
the sign-off sheet (bot/claims.py) all compare a code's details with today's here, once.

A code's detail of a kind today's rules list (a postal address, a phone number) but with another
value is out of date. A detail of a kind today's rules do not list at all (the Communications
Ombudsman's fax, e-mail or website: regulation.md gives only its PO Box and phone) is not known to
be out of date: nothing says whether it still works, and the customer is told just that (outside
compliance review: such details were said to "differ from today's and are out of date").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.provider_codes import Contact

CHANNEL_WORDS = {
    "phone": "phone",
    "web": "website",
    "letter": "post",
    "email": "email",
    "fax": "fax",
}

# How a contact detail the code gives is named when it is compared with today's.
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


def former_operator_named(code_scheme: Any, today: Any) -> str | None:
    """The former operator of a scheme that the code still names, in its quote or its contact
    details ("CISAS, The Chartered Institute of Arbitrators, 24 Angel Gate ..."), when today's
    rules name another operator; None otherwise (compliance reader, 27 Nov, F14: the chat said only
    that the address was out of date, and never who runs CISAS today)."""
    if today is None or not getattr(today, "operator", None):
        return None
    said = [code_scheme.quote or "", *(c.value for c in code_scheme.contacts)]
    words = " ".join(said).lower()
    for former in getattr(today, "former_operators", ()):
        if former.lower().removeprefix("the ") in words:
            return former
    return None


def possessive(name: str) -> str:
    """ "Infinium's", "Infinity System Solutions'": a name ending in s takes a bare apostrophe."""
    return f"{name}'" if name.lower().endswith("s") else f"{name}'s"


def or_list(words: list[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def squash(text: str) -> str:
    """A contact value compared without case, spaces or punctuation."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def differing_contacts(given: Iterable[Contact], today: Iterable[Contact]) -> list[Contact]:
    """The code's details for a scheme that today's rules do not give (out of date or unlisted)."""
    current = {(c.channel, squash(c.value)) for c in today}
    return [c for c in given if (c.channel, squash(c.value)) not in current]


@dataclass(frozen=True)
class ContactComparison:
    """The kinds of a code's contact details for a scheme ("postal address", "fax number"), each
    once: `out_of_date`, of a kind today's rules list with another value; `unlisted`, of a kind
    today's rules do not list; `same`, as today's."""

    out_of_date: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        """Whether any of the code's details is not today's (out of date or not confirmed)."""
        return bool(self.out_of_date or self.unlisted)


def compare_contacts(
    given: Iterable[Contact], today: Iterable[Contact], out_of_date_kinds: Iterable[str] = ()
) -> ContactComparison:
    """How the code's details for a scheme stand against today's, by kind. `out_of_date_kinds`
    are the channels today's rules give no value for on purpose because every older one is out of
    date (CISAS's postal address: regulation.md)."""
    today = list(today)
    listed = {c.channel for c in today} | set(out_of_date_kinds)
    old = differing_contacts(given, today)
    out_of_date: list[str] = []
    unlisted: list[str] = []
    same: list[str] = []
    for c in given:
        word = DETAIL_WORDS.get(c.channel, c.channel)
        if c not in old:
            bucket = same
        elif c.channel in listed:
            bucket = out_of_date
        else:
            bucket = unlisted
        if word not in bucket:
            bucket.append(word)
    # A kind with one old value among current ones is out of date, never also "the same".
    return ContactComparison(out_of_date, unlisted, [w for w in same if w not in out_of_date])


@dataclass(frozen=True)
class ContactNote:
    """One sentence about the code's details for a scheme: its response and the kinds it names."""

    response: str
    details: str


def _number(words: list[str]) -> str:
    return "one" if len(words) == 1 else "many"


def contact_notes(comparison: ContactComparison) -> list[ContactNote]:
    """What the customer is told about the code's own details for the scheme, after today's:
    which are out of date, which today's rules do not list (so cannot be confirmed), and, only
    when some are not today's, which match (each worded for one kind or several)."""
    if not comparison.differs:
        return []
    notes = [
        ContactNote(f"utter_adr_contacts_{kind}_{_number(words)}", and_list(words))
        for kind, words in (
            ("out_of_date", comparison.out_of_date),
            ("unlisted", comparison.unlisted),
            ("match", comparison.same),
        )
        if words
    ]
    return notes


def today_differs_note(scheme: str, today: Iterable[Contact], comparison: ContactComparison) -> str:
    """The note under the code's quote naming its scheme (`scheme` as a sentence says it, "CISAS"
    or "the Communications Ombudsman"): today's details, then which of the code's are out of
    date and which today's rules do not list."""
    note = f"Today: {scheme}, {contacts_text(today)}."
    old = comparison.out_of_date
    if old:
        verb = "is" if len(old) == 1 else "are"
        note += f" The code's {and_list(old)} for it {verb} out of date."
    unlisted = comparison.unlisted
    if unlisted:
        note += (
            f" Today's rules don't list its {or_list(unlisted)}, so the code's cannot be "
            "confirmed to still work."
        )
    return note
