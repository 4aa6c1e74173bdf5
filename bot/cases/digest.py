"""The daily digest: for each person handling cases, and for the team, what needs doing.

Three lists, each from `bot.cases.due` (so time is counted as each promise counts it):
- due by the end of the next working day (each provider's own working day), not yet overdue;
- overdue: promises past due and not met;
- ADR letters owed: cases past the day ADR opened with no ADR letter sent, where the customer may use
  ADR and the case is not resolved or closed (today's rules make the letter the provider's duty once
  the wait has run out, as `cases overdue` counts it).
The team's digest also lists the references locked by the case check (too many wrong answers to
the verification question, bot/cases/verification.py): a customer may be calling about one, and
staff lift a lock with `cases unlock REF`.

A case with nobody assigned goes in the digest of "unassigned" cases. The team's digest has all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.cases.due import ADR_LETTER, Window, falling_due, item_rows
from bot.cases.due import DueItem as Item
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification, Lock
from bot.cases.views import moment_text

NEXT_WORKING_DAY = Window(1, "d")
UNASSIGNED = "unassigned"
SECTIONS: tuple[tuple[str, str], ...] = (
    ("due", "Due by the end of the next working day"),
    ("overdue", "Overdue"),
    ("adr_letters_owed", "ADR letters owed"),
)


@dataclass(frozen=True)
class Digest:
    """One digest: the team's (`assignee` None and `team` True) or one person's."""

    assignee: str | None  # None: the team, or the cases nobody is assigned
    team: bool
    due: tuple[Item, ...]
    overdue: tuple[Item, ...]
    adr_letters_owed: tuple[Item, ...]
    locked: tuple[Lock, ...] = ()  # the team's digest only

    @property
    def title(self) -> str:
        if self.team:
            return "Team"
        return self.assignee if self.assignee is not None else "Unassigned"

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name, _ in SECTIONS}

    def summary(self) -> str:
        due, overdue, adr = (len(self.due), len(self.overdue), len(self.adr_letters_owed))
        letters = f"{adr} ADR letter{'s' if adr != 1 else ''} owed"
        summary = f"{due} due by the end of the next working day, {overdue} overdue, {letters}"
        if self.team and self.locked:
            count = len(self.locked)
            summary += f", {count} locked reference{'s' if count != 1 else ''}"
        return summary

    def to_dict(self) -> dict[str, Any]:
        return {
            "assignee": self.assignee,
            "team": self.team,
            "counts": self.counts(),
            **{name: [i.to_dict() for i in getattr(self, name)] for name, _ in SECTIONS},
            **(
                {
                    "locked_references": [
                        {
                            "reference": lock.reference,
                            "locked_at": lock.locked_at.isoformat(),
                            "until": lock.until.isoformat(),
                            "failures": lock.failures,
                        }
                        for lock in self.locked
                    ]
                }
                if self.team
                else {}
            ),
        }


@dataclass(frozen=True)
class DailyDigests:
    at: datetime
    team: Digest
    handlers: tuple[Digest, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "team": self.team.to_dict(),
            "handlers": [d.to_dict() for d in self.handlers],
        }


def _digest(items: list[Item], assignee: str | None, team: bool) -> Digest:
    return Digest(
        assignee=assignee,
        team=team,
        due=tuple(i for i in items if not i.overdue),
        overdue=tuple(i for i in items if i.overdue and i.kind != ADR_LETTER),
        adr_letters_owed=tuple(i for i in items if i.overdue and i.kind == ADR_LETTER),
    )


def daily_digests(store: CaseStore, now: datetime, assignee: str | None = None) -> DailyDigests:
    """The team's digest and one for each person with something in it (then the unassigned);
    with `assignee`, that person's only (and the team's made of their items)."""
    items = falling_due(store, now, NEXT_WORKING_DAY, assignee=assignee)
    people: dict[str, str] = {}  # the name as first written, by its lower-case form
    for item in items:
        if item.assignee is not None:
            people.setdefault(item.assignee.strip().lower(), item.assignee.strip())
    handlers = [
        _digest([i for i in items if (i.assignee or "").strip().lower() == key], name, False)
        for key, name in sorted(people.items(), key=lambda pair: pair[1].lower())
    ]
    unassigned = [i for i in items if i.assignee is None]
    if unassigned:
        handlers.append(_digest(unassigned, None, False))
    if assignee is not None and not handlers:
        handlers.append(_digest([], assignee.strip(), False))
    team = _digest(items, None, True)
    locked = tuple(CaseVerification(store).active_locks(now))
    team = Digest(team.assignee, True, team.due, team.overdue, team.adr_letters_owed, locked)
    return DailyDigests(at=now, team=team, handlers=tuple(handlers))


def digest_text(
    digest: Digest, at: datetime, show: Callable[[str | None], str], *, colour: bool = False
) -> str:
    """One digest for a person to read (a terminal, or later an e-mail)."""
    lines = [f"{show(digest.title)}: daily digest, {moment_text(at)}", digest.summary()]
    for name, heading in SECTIONS:
        items = list(getattr(digest, name))
        lines.append("")
        if not items:
            lines.append(f"{heading}: none.")
            continue
        lines.append(f"{heading}:")
        lines += item_rows(items, show, colour=colour, assignee=digest.team, indent="  ")
    if digest.team:
        lines.append("")
        if not digest.locked:
            lines.append("Locked references (case check): none.")
        else:
            lines.append("Locked references (case check; 'complaints cases unlock REF' lifts one):")
            for lock in digest.locked:
                lines.append(
                    f"  {show(lock.reference):<10}  {lock.failures} wrong answers; locked "
                    f"{moment_text(lock.locked_at)} until {moment_text(lock.until)}"
                )
    return "\n".join(lines) + "\n"
