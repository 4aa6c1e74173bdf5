"""One person's data: finding them, everything held on them (subject access), and erasure.

A person is found by what they give: an e-mail address, a phone number (any spacing, +44 or 0), or
their name with their postcode (a name alone is too common to be a person). Matching uses the
normalised key columns of revision 0005, so "+44 7700 900123" finds "07700 900123".

Subject access covers each case (its details, promises and whole log) and the conversation each
case came from (from Rasa's tracker store, when one is configured).

Erasure ("forget me") removes or anonymises what may go, and keeps what the provider still needs,
saying why for each case:
- a case that is not closed is kept whole: the complaint is still being handled, and the provider
  owes the customer its answer, the promises of its code and the ADR letter (today's rules: the
  provider must write about ADR at deadlock and when the wait has run out);
- a closed case is kept whole while the customer may still take it to ADR: until
  `limit_after_letter_months` (12) after the ADR letter, or after the closure when no letter went.
  The scheme then asks the provider for the complaint's record, the chat included;
- any other case is anonymised: the customer's name, contact details, account, needs, their words
  and the staff's free text (notes, resolution, reasons) are replaced, the submission key (a hash of
  the customer's answers) cleared, the linked conversation deleted from the tracker store, and an
  unsent confirmation dropped. What stays holds no personal data: the reference, provider, category,
  channel, dates, statuses and whether each promise was kept, which the provider's complaint
  figures need. The erasure is logged on the case as an event, without the details erased.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import selectinload

from bot.cases.lifecycle import CLOSED
from bot.cases.mapping import case_view, event_view
from bot.cases.models import CaseRecord, EventRecord, MailRecord
from bot.cases.needs import erase_needs, needs_for_case
from bot.cases.retention import TrackerStore
from bot.cases.search import phone_key, postcode_key
from bot.cases.store import CaseStore
from bot.cases.transcripts import remove_conversations, transcript
from bot.cases.views import LONDON
from bot.intake import IntakeError, clean_email, clean_name
from bot.regulation import long_date

ERASED = "(erased)"
# Staff free text in a case's log that may name or describe the customer.
FREE_TEXT_DETAILS = ("text", "resolution", "previous_resolution", "reason")


@dataclass(frozen=True)
class Person:
    """How staff identify one person: any of an e-mail address, a phone number, or a name with a
    postcode (cases matching any of them are theirs)."""

    email: str | None = None
    phone: str | None = None
    name: str | None = None
    postcode: str | None = None
    _phone_key: str | None = field(default=None, repr=False)
    _postcode_key: str | None = field(default=None, repr=False)

    @classmethod
    def given(
        cls,
        *,
        email: str | None = None,
        phone: str | None = None,
        name: str | None = None,
        postcode: str | None = None,
    ) -> Person:
        """Check what staff gave (IntakeError, with the customer-facing message, if it is wrong)."""
        if not (email or phone or name or postcode):
            raise IntakeError(
                "person",
                "person-missing",
                "Give the person's e-mail address, phone number, or name with postcode.",
            )
        if bool(name) != bool(postcode):
            raise IntakeError(
                "person",
                "person-name-and-postcode",
                "A name finds a person only with their postcode (and a postcode only with a name).",
            )
        address = clean_email(email) if email else None
        number = phone_key(phone) if phone else None
        if phone and number is None:
            raise IntakeError(
                "phone", "phone-invalid", f"{phone!r} is not a UK phone number (0... or +44...)."
            )
        code = postcode_key(postcode) if postcode else None
        if postcode and code is None:
            raise IntakeError("postcode", "postcode-invalid", f"{postcode!r} is not a UK postcode.")
        who = " ".join(clean_name(name).split()) if name else None
        return cls(address, phone, who, postcode, number, code)

    def to_dict(self) -> dict[str, Any]:
        given = {"email": self.email, "phone": self.phone, "name": self.name}
        given["postcode"] = self.postcode
        return {k: v for k, v in given.items() if v}

    def _conditions(self) -> list[tuple[str, Any]]:
        conditions: list[tuple[str, Any]] = []
        if self.email:
            conditions.append(("email", CaseRecord.email_key == self.email.lower()))
        if self._phone_key:
            conditions.append(("phone", CaseRecord.phone_key == self._phone_key))
        if self.name and self._postcode_key:
            conditions.append(
                (
                    "name and postcode",
                    (CaseRecord.postcode_key == self._postcode_key)
                    & (func.lower(CaseRecord.customer_name) == self.name.lower()),
                )
            )
        return conditions

    def matched_on(self, record: CaseRecord) -> list[str]:
        matched = []
        if self.email and (record.customer_email or "").lower() == self.email.lower():
            matched.append("email")
        if self._phone_key and (record.customer_phone or "").replace(" ", "") == self._phone_key:
            matched.append("phone")
        if (
            self.name
            and (record.customer_postcode or "").replace(" ", "") == self._postcode_key
            and " ".join(record.customer_name.split()).lower() == self.name.lower()
        ):
            matched.append("name and postcode")
        return matched


def _records(session: Any, person: Person, *, for_update: bool = False) -> list[CaseRecord]:
    statement = (
        select(CaseRecord)
        .where(or_(*(condition for _, condition in person._conditions())))
        .options(selectinload(CaseRecord.commitments))
        .order_by(CaseRecord.raised_at, CaseRecord.id)
    )
    if for_update:
        statement = statement.with_for_update(of=CaseRecord)
    return list(session.scalars(statement))


def conversation_of(tracker: TrackerStore | None, conversation_id: str | None) -> dict | None:
    """The case's conversation for a report: its id and turns, or None for a desk case."""
    if conversation_id is None:
        return None
    if tracker is None:
        return {"id": conversation_id, "turns": None, "note": "no tracker store configured"}
    return {
        "id": conversation_id,
        "turns": [t.to_dict() for t in transcript(tracker, conversation_id)],
    }


