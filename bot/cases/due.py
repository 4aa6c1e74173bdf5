"""What falls due, and how long is left: the desk's view before a promise is broken.

Time is counted the way the promise counts it. A promise in working days or working hours runs only
in the provider's working time (`bot.working_time`), so its time left is working time: at 16:00 on
a Friday, a reply due at 10:00 on Monday from a provider open 09:00-17:30 has 2h 30m left, not
2 days. A promise in calendar hours (ISS's 48 hours) and the ADR letter (owed from the day ADR
opens, whatever the day) run on the plain clock.

A window such as `2d` or `4h` (`cases due --within`) is counted the same way, in each provider's own
working time: `2d` runs to the close of the second working day after today (as a code's "two
working days" does), `4h` is four working hours (four plain hours for a promise in calendar hours).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.cases.needs import needs_by_reference
from bot.cases.store import CaseStore
from bot.cases.views import ADR_LETTER, Case, adr_letter_due_moment, moment_text
from bot.cli_support import red
from bot.provider_codes import ProviderCode, get_code, load_all_codes

WORKING = "working"  # counted in the provider's working time
CALENDAR = "calendar"  # counted on the plain clock

_WINDOW = re.compile(
    r"^\s*(?P<amount>[0-9]{1,4})\s*(?P<unit>d|days?|wd|working\s+days?|h|hours?|wh|"
    r"working\s+hours?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Window:
    """How far ahead to look: a number of working days, or of (working) hours."""

    amount: int
    unit: str  # "d": working days; "h": hours

    def describe(self) -> str:
        unit = "working day" if self.unit == "d" else "working hour"
        return f"{self.amount} {unit}{'s' if self.amount != 1 else ''}"

    def ends(self, code: ProviderCode, now: datetime, counted: str = WORKING) -> datetime:
        """When the window that starts `now` ends for this provider (and this way of counting)."""
        working = code.working_time
        if self.unit == "d":
            return working.end_of_working_days(now, self.amount)
        if counted == CALENDAR:
            return working.add_calendar_hours(now, self.amount)
        return working.add_working_hours(now, self.amount)


def parse_window(text: str) -> Window:
    """'2d' (two working days), '4h' (four working hours); also '2 days', '4 hours'."""
    match = _WINDOW.match(text or "")
    if match is None:
        raise ValueError(
            f"{text!r} is not a window: expected a number of working days or hours, such as 2d "
            "or 4h"
        )
    unit = "h" if "h" in match["unit"].lower() else "d"
    return Window(int(match["amount"]), unit)


def counted_in(code: ProviderCode, commitment_id: str) -> str:
    """How the code counts this promise: WORKING, or CALENDAR for one made in calendar hours.

    A commitment the code no longer has (the code changed after the case was raised) is counted in
    working time, as every other promise of the codes is.
    """
    for commitment in code.commitments:
        if commitment.id == commitment_id:
            return CALENDAR if commitment.period.unit == "calendar_hours" else WORKING
    return WORKING


def time_left(code: ProviderCode, due: datetime, now: datetime, counted: str) -> timedelta:
    """From `now` to `due`, negative once it has passed, counted as the promise counts time."""
    if counted == CALENDAR:
        return due.astimezone(timezone.utc) - now.astimezone(timezone.utc)
    return code.working_time.working_time_between(now, due)


def working_day_hours(code: ProviderCode) -> float:
    """How long one of the provider's working days is: its opening hours, or 24 hours."""
    working = code.working_time
    if working.opens is None or working.closes is None:
        return 24.0
    opens = working.opens.hour * 60 + working.opens.minute
    closes = working.closes.hour * 60 + working.closes.minute
    return (closes - opens) / 60


def left_text(left: timedelta, *, overdue: bool, counted: str, day_hours: float = 24.0) -> str:
    """Time left as a person reads it: '+7h 30m' or '-0h 45m' under 48 hours (to the minute);
    beyond that whole days, '+3d' on the plain clock or '-12wd' (working days of the provider's
    own length) in working time."""
    sign = "-" if overdue else "+"
    minutes = round(abs(left.total_seconds()) / 60)
    if minutes < 48 * 60:
        hours, minutes = divmod(minutes, 60)
        return f"{sign}{hours}h {minutes:02d}m"
    if counted == CALENDAR:
        return f"{sign}{minutes // (24 * 60)}d"
    return f"{sign}{int(minutes // (day_hours * 60))}wd"


@dataclass(frozen=True)
class DueItem:
    """One thing owed on a case by a moment: an unmet promise, or the ADR letter."""

    reference: str
    provider: str
    category: str
    status: str
    customer_name: str
    handler: str
    assignee: str | None
    item: str  # the commitment's id, or "adr_letter"
    kind: str  # the commitment's kind, or "adr_letter"
    due: datetime
    left: timedelta  # negative once overdue (or zero: overdue outside working time)
    counted: str  # WORKING or CALENDAR
    overdue: bool  # past its due moment
    day_hours: float = 24.0  # the length of the provider's working day
    needs: tuple[str, ...] = ()  # needs recorded with the customer's consent: shown first

    @property
    def left_text(self) -> str:
        return left_text(
            self.left, overdue=self.overdue, counted=self.counted, day_hours=self.day_hours
        )

    @property
    def what(self) -> str:
        return "ADR letter" if self.kind == ADR_LETTER else f"{self.item} ({self.kind})"

    def to_dict(self) -> dict[str, Any]:
        seconds = self.left.total_seconds()
        return {
            "reference": self.reference,
            "provider": self.provider,
            "category": self.category,
            "status": self.status,
            "customer_name": self.customer_name,
            "handler": self.handler,
            "assignee": self.assignee,
            "item": self.item,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "due_text": moment_text(self.due),
            "left_seconds": math.floor(seconds) if seconds >= 0 else -math.floor(-seconds),
            "left_text": self.left_text,
            "counted_in": f"{self.counted} time",
            "overdue": self.overdue,
            "needs": list(self.needs),
        }


