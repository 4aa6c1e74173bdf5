"""What is held on customers, handed out (`CaseRecords`, part of `CaseStore`): every case as CSV
(the columns are bot/cases/export.py's one list) and subject access by email address.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.cases import export
from bot.cases.checks import check_now
from bot.cases.mapping import case_view, event_view
from bot.cases.models import CaseRecord, EventRecord
from bot.cases.queries import CaseQueries
from bot.intake import clean_email


class CaseRecords(CaseQueries):
    """Export and subject access."""

    # The columns of `export_csv`, in order (one list, in bot/cases/export.py).
    EXPORT_COLUMNS: tuple[str, ...] = export.COLUMN_NAMES

    def export_csv(self, target: str | Path | TextIO, *, now: datetime) -> int:
        """Every case as CSV, one row per promise with whether it was kept on time at `now`
        (bot/cases/export.py), to a file or an open text stream; the number of cases."""
        check_now(now)
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
                        **case_view(record).to_dict(),
                        "needs": needs_for_case(session, record.id),
                        "events": [event_view(r, record.reference).to_dict() for r in rows],
                    }
                )
        return {"email": address, "case_count": len(cases), "cases": cases}
