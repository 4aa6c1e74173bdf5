"""Reading cases (`CaseQueries`, part of `CaseStore`): one case, many, a case's log, whether a
customer's answer matches, lists with filters, and what is overdue or owed by a moment.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.cases.base import CaseNotFound, StoreBase
from bot.cases.checks import answer_matches, check_now
from bot.cases.lifecycle import CLOSED, OPEN_STATUSES, RESOLVED, STATUSES
from bot.cases.mapping import case_view, event_view
from bot.cases.models import CaseRecord, CommitmentRecord, EventRecord
from bot.cases.references import ReferenceFormatError, normalise_reference
from bot.cases.views import LONDON, Case, Event, OverdueItem
from bot.provider_codes import get_code
from bot.rights import adr_eligibility


class CaseQueries(StoreBase):
    """Reading: every method is one read-only unit of work."""

    def get(self, reference: str) -> Case | None:
        """The case, or None when there is none (a malformed reference raises ReferenceFormatError)."""
        with self.session_scope(read_only=True) as session:
            record = self._find(session, reference)
            return case_view(record) if record is not None else None

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
            found = {r.reference: case_view(r) for r in session.scalars(statement)}
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
            return [event_view(row, record.reference) for row in rows]

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
            cases = [case_view(r) for r in session.scalars(statement)]
        if overdue_at is not None:
            check_now(overdue_at)
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
        return [
            OverdueItem(
                reference=case.reference,
                provider=case.provider,
                status=case.status,
                customer_name=case.customer.name,
                handler=case.handler,
                assignee=case.assignee,
                item=owed.item,
                kind=owed.kind,
                due=owed.due,
            )
            for owed in case.owed(self.adr_letter_owed(case, now), overdue_at=now)
        ]

    def overdue(self, now: datetime) -> list[OverdueItem]:
        """Every promise past due and not met, and every case past its ADR date with no ADR letter
        (unless resolved, closed, or not eligible for ADR), oldest first.

        The ADR letter is owed from the start of the day ADR opens: today's rules require the
        provider to write, unprompted, when the wait has run out.
        """
        check_now(now)
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
            cases = [case_view(r) for r in session.scalars(statement)]
        items = [i for case in cases for i in self._overdue_items(case, now)]
        return sorted(items, key=lambda i: (i.due, i.reference, i.item))

    def owing_by(self, moment: datetime) -> list[Case]:
        """Cases (not closed) with something owed by `moment`: a promise not yet met and due by
        then (overdue ones included), or an ADR letter not sent by the day ADR opens (unless the
        case is resolved). The caller judges eligibility and each provider's own window."""
        check_now(moment)
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
            return [case_view(r) for r in session.scalars(statement)]
