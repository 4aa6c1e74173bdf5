"""The ADR (deadlock) letter for a case: the scheme, how to reach it, from when and until when the
customer may apply, and that it is free.

The letter quotes the provider's code and adds today's rules where they give the customer more: a
scheme's current name and contact details when the code's are outdated, the 12-month time limit when
the code says less, and that the letter opens the scheme at once. A code that names no approved
scheme is said to name none, and both approved schemes are listed; the letter never guesses which one
the provider belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.cases.views import Case
from bot.provider_codes import Body, ProviderCode
from bot.regulation import Rules, Scheme, long_date
from bot.rights import adr_rights


@dataclass(frozen=True)
class SchemeContact:
    channel: str
    value: str

    def to_dict(self) -> dict[str, str]:
        return {"channel": self.channel, "value": self.value}


@dataclass(frozen=True)
class SchemeDetails:
    """A scheme as the code names it, and what today's rules say about it."""

    name: str
    current_name: str | None  # today's name, when the code's name is an outdated one
    operator: str | None  # who runs it today
    former_operator: str | None  # an operator the code names that no longer runs it
    contacts: tuple[SchemeContact, ...]  # as the code (or, for a listed scheme, the rules) gives
    current_contacts: tuple[SchemeContact, ...]  # today's, when the code's are outdated
    contacts_outdated: bool
    # Today's name as a sentence says it, with its article ("CISAS", "the Communications
    # Ombudsman", from the rules); "the" and the name for a scheme the rules do not list.
    called: str = ""

    @property
    def name_today(self) -> str:
        return self.current_name or self.name

    @property
    def called_today(self) -> str:
        return self.called or f"the {self.name_today}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "current_name": self.current_name,
            "operator": self.operator,
            "former_operator": self.former_operator,
            "contacts": [c.to_dict() for c in self.contacts],
            "current_contacts": [c.to_dict() for c in self.current_contacts],
            "contacts_outdated": self.contacts_outdated,
        }


@dataclass(frozen=True)
class AdrLetter:
    reference: str
    provider: str
    provider_name: str
    customer_name: str
    raised_on: date
    letter_date: date
    scheme: SchemeDetails | None  # the scheme the code names, if it names an approved one
    named_instead: str | None  # what the code names instead (Ofcom), if no scheme
    named_instead_note: str | None
    approved_schemes: tuple[SchemeDetails, ...]  # listed when the code names no scheme
    apply_from: date
    opens_at_once: bool
    apply_until: date
    limit_months: int
    code_limit_months: int | None
    free: bool
    eligible: bool | None
    eligibility_notes: tuple[str, ...]

    @property
    def names_no_scheme(self) -> bool:
        return self.scheme is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "provider": self.provider,
            "provider_name": self.provider_name,
            "customer_name": self.customer_name,
            "raised_on": self.raised_on.isoformat(),
            "letter_date": self.letter_date.isoformat(),
            "scheme": self.scheme.to_dict() if self.scheme else None,
            "names_no_scheme": self.names_no_scheme,
            "named_instead": self.named_instead,
            "approved_schemes": [s.to_dict() for s in self.approved_schemes],
            "apply_from": self.apply_from.isoformat(),
            "opens_at_once": self.opens_at_once,
            "apply_until": self.apply_until.isoformat(),
            "limit_months": self.limit_months,
            "code_limit_months": self.code_limit_months,
            "free": self.free,
            "eligible": self.eligible,
            "eligibility_notes": list(self.eligibility_notes),
            "text": self.text(),
        }

    def text(self, show: Callable[[str], str] = str) -> str:
        """The letter as plain text; `show` renders the customer's own words (their name) safely
        for where the text goes (the desk passes its terminal-safe printer)."""
        lines = [
            f"ADR letter for {self.reference}, {long_date(self.letter_date)}",
            "",
            f"Dear {show(self.customer_name)},",
            "",
            f"Your complaint to {self.provider_name} (reference {self.reference}), raised on "
            f"{long_date(self.raised_on)}, has reached deadlock: we have not been able to resolve "
            "it to your satisfaction. You may now take it to alternative dispute resolution (ADR), "
            "an independent scheme that will look at your complaint and decide it.",
            "",
            "The scheme",
        ]
        if self.scheme is not None:
            lines += _scheme_lines(self.scheme)
        else:
            instead = f": it refers you to {self.named_instead}." if self.named_instead else "."
            note = f" {self.named_instead_note}" if self.named_instead_note else ""
            lines.append(f"  Our complaints code names no ADR scheme{instead}{note}")
            lines.append("  The Ofcom-approved ADR schemes for communications providers are:")
            for scheme in self.approved_schemes:
                run_by = f" (run by {scheme.operator})" if scheme.operator else ""
                lines.append(f"    {scheme.name}{run_by}")
                lines += [f"      {c.channel}: {c.value}" for c in scheme.contacts]
            lines.append("  Our code does not say which of these schemes we belong to.")
        lines += ["", "When you may apply"]
        if self.apply_from < self.letter_date:
            lines.append(f"  Now: you have been able to apply since {long_date(self.apply_from)}.")
        elif self.apply_from == self.letter_date and self.opens_at_once:
            lines.append(
                f"  From {long_date(self.apply_from)}, the date of this letter: an ADR letter lets "
                "you go to the scheme at once."
            )
        else:
            lines.append(f"  From {long_date(self.apply_from)}.")
        until = (
            f"  Until {long_date(self.apply_until)}, {self.limit_months} months from the date of "
            "this letter"
        )
        if self.code_limit_months is not None and self.code_limit_months < self.limit_months:
            until += (
                f" (our code says {self.code_limit_months} months; today's rules give you "
                f"{self.limit_months})"
            )
        lines.append(until + ".")
        lines += ["", "Cost", "  ADR is free for you." if self.free else "  Cost: not stated."]
        if self.eligible is not True and self.eligibility_notes:
            lines += ["", "Please note"]
            lines += [f"  {note}" for note in self.eligibility_notes]
        lines += ["", f"{self.provider_name}"]
        return "\n".join(lines) + "\n"


