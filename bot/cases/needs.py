"""Needs recorded on a case with the customer's consent (customers in vulnerable circumstances).

Health and similar circumstances are special category data, so a case records only what staff
should do (a need, such as "needs priority fault repair"), when and where the customer agreed, and
the customer's own words only if they asked for them to be kept. A case with a need is "flagged":
the desk shows it first in `cases due` and the digest, and marks it in `cases list` and `cases
overdue`. Withdrawing consent deletes the needs (the log keeps only that it happened).

For subject access and erasure (bot/cases/store.py and whatever erases a customer's data):
`needs_for_case(session, case_id)` gives a case's needs as plain data and `erase_needs(session,
case_id)` deletes them, both inside the caller's unit of work. Deleting the case row also deletes
its needs (ON DELETE CASCADE), as a purge does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.cases.models import CaseRecord, NeedRecord
from bot.cases.store import CaseNotFound, CaseStore
from bot.cases.views import LONDON
from bot.vulnerability import load_vulnerability_rules, need_wording

MAX_CUSTOMER_WORDS = 1000
# The needs a customer states in answer to the form's accessibility question.
ANSWERED_AT_ACCESSIBILITY_QUESTION = frozenset({"accessible_formats", "text_relay"})


@dataclass(frozen=True)
class Need:
    need_id: str
    need: str
    consented_on: date  # in London
    channel: str
    customer_words: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "need_id": self.need_id,
            "need": self.need,
            "consented_on": self.consented_on.isoformat(),
            "channel": self.channel,
            "customer_words": self.customer_words,
        }


def _view(record: NeedRecord) -> Need:
    return Need(
        need_id=record.need_id,
        need=record.need,
        consented_on=record.consented_at.astimezone(LONDON).date(),  # type: ignore[union-attr]
        channel=record.channel,
        customer_words=record.customer_words,
    )


def _case(session: Session, reference: str) -> CaseRecord:
    record = session.scalar(select(CaseRecord).where(CaseRecord.reference == reference))
    if record is None:
        raise CaseNotFound(reference)
    return record


def record_needs(
    store: CaseStore,
    reference: str,
    need_ids: Iterable[str],
    *,
    consented_at: datetime,
    actor: str,
    channel: str,
    customer_words: str | None = None,
    details: dict[str, str] | None = None,
) -> list[Need]:
    """Record these needs on the case, given with the customer's consent at `consented_at`; a need
    already recorded gets the new consent date. `details` make a need precise, in plain words
    ({"call_back_time": "after 6pm"} records "call back after 6pm"). The case's needs afterwards."""
    if consented_at.tzinfo is None:
        raise ValueError("consented_at must be time-zone aware")
    offers = load_vulnerability_rules().need_offers()
    wanted = list(dict.fromkeys(need_ids))
    unknown = [n for n in wanted if n not in offers]
    if unknown:
        raise ValueError(f"not needs that can be recorded: {', '.join(unknown)}")
    if not wanted:
        raise ValueError("no needs to record")
    words = " ".join(customer_words.split())[:MAX_CUSTOMER_WORDS] if customer_words else None
    with store.session_scope() as session:
        record = _case(session, reference)
        existing = {
            n.need_id: n
            for n in session.scalars(select(NeedRecord).where(NeedRecord.case_id == record.id))
        }
        for need_id in wanted:
            row = existing.get(need_id)
            if row is None:
                row = NeedRecord(case_id=record.id, need_id=need_id)
                session.add(row)
            row.need = need_wording(offers[need_id], details)[:200]
            row.consented_at = consented_at
            row.channel = channel
            if words:
                row.customer_words = words
        # The log says what was agreed and when: the needs' ids, never the circumstance.
        CaseStore._log(
            session, record, consented_at, actor, channel, "needs_recorded", {"needs": wanted}
        )
        session.flush()
        return needs_for_case_views(session, record.id)


