"""Outside customers A, round 12: what was still not what the codes and regulation.md say.

- H3: "will they call me back on Monday?" (Infinity Group) is the code's call-back commitment,
  dated, whichever intent the model read (it was told the code doesn't cover compensation).
- H4: Infinium's code lists phoning first among the ways to complain ("To avoid delay, please
  contact us by: Phoning: 01253 353537 ..."); it was said to want complaints in writing.
- H5: "whats ofcoms number" is Ofcom's answer (regulation.md), never the provider's contacts.
- M6: "i rang today ..." after the lines close is counted from a call made within today's hours.
- M7: "TN1 1AA. will i hear back on Monday?" at the postcode question: kept and answered.
- Lead L2: after a complaint is logged here, "can i go to the ombudsman?" is answered for it (its
  first-raised day, its head count), and "when exactly?" after that answer gives the date.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionDefaultFallback, ActionOutOfScope
from actions.intake import ValidateComplaintForm
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from tests.action_support import (
    CONSUMER_FORM,
    form_turn,
    make_tracker,
    read_as_intent,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)
from tests.actions.test_truth import said

pytestmark = pytest.mark.usefixtures("action_database")

IG = "infinity-group"


def run(action: Any, provider: str, text: str, intent: str) -> tuple[list[dict], list[dict]]:
    return run_action(action, make_tracker({"provider": provider}, text=text, intent=intent))


# --- H3. "will they call me back on Monday?" ---------------------------------------------------------

CALL_BACK = ("will they call me back on Monday?", "will they call me back tomorrow?")


@pytest.mark.parametrize("text", CALL_BACK)
@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionAnswerQuestion, "ask_compensation"),
        (ActionAnswerQuestion, "ask_contact"),
        (ActionAnswerQuestion, "ask_cancellation"),
        (ActionDefaultFallback, "nlu_fallback"),
    ],
)
def test_will_they_call_me_back_is_the_reply_time_question(
    action: Any, intent: str, text: str
) -> None:
    messages, events = run(action(), IG, text, intent)
    assert read_as_intent(events) == "ask_response_time", (responses(messages), events)
    assert not messages


def test_asking_for_a_call_back_is_not_asking_when() -> None:
    messages, events = run(ActionAnswerQuestion(), IG, "can you call me back?", "ask_contact")
    assert read_as_intent(events) is None, responses(messages)


@pytest.mark.parametrize("text", CALL_BACK)
def test_will_they_call_me_back_gets_the_call_back_dated(text: str) -> None:
    messages, _ = run(ActionQuoteResponseTimes(), IG, text, "ask_response_time")
    answer = said(messages)
    assert "we normally call you back by Thursday 31 December 2026 (5 working days)" in answer, (
        answer
    )
    assert "compensation" not in answer


@pytest.mark.parametrize("asked", ["complaint_category", "customer_name"])
@pytest.mark.parametrize("text", CALL_BACK)
def test_will_they_call_me_back_mid_form_is_answered_and_the_question_asked_again(
    asked: str, text: str
) -> None:
    before = {**CONSUMER_FORM, "provider": IG, asked: None}
    tracker = form_turn("complaint_form", asked, {asked: text}, before=before, text=text)
    messages, events = run_action(ValidateComplaintForm(), tracker)
    answer = said(messages)
    assert "we normally call you back by Thursday 31 December 2026" in answer, answer
    assert slots_set(events).get(asked) is None


# --- H4. Infinium's code lists phoning first ---------------------------------------------------------


def test_ringing_infinium_to_complain_is_a_route_its_code_gives() -> None:
    messages, _ = run(
        ActionAnswerQuestion(),
        "infinium",
        "can i just ring you to complain? whats the number",
        "ask_contact",
    )
    answer = said(messages)
    assert "in writing" not in answer.split("01253 353537")[0], answer
    assert "by phone on 01253 353537" in answer, answer
    assert "should be made in writing" not in answer


@pytest.mark.parametrize(
    "text",
    [
        "will you call me back on Monday?",
        "if i ring to complain will someone call me back tomorrow?",
    ],
)
def test_infinium_phone_complaint_has_no_timed_promise_but_written_correspondence_does(
    text: str,
) -> None:
    messages, _ = run(ActionQuoteResponseTimes(), "infinium", text, "ask_response_time")
    answer = said(messages)
    assert "makes no timed promise for a complaint made by phone" in answer, answer
    assert "should be made in writing" not in answer, answer
    assert "by phone on 01253 353537" in answer, answer
    # The only timed promises, in the code's own words: for correspondence.
    assert (
        '"As a guideline, we will try to respond to written correspondence within 10 working '
        'days of receipt of your correspondence."' in answer
    ), answer


def test_infinium_reply_times_are_said_to_be_for_written_complaints_only() -> None:
    """Phoning is a way the code gives to complain, but its reply times are for correspondence:
    "Its reply times are for complaints made by phone ..." would be untrue."""
    messages, _ = run(
        ActionQuoteResponseTimes(), "infinium", "when will I hear back?", "ask_response_time"
    )
    answer = said(messages)
    assert "Its reply times are for complaints made in writing, to Customer Services" in answer, (
        answer
    )
    assert "reply times are for complaints made by phone" not in answer, answer


# --- H5. Ofcom named --------------------------------------------------------------------------------

OFCOM = ("whats ofcoms phone number, i want to report you", "whats ofcoms number")


@pytest.mark.parametrize("provider", [IG, "infinium"])
@pytest.mark.parametrize("text", OFCOM)
@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionAnswerQuestion, "ask_contact"),
        (ActionAnswerQuestion, "ask_compensation"),
        (ActionAnswerQuestion, "ask_privacy"),
    ],
)
def test_ofcoms_number_is_ofcoms(provider: str, text: str, action: Any, intent: str) -> None:
    messages, _ = run(action(), provider, text, intent)
    answer = said(messages)
    assert "020 7981 3040" in answer, answer
    assert "utter_contact_details" not in responses(messages), answer


@pytest.mark.parametrize("text", OFCOM)
@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionDefaultFallback, "nlu_fallback"), (ActionQuoteResponseTimes, "ask_response_time")],
)
def test_ofcoms_number_read_as_anything_else_is_the_contact_question(
    text: str, action: Any, intent: str
) -> None:
    messages, events = run(action(), IG, text, intent)
    assert read_as_intent(events) == "ask_contact", (responses(messages), events)


# --- M6. "i rang today" after the lines close ----------------------------------------------------------


def test_a_call_made_earlier_today_is_counted_from_within_todays_hours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T18:10")  # a Friday, lines closed at 17:30
    text = "i rang today and they said someone would call me back, when will that be?"
    messages, _ = run(ActionQuoteResponseTimes(), IG, text, "ask_response_time")
    answer = said(messages)
    assert "we normally call you back by Friday 4 December 2026 (5 working days)" in answer, answer
    assert "Monday 7 December" not in answer, answer


# --- M7. a question sent with the postcode ------------------------------------------------------------


def test_a_postcode_with_a_question_is_kept_and_the_question_answered() -> None:
    text = "TN1 1AA. will i hear back on Monday?"
    before = {**CONSUMER_FORM, "provider": IG, "customer_postcode": None}
    tracker = form_turn(
        "complaint_form", "customer_postcode", {"customer_postcode": text}, before=before, text=text
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert slots_set(events).get("customer_postcode") == "TN1 1AA", events
    assert any(r.startswith("utter_response_times") for r in responses(messages)), responses(
        messages
    )


# --- lead L2. ADR questions after a complaint is logged here ------------------------------------------

ISS = "infinity-system-solutions"


def logged_here(
    text: str, intent: str, *, first_raised: str | None = None, employees: str = "4", after=()
) -> Any:
    """A conversation that has just logged ISS-GY4GRD for a business (its head count and the day
    first raised as the form kept them, then cleared), then the customer's `text`."""
    form = {
        "customer_type": "business",
        "employees": employees,
        "complaint_first_raised": first_raised,
    }
    events = [slot_event(k, v) for k, v in form.items() if v is not None]
    events += [slot_event(k, None) for k in form]
    events += [slot_event("created_reference", "ISS-GY4GRD"), *after, user_event(text, intent)]
    return make_tracker(
        {"provider": ISS, "created_reference": "ISS-GY4GRD"},
        text=text,
        intent=intent,
        events=events,
    )


