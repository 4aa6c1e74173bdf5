"""Issue 14, outside testers' twelfth look: what was still not what the codes and regulation.md say.

- A letter the customer says the provider will receive on a named day is given the code's dates,
  counted from that day (working days and bank holidays as for any complaint), not periods only.
- Infinity Group's own commitment when a phoned complaint is not sorted on the call (a call back
  within five working days, "normally") answers "if I ring at 5.45pm and you can't fix it, when
  will you call back?", with its date; not the fault answer.
- "How should I send my complaint?" is told the code's own route for complaints first.
- A deadlock letter the customer holds, with its date, is answered from that date whatever the
  model read the message as (ADR at once; 12 months from the letter, regulation.md).
- "What rights do I have?" is the rights answer (escalation and ADR), never the privacy topics.
- "How long do I have to complain?": no code sets a time limit for complaining to the provider,
  said as such, apart from the time limits for going to ADR.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionDefaultFallback
from actions.intake import ActionStartComplaint
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from tests.action_support import make_tracker, read_as_intent, responses, run_action
from tests.actions.test_truth import PROVIDERS, said

pytestmark = pytest.mark.usefixtures("action_database")


def run(action: Any, provider: str, text: str, intent: str) -> tuple[list[dict], list[dict]]:
    return run_action(action, make_tracker({"provider": provider}, text=text, intent=intent))


# --- 1. a letter received on a named day ----------------------------------------------------------

RECEIVED_ON_23 = (
    "I'm going to post a letter that you'll get on 23rd December, when will you reply?",
    "I'm going to post a letter that you'll get on 23rd December",
    "if I send a letter and it reaches you on 23 December, when will I hear back?",
)


@pytest.mark.parametrize("text", RECEIVED_ON_23)
def test_a_letter_received_on_a_named_day_gets_the_codes_dates_from_that_day(text: str) -> None:
    """Infinium: received Wednesday 23 December, counted from then; 3 business days and 10
    working days over Christmas, Boxing Day's substitute and New Year's Day."""
    messages, _ = run(ActionQuoteResponseTimes(), "infinium", text, "ask_response_time")
    answer = said(messages)
    assert "utter_response_times_intro_letter_received" in responses(messages), answer
    assert "Wednesday 23 December 2026" in answer, answer
    assert "We aim to respond by Wednesday 30 December 2026 (3 business days)" in answer, answer
    assert "we will try to respond by Monday 11 January 2027 (10 working days)" in answer, answer
    assert "I can't give you dates" not in answer, answer


def test_infinity_groups_letter_received_on_a_named_day_is_dated() -> None:
    messages, _ = run(
        ActionQuoteResponseTimes(), "infinity-group", RECEIVED_ON_23[0], "ask_response_time"
    )
    answer = said(messages)
    assert "We normally reply by Monday 11 January 2027 (10 working days)" in answer, answer


def test_a_letter_posted_on_a_day_still_gets_no_dates() -> None:
    """The day it is posted is not the day it is received: periods only, as before (F4)."""
    messages, _ = run(
        ActionQuoteResponseTimes(),
        "infinium",
        "if I post a letter on 23 December, when will you reply?",
        "ask_response_time",
    )
    assert "I can't give you dates" in said(messages)


# --- 2. Infinity Group's call back after a phoned complaint ---------------------------------------


@pytest.mark.parametrize("intent", ["ask_response_time", "report_fault"])
def test_infinity_groups_call_back_when_not_sorted_on_the_phone(intent: str) -> None:
    text = "if I ring at 5.45pm and you can't fix it, when will you call back?"
    action = ActionQuoteResponseTimes() if intent == "ask_response_time" else None
    if action is None:
        from actions.faults import ActionReportFault

        messages, events = run(ActionReportFault(), "infinity-group", text, intent)
        assert read_as_intent(events) == "ask_response_time", events
        messages, _ = run(ActionQuoteResponseTimes(), "infinity-group", text, "ask_response_time")
    else:
        messages, _ = run(action, "infinity-group", text, intent)
    answer = said(messages)
    assert "utter_not_covered_fault_repair_time" not in responses(messages), answer
    # After 17:30 the call counts from the next opening; five working days over Christmas.
    assert "17:45, counted from Wednesday 23 December 2026 at 09:00" in answer, answer
    assert (
        "If we can't sort out your complaint when you telephone us, we normally call you back by "
        "Monday 4 January 2027 (5 working days)" in answer
    ), answer


# --- 3. how to send a complaint: the code's route first -------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["how should I send my complaint?", "where do I send my complaint?", "how do I complain?"],
)
def test_how_to_send_a_complaint_gets_the_codes_route_first(text: str) -> None:
    messages, _ = run(ActionAnswerQuestion(), "invictanet", text, "ask_contact")
    assert responses(messages)[0] == "utter_complaint_routes", said(messages)
    assert (
        "by fax to 0871 703 2665, or by e-mail to complaints@invictanet.com with the subject line "
        '"Complaint"' in said(messages)
    )


def test_a_contact_question_with_no_complaint_in_it_gets_contacts_only() -> None:
    messages, _ = run(
        ActionAnswerQuestion(), "invictanet", "what's your phone number?", "ask_contact"
    )
    assert "utter_complaint_routes" not in responses(messages)


# --- 4. a dated deadlock letter held ---------------------------------------------------------------

LETTER = "I got a deadlock letter dated 2 March 2026"


@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionStartComplaint, "make_complaint"),
        (ActionAnswerQuestion, "ask_escalation"),
        (ActionQuoteResponseTimes, "ask_response_time"),
        (ActionDefaultFallback, "nlu_fallback"),
    ],
)
def test_a_dated_deadlock_letter_read_as_anything_is_the_adr_question(
    action: Any, intent: str
) -> None:
    messages, events = run(action(), "infinium", LETTER, intent)
    assert read_as_intent(events) == "ask_adr", (responses(messages), events)
    assert not messages


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "text",
    [LETTER, f"{LETTER}, how long do I have?", "The letter saying deadlock was dated 2 March 2026"],
)
def test_a_dated_deadlock_letter_is_counted_from_its_date(provider: str, text: str) -> None:
    messages, _ = run(ActionAnswerQuestion(), provider, text, "ask_adr")
    answer = said(messages)
    assert "utter_adr_letter_dated" in responses(messages), answer
    assert "dated Monday 2 March 2026, you don't have to wait" in answer, answer
    assert "12 months from the letter" in answer and "until Tuesday 2 March 2027" in answer
    # Never told what a letter is, or to ask for one, as if none were held.
    assert "utter_adr_letter_explained" not in responses(messages), answer
    assert "utter_adr_letter_what_you_can_do" not in responses(messages), answer


# --- 5. "what rights do I have" --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["what rights do I have", "what are my rights", "what rights have i got"]
)
@pytest.mark.parametrize("intent", ["ask_privacy", "ask_compensation", "ask_cancellation"])
def test_what_rights_do_i_have_is_the_rights_answer(text: str, intent: str) -> None:
    messages, _ = run(ActionAnswerQuestion(), "infinium", text, intent)
    sent = responses(messages)
    assert "utter_escalation_first" in sent and "utter_escalation_then_adr" in sent, sent
    assert not any(r.startswith("utter_topic_") for r in sent), sent


def test_rights_over_personal_data_are_still_the_privacy_answer() -> None:
    messages, _ = run(
        ActionAnswerQuestion(),
        "infinium",
        "what rights do I have over my personal data?",
        "ask_privacy",
    )
    assert "utter_topic_confidentiality" in responses(messages)


# --- 6. how long to complain -----------------------------------------------------------------------

TIME_LIMIT_QUESTIONS = (
    "how long do I have to complain?",
    "is there a time limit to make a complaint?",
)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("text", TIME_LIMIT_QUESTIONS)
def test_how_long_to_complain_says_the_code_sets_no_limit_then_adrs(
    provider: str, text: str
) -> None:
    messages, _ = run(ActionAnswerQuestion(), provider, text, "ask_adr")
    answer = said(messages)
    sent = responses(messages)
    assert sent[0] == "utter_no_complaint_time_limit", answer
    assert "code doesn't set a time limit for making a complaint to us" in answer, answer
    assert "utter_adr_limits" in sent, answer
    assert "12 months" in answer, answer
    if provider == "infinity-group":
        # Its own ADR limits, quoted, and today's longer one said to apply.
        assert "within 6 months of our writing" in answer and "is the one that applies" in answer


@pytest.mark.parametrize("text", TIME_LIMIT_QUESTIONS)
def test_how_long_to_complain_read_as_reply_times_is_the_time_limit_question(text: str) -> None:
    messages, events = run(ActionQuoteResponseTimes(), "infinium", text, "ask_response_time")
    assert read_as_intent(events) == "ask_adr", responses(messages)
    assert not messages