def subject_access(store: CaseStore, person: Person, tracker: TrackerStore | None) -> dict:
    """Everything held on the person: each case with what matched, its whole log, and the
    conversation it came from (when a tracker store is given)."""
    with store.session_scope(read_only=True) as session:
        cases = []
        for record in _records(session, person):
            rows = session.scalars(
                select(EventRecord).where(EventRecord.case_id == record.id).order_by(EventRecord.id)
            )
            cases.append(
                {
                    **case_view(record).to_dict(),
                    "matched_on": person.matched_on(record),
                    "needs": needs_for_case(session, record.id),
                    "events": [event_view(r, record.reference).to_dict() for r in rows],
                    "conversation": record.conversation_id,
                }
            )
    for case in cases:
        case["conversation"] = conversation_of(tracker, case["conversation"])
    report: dict[str, Any] = {
        **person.to_dict(),
        "person": person.to_dict(),
        "case_count": len(cases),
        "cases": cases,
    }
    if tracker is None:
        report["conversations_note"] = (
            "conversations not included: no tracker store (set TRACKER_STORE_URL or give "
            "--tracker-store)"
        )
    return report


# --- erasure -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """What erasure does to one case: "anonymise" it, or "keep" it (until when, and why)."""

    reference: str
    action: str
    reason: str
    keep_until: date | None = None
    conversation: bool = False  # a linked conversation in the tracker store

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "action": self.action,
            "reason": self.reason,
            "keep_until": self.keep_until.isoformat() if self.keep_until else None,
            "conversation": self.conversation,
        }


def _decide(record: CaseRecord, today: date, months: int) -> Decision:
    linked = record.conversation_id is not None
    if record.status != CLOSED:
        return Decision(
            record.reference,
            "keep",
            f"the complaint is still being handled ({record.status}): the provider owes the "
            "customer its answer, the promises of its code and, at deadlock or when the wait has "
            "run out, the ADR letter; ask again once the case is closed",
            conversation=linked,
        )
    counted_from = record.adr_letter_date or record.closed_at.astimezone(LONDON).date()
    until = counted_from + relativedelta(months=months)
    if today < until:
        since = "the ADR letter" if record.adr_letter_date else "the case was closed"
        return Decision(
            record.reference,
            "keep",
            f"the customer may still take the complaint to ADR until {long_date(until)} ({months} "
            f"months from {long_date(counted_from)}, when {since}), and the ADR scheme will ask "
            "the provider for the complaint's whole record, the chat included",
            keep_until=until,
            conversation=linked,
        )
    return Decision(
        record.reference,
        "anonymise",
        "closed, and past the time to take it to ADR: the customer's details, words and the "
        "staff's notes are removed; the reference, dates, statuses and promises kept stay, with "
        "no personal data, for the provider's complaint figures",
        conversation=linked,
    )


