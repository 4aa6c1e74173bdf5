"""Issue 14's open points: an escalation worded as its code words it, a deadlock letter dated in
the future, Infinity System Solutions' complaints raised before 8 April 2026, and what today's
sources do not say about the Communications Ombudsman and data protection.

Each is driven through the actions as Rasa calls them, and read as the customer reads it.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions.status import ActionHandleCaseRequest
from bot import clock
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from tests.action_support import make_tracker, run_action
from tests.actions.test_truth import said
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

LONDON = ZoneInfo("Europe/London")


def case_request(provider: str, request: str) -> list[dict[str, Any]]:
    """What the customer is told on asking for `request` about a case this conversation raised."""
    with CaseStore.open(os.environ["DATABASE_URL"]) as store:
        case = store.create_case(
            make_intake(provider=provider, channel="email"),
            received=datetime(2026, 12, 21, 10, 0, tzinfo=LONDON),
            actor="assistant",
            channel="chat",
        )
        CaseVerification(store).record_owner(
            case.reference, conversation_id="conversation-1", channel="rest", now=clock.now()
        )
    slots = {
        "provider": provider,
        "case_reference": case.reference,
        "verification_answer": "verified",
        "pending_request": request,
    }
    return run_action(ActionHandleCaseRequest(), make_tracker(slots))[0]


# --- 2. Invictanet's escalation, as firm as its code ----------------------------------------------

INVICTANET_ESCALATION = (
    "In the event that a dispute cannot be resolved through the normal complaints procedure, it "
    "will be passed to a Company Director who will contact the complainant to discuss the matter "
    "further."
)


def test_invictanets_escalation_request_is_worded_as_its_code_words_the_step() -> None:
    """Its code passes a complaint to "a Company Director" only "in the event that a dispute cannot
    be resolved through the normal complaints procedure": a request logged in the chat is not
    told it "will go to the Company Director"."""
    messages = case_request("invictanet", "escalation")
    answer = said(messages)
    assert "will go to the Company Director" not in answer
    assert "logged your request to escalate" in answer
    assert "cannot be resolved through the normal complaints procedure" in answer
    assert "passed to a Company Director, who will contact you" in answer
    [reply] = [m for m in messages if m["response"].startswith("utter_escalation_requested")]
    assert reply["custom"]["sources"][0]["quote"] == INVICTANET_ESCALATION


@pytest.mark.parametrize(
    ("provider", "role"),
    [
        ("infinity-group", "Operations Director"),
        ("infinity-system-solutions", "Customer Service Manager/Head of Professional Services"),
    ],
)
def test_other_escalation_requests_still_name_the_next_step(provider: str, role: str) -> None:
    answer = said(case_request(provider, "escalation"))
    assert re.search(rf"It will go to the {re.escape(role)}\.", answer)