def _scheme_lines(scheme: SchemeDetails) -> list[str]:
    if scheme.current_name:
        run_by = f" (run by {scheme.operator})" if scheme.operator else ""
        lines = [
            f"  Our complaints code names {scheme.name}, which is now called "
            f"{scheme.called_today}{run_by}."
        ]
    else:
        lines = [f"  {scheme.name}" + (f", run by {scheme.operator}." if scheme.operator else ".")]
    if scheme.contacts:
        lines.append("  Contact details as our code gives them:")
        lines += [f"    {c.channel}: {c.value}" for c in scheme.contacts]
    if scheme.former_operator:
        lines.append(
            f"  {capitalised(scheme.called_today)} is no longer run by {scheme.former_operator}; "
            "today it is run "
            f"by {scheme.operator}, so these details may be out of date."
        )
    if scheme.contacts_outdated and scheme.current_contacts:
        lines.append(f"  How to reach {scheme.called_today} today:")
        lines += [f"    {c.channel}: {c.value}" for c in scheme.current_contacts]
    return lines


def capitalised(text: str) -> str:
    """ "the Communications Ombudsman" at the start of a sentence: "The Communications Ombudsman"."""
    return text[:1].upper() + text[1:]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _contacts(body_contacts: tuple[Any, ...]) -> tuple[SchemeContact, ...]:
    return tuple(SchemeContact(c.channel, c.value) for c in body_contacts)


def _code_scheme(body: Body, rules: Rules) -> SchemeDetails:
    """The code's scheme, checked against today's approved schemes."""
    match = rules.scheme_named(body.name)
    if match is None:
        return SchemeDetails(
            body.name,
            None,
            None,
            None,
            _contacts(body.contacts),
            (),
            False,
            rules.called(body.name),
        )
    current, renamed = match
    given_text = _squash(" ".join([body.quote or "", *(c.value for c in body.contacts)]))
    former_operator = next((f for f in current.former_operators if _squash(f) in given_text), None)
    differs = any(
        (given := [c for c in body.contacts if c.channel == official.channel])
        and all(_squash(c.value) != _squash(official.value) for c in given)
        for official in current.contacts
    )
    return SchemeDetails(
        name=body.name,
        current_name=current.name if renamed else None,
        operator=current.operator,
        former_operator=former_operator,
        contacts=_contacts(body.contacts),
        current_contacts=_contacts(current.contacts),
        contacts_outdated=renamed or differs or former_operator is not None,
        called=current.called,
    )


def _listed_scheme(scheme: Scheme) -> SchemeDetails:
    return SchemeDetails(
        scheme.name,
        None,
        scheme.operator,
        None,
        _contacts(scheme.contacts),
        (),
        False,
        scheme.called,
    )


def adr_letter_for(case: Case, code: ProviderCode, rules: Rules, letter_date: date) -> AdrLetter:
    """The ADR letter for `case`, sent on `letter_date`, under `code` and today's `rules`."""
    rights = adr_rights(
        code,
        rules,
        case.adr_counted_from,
        customer_type=case.customer.customer_type,
        employees=case.customer.employees,
        category=case.category,
    )
    terms = code.adr
    named_instead_note = None
    if terms.scheme is None and terms.named_instead is not None:
        body = rules.not_a_scheme(terms.named_instead.name)
        named_instead_note = body.description if body is not None else None
    return AdrLetter(
        reference=case.reference,
        provider=code.id,
        provider_name=code.trading_name,
        customer_name=case.customer.name,
        raised_on=case.raised_at.date(),
        letter_date=letter_date,
        scheme=_code_scheme(terms.scheme, rules) if terms.scheme else None,
        named_instead=terms.named_instead.name if terms.named_instead else None,
        named_instead_note=named_instead_note,
        approved_schemes=() if terms.scheme else tuple(_listed_scheme(s) for s in rules.schemes),
        apply_from=rights.opens_with_letter(letter_date),
        opens_at_once=rights.letter_opens_at_once,
        apply_until=rights.apply_until(letter_date),
        limit_months=rights.limit_after_letter_months,
        code_limit_months=rights.code_limit_after_letter_months,
        free=rights.free,
        eligible=rights.eligibility.eligible,
        eligibility_notes=tuple(r.text for r in rights.eligibility.reasons),
    )