def withdraw_needs(
    store: CaseStore,
    reference: str,
    *,
    now: datetime,
    actor: str,
    channel: str,
    need_ids: Iterable[str] | None = None,
) -> int:
    """The customer withdrew consent: delete every need on the case (the flag goes with the
    last), or only `need_ids` when they took back some ("remove the large print, keep the rest"),
    and log that it happened. How many needs were removed."""
    with store.session_scope() as session:
        record = _case(session, reference)
        if need_ids is None:
            removed = erase_needs(session, record.id)
            details: dict[str, Any] = {"removed": removed}
        else:
            wanted = list(need_ids)
            result = session.execute(
                delete(NeedRecord)
                .where(NeedRecord.case_id == record.id, NeedRecord.need_id.in_(wanted))
                .execution_options(synchronize_session=False)
            )
            removed = int(result.rowcount or 0)
            details = {"removed": removed, "needs": wanted}
        # The answer to the form's accessibility question ("large print") is a need in the
        # customer's words: "we no longer hold them" must hold for it too (outside customers B,
        # 27 Nov: it stayed on the case after every need was removed).
        if record.accessibility_needs and (
            need_ids is None or ANSWERED_AT_ACCESSIBILITY_QUESTION & set(need_ids)
        ):
            # Only what names the needs taken off goes: a wish said with them ("no phone calls")
            # stays, as the customer was never told it would go (outside care, round 16, F8).
            left = (
                None
                if need_ids is None
                else _answer_without(record.accessibility_needs, set(need_ids))
            )
            record.accessibility_needs = left
            details["accessibility_answer"] = "cleared" if left is None else "narrowed"
            removed = max(removed, 1)
        if removed:
            CaseStore._log(session, record, now, actor, channel, "needs_withdrawn", details)
        return removed


# The words of an answer to the accessibility question that name each need answered there.
_ANSWER_NAMES = {
    "accessible_formats": re.compile(
        r"print|braille|audio|format|easy read|big|large|font|writing|letters", re.I
    ),
    "text_relay": re.compile(r"relay|textphone|minicom", re.I),
}


def _answer_without(answer: str, taken_off: set[str]) -> str | None:
    """The answer to the accessibility question ("text relay, no phone calls") without the parts
    that name the needs `taken_off` ("no phone calls"); None when nothing else is left."""
    patterns = [p for n, p in _ANSWER_NAMES.items() if n in taken_off]
    parts = [p.strip() for p in answer.split(",") if p.strip()]
    kept = [p for p in parts if not any(pattern.search(p) for pattern in patterns)]
    return ", ".join(kept) or None


def needs_for_case_views(session: Session, case_id: int) -> list[Need]:
    rows = session.scalars(
        select(NeedRecord).where(NeedRecord.case_id == case_id).order_by(NeedRecord.id)
    )
    return [_view(r) for r in rows]


def needs_for_case(session: Session, case_id: int) -> list[dict[str, Any]]:
    """A case's needs as plain data, for subject access (inside the caller's session)."""
    return [n.to_dict() for n in needs_for_case_views(session, case_id)]


def erase_needs(session: Session, case_id: int) -> int:
    """Delete a case's needs (erasure, or consent withdrawn), inside the caller's session."""
    result = session.execute(
        delete(NeedRecord)
        .where(NeedRecord.case_id == case_id)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def needs_by_reference(
    store: CaseStore, references: Iterable[str] | None = None
) -> dict[str, list[Need]]:
    """The needs of each flagged case (of `references`, or of every case), by reference; cases
    without needs are left out."""
    statement = (
        select(CaseRecord.reference, NeedRecord)
        .join(NeedRecord, NeedRecord.case_id == CaseRecord.id)
        .order_by(CaseRecord.reference, NeedRecord.id)
    )
    if references is not None:
        statement = statement.where(CaseRecord.reference.in_(list(references)))
    found: dict[str, list[Need]] = {}
    with store.session_scope(read_only=True) as session:
        for reference, record in session.execute(statement):
            found.setdefault(reference, []).append(_view(record))
    return found


def count_needs(store: CaseStore) -> int:
    """How many needs are recorded on all cases (for checks that nothing was recorded)."""
    with store.session_scope(read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(NeedRecord)) or 0)


def needs_text(needs: list[Need]) -> str:
    """'needs priority fault repair; prefers text relay' for a desk line."""
    return "; ".join(n.need for n in needs)