def owed_items(case: Case, now: datetime, adr_letter_owed: bool) -> list[DueItem]:
    """Everything still owed on the case, soonest first: each unmet promise, and the ADR letter
    when the provider owes it (now or once ADR opens; `adr_letter_owed` says whether it will)."""
    code = get_code(case.provider)

    def item(what: str, kind: str, due: datetime, counted: str) -> DueItem:
        return DueItem(
            reference=case.reference,
            provider=case.provider,
            category=case.category,
            status=case.status,
            customer_name=case.customer.name,
            handler=case.handler,
            assignee=case.assignee,
            item=what,
            kind=kind,
            due=due,
            left=time_left(code, due, now, counted),
            counted=counted,
            overdue=due < now,
            day_hours=working_day_hours(code),
        )

    items = [
        item(o.item, o.kind, o.due, CALENDAR if o.kind == ADR_LETTER else counted_in(code, o.item))
        for o in case.owed(adr_letter_owed)
    ]
    return sorted(items, key=lambda i: (i.due, i.item))


def within(item: DueItem, window: Window, now: datetime) -> bool:
    """Whether the item falls due before `window` (from `now`) ends: overdue items always do."""
    return item.due <= window.ends(get_code(item.provider), now, item.counted)


def case_items(store: CaseStore, case: Case, now: datetime) -> list[DueItem]:
    """Everything still owed on `case`, soonest first (the ADR letter only where the provider will
    owe it: the customer is not shut out of ADR and the case is not resolved or closed)."""
    adr_due = adr_letter_due_moment(case.adr_opens)
    return owed_items(case, now, store.adr_letter_owed(case, max(now, adr_due)))


def next_item(store: CaseStore, case: Case, now: datetime) -> DueItem | None:
    """The first thing owed on the case (overdue ones first), or None when nothing is."""
    items = case_items(store, case, now)
    return items[0] if items else None


def falling_due(
    store: CaseStore,
    now: datetime,
    window: Window,
    *,
    assignee: str | None = None,
    provider: str | None = None,
) -> list[DueItem]:
    """Every promise not yet met and every ADR letter owed by the end of `window`, overdue ones
    included: first those of cases where the customer agreed to have needs recorded, then the
    rest, each soonest first; each provider's window counted in its own working time."""
    # Working time never runs faster than the clock, so the latest working-time end of any provider
    # is a bound for every item; each item is then held to its own provider's window.
    horizon = max(window.ends(code, now, WORKING) for code in load_all_codes().values())
    wanted = assignee.strip().lower() if assignee is not None else None
    items = [
        item
        for case in store.owing_by(horizon)
        if (provider is None or case.provider == provider)
        and (wanted is None or (case.assignee or "").strip().lower() == wanted)
        for item in case_items(store, case, now)
        if within(item, window, now)
    ]
    needs = needs_by_reference(store, {i.reference for i in items})
    items = [
        replace(i, needs=tuple(n.need for n in needs[i.reference])) if i.reference in needs else i
        for i in items
    ]
    return sorted(items, key=lambda i: (not i.needs, i.due, i.reference, i.item))


LEFT_LEGEND = (
    "LEFT counts working time (wd: the provider's working days) for promises in working days or "
    "hours, plain time (d: days) for promises in calendar hours and for ADR letters."
)


def item_rows(
    items: list[DueItem],
    show: Callable[[str | None], str],
    *,
    colour: bool = False,
    assignee: bool = True,
    indent: str = "",
) -> list[str]:
    """A table of items for a terminal: reference, due moment, time left (red when overdue and
    `colour`), what, status, assignee and customer. `show` makes stored text safe to print."""
    what_width = max((len(i.what) for i in items), default=4)
    status_width = max((len(i.status) for i in items), default=6)
    who_width = max((len(show(i.assignee or "-")) for i in items), default=8)
    header = (
        f"{indent}{'REFERENCE':<10}  {'DUE':<16}  {'LEFT':>10}  {'WHAT':<{what_width}}  "
        f"{'STATUS':<{status_width}}  "
        + (f"{'ASSIGNEE':<{max(who_width, 8)}}  " if assignee else "")
        + "CUSTOMER"
    )
    rows = [header]
    for i in items:
        left = f"{i.left_text:>10}"
        rows.append(
            f"{indent}{i.reference:<10}  {i.due:%Y-%m-%d %H:%M}  "
            f"{red(left, colour and i.overdue)}  {i.what:<{what_width}}  "
            f"{i.status:<{status_width}}  "
            + (f"{show(i.assignee or '-'):<{max(who_width, 8)}}  " if assignee else "")
            + show(i.customer_name)
            + (f"  [NEEDS: {show('; '.join(i.needs))}]" if i.needs else "")
        )
    return rows
