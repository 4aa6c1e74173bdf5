"""Rows to records: the case store's database rows (bot/cases/models.py) as the read-only views
everything else uses (bot/cases/views.py), times in Europe/London.
"""

from __future__ import annotations

from bot.cases.models import CaseRecord, CommitmentRecord, EventRecord
from bot.cases.views import Case, CaseCommitment, Customer, Event, london


def commitment_view(record: CommitmentRecord) -> CaseCommitment:
    return CaseCommitment(
        id=record.commitment_id,
        kind=record.kind,
        due=london(record.due),  # type: ignore[arg-type]
        met_at=london(record.met_at),
    )


def case_view(record: CaseRecord) -> Case:
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
            head_count=record.head_count,
            contact_preference=record.contact_preference,
            accessibility_needs=record.accessibility_needs,
            made_on_behalf=record.made_on_behalf,
            account_holder_name=record.account_holder_name,
        ),
        raised_at=london(record.raised_at),  # type: ignore[arg-type]
        first_raised=record.first_raised,
        commitments=tuple(
            commitment_view(c) for c in sorted(record.commitments, key=lambda c: (c.due, c.id))
        ),
        status=record.status,
        escalation_level=record.escalation_level,
        handler=record.handler,
        assignee=record.assignee,
        adr_opens=record.adr_opens,
        adr_letter_date=record.adr_letter_date,
        adr_letter_held=record.adr_letter_held,
        adr_letter_held_rough=record.adr_letter_held_rough,
        resolution=record.resolution,
        resolved_at=london(record.resolved_at),
        closed_at=london(record.closed_at),
        escalation_requested=bool(record.escalation_requested),
        adr_letter_requested=bool(record.adr_letter_requested),
        callback_requested=bool(record.callback_requested),
        submission_key=record.submission_key,
        conversation_id=record.conversation_id,
    )


def event_view(record: EventRecord, reference: str) -> Event:
    return Event(
        sequence=record.id,
        reference=reference,
        at=london(record.at),  # type: ignore[arg-type]
        actor=record.actor,
        channel=record.channel,
        kind=record.kind,
        detail=dict(record.detail),
    )
