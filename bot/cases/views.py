"""What the store hands out: plain frozen dataclasses, never ORM objects tied to a session.

Moments are time-zone aware and shown in Europe/London.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.cases.lifecycle import CLOSED, OPEN_STATUSES, RESOLVED
from bot.regulation import long_date

LONDON = ZoneInfo("Europe/London")
ADR_LETTER = "adr_letter"  # the item and kind of an ADR letter owed, beside the promises'


def london(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(LONDON)


def adr_letter_due_moment(adr_opens: date) -> datetime:
    """The ADR letter is owed when the wait has run out: the start of the day ADR opens."""
    return datetime.combine(adr_opens, time.min, tzinfo=LONDON)


def moment_text(moment: datetime) -> str:
    """'Thursday 31 December 2026 at 17:30', or 'the end of Tuesday 29 December 2026' for a promise
    that runs to the end of a day (a code that states no hours)."""
    local = moment.astimezone(LONDON)
    if local.time() == time.max:
        return f"the end of {long_date(local.date())}"
    return f"{long_date(local.date())} at {local:%H:%M}"


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class Customer:
    name: str
    email: str | None = None
    phone: str | None = None
    postcode: str | None = None
    account: str | None = None
    customer_type: str | None = None  # consumer | business
    employees: int | None = None
    contact_preference: str | None = None
    accessibility_needs: str | None = None
    address: str | None = None  # for letters; the postcode is its own field
    # The groups as the customer gave them ("8 employees and 3 contractors"), or None.
    head_count: str | None = None
    # Who made the complaint for the account holder, in their telling (revision 0013), or None.
    made_on_behalf: str | None = None
    # The account holder's name, as the person complaining for them gave it (revision 0015).
    account_holder_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "postcode": self.postcode,
            "address": self.address,
            "account": self.account,
            "customer_type": self.customer_type,
            "employees": self.employees,
            "head_count": self.head_count,
            "contact_preference": self.contact_preference,
            "accessibility_needs": self.accessibility_needs,
            "made_on_behalf": self.made_on_behalf,
            "account_holder_name": self.account_holder_name,
        }


@dataclass(frozen=True)
class CaseCommitment:
    """One promise of the provider's code for this case: due when, and met when (if yet)."""

    id: str
    kind: str
    due: datetime
    met_at: datetime | None = None

    def overdue_at(self, now: datetime) -> bool:
        return self.met_at is None and self.due < now

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "due": _iso(self.due),
            "due_text": moment_text(self.due),
            "met_at": _iso(self.met_at),
        }


@dataclass(frozen=True)
class Owed:
    """One thing owed on a case by a moment: a promise (its id and kind), or the ADR letter."""

    item: str  # the commitment's id, or ADR_LETTER
    kind: str  # the commitment's kind, or ADR_LETTER
    due: datetime