def erasure_plan(store: CaseStore, person: Person, now: datetime) -> list[Decision]:
    """What `erase` would do to each of the person's cases, at `now`."""
    today = now.astimezone(LONDON).date()
    months = store.rules.limit_after_letter_months
    with store.session_scope(read_only=True) as session:
        return [_decide(r, today, months) for r in _records(session, person)]


def _anonymise(record: CaseRecord, session: Any, when: str) -> None:
    record.customer_name = ERASED
    for column in (
        "customer_email",
        "customer_phone",
        "customer_postcode",
        "customer_address",
        "customer_account",
        "contact_preference",
        "accessibility_needs",
        "made_on_behalf",
        "account_holder_name",
        "submission_key",
        "conversation_id",
    ):
        setattr(record, column, None)
    record.description = f"(erased at the customer's request on {when})"
    if record.resolution:
        record.resolution = ERASED
    for event in session.scalars(select(EventRecord).where(EventRecord.case_id == record.id)):
        detail = dict(event.detail)
        if any(detail.get(key) for key in FREE_TEXT_DETAILS):
            event.detail = {
                k: (ERASED if k in FREE_TEXT_DETAILS and v else v) for k, v in detail.items()
            }
    session.execute(delete(MailRecord).where(MailRecord.case_id == record.id))
    erase_needs(session, record.id)  # needs recorded with consent (bot/cases/needs.py)


class NoTrackerStore(ValueError):
    """An erasure needs the tracker store (a conversation must be removed) and none was given."""


@dataclass(frozen=True)
class Erasure:
    decisions: list[Decision]
    conversations_removed: int  # conversations deleted from the tracker store
    conversation_events_removed: int
    carried_out: bool = True  # False: staff answered no; nothing changed

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": [d.to_dict() for d in self.decisions],
            "anonymised": [
                d.reference for d in self.decisions if d.action == "anonymise" and self.carried_out
            ],
            "kept": [d.reference for d in self.decisions if d.action == "keep"],
            "conversations_removed": self.conversations_removed,
            "conversation_events_removed": self.conversation_events_removed,
            "carried_out": self.carried_out,
        }


def erase(
    store: CaseStore,
    person: Person,
    now: datetime,
    *,
    actor: str,
    channel: str,
    tracker: TrackerStore | None,
    confirm: Callable[[list[Decision]], bool] = lambda decisions: True,
) -> Erasure:
    """Anonymise the person's cases that may be, keep the others (each decision says why), and
    delete the conversations of the anonymised cases from the tracker store. The cases change in
    one transaction, which commits only once the conversations are gone."""
    today = now.astimezone(LONDON).date()
    months = store.rules.limit_after_letter_months
    conversations: list[str] = []
    with store.session_scope() as session:
        records = _records(session, person, for_update=True)
        decisions = [_decide(r, today, months) for r in records]
        if tracker is None and any(d.action == "anonymise" and d.conversation for d in decisions):
            raise NoTrackerStore(
                "a case to anonymise came from a chat, whose conversation must go too: give the "
                "tracker store (TRACKER_STORE_URL or --tracker-store)"
            )
        if not confirm(decisions):
            return Erasure(decisions, 0, 0, carried_out=False)
        for record, decision in zip(records, decisions, strict=True):
            if decision.action != "anonymise":
                continue
            linked = record.conversation_id
            if linked:
                conversations.append(linked)
            _anonymise(record, session, long_date(today))
            store._log(
                session,
                record,
                now,
                actor,
                channel,
                "erased",
                {"by_request": True, "conversation_removed": bool(linked)},
            )
        # The conversations go before the cases' changes commit: a tracker store that fails
        # leaves everything as it was (and says so by raising), never a case unlinked from a
        # conversation that is still there.
        events = 0
        if conversations and tracker is not None:
            events = remove_conversations(tracker, conversations)
    return Erasure(decisions, len(conversations), events)