@pytest.mark.parametrize("intent", ["ask_adr", "ask_escalation"])
def test_can_i_go_to_the_ombudsman_after_logging_is_for_the_case_logged(intent: str) -> None:
    messages, _ = run_action(
        ActionAnswerQuestion(), logged_here("can i go to the ombudsman?", intent)
    )
    answer = said(messages)
    sent = responses(messages)
    assert "ISS-GY4GRD" in answer, answer
    assert "utter_adr_dates" not in sent, answer  # never "if you first raised it on or before"
    assert "utter_adr_from_date" in sent, answer
    assert "0330 440 1614" in answer, answer  # how to reach the schemes, as the ADR answer says


def test_the_case_logged_counts_from_its_first_raised_day() -> None:
    tracker = logged_here("can i go to the ombudsman?", "ask_adr", first_raised="2026-10-01")
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    answer = said(messages)
    assert "first raised it on Thursday 1 October 2026" in answer, answer


def test_the_case_logged_is_answered_for_its_head_count() -> None:
    """40 at Infinity System Solutions (no scheme named): as its confirmation said, it depends on
    the scheme, each of which takes 10 or fewer."""
    tracker = logged_here("can i go to the ombudsman?", "ask_adr", employees="40")
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    assert "utter_adr_depends" in responses(messages), said(messages)
    assert "a business with 40 employees" in said(messages)


ADR_ANSWERED = [
    {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_adr_for_logged_case"}},
    {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_adr_from_date"}},
]


@pytest.mark.parametrize("text", ["when exactly?", "what date is that?", "so when can i go?"])
@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionOutOfScope, "out_of_scope"),
        (ActionDefaultFallback, "nlu_fallback"),
        (ActionQuoteResponseTimes, "ask_response_time"),
    ],
)
def test_when_exactly_after_the_adr_answer_is_the_adr_question(
    text: str, action: Any, intent: str
) -> None:
    messages, events = run_action(action(), logged_here(text, intent, after=ADR_ANSWERED))
    assert read_as_intent(events) == "ask_adr", (responses(messages), events)


@pytest.mark.parametrize("text", ["when exactly?", "what date is that?", "so when can i go?"])
def test_when_exactly_gives_the_logged_cases_date(text: str) -> None:
    tracker = logged_here(text, "ask_adr", after=ADR_ANSWERED)
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    sent = responses(messages)
    assert "utter_adr_from_date" in sent and "utter_adr_dates" not in sent, said(messages)
