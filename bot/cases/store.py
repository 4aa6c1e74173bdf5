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
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import create_engine, delete, event, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.pool import QueuePool

from bot.cases import export, schema
from bot.cases.letters import AdrLetter, adr_letter_for
from bot.cases.lifecycle import (
    CLOSED,
    MOVES,
    OPEN_STATUSES,
    RESOLVED,
    STATUSES,
    LifecycleError,
    check_move,
)
from bot.cases.models import CaseRecord, CommitmentRecord, EventRecord, MailRecord, PurgeRecord
from bot.cases.references import ReferenceFormatError, new_reference, normalise_reference
from bot.cases.views import (
    LONDON,
    Case,
    CaseCommitment,
    Customer,
    Event,
    OverdueItem,
    adr_letter_due_moment,
    london,
)
from bot.intake import MAX_DESCRIPTION_CHARS, Intake, IntakeError, clean_email
from bot.provider_codes import ProviderCode, get_code
from bot.regulation import Rules, load_rules
from bot.rights import adr_eligibility, quote_response_times
from bot.sqlite import SQLITE_BUSY_SECONDS, configure_connection, private_sqlite_file

__all__ = [
    "CaseNotFound",
    "CaseStore",
    "LifecycleError",
    "ReferenceFormatError",
    "database_url",
    "make_engine",
    "submission_key",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = REPO_ROOT / "var" / "cases.db"
POSTGRES_CONNECT_SECONDS = 5
REFERENCE_ATTEMPTS = 20
# A moment of receipt a little ahead of the clock is a clock difference, not a mistake.
CLOCK_TOLERANCE = timedelta(minutes=5)
CUSTOMER_REQUESTS: dict[str, str] = {
    "escalation": "escalation_requested",
    "adr_letter": "adr_letter_requested",
    "call_back": "callback_requested",
}
MAX_ACTOR_CHARS = 200
MAX_CHANNEL_CHARS = 16


class CaseNotFound(LookupError):
    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(f"no case {reference}")

    def __str__(self) -> str:
        return f"no case {self.reference}"


# --- engines -----------------------------------------------------------------------------------


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """`DATABASE_URL`, or the embedded SQLite file `var/cases.db` (its folder is created)."""
    environ = os.environ if environ is None else environ
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN (pysqlite's own would be deferred, and a deferred
    # transaction that reads and then writes fails at once under concurrency instead of waiting).
    dbapi_connection.isolation_level = None
    configure_connection(dbapi_connection)


def _sqlite_on_begin(connection: Any) -> None:
    mode = "DEFERRED" if connection.get_execution_options().get("read_only") else "IMMEDIATE"
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for the case store: SQLite with WAL, foreign keys and a busy timeout, or
    PostgreSQL with connections checked before use."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    # A failed statement's error never carries its parameters (customers' details) into a message
    # or a log.
    options.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ValueError("the case store needs a SQLite file, not an in-memory database")
        private_sqlite_file(url)
        # Pooled connections (SQLAlchemy 1.4 would open and close a file connection per session,
        # and the last close of a WAL database checkpoints it); any thread may use one.
        options.setdefault("poolclass", QueuePool)
        engine = create_engine(
            url,
            future=True,
            connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False},
            **options,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    options.setdefault("pool_pre_ping", True)
    # A database that has gone away must fail fast, not hang a conversation.
    options.setdefault("connect_args", {"connect_timeout": POSTGRES_CONNECT_SECONDS})
    return create_engine(url, future=True, **options)


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown as "the database"
        return "the database"


def submission_key(conversation_id: str, intake: Intake) -> str:
    """The same conversation submitting the same complaint gives the same key (and so one case)."""
    payload = json.dumps(
        {"conversation": conversation_id, "intake": intake.to_dict()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _check_who(actor: str, channel: str) -> None:
    if not isinstance(actor, str) or not actor.strip() or len(actor) > MAX_ACTOR_CHARS:
        raise ValueError(f"actor must be a name of 1 to {MAX_ACTOR_CHARS} characters")
    if not isinstance(channel, str) or not channel.strip() or len(channel) > MAX_CHANNEL_CHARS:
        raise ValueError(f"channel must be a name of 1 to {MAX_CHANNEL_CHARS} characters")


def _check_now(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")


def clean_staff_text(value: Any, field: str, label: str) -> str:
    """A note or a resolution: required, at most MAX_DESCRIPTION_CHARS, no control characters."""
    text = "" if value is None else str(value).strip().replace("\r\n", "\n")
    if not text:
        raise IntakeError(field, f"{field}-missing", f"The {label} is empty.")
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise IntakeError(
            field,
            f"{field}-too-long",
            f"The {label} is {len(text):,} characters long; the limit is "
            f"{MAX_DESCRIPTION_CHARS:,} characters.",
        )
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", text):
        raise IntakeError(
            field,
            f"{field}-invalid-characters",
            f"The {label} contains control characters; only text, new lines and tabs are accepted.",
        )
    return text


def _commitment_view(record: CommitmentRecord) -> CaseCommitment:
    return CaseCommitment(
        id=record.commitment_id,
        kind=record.kind,
        due=london(record.due),  # type: ignore[arg-type]
        met_at=london(record.met_at),
    )


def _case_view(record: CaseRecord) -> Case:
    return Case(
        reference=record.reference,
        provider=record.provider,
        category=record.category,
        channel=record.channel,
        description=record.description,
        customer=Customer(
            name=record.customer_name,
            email=record.customer_email,
            phone=record.customer_phone,
            postcode=record.customer_postcode,
            address=record.customer_address,
            account=record.customer_account,
            customer_type=record.customer_type,
            employees=record.employees,
            contact_preference=record.contact_preference,
            accessibility_needs=record.accessibility_needs,
        ),
        raised_at=london(record.raised_at),  # type: ignore[arg-type]
        commitments=tuple(
            _commitment_view(c) for c in sorted(record.commitments, key=lambda c: (c.due, c.id))
        ),
        status=record.status,
        escalation_level=record.escalation_level,
        handler=record.handler,
        assignee=record.assignee,
        adr_opens=record.adr_opens,
        adr_letter_date=record.adr_letter_date,
        resolution=record.resolution,
        resolved_at=london(record.resolved_at),
        closed_at=london(record.closed_at),
        escalation_requested=bool(record.escalation_requested),
        adr_letter_requested=bool(record.adr_letter_requested),
        callback_requested=bool(record.callback_requested),
        submission_key=record.submission_key,
        conversation_id=record.conversation_id,
    )


def _event_view(record: EventRecord, reference: str) -> Event:
    return Event(
        sequence=record.id,
        reference=reference,
        at=london(record.at),  # type: ignore[arg-type]
        actor=record.actor,
        channel=record.channel,
        kind=record.kind,
        detail=dict(record.detail),
    )


def _normalise_answer(text: str) -> bytes:
    return re.sub(r"\s+", "", text).lower().encode("utf-8")


def answer_matches(email: str | None, postcode: str | None, answer: str) -> bool:
    """Whether `answer` is the email address or the postcode (case and spaces ignored)."""
    given = _normalise_answer(answer or "")
    stored_email = _normalise_answer(email or "")
    stored_postcode = _normalise_answer(postcode or "")
    # Compare with both, always, in constant time; an empty stored value never matches.
    email_matches = hmac.compare_digest(given, stored_email) and bool(stored_email)
    postcode_matches = hmac.compare_digest(given, stored_postcode) and bool(stored_postcode)
    return bool(given) and (email_matches or postcode_matches)


# --- the store ---------------------------------------------------------------------------------


class CaseStore:
    def __init__(self, engine: Engine, rules: Rules | None = None) -> None:
        self.engine = engine
        self.rules = rules or load_rules()

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

    @contextmanager
    def session_scope(self, *, read_only: bool = False) -> Iterator[Session]:
        """One unit of work: committed if the block succeeds, rolled back if it raises."""
        session = Session(self.engine, future=True, expire_on_commit=False)
        try:
            if read_only:
                session.connection(execution_options={"read_only": True})
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # --- reading ---------------------------------------------------------------------------

    @staticmethod
    def _find(session: Session, reference: str, *, for_update: bool = False) -> CaseRecord | None:
        statement = (
            select(CaseRecord)
            .where(CaseRecord.reference == normalise_reference(reference))
            .options(selectinload(CaseRecord.commitments))
        )
        if for_update:
            statement = statement.with_for_update(of=CaseRecord)
        return session.execute(statement).scalar_one_or_none()

    def _load(self, session: Session, reference: str) -> CaseRecord:
        record = self._find(session, reference, for_update=True)
        if record is None:
            raise CaseNotFound(normalise_reference(reference))
        return record

    def get(self, reference: str) -> Case | None:
        """The case, or None when there is none (a malformed reference raises ReferenceFormatError)."""
        with self.session_scope(read_only=True) as session:
            record = self._find(session, reference)
            return _case_view(record) if record is not None else None

    def get_many(self, references: list[str]) -> list[Case]:
        """The cases with these references (as the store writes them), in the order given; a
        reference with no case is left out."""
        if not references:
            return []
        statement = (
            select(CaseRecord)
            .where(CaseRecord.reference.in_(references))
            .options(selectinload(CaseRecord.commitments))
        )
        with self.session_scope(read_only=True) as session:
            found = {r.reference: _case_view(r) for r in session.scalars(statement)}
        return [found[r] for r in references if r in found]

    def require(self, reference: str) -> Case:
        case = self.get(reference)
        if case is None:
            raise CaseNotFound(normalise_reference(reference))
        return case

    def events(self, reference: str) -> list[Event]:
        """The case's whole log, oldest first."""
        with self.session_scope(read_only=True) as session:
            record = self._find(session, reference)
            if record is None:
                raise CaseNotFound(normalise_reference(reference))
            rows = session.scalars(
                select(EventRecord).where(EventRecord.case_id == record.id).order_by(EventRecord.id)
            )
            return [_event_view(row, record.reference) for row in rows]

    def verify_customer(self, reference: str, answer: str) -> bool:
        """Whether `answer` is the case's email address or postcode (case and spaces ignored)."""
        try:
            case = self.get(reference)
        except ReferenceFormatError:
            case = None
        if case is None:
            return answer_matches(None, None, answer)
        return answer_matches(case.customer.email, case.customer.postcode, answer)

    def list_cases(
        self,
        status: str | None = None,
        provider: str | None = None,
        overdue_at: datetime | None = None,
        *,
        open_only: bool = False,
        assignee: str | None = None,
        category: str | None = None,
    ) -> list[Case]:
        """Cases, oldest raised first; filtered by status, provider and what is overdue at a moment,
        and by whether they are open (still owed an answer), the person assigned (case and spaces
        around it ignored) and the category."""
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of: {', '.join(STATUSES)}")
        statement = (
            select(CaseRecord)
            .options(selectinload(CaseRecord.commitments))
            .order_by(CaseRecord.raised_at, CaseRecord.id)
        )
        if status is not None:
            statement = statement.where(CaseRecord.status == status)
        if provider is not None:
            statement = statement.where(CaseRecord.provider == provider)
        if open_only:
            statement = statement.where(CaseRecord.status.in_(OPEN_STATUSES))
        if assignee is not None:
            statement = statement.where(func.lower(CaseRecord.assignee) == assignee.strip().lower())
        if category is not None:
            statement = statement.where(CaseRecord.category == category)
        with self.session_scope(read_only=True) as session:
            cases = [_case_view(r) for r in session.scalars(statement)]
        if overdue_at is not None:
            _check_now(overdue_at)
            cases = [c for c in cases if self._overdue_items(c, overdue_at)]
        return cases

    def adr_letter_owed(self, case: Case, now: datetime) -> bool:
        """The provider owes this customer an ADR letter now (ADR is open, none was sent, the case
        is not resolved or closed, and the customer is not shut out of ADR)."""
        if not case.adr_letter_overdue(now):
            return False
        eligibility = adr_eligibility(
            get_code(case.provider),
            self.rules,
            customer_type=case.customer.customer_type,
            employees=case.customer.employees,
            category=case.category,
        )
        return eligibility.eligible is not False

    def _overdue_items(self, case: Case, now: datetime) -> list[OverdueItem]:
        def item(what: str, kind: str, due: datetime) -> OverdueItem:
            return OverdueItem(
                reference=case.reference,
                provider=case.provider,
                status=case.status,
                customer_name=case.customer.name,
                handler=case.handler,
                assignee=case.assignee,
                item=what,
                kind=kind,
                due=due,
            )

        items = [item(c.id, c.kind, c.due) for c in case.overdue_commitments(now)]
        if self.adr_letter_owed(case, now):
            items.append(item("adr_letter", "adr_letter", adr_letter_due_moment(case.adr_opens)))
        return items

    def overdue(self, now: datetime) -> list[OverdueItem]:
        """Every promise past due and not met, and every case past its ADR date with no ADR letter
        (unless resolved, closed, or not eligible for ADR), oldest first.

        The ADR letter is owed from the start of the day ADR opens: today's rules require the
        provider to write, unprompted, when the wait has run out.
        """
        _check_now(now)
        today = now.astimezone(LONDON).date()
        unmet = (
            select(CommitmentRecord.case_id)
            .where(CommitmentRecord.met_at.is_(None), CommitmentRecord.due < now)
            .scalar_subquery()
        )
        statement = (
            select(CaseRecord)
            .options(selectinload(CaseRecord.commitments))
            .where(CaseRecord.status != CLOSED)
            .where(
                CaseRecord.id.in_(unmet)
                | (
                    CaseRecord.adr_letter_date.is_(None)
                    & (CaseRecord.adr_opens <= today)
                    & (CaseRecord.status != RESOLVED)
                )
            )
        )
        with self.session_scope(read_only=True) as session:
            cases = [_case_view(r) for r in session.scalars(statement)]
        items = [i for case in cases for i in self._overdue_items(case, now)]
        return sorted(items, key=lambda i: (i.due, i.reference, i.item))

    def owing_by(self, moment: datetime) -> list[Case]:
        """Cases (not closed) with something owed by `moment`: a promise not yet met and due by
        then (overdue ones included), or an ADR letter not sent by the day ADR opens (unless the
        case is resolved). The caller judges eligibility and each provider's own window."""
        _check_now(moment)
        unmet = (
            select(CommitmentRecord.case_id)
            .where(CommitmentRecord.met_at.is_(None), CommitmentRecord.due <= moment)
            .scalar_subquery()
        )
        statement = (
            select(CaseRecord)
            .options(selectinload(CaseRecord.commitments))
            .where(CaseRecord.status != CLOSED)
            .where(
                CaseRecord.id.in_(unmet)
                | (
                    CaseRecord.adr_letter_date.is_(None)
                    & (CaseRecord.adr_opens <= moment.astimezone(LONDON).date())
                    & (CaseRecord.status != RESOLVED)
                )
            )
            .order_by(CaseRecord.raised_at, CaseRecord.id)
        )
        with self.session_scope(read_only=True) as session:
            return [_case_view(r) for r in session.scalars(statement)]

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
        _check_now(received)
        _check_now(now)
        _check_who(actor, channel)
        if received > now + CLOCK_TOLERANCE:
            raise IntakeError(
                "received",
                "received-in-future",
                f"The complaint cannot have been received on {received:%Y-%m-%d at %H:%M}: "
                "that is in the future.",
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
        with self.session_scope() as session:
            if submission_key is not None:
                existing = self._by_submission_key(session, submission_key)
                if existing is not None:
                    return _case_view(existing)
            for _attempt in range(REFERENCE_ATTEMPTS):
                record = self._new_record(code, intake, quote.adr.opens, received, submission_key)
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
                            return _case_view(existing)
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
                    "adr_opens": quote.adr.opens.isoformat(),
                    **({"conversation": True} if conversation_id else {}),
                },
            )
            session.flush()
            return _case_view(record)

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
            contact_preference=intake.contact_preference,
            accessibility_needs=intake.accessibility_needs,
            raised_at=received,
            status="raised",
            escalation_level=0,
            handler=code.first_handler.role,
            adr_opens=adr_opens,
            escalation_requested=False,
            adr_letter_requested=False,
            callback_requested=False,
        )

    # --- changing --------------------------------------------------------------------------

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
        _check_now(now)
        _check_who(actor, channel)
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
            return _case_view(record)

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
                _case_view(record), get_code(record.provider), self.rules, letter_date
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

    # --- records -----------------------------------------------------------------------------

    # The columns of `export_csv`, in order (one list, in bot/cases/export.py).
    EXPORT_COLUMNS: tuple[str, ...] = export.COLUMN_NAMES

    def export_csv(self, target: str | Path | TextIO, *, now: datetime) -> int:
        """Every case as CSV, one row per promise with whether it was kept on time at `now`
        (bot/cases/export.py), to a file or an open text stream; the number of cases."""
        _check_now(now)
        cases = self.list_cases()
        if isinstance(target, (str, Path)):
            with Path(target).open("w", newline="", encoding="utf-8") as handle:
                export.write_csv(cases, handle, now)
        else:
            export.write_csv(cases, target, now)
        return len(cases)

    def subject_access(self, email: str) -> dict[str, Any]:
        """Everything held on the customer with this email: each case, the needs recorded on it
        with their consent, and its whole log."""
        from bot.cases.needs import needs_for_case  # needs builds on the store

        address = clean_email(email)
        statement = (
            select(CaseRecord)
            .where(func.lower(CaseRecord.customer_email) == address.lower())
            .options(selectinload(CaseRecord.commitments))
            .order_by(CaseRecord.raised_at, CaseRecord.id)
        )
        with self.session_scope(read_only=True) as session:
            records = list(session.scalars(statement))
            cases = []
            for record in records:
                rows = session.scalars(
                    select(EventRecord)
                    .where(EventRecord.case_id == record.id)
                    .order_by(EventRecord.id)
                )
                cases.append(
                    {
                        **_case_view(record).to_dict(),
                        "needs": needs_for_case(session, record.id),
                        "events": [_event_view(r, record.reference).to_dict() for r in rows],
                    }
                )
        return {"email": address, "case_count": len(cases), "cases": cases}

    def _purgeable_statement(self, older_than: timedelta, now: datetime) -> Any:
        _check_now(now)
        if older_than < timedelta(0):
            raise ValueError("older_than must not be negative")
        cut_off = now - older_than
        return (
            select(CaseRecord.id, CaseRecord.reference)
            .where(CaseRecord.status == CLOSED, CaseRecord.closed_at < cut_off)
            .order_by(CaseRecord.closed_at, CaseRecord.id)
        )

    def purgeable(self, older_than: timedelta, now: datetime) -> list[str]:
        """The references `purge` would remove now."""
        with self.session_scope(read_only=True) as session:
            return [
                row.reference for row in session.execute(self._purgeable_statement(older_than, now))
            ]

    def purge(
        self,
        older_than: timedelta,
        now: datetime,
        *,
        actor: str = "retention",
        channel: str = "desk",
    ) -> list[str]:
        """Remove closed cases whose closure is older than `older_than`, with their commitments and
        events; record the purge (when, who, the cut-off, the references: no personal data)."""
        _check_who(actor, channel)
        with self.session_scope() as session:
            rows = list(session.execute(self._purgeable_statement(older_than, now)))
            references = [row.reference for row in rows]
            if rows:
                ids = [row.id for row in rows]
                # The database cascades to commitments and events (foreign keys ON DELETE CASCADE),
                # and the search index follows by itself (bot/cases/search.py: nothing to call).
                session.execute(
                    delete(CaseRecord)
                    .where(CaseRecord.id.in_(ids))
                    .execution_options(synchronize_session=False)
                )
            session.add(
                PurgeRecord(
                    at=now,
                    actor=actor,
                    channel=channel,
                    closed_before=now - older_than,
                    removed_references=references,
                )
            )
            return references

    def purges(self) -> list[dict[str, Any]]:
        """The purge log, oldest first."""
        with self.session_scope(read_only=True) as session:
            return [
                {
                    "at": london(p.at).isoformat(),  # type: ignore[union-attr]
                    "actor": p.actor,
                    "channel": p.channel,
                    "closed_before": london(p.closed_before).isoformat(),  # type: ignore[union-attr]
                    "references": list(p.removed_references),
                }
                for p in session.scalars(select(PurgeRecord).order_by(PurgeRecord.id))
            ]

    def linked_conversations(self, *, except_references: Iterable[str] = ()) -> set[str]:
        """The conversations (Rasa sender ids) that cases came from, which are kept as long as
        their case is; those of `except_references` (cases about to be purged) left out."""
        statement = select(CaseRecord.conversation_id).where(
            CaseRecord.conversation_id.is_not(None)
        )
        leaving = list(except_references)
        if leaving:
            statement = statement.where(CaseRecord.reference.not_in(leaving))
        with self.session_scope(read_only=True) as session:
            return set(session.scalars(statement))

    def counts(self) -> dict[str, int]:
        """Rows per table (for checks that a refused command wrote nothing)."""
        with self.session_scope(read_only=True) as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (CaseRecord, CommitmentRecord, EventRecord, PurgeRecord)
            }
