"""Cases as CSV for a spreadsheet: one row per promise, with whether it was kept on time.

A case with three promises gives three rows (the case's columns repeated on each, so a filter or a
pivot table works on any column); a case with no timed promise gives one row with the promise's
columns empty. `outcome` says, at the moment of the export: `met_on_time`, `met_late`, `overdue`
(not met and past due) or `open` (not met, not yet due).

The columns are one list, `COLUMNS`: each name with how its value is read from a case and one of
its promises, so the header and the rows cannot drift apart.

Cells that a spreadsheet would run as a formula (starting =, +, -, @, tab or carriage return) get a
leading apostrophe, the usual guard against CSV injection.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TextIO

from bot.cases.views import Case, CaseCommitment

MET_ON_TIME, MET_LATE, OVERDUE, OPEN = "met_on_time", "met_late", "overdue", "open"


def outcome(commitment: CaseCommitment, now: datetime) -> str:
    """Whether a promise was kept: met on time, met late, overdue, or still open."""
    if commitment.met_at is not None:
        return MET_ON_TIME if commitment.met_at <= commitment.due else MET_LATE
    return OVERDUE if commitment.due < now else OPEN


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


Row = tuple[Case, CaseCommitment | None, datetime]
Column = tuple[str, Callable[[Case, CaseCommitment | None, datetime], Any]]


def _promise(read: Callable[[CaseCommitment, datetime], Any]) -> Callable[..., Any]:
    return lambda case, promise, now: None if promise is None else read(promise, now)


COLUMNS: tuple[Column, ...] = (
    ("reference", lambda c, p, n: c.reference),
    ("provider", lambda c, p, n: c.provider),
    ("category", lambda c, p, n: c.category),
    ("channel", lambda c, p, n: c.channel),
    ("status", lambda c, p, n: c.status),
    ("raised_at", lambda c, p, n: _iso(c.raised_at)),
    ("first_raised", lambda c, p, n: _iso(c.first_raised)),
    ("escalation_level", lambda c, p, n: c.escalation_level),
    ("handler", lambda c, p, n: c.handler),
    ("assignee", lambda c, p, n: c.assignee),
    ("adr_opens", lambda c, p, n: _iso(c.adr_opens)),
    ("adr_letter_date", lambda c, p, n: _iso(c.adr_letter_date)),
    # An ADR letter the customer says they hold (their word), and how roughly they gave its day
    # ("in mid October"; empty when exact: revision 0014).
    ("adr_letter_held", lambda c, p, n: _iso(c.adr_letter_held)),
    ("adr_letter_held_rough", lambda c, p, n: c.adr_letter_held_rough),
    ("resolved_at", lambda c, p, n: _iso(c.resolved_at)),
    ("closed_at", lambda c, p, n: _iso(c.closed_at)),
    ("customer_name", lambda c, p, n: c.customer.name),
    ("customer_email", lambda c, p, n: c.customer.email),
    ("customer_phone", lambda c, p, n: c.customer.phone),
    ("customer_postcode", lambda c, p, n: c.customer.postcode),
    ("customer_address", lambda c, p, n: c.customer.address),
    ("customer_account", lambda c, p, n: c.customer.account),
    ("customer_type", lambda c, p, n: c.customer.customer_type),
    ("employees", lambda c, p, n: c.customer.employees),
    ("head_count", lambda c, p, n: c.customer.head_count),
    ("contact_preference", lambda c, p, n: c.customer.contact_preference),
    ("accessibility_needs", lambda c, p, n: c.customer.accessibility_needs),
    # Who made the complaint for the account holder, in their telling (revision 0013).
    ("made_on_behalf", lambda c, p, n: c.customer.made_on_behalf),
    ("account_holder_name", lambda c, p, n: c.customer.account_holder_name),
    ("escalation_requested", lambda c, p, n: c.escalation_requested),
    ("adr_letter_requested", lambda c, p, n: c.adr_letter_requested),
    ("callback_requested", lambda c, p, n: c.callback_requested),
    ("commitment", _promise(lambda p, n: p.id)),
    ("commitment_kind", _promise(lambda p, n: p.kind)),
    ("commitment_due", _promise(lambda p, n: _iso(p.due))),
    ("commitment_met_at", _promise(lambda p, n: _iso(p.met_at))),
    ("commitment_outcome", _promise(outcome)),
    ("description", lambda c, p, n: c.description),
    ("resolution", lambda c, p, n: c.resolution),
)
COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows(cases: Iterable[Case], now: datetime) -> Iterable[list[Any]]:
    """One row per promise of each case (one row for a case with none), cells made safe."""
    for case in cases:
        for promise in case.commitments or (None,):
            yield [csv_cell(read(case, promise, now)) for _, read in COLUMNS]


def write_csv(cases: list[Case], handle: TextIO, now: datetime) -> int:
    """Write the header and the rows to `handle`; the number of rows (not counting the header)."""
    writer = csv.writer(handle)
    writer.writerow(COLUMN_NAMES)
    count = 0
    for row in rows(cases, now):
        writer.writerow(row)
        count += 1
    return count
