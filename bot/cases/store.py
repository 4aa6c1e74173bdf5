"""The case store: every complaint as a case that is never lost, with its whole history.

One `CaseStore` per process (the desk opens one per command, the action server one at start). Each
method is one unit of work in its own `session_scope()`, and every change writes its event in the
same transaction, so a case and its log never disagree. The clock is injected: every method that
depends on the time takes `now`.

How promises are met (the codes say "respond", "call back", "contact you", "acknowledge"):
- `acknowledge` meets the promise to acknowledge;
- a customer contact meets every promise still open (an acknowledgement too, since a reply that
  comes first also acknowledges). The contacts are: `resolve` (the outcome is given to the
  customer), `record_adr_letter` (the letter is a reply), and a note recorded with
  `contacted=True` ("called back, agreed to ring again on Friday").
- Assigning, escalating, investigating and ordinary notes are internal and meet nothing.

Databases: SQLite (the embedded default, a file under `var/`, in WAL mode with foreign keys on and
each write transaction begun IMMEDIATE so concurrent writers queue instead of failing) or PostgreSQL
(`DATABASE_URL`). Opening the store migrates the database to the current schema.

Where each part lives (`CaseStore` is composed from them; import everything from here):
- bot/cases/engine.py: `DATABASE_URL`, the engines for SQLite and PostgreSQL;
- bot/cases/checks.py: who acts, moments with a time zone, staff's text, the customer's answer;
- bot/cases/mapping.py: database rows as the read-only views of bot/cases/views.py;
- bot/cases/base.py: sessions (one unit of work each) and finding a case (`CaseNotFound`);
- bot/cases/queries.py: reading cases, what is overdue and owed;
- this module: opening the store and creating a case (one per submission key);
- bot/cases/moves.py: the lifecycle moves, the ADR letter and customers' requests;
- bot/cases/subject_access.py: the CSV export and subject access;
- bot/cases/purging.py: purging old closed cases, and the conversations cases keep.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.cases import schema
from bot.cases.base import CaseNotFound
from bot.cases.checks import answer_matches, check_now, check_who, clean_staff_text
from bot.cases.engine import DEFAULT_SQLITE_PATH, database_url, make_engine, safe_url
from bot.cases.lifecycle import LifecycleError
from bot.cases.mapping import case_view
from bot.cases.models import CaseRecord, CommitmentRecord, MailRecord
from bot.cases.moves import CUSTOMER_REQUESTS, CaseMoves
from bot.cases.purging import CasePurging
from bot.cases.references import ReferenceFormatError, new_reference
from bot.cases.subject_access import CaseRecords
from bot.cases.views import LONDON, Case, london
from bot.intake import Intake, IntakeError
from bot.provider_codes import ProviderCode, get_code
from bot.regulation import Rules
from bot.rights import adr_rights, quote_response_times

# What callers import from here (some of it lives in the modules above).
__all__ = [
    "CUSTOMER_REQUESTS",
    "DEFAULT_SQLITE_PATH",
    "CaseNotFound",
    "CaseStore",
    "LifecycleError",
    "ReferenceFormatError",
    "answer_matches",
    "clean_staff_text",
    "database_url",
    "make_engine",
    "safe_url",
    "submission_key",
]

REFERENCE_ATTEMPTS = 20
# A moment of receipt a little ahead of the clock is a clock difference, not a mistake.
CLOCK_TOLERANCE = timedelta(minutes=5)


def submission_key(conversation_id: str, intake: Intake) -> str:
    """The same conversation submitting the same complaint gives the same key (and so one case)."""
    payload = json.dumps(
        {"conversation": conversation_id, "intake": intake.to_dict()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class CaseStore(CaseMoves, CaseRecords, CasePurging):
    """The case store, composed from its parts: StoreBase (bot/cases/base.py: sessions, finding a
    case), CaseQueries (queries.py), CaseMoves (moves.py), CaseRecords (subject_access.py) and
    CasePurging (purging.py); opening it and creating cases are here."""

    @classmethod
    def open(cls, url: str | None = None, *, rules: Rules | None = None) -> CaseStore:
        """The store at `url` (default: `database_url()`), migrated to the current schema."""
        engine = make_engine(url or database_url())
        try:
            schema.upgrade(engine)
        except Exception:
            engine.dispose()
            raise
        return cls(engine, rules)

    def dispose(self) -> None:
        """Close the store's database connections."""
        self.engine.dispose()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.dispose()

    # --- creating --------------------------------------------------------------------------

    def create_case(
        self,
        intake: Intake,
        *,
        received: datetime,
        submission_key: str | None = None,
        actor: str,
        channel: str,
        now: datetime | None = None,
        conversation_id: str | None = None,
    ) -> Case:
        """A new case for `intake`, with every commitment's due moment fixed from the code.

        The same `submission_key` always gives the same case: a retry after a timeout, or two
        racing submissions, get the first one's case. `conversation_id` links the chat the case came
        from (its transcript is kept as long as the case). A customer with an e-mail address has
        the written confirmation queued in the same transaction (bot/cases/confirmations.py).
        """
        now = now or received
        check_now(received)
        check_now(now)
        check_who(actor, channel)
        if received > now + CLOCK_TOLERANCE:
            raise IntakeError(
                "received",
                "received-in-future",
                f"The complaint cannot have been received on {received:%Y-%m-%d at %H:%M}: "
                "that is in the future.",
            )
        received_day = received.astimezone(LONDON).date()
        if intake.first_raised is not None and intake.first_raised > received_day:
            raise IntakeError(
                "first_raised",
                "first-raised-in-future",
                f"The complaint cannot have been first raised on {intake.first_raised:%Y-%m-%d}: "
                f"that is after it was received ({received_day:%Y-%m-%d}).",
            )
        if submission_key is not None and not 1 <= len(submission_key) <= 128:
            raise ValueError("submission_key must be 1 to 128 characters")
        if conversation_id is not None and not 1 <= len(conversation_id) <= 255:
            raise ValueError("conversation_id must be 1 to 255 characters")
        code = get_code(intake.provider)
        quote = quote_response_times(
            code,
            self.rules,
            channel=intake.channel,
            received=received,
            customer_type=intake.customer_type,
            employees=intake.employees,
            category=intake.category,
        )
        # The ADR wait runs from when the complaint was first raised (regulation.md): the day the
        # customer says, when that was before this case was logged (issue 14).
        adr = quote.adr
        first_raised = intake.first_raised if intake.first_raised != received_day else None
        if first_raised is not None:
            adr = adr_rights(
                code,
                self.rules,
                datetime.combine(first_raised, time(12), tzinfo=LONDON),
                customer_type=intake.customer_type,
                employees=intake.employees,
                category=intake.category,
            )
        with self.session_scope() as session:
            if submission_key is not None:
                existing = self._by_submission_key(session, submission_key)
                if existing is not None:
                    return case_view(existing)
            for _attempt in range(REFERENCE_ATTEMPTS):
                record = self._new_record(code, intake, adr.opens, received, submission_key)
                record.first_raised = first_raised
                record.adr_letter_held = intake.adr_letter_held
                if intake.adr_letter_held is not None:
                    record.adr_letter_held_rough = intake.adr_letter_held_rough
                try:
                    with session.begin_nested():
                        session.add(record)
                        session.flush()
                except IntegrityError:
                    # Either the random reference is taken or a racing submission with the same
                    # key has just committed: return its case, or try another reference.
                    if submission_key is not None:
                        existing = self._by_submission_key(session, submission_key)
                        if existing is not None:
                            return case_view(existing)
                    continue
                break
            else:
                raise RuntimeError(
                    f"no free {code.reference_prefix} reference after {REFERENCE_ATTEMPTS} tries"
                )
            record.commitments = [
                CommitmentRecord(commitment_id=d.commitment.id, kind=d.commitment.kind, due=d.due)
                for d in quote.commitments
            ]
            record.conversation_id = conversation_id
            if record.customer_email:
                session.add(
                    MailRecord(
                        case_id=record.id,
                        kind="confirmation",
                        queued_at=now,
                        attempts=0,
                        next_attempt_at=now,
                    )
                )
            self._log(
                session,
                record,
                now,
                actor,
                channel,
                "raised",
                {
                    "to": record.status,
                    "received": received.isoformat(),
                    "channel": intake.channel,
                    "category": intake.category,
                    "handler": record.handler,
                    "commitments": {d.commitment.id: d.due.isoformat() for d in quote.commitments},
                    "adr_opens": adr.opens.isoformat(),
                    **({"first_raised": first_raised.isoformat()} if first_raised else {}),
                    **({"conversation": True} if conversation_id else {}),
                },
            )
            session.flush()
            return case_view(record)

    def record_first_raised(
        self, reference: str, first_raised: date, *, now: datetime, actor: str, channel: str
    ) -> Case:
        """The day the customer says they first raised the complaint, told after it was logged
        ("I first reported this on 3 November"): kept on the case, and the ADR date counted from it
        as `create_case` counts it at logging (the replies owed stay counted from the log). A note
        on the file says so, with the dates before and after."""

        def apply(record: CaseRecord, _session: Session) -> dict[str, Any]:
            received = london(record.raised_at)  # type: ignore[arg-type]
            if first_raised > received.date():
                raise IntakeError(
                    "first_raised",
                    "first-raised-in-future",
                    f"The complaint cannot have been first raised on {first_raised:%Y-%m-%d}: "
                    f"that is after it was received ({received.date():%Y-%m-%d}).",
                )
            code = get_code(record.provider)
            kept = first_raised if first_raised != received.date() else None
            counted_from = (
                datetime.combine(kept, time(12), tzinfo=LONDON) if kept is not None else received
            )
            opens = adr_rights(
                code,
                self.rules,
                counted_from,
                customer_type=record.customer_type,
                employees=record.employees,
                category=record.category,
            ).opens
            previous = {
                "previous_first_raised": record.first_raised.isoformat()
                if record.first_raised
                else None,
                "previous_adr_opens": record.adr_opens.isoformat(),
            }
            record.first_raised, record.adr_opens = kept, opens
            return {
                "text": f"The customer says they first raised this complaint on "
                f"{first_raised:%d %B %Y}; the ADR date is counted from that day.",
                "contacted": False,
                "first_raised": first_raised.isoformat(),
                "adr_opens": opens.isoformat(),
                **previous,
            }

        return self._change(reference, "note", apply, now=now, actor=actor, channel=channel)

    @staticmethod
    def _by_submission_key(session: Session, key: str) -> CaseRecord | None:
        statement = (
            select(CaseRecord)
            .where(CaseRecord.submission_key == key)
            .options(selectinload(CaseRecord.commitments))
        )
        return session.execute(statement).scalar_one_or_none()

    @staticmethod
    def _new_record(
        code: ProviderCode,
        intake: Intake,
        adr_opens: Any,
        received: datetime,
        key: str | None,
    ) -> CaseRecord:
        return CaseRecord(
            reference=new_reference(code.reference_prefix),
            submission_key=key,
            provider=code.id,
            category=intake.category,
            channel=intake.channel,
            description=intake.description,
            customer_name=intake.name,
            customer_email=intake.email,
            customer_phone=intake.phone,
            customer_postcode=intake.postcode,
            customer_address=intake.address,
            customer_account=intake.account,
            customer_type=intake.customer_type,
            employees=intake.employees,
            head_count=intake.head_count,
            contact_preference=intake.contact_preference,
            accessibility_needs=intake.accessibility_needs,
            made_on_behalf=intake.made_on_behalf,
            account_holder_name=intake.account_holder_name,
            raised_at=received,
            status="raised",
            escalation_level=0,
            handler=code.first_handler.role,
            adr_opens=adr_opens,
            escalation_requested=False,
            adr_letter_requested=False,
            callback_requested=False,
        )
