"""The case store's tables (SQLAlchemy 1.4, 2.0 style). Alembic's migrations create them; a test
checks that the migrated schema and these models agree.

Moments are stored in UTC (`UtcDateTime`) and come back time-zone aware on SQLite and PostgreSQL
alike; the views in `bot.cases.views` show them in Europe/London.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


class UtcDateTime(TypeDecorator):
    """A time-zone-aware moment, stored as UTC (SQLite has no time zones; PostgreSQL's timestamptz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the case store only takes time-zone-aware moments")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class JsonText(TypeDecorator):
    """A JSON document kept as text, so SQLite and PostgreSQL store exactly the same characters."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


class CaseRecord(Base):
    __tablename__ = "cases"

    __table_args__ = (
        # Added by revision 0002 as an index: SQLite cannot add a unique constraint to a table.
        Index("ix_cases_submission_key", "submission_key", unique=True),
    )

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True)
    # Set when the assistant (or a retried desk command) submits: the same key gives the same case.
    submission_key = Column(String(128), nullable=True)
    provider = Column(String(64), nullable=False, index=True)
    category = Column(String(20), nullable=False)
    channel = Column(String(16), nullable=False)
    description = Column(Text, nullable=False)

    customer_name = Column(String(200), nullable=False)
    customer_email = Column(String(254), nullable=True, index=True)
    customer_phone = Column(String(20), nullable=True)
    customer_postcode = Column(String(8), nullable=True)
    customer_address = Column(String(300), nullable=True)  # revision 0010: for letters
    customer_account = Column(String(64), nullable=True)
    customer_type = Column(String(10), nullable=True)
    # A business's head count as its provider's ADR scheme counts it (bot.rights.HeadCountRule).
    employees = Column(Integer, nullable=True)
    # Revision 0012: the head count in the groups the customer named, as they gave it ("8
    # employees and 3 contractors"); each scheme counts its own (regulation.md).
    head_count = Column(String(200), nullable=True)
    contact_preference = Column(String(20), nullable=True)
    accessibility_needs = Column(String(500), nullable=True)
    # Revision 0013: who made the complaint for the account holder, in their own telling ("Jane
    # Doe, who says they act for their dad"); not a need (no consent date, no flag).
    made_on_behalf = Column(String(300), nullable=True)
    # Revision 0015: the account holder's name, as the person complaining for them gave it.
    account_holder_name = Column(String(100), nullable=True)

    raised_at = Column(UtcDateTime, nullable=False)
    # Revision 0011: the day the customer says they first raised the complaint with the provider,
    # when that was before `raised_at`; the ADR wait (and so `adr_opens`) runs from it.
    first_raised = Column(Date, nullable=True)
    status = Column(String(16), nullable=False, index=True)
    escalation_level = Column(Integer, nullable=False)
    handler = Column(String(200), nullable=False)
    assignee = Column(String(200), nullable=True)
    adr_opens = Column(Date, nullable=False)
    adr_letter_date = Column(Date, nullable=True)
    # Revision 0012: the day of an ADR letter the customer says they hold (their word; the
    # provider's own record of sending one is `adr_letter_date`).
    adr_letter_held = Column(Date, nullable=True)
    # Revision 0014: the customer's words for that day when they gave it only roughly ("about 11
    # months ago", "in mid October"), so it is said as approximate; NULL when given exactly.
    adr_letter_held_rough = Column(String(80), nullable=True)
    resolution = Column(Text, nullable=True)
    resolved_at = Column(UtcDateTime, nullable=True)
    closed_at = Column(UtcDateTime, nullable=True)

    # Normalised keys for finding a case (revision 0005), computed by the database from the stored
    # values above, so they never disagree with them (see bot/cases/search.py).
    phone_key = Column(String(20), Computed("replace(customer_phone, ' ', '')"), index=True)
    postcode_key = Column(
        String(8), Computed("upper(replace(customer_postcode, ' ', ''))"), index=True
    )
    email_key = Column(String(254), Computed("lower(customer_email)"), index=True)
    account_key = Column(
        String(64),
        Computed(
            "upper(replace(replace(replace(replace(replace(customer_account, ' ', ''), '-', ''), "
            "'.', ''), '/', ''), '_', ''))"
        ),
        index=True,
    )

    # The chat that created the case (Rasa's sender id; revision 0009): its transcript is part of
    # the case's correspondence and is kept as long as the case is.
    conversation_id = Column(String(255), nullable=True, index=True)

    # What the customer has asked for and staff have not yet acted on.
    escalation_requested = Column(Boolean, nullable=False, server_default=false())
    adr_letter_requested = Column(Boolean, nullable=False, server_default=false())
    callback_requested = Column(Boolean, nullable=False, server_default=false())

    commitments = relationship(
        "CommitmentRecord",
        order_by="CommitmentRecord.due",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class CommitmentRecord(Base):
    """One promise of the code for one case, with its due moment fixed when the case was raised."""

    __tablename__ = "case_commitments"
    __table_args__ = (UniqueConstraint("case_id", "commitment_id"),)

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    commitment_id = Column(String(64), nullable=False)
    kind = Column(String(32), nullable=False)
    due = Column(UtcDateTime, nullable=False)
    met_at = Column(UtcDateTime, nullable=True)


class EventRecord(Base):
    """One entry of a case's append-only log: who did what, when and from which channel."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_id_id", "case_id", "id"),)

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    at = Column(UtcDateTime, nullable=False)
    actor = Column(String(200), nullable=False)
    channel = Column(String(16), nullable=False)
    kind = Column(String(32), nullable=False)
    detail = Column(JsonText, nullable=False)


class PurgeRecord(Base):
    """A retention purge: when, by whom, the cut-off and the references removed (no personal data)."""

    __tablename__ = "purges"

    id = Column(Integer, primary_key=True)
    at = Column(UtcDateTime, nullable=False)
    actor = Column(String(200), nullable=False)
    channel = Column(String(16), nullable=False)
    closed_before = Column(UtcDateTime, nullable=False)
    removed_references = Column(JsonText, nullable=False)


class MailRecord(Base):
    """An e-mail owed to the customer of a case (revision 0009): queued with the case, in the same
    transaction, and retried until it is sent. No personal data: the message is composed from the
    case when it is sent, and `last_error` holds an error's kind, never its text."""

    __tablename__ = "case_mail"
    __table_args__ = (UniqueConstraint("case_id", "kind"),)

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    kind = Column(String(32), nullable=False)
    queued_at = Column(UtcDateTime, nullable=False)
    attempts = Column(Integer, nullable=False)
    next_attempt_at = Column(UtcDateTime, nullable=False)
    last_attempt_at = Column(UtcDateTime, nullable=True)
    last_error = Column(String(200), nullable=True)
    sent_at = Column(UtcDateTime, nullable=True, index=True)


class VerificationAttemptRecord(Base):
    """One check of a customer's answer against a reference (revision 0006), by the action server.

    Holds no answer: only the reference as given (a reference with no case counts like any other),
    a hash of the conversation id, the channel, and the outcome. The failures counted here lock
    a reference whatever conversation, sender or channel they came from."""

    __tablename__ = "verification_attempts"
    __table_args__ = (
        Index("ix_verification_attempts_reference_at", "reference", "at"),
        Index("ix_verification_attempts_conversation_at", "conversation", "at"),
    )

    id = Column(Integer, primary_key=True)
    at = Column(UtcDateTime, nullable=False)
    reference = Column(String(32), nullable=False)
    conversation = Column(String(64), nullable=False)
    channel = Column(String(32), nullable=False)
    outcome = Column(String(16), nullable=False)


class VerificationLockRecord(Base):
    """A reference locked after too many failed checks, until `until` or until staff lift it."""

    __tablename__ = "verification_locks"
    __table_args__ = (Index("ix_verification_locks_reference_locked_at", "reference", "locked_at"),)

    id = Column(Integer, primary_key=True)
    reference = Column(String(32), nullable=False)
    locked_at = Column(UtcDateTime, nullable=False)
    until = Column(UtcDateTime, nullable=False)
    failures = Column(Integer, nullable=False)
    lifted_at = Column(UtcDateTime, nullable=True)
    lifted_by = Column(String(200), nullable=True)


class NeedRecord(Base):
    """A need the customer agreed to have recorded (revision 0008): what staff should do ("needs
    priority fault repair"), never the circumstance behind it; the customer's own words only when
    they asked for them to be kept. Withdrawing consent deletes the rows."""

    __tablename__ = "case_needs"
    __table_args__ = (UniqueConstraint("case_id", "need_id"),)

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    need_id = Column(String(40), nullable=False)  # an offer of bot/rules/vulnerable-customers.yaml
    need = Column(String(200), nullable=False)  # its wording when the customer agreed
    consented_at = Column(UtcDateTime, nullable=False)
    channel = Column(String(16), nullable=False)  # where consent was given
    customer_words = Column(Text, nullable=True)  # only on the customer's request
