"""Checking a customer against a case: failures counted and locks kept in the case store.

The reference plus an email address or postcode is the only key to a customer's case, so the
count of wrong answers cannot live in the conversation (Rasa's `/back` and `/restart`, or a new
sender id, would reset it). Every check is a row here, whoever asked and from wherever:

- Failures count **per reference**, across conversations, senders and channels. After
  `max_failures` within `failure_window` the reference is locked for `first_lock`, doubled for each
  earlier lock within `lock_memory` (at most `longest_lock`). A lock is an event on the case
  (`verification_locked`, with no guessed values) and staff can lift it (`unlock`).
- A reference with no case is counted and locked the same way, so the replies never tell which
  references exist.
- Checks **per conversation** are limited too (`conversation_limit` within `conversation_window`,
  whatever the reference), so one client cannot walk many references quickly.
- A successful check is recorded for the conversation; `recently_verified` is what a disclosure
  relies on (never a slot of the conversation), and only for `verified_for`.

No answer is ever stored: rows hold the reference as given, a hash of the conversation id, the
channel and the outcome.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cases.models import CaseRecord, VerificationAttemptRecord, VerificationLockRecord
from bot.cases.references import ReferenceFormatError, normalise_reference
from bot.cases.store import CaseNotFound, CaseStore, answer_matches

ASSISTANT = "assistant"
MAX_REFERENCE_CHARS = 32
MAX_CHANNEL_CHARS = 32


class Outcome(str, Enum):
    VERIFIED = "verified"
    FAILED = "failed"  # a wrong answer, or a reference with no case
    LOCKED = "locked"  # the reference is locked (now, or by this failure)
    LIMITED = "limited"  # this conversation has made too many checks lately
    RAISED = "raised"  # not a check: this conversation raised the case


@dataclass(frozen=True)
class VerificationPolicy:
    max_failures: int = 5
    failure_window: timedelta = timedelta(hours=24)
    first_lock: timedelta = timedelta(hours=1)
    longest_lock: timedelta = timedelta(days=7)
    lock_memory: timedelta = timedelta(days=30)
    conversation_limit: int = 10
    conversation_window: timedelta = timedelta(hours=1)
    verified_for: timedelta = timedelta(minutes=5)

    def lock_length(self, earlier_locks: int) -> timedelta:
        return min(self.first_lock * (2**earlier_locks), self.longest_lock)


DEFAULT_POLICY = VerificationPolicy()


def conversation_key(conversation_id: str) -> str:
    """What the store keeps of a conversation id: its SHA-256 (ids can be long, or personal)."""
    return hashlib.sha256(conversation_id.encode("utf-8", "surrogatepass")).hexdigest()


def _reference_key(reference: str) -> str:
    """The reference as the store writes it, or the given text cut to size (unknown shapes count
    too, so the count cannot be dodged by spelling a reference differently)."""
    try:
        return normalise_reference(reference)
    except (ReferenceFormatError, ValueError):
        return " ".join(reference.split()).upper()[:MAX_REFERENCE_CHARS]


@dataclass(frozen=True)
class Lock:
    reference: str
    locked_at: datetime
    until: datetime
    failures: int


class CaseVerification:
    """Checks answers against the case store, counting failures and keeping locks there."""

    def __init__(self, store: CaseStore, policy: VerificationPolicy = DEFAULT_POLICY) -> None:
        self.store = store
        self.policy = policy

    # --- reading ---------------------------------------------------------------------------

    @staticmethod
    def _active_lock(
        session: Session, reference: str, now: datetime
    ) -> VerificationLockRecord | None:
        return session.scalars(
            select(VerificationLockRecord)
            .where(
                VerificationLockRecord.reference == reference,
                VerificationLockRecord.until > now,
                VerificationLockRecord.lifted_at.is_(None),
            )
            .order_by(VerificationLockRecord.id.desc())
            .limit(1)
        ).first()

    def active_locks(self, now: datetime) -> list[Lock]:
        """Every reference locked at `now` (not expired, not lifted), the oldest lock first."""
        with self.store.session_scope(read_only=True) as session:
            records = session.scalars(
                select(VerificationLockRecord)
                .where(
                    VerificationLockRecord.until > now,
                    VerificationLockRecord.lifted_at.is_(None),
                )
                .order_by(VerificationLockRecord.locked_at, VerificationLockRecord.id)
            ).all()
            return [Lock(r.reference, r.locked_at, r.until, r.failures) for r in records]

    def active_lock(self, reference: str, now: datetime) -> Lock | None:
        key = _reference_key(reference)
        with self.store.session_scope(read_only=True) as session:
            record = self._active_lock(session, key, now)
            if record is None:
                return None
            return Lock(key, record.locked_at, record.until, record.failures)

    def _failures_since_reset(self, session: Session, reference: str, now: datetime) -> int:
        """Failures within the window, after the latest lock began or was lifted."""
        start = now - self.policy.failure_window
        latest = session.execute(
            select(
                func.max(VerificationLockRecord.locked_at),
                func.max(VerificationLockRecord.lifted_at),
            ).where(VerificationLockRecord.reference == reference)
        ).one()
        for moment in latest:
            if moment is not None and moment > start:
                start = moment
        return session.scalar(
            select(func.count())
            .select_from(VerificationAttemptRecord)
            .where(
                VerificationAttemptRecord.reference == reference,
                VerificationAttemptRecord.outcome == Outcome.FAILED.value,
                VerificationAttemptRecord.at > start,
            )
        )

    def recently_verified(
        self,
        reference: str,
        conversation_id: str,
        now: datetime,
        within: timedelta | None = None,
    ) -> bool:
        """Whether this conversation passed a check on this reference (or raised the case) within
        `within` (default `verified_for`), and the reference is not locked."""
        key = _reference_key(reference)
        with self.store.session_scope(read_only=True) as session:
            if self._active_lock(session, key, now) is not None:
                return False
            verified_at = session.scalar(
                select(func.max(VerificationAttemptRecord.at)).where(
                    VerificationAttemptRecord.reference == key,
                    VerificationAttemptRecord.conversation == conversation_key(conversation_id),
                    VerificationAttemptRecord.outcome.in_(
                        (Outcome.VERIFIED.value, Outcome.RAISED.value)
                    ),
                )
            )
            within = self.policy.verified_for if within is None else within
            return verified_at is not None and now - verified_at <= within

    # --- checking --------------------------------------------------------------------------

    def check(
        self,
        reference: str,
        answer: str,
        *,
        conversation_id: str,
        channel: str,
        now: datetime,
        own_prefix: str | None = None,
    ) -> Outcome:
        """Check `answer` (email address or postcode) against the case, and record the check.

        `own_prefix`: the provider's reference prefix; a reference with another prefix never
        verifies and is not recorded or counted (nothing about any case is looked up for it, so
        there is nothing to guess, and trying it in a look-alike provider's chat never locks the
        owner out: outside compliance r15)."""
        if now.tzinfo is None:
            raise ValueError("now must carry a time zone")
        key = _reference_key(reference)
        conversation = conversation_key(conversation_id)
        channel = (channel or "unknown")[:MAX_CHANNEL_CHARS]
        policy = self.policy
        if own_prefix is not None and not key.startswith(f"{own_prefix}-"):
            return Outcome.FAILED
        with self.store.session_scope() as session:

            def record(outcome: Outcome) -> Outcome:
                session.add(
                    VerificationAttemptRecord(
                        at=now,
                        reference=key,
                        conversation=conversation,
                        channel=channel,
                        outcome=outcome.value,
                    )
                )
                return outcome

            recent = session.scalar(
                select(func.count())
                .select_from(VerificationAttemptRecord)
                .where(
                    VerificationAttemptRecord.conversation == conversation,
                    VerificationAttemptRecord.at > now - policy.conversation_window,
                    VerificationAttemptRecord.outcome != Outcome.RAISED.value,
                )
            )
            if recent >= policy.conversation_limit:
                return record(Outcome.LIMITED)
            if self._active_lock(session, key, now) is not None:
                return record(Outcome.LOCKED)
            case = session.scalars(select(CaseRecord).where(CaseRecord.reference == key)).first()
            email = case.customer_email if case is not None else None
            postcode = case.customer_postcode if case is not None else None
            if case is not None and answer_matches(email, postcode, answer):
                return record(Outcome.VERIFIED)
            record(Outcome.FAILED)
            session.flush()
            failures = self._failures_since_reset(session, key, now)
            if failures < policy.max_failures:
                return Outcome.FAILED
            self._lock(session, key, failures, now)
            return Outcome.LOCKED

    def _lock(self, session: Session, reference: str, failures: int, now: datetime) -> None:
        earlier = session.scalar(
            select(func.count())
            .select_from(VerificationLockRecord)
            .where(
                VerificationLockRecord.reference == reference,
                VerificationLockRecord.locked_at > now - self.policy.lock_memory,
            )
        )
        until = now + self.policy.lock_length(earlier)
        session.add(
            VerificationLockRecord(
                reference=reference, locked_at=now, until=until, failures=failures
            )
        )
        case = session.scalars(select(CaseRecord).where(CaseRecord.reference == reference)).first()
        if case is not None:
            CaseStore._log(
                session,
                case,
                now,
                ASSISTANT,
                "chat",
                "verification_locked",
                {
                    "reason": f"{failures} wrong answers to the verification question",
                    "until": until.isoformat(),
                    "lock": earlier + 1,
                },
            )

    def record_owner(
        self, reference: str, *, conversation_id: str, channel: str, now: datetime
    ) -> None:
        """The conversation that raised the case counts as verified for it (for `verified_for`)."""
        with self.store.session_scope() as session:
            session.add(
                VerificationAttemptRecord(
                    at=now,
                    reference=_reference_key(reference),
                    conversation=conversation_key(conversation_id),
                    channel=(channel or "unknown")[:MAX_CHANNEL_CHARS],
                    outcome=Outcome.RAISED.value,
                )
            )

    # --- staff ---------------------------------------------------------------------------------

    def unlock(self, reference: str, *, now: datetime, actor: str, channel: str) -> bool:
        """Lift the reference's lock (and start its count afresh); False if it was not locked.
        The case must exist; the lifting is an event on it."""
        key = normalise_reference(reference)
        with self.store.session_scope() as session:
            case = session.scalars(select(CaseRecord).where(CaseRecord.reference == key)).first()
            if case is None:
                raise CaseNotFound(key)
            lock = self._active_lock(session, key, now)
            if lock is None:
                return False
            lock.lifted_at = now
            lock.lifted_by = actor
            CaseStore._log(
                session,
                case,
                now,
                actor,
                channel,
                "verification_unlocked",
                {"reason": "lifted by staff; the count of wrong answers starts again"},
            )
            return True