@dataclass(frozen=True)
class Case:
    reference: str
    provider: str
    category: str
    channel: str
    description: str
    customer: Customer
    raised_at: datetime
    commitments: tuple[CaseCommitment, ...]
    status: str
    escalation_level: int  # 0: the code's first handler; n: the n-th step of its escalation ladder
    handler: str  # the role the code gives that level
    assignee: str | None  # the named person handling it, if one was assigned
    adr_opens: date
    adr_letter_date: date | None = None
    # The day of an ADR letter the customer says they hold (their word), or None.
    adr_letter_held: date | None = None
    # How roughly the customer gave that day, in words to say back ("in mid October"), or None.
    adr_letter_held_rough: str | None = None
    resolution: str | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    escalation_requested: bool = False
    adr_letter_requested: bool = False
    callback_requested: bool = False
    submission_key: str | None = field(default=None, repr=False)
    # The chat the case came from (Rasa's sender id), None for a case opened at the desk.
    conversation_id: str | None = field(default=None, repr=False)
    # The day the customer says they first raised the complaint with the provider (before the
    # case was logged), or None: the ADR wait runs from it (regulation.md), see `adr_counted_from`.
    first_raised: date | None = None

    # The customer's details that decide ADR eligibility, read as often as the case itself.
    @property
    def customer_name(self) -> str:
        return self.customer.name

    @property
    def customer_type(self) -> str | None:
        return self.customer.customer_type

    @property
    def employees(self) -> int | None:
        return self.customer.employees

    @property
    def adr_counted_from(self) -> datetime:
        """Where the ADR wait starts: when the customer says they first raised the complaint,
        if they said so, or else when the case was logged (noon, so the day is the same in
        every time zone the code's working time may use)."""
        if self.first_raised is not None and self.first_raised < self.raised_at.date():
            return datetime.combine(self.first_raised, time(12), tzinfo=LONDON)
        return self.raised_at

    @property
    def is_open(self) -> bool:
        """Still owed an answer: raised, acknowledged, investigating, escalated or reopened."""
        return self.status in OPEN_STATUSES

    def next_due(self, now: datetime) -> CaseCommitment | None:
        """The next promise to fall due at or after `now` and not yet met."""
        coming = [c for c in self.commitments if c.met_at is None and c.due >= now]
        return min(coming, key=lambda c: c.due, default=None)

    def overdue_commitments(self, now: datetime) -> tuple[CaseCommitment, ...]:
        return tuple(c for c in self.commitments if c.overdue_at(now))

    def owed(self, adr_letter_owed: bool, *, overdue_at: datetime | None = None) -> list[Owed]:
        """What is still owed on the case, as the desk's due lists and overdue list both count it:
        each promise not yet met (only those past due at `overdue_at`, when given), then the ADR
        letter when the provider owes it (`adr_letter_owed`, which the caller judges)."""
        owed = [
            Owed(c.id, c.kind, c.due)
            for c in self.commitments
            if c.met_at is None and (overdue_at is None or c.overdue_at(overdue_at))
        ]
        if adr_letter_owed:
            owed.append(Owed(ADR_LETTER, ADR_LETTER, adr_letter_due_moment(self.adr_opens)))
        return owed

    def adr_letter_overdue(self, now: datetime) -> bool:
        """ADR is open, no ADR letter has gone, and the case is neither resolved nor closed."""
        return (
            self.adr_letter_date is None
            and self.adr_letter_held is None  # the customer says they have one already
            and self.status not in (RESOLVED, CLOSED)
            and adr_letter_due_moment(self.adr_opens) <= now
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "provider": self.provider,
            "category": self.category,
            "channel": self.channel,
            "description": self.description,
            "customer": self.customer.to_dict(),
            "raised_at": _iso(self.raised_at),
            "first_raised": _iso(self.first_raised),
            "commitments": [c.to_dict() for c in self.commitments],
            "status": self.status,
            "escalation_level": self.escalation_level,
            "handler": self.handler,
            "assignee": self.assignee,
            "adr_opens": _iso(self.adr_opens),
            "adr_letter_date": _iso(self.adr_letter_date),
            "adr_letter_held": _iso(self.adr_letter_held),
            "adr_letter_held_rough": self.adr_letter_held_rough,
            "resolution": self.resolution,
            "resolved_at": _iso(self.resolved_at),
            "closed_at": _iso(self.closed_at),
            "requests": {
                "escalation": self.escalation_requested,
                "adr_letter": self.adr_letter_requested,
                "call_back": self.callback_requested,
            },
            "conversation_id": self.conversation_id,
        }


@dataclass(frozen=True)
class Event:
    """One entry of a case's log; `sequence` orders a case's events."""

    sequence: int
    reference: str
    at: datetime
    actor: str
    channel: str
    kind: str
    detail: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "reference": self.reference,
            "at": _iso(self.at),
            "actor": self.actor,
            "channel": self.channel,
            "kind": self.kind,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class OverdueItem:
    """Something owed on a case and past due: a commitment, or the ADR letter."""

    reference: str
    provider: str
    status: str
    customer_name: str
    handler: str
    assignee: str | None
    item: str  # the commitment's id, or "adr_letter"
    kind: str  # the commitment's kind, or "adr_letter"
    due: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "provider": self.provider,
            "status": self.status,
            "customer_name": self.customer_name,
            "handler": self.handler,
            "assignee": self.assignee,
            "item": self.item,
            "kind": self.kind,
            "due": _iso(self.due),
            "due_text": moment_text(self.due),
        }
