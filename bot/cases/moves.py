"""Changing a case along its lifecycle (`CaseMoves`, part of `CaseStore`): each move loads the case
for update, checks the move against the lifecycle table (bot/cases/lifecycle.py), applies it and
logs its event, in one transaction. How promises are met: see bot/cases/store.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.cases.checks import check_now, check_who, clean_staff_text
from bot.cases.letters import AdrLetter, adr_letter_for
from bot.cases.lifecycle import MOVES, LifecycleError, check_move
from bot.cases.mapping import case_view
from bot.cases.models import CaseRecord, EventRecord
from bot.cases.queries import CaseQueries
from bot.cases.views import LONDON, Case
from bot.intake import IntakeError
from bot.provider_codes import get_code

CUSTOMER_REQUESTS: dict[str, str] = {
    "escalation": "escalation_requested",
    "adr_letter": "adr_letter_requested",
    "call_back": "callback_requested",
}


class CaseMoves(CaseQueries):
    """The lifecycle moves, the ADR letter and customers' requests."""

    @staticmethod
    def _log(
        session: Session,
        record: CaseRecord,
        now: datetime,
        actor: str,
        channel: str,
        kind: str,
        detail: dict[str, Any],
    ) -> None:
        if record.id is None:
            session.flush()
        session.add(
            EventRecord(
                case_id=record.id,
                at=now,
                actor=actor,
                channel=channel,
                kind=kind,
                detail=detail,
            )
        )

    @staticmethod
    def _meet(record: CaseRecord, now: datetime, kinds: tuple[str, ...] | None = None) -> list[str]:
        """Mark open promises met (those of `kinds`, or all); their ids, for the event."""
        met = []
        for commitment in record.commitments:
            if commitment.met_at is None and (kinds is None or commitment.kind in kinds):
                commitment.met_at = now
                met.append(commitment.commitment_id)
        return met

    def _change(
        self,
        reference: str,
        move_name: str,
        apply: Callable[[CaseRecord, Session], dict[str, Any]],
        *,
        now: datetime,
        actor: str,
        channel: str,
    ) -> Case:
        """Load the case for update, check the move, apply it, and log it, in one transaction."""
        check_now(now)
        check_who(actor, channel)
        with self.session_scope() as session:
            record = self._load(session, reference)
            move = check_move(record.reference, record.status, move_name)
            detail: dict[str, Any] = {"from": record.status}
            detail.update(apply(record, session))
            if move.target is not None:
                record.status = move.target
                detail["to"] = move.target
            self._log(session, record, now, actor, channel, move.event, detail)
            session.flush()
            return case_view(record)

    def acknowledge(self, reference: str, *, now: datetime, actor: str, channel: str) -> Case:
        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            return {"met": self._meet(record, now, ("acknowledge",))}

        return self._change(reference, "acknowledge", apply, now=now, actor=actor, channel=channel)

    def start_investigation(
        self, reference: str, *, now: datetime, actor: str, channel: str
    ) -> Case:
        return self._change(
            reference, "investigate", lambda r, s: {}, now=now, actor=actor, channel=channel
        )

    def assign(
        self, reference: str, handler: str, *, now: datetime, actor: str, channel: str
    ) -> Case:
        """Name the person handling the case at its current level (the role stays the code's)."""
        person = clean_staff_text(handler, "assignee", "name of the person to assign")
        if len(person) > 200 or "\n" in person:
            raise IntakeError(
                "assignee", "assignee-invalid", "The assignee must be one line of 200 characters."
            )

        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            previous, record.assignee = record.assignee, person
            return {"assignee": person, "previous_assignee": previous}

        return self._change(reference, "assign", apply, now=now, actor=actor, channel=channel)

    def add_note(
        self,
        reference: str,
        text: str,
        *,
        now: datetime,
        actor: str,
        channel: str,
        contacted: bool = False,
    ) -> Case:
        """A note for the file; `contacted=True` records a contact with the customer, which meets
        every promise still open (and answers a requested call back)."""
        note = clean_staff_text(text, "note", "note")

        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            detail: dict[str, Any] = {"text": note, "contacted": contacted}
            if contacted:
                detail["met"] = self._meet(record, now)
                if record.callback_requested:
                    record.callback_requested = False
                    detail["answered_request"] = "call_back"
            return detail

        return self._change(reference, "note", apply, now=now, actor=actor, channel=channel)

    def escalate(self, reference: str, *, now: datetime, actor: str, channel: str) -> Case:
        """Up one step of the code's escalation ladder; refused at the top (the next step is ADR)."""

        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            code = get_code(record.provider)
            ladder = code.escalation
            if record.escalation_level >= len(ladder):
                reason = (
                    f"it is already with the {record.handler}, the last step of the code of "
                    f"{code.trading_name}; the next step is an ADR letter"
                    if ladder
                    else f"the code of {code.trading_name} names no step above the {record.handler}"
                )
                raise LifecycleError(record.reference, MOVES["escalate"], record.status, reason)
            previous = record.handler
            record.escalation_level += 1
            record.handler = ladder[record.escalation_level - 1].role
            record.assignee = None
            detail: dict[str, Any] = {
                "level": record.escalation_level,
                "handler": record.handler,
                "previous_handler": previous,
            }
            if record.resolved_at is not None:
                detail["previous_resolution"] = record.resolution
                record.resolution = None
                record.resolved_at = None
            if record.escalation_requested:
                record.escalation_requested = False
                detail["answered_request"] = "escalation"
            return detail

        return self._change(reference, "escalate", apply, now=now, actor=actor, channel=channel)

    def resolve(
        self, reference: str, resolution: str, *, now: datetime, actor: str, channel: str
    ) -> Case:
        """The outcome, as given to the customer (so it meets every promise still open)."""
        outcome = clean_staff_text(resolution, "resolution", "resolution")

        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            record.resolution = outcome
            record.resolved_at = now
            return {"resolution": outcome, "met": self._meet(record, now)}

        return self._change(reference, "resolve", apply, now=now, actor=actor, channel=channel)

    def reopen(
        self,
        reference: str,
        *,
        now: datetime,
        actor: str,
        channel: str,
        reason: str | None = None,
    ) -> Case:
        """Back to work on it: the resolution and closure are cleared (the log keeps them)."""
        why = clean_staff_text(reason, "reason", "reason") if reason else None

        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            detail = {
                "reason": why,
                "previous_resolution": record.resolution,
                "previous_closed_at": record.closed_at.isoformat() if record.closed_at else None,
            }
            record.resolution = None
            record.resolved_at = None
            record.closed_at = None
            return detail

        return self._change(reference, "reopen", apply, now=now, actor=actor, channel=channel)

    def close(self, reference: str, *, now: datetime, actor: str, channel: str) -> Case:
        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            record.closed_at = now
            return {}

        return self._change(reference, "close", apply, now=now, actor=actor, channel=channel)

    def record_adr_letter(
        self, reference: str, *, now: datetime, actor: str, channel: str
    ) -> AdrLetter:
        """Deadlock: the ADR letter goes today; the case says so and the letter's text is returned."""
        letter_date = now.astimezone(LONDON).date()
        letters: list[AdrLetter] = []

        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            record.adr_letter_date = letter_date
            detail: dict[str, Any] = {"met": self._meet(record, now)}
            if record.adr_letter_requested:
                record.adr_letter_requested = False
                detail["answered_request"] = "adr_letter"
            letter = adr_letter_for(
                case_view(record), get_code(record.provider), self.rules, letter_date
            )
            letters.append(letter)
            detail.update(
                {
                    "letter_date": letter_date.isoformat(),
                    "apply_from": letter.apply_from.isoformat(),
                    "apply_until": letter.apply_until.isoformat(),
                    "scheme": letter.scheme.name_today if letter.scheme else None,
                }
            )
            return detail

        self._change(reference, "adr_letter", apply, now=now, actor=actor, channel=channel)
        return letters[0]

    def adr_letter(self, reference: str) -> AdrLetter:
        """The ADR letter already recorded for the case (LookupError if none was sent)."""
        case = self.require(reference)
        if case.adr_letter_date is None:
            raise LookupError(f"no ADR letter has been recorded for {case.reference}")
        return adr_letter_for(case, get_code(case.provider), self.rules, case.adr_letter_date)

    def request_by_customer(
        self, reference: str, kind: str, *, now: datetime, actor: str, channel: str
    ) -> Case:
        """The customer asks for an escalation, an ADR letter or a call back: a flag and an event
        for staff (the status does not change until staff act)."""
        if kind not in CUSTOMER_REQUESTS:
            raise ValueError(
                f"unknown request {kind!r}; expected one of: {', '.join(CUSTOMER_REQUESTS)}"
            )

        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            flag = CUSTOMER_REQUESTS[kind]
            already = bool(getattr(record, flag))
            setattr(record, flag, True)
            return {"request": kind, "already_requested": already}

        return self._change(reference, "request", apply, now=now, actor=actor, channel=channel)
