"""Retention on the case store (`CasePurging`, part of `CaseStore`): which closed cases are old
enough to go, removing them with a record of the purge (no personal data), the purge log, and the
conversations that cases keep (bot/cases/retention.py purges the rest).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from bot.cases.base import StoreBase
from bot.cases.checks import check_now, check_who
from bot.cases.lifecycle import CLOSED
from bot.cases.models import CaseRecord, PurgeRecord
from bot.cases.views import london


class CasePurging(StoreBase):
    """Purging old closed cases, and the conversations cases keep."""

    def _purgeable_statement(self, older_than: timedelta, now: datetime) -> Any:
        check_now(now)
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
        check_who(actor, channel)
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
