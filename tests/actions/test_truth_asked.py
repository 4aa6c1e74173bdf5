"""Issue 14, as the customer asks it: a question is answered for what it asks, from the code.

- "How long will it take to fix my fault?" gets what the provider's code says about fault repair
  times (or that it says nothing), never a complaint's reply dates, whatever intent NLU gave.
- The provider's own e-mail address in an account ("I emailed complaints@invictanet.com") is
  never taken as the customer's.
- "If I complain on 5 January 2027, when can I go to the ombudsman?" is answered for that day.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionClarify
from actions.faults import ActionReportFault
from actions.intake import ActionStartComplaint
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from actions.status import ActionSetCaseRequest
from tests.action_support import (
    make_tracker,
    responses,
    run_action,
)
from tests.actions.test_truth import PROVIDERS, said

pytestmark = pytest.mark.usefixtures("action_database")

REPAIR_QUESTIONS = (
    "How long will it take to fix my fault?",
    "when will my broadband be fixed",
    "my internet is down, when will it be repaired?",
)

# The fault repair answer, by provider: the code's words where it has them (Invictanet 6.4), or
# plainly that it says nothing.
REPAIR_WORDS = {
    "invictanet": "as soon as we reasonably can",
    "infinium": "doesn't say how long a fault takes to fix",
    "infinity-group": "doesn't say how long a fault takes to fix",
    "infinity-system-solutions": "doesn't say how long a fault takes to fix",
}


def _ask(action: Any, provider: str, text: str, intent: str) -> tuple[list[dict], list[dict]]:
    tracker = make_tracker(
        {"provider": provider},
        text=text,
        intent=intent,
        events=[
            {
                "event": "user",
                "text": text,
                "parse_data": {"intent": {"name": intent}, "text": text, "entities": []},
            }
        ],
    )
    return run_action(action, tracker)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("text", REPAIR_QUESTIONS)
def test_a_repair_time_question_gets_the_codes_words_not_complaint_reply_dates(
    provider: str, text: str
) -> None:
    messages, _ = _ask(ActionQuoteResponseTimes(), provider, text, "ask_response_time")
    words = said(messages)
    assert REPAIR_WORDS[provider] in words, words
    # Never a complaint's reply date, said as if it were the repair's.
    assert not any(r.startswith("utter_commitment_") for r in responses(messages)), words
    assert "December 2026" not in words and "reply" not in words.lower(), words
    # Where to report or ask about the fault, and a complaint offered.
    assert {"utter_fault_line", "utter_fault_line_not_named"} & set(responses(messages))
    assert "utter_offer_complaint" in responses(messages)
    for message in messages:
        if message["response"] in ("utter_topic_fault_repair_time",):
            assert message["custom"]["sources"][0]["quote"]


@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionReportFault(), "report_fault"),
        (ActionClarify(), "nlu_fallback"),
        (ActionAnswerQuestion(), "ask_contact"),
        (ActionSetCaseRequest(), "check_case"),
        (ActionStartComplaint(), "make_complaint"),
    ],
)
def test_a_repair_time_question_read_as_another_intent_is_put_back_as_that_question(
    action: Any, intent: str
) -> None:
    _, events = _ask(action, "invictanet", "How long will it take to fix my fault?", intent)
    users = [e for e in events if e.get("event") == "user"]
    assert users and users[-1]["parse_data"]["intent"]["name"] == "ask_response_time", events


def test_a_question_about_the_complaint_reply_still_gets_its_dates() -> None:
    messages, _ = _ask(
        ActionQuoteResponseTimes(), "invictanet", "when will you reply to my complaint?",
        "ask_response_time",
    )  # fmt: skip
    assert "utter_commitment_respond" in responses(messages)
