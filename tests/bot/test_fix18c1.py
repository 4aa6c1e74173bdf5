"""The day first raised, told after the case was logged (outside testers, "customers' own words":
"I first reported this on 3 November" was dropped). `CaseStore.record_first_raised` keeps it and
counts the ADR date from it exactly as `create_case` counts it when the day is given at logging;
the replies owed stay counted from the log."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.cases.store import CaseStore
from bot.intake import IntakeError
from tests.cases_support import make_intake

LOGGED = datetime(2026, 11, 27, 11, 0, tzinfo=ZoneInfo("Europe/London"))
LATER = datetime(2026, 11, 27, 11, 5, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize("provider", ["infinity-group", "infinium", "invictanet"])
def test_a_day_first_raised_after_logging_counts_as_at_logging(
    store: CaseStore, provider: str
) -> None:
    intake = make_intake(channel="chat", provider=provider, category="fault_repair")
    logged = store.create_case(intake, received=LOGGED, actor="assistant", channel="chat")
    told_at_logging = store.create_case(
        replace(intake, first_raised=date(2026, 11, 3)),
        received=LOGGED,
        actor="assistant",
        channel="chat",
    )
    updated = store.record_first_raised(
        logged.reference, date(2026, 11, 3), now=LATER, actor="customer", channel="chat"
    )
    assert updated.first_raised == date(2026, 11, 3)
    assert updated.adr_opens == told_at_logging.adr_opens < logged.adr_opens
    assert [(c.id, c.due) for c in updated.commitments] == [
        (c.id, c.due) for c in logged.commitments
    ]
    [note] = [e for e in store.events(logged.reference) if e.kind == "note"]
    assert note.detail["first_raised"] == "2026-11-03"
    assert note.detail["previous_adr_opens"] == logged.adr_opens.isoformat()


def test_a_day_after_logging_is_refused(store: CaseStore) -> None:
    intake = make_intake(channel="chat", provider="infinium")
    logged = store.create_case(intake, received=LOGGED, actor="assistant", channel="chat")
    with pytest.raises(IntakeError):
        store.record_first_raised(
            logged.reference, date(2026, 11, 28), now=LATER, actor="customer", channel="chat"
        )
    assert store.get(logged.reference).first_raised is None
