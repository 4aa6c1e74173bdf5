"""Issue 14, outside testers' thirteenth look (the clock fixed at Friday 27 November 2026, 21:20,
after every code's phone hours):

1. "you received my complaint letter on Monday 23 November, when will you reply?" is a reply-time
   question for a letter received that day (23 November 2026), never a case reference asked for.
2. After logging a complaint whose customer said they hold a deadlock letter, "can I go to the
   ombudsman?" gives the 12-month limit from the letter, as the confirmation did.
3. "will they call me back on Monday?" is counted as "i rang today" is (a call made today, within
   the code's hours), and both say what the dates are counted from.
4. "if i ring to complain will someone call me back tomorrow?" is a call still to make: no
   "complaint made by phone on Saturday 28 November"; when the lines open, and "if you ring".
5. Infinity Group's note on its 31 March 2016 update is said once, or when the code's date is
   asked about, not on every reply-time answer.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from actions.status import ActionSetCaseRequest
from tests.action_support import (
    make_tracker,
    read_as_intent,
    responses,
    run_action,
    slot_event,
    user_event,
)
from tests.actions.test_truth import PROVIDERS, said

pytestmark = pytest.mark.usefixtures("action_database")

FRIDAY_NIGHT = "2026-11-27T21:20"


@pytest.fixture(autouse=True)
def friday_night(monkeypatch: pytest.MonkeyPatch, action_database: str) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", FRIDAY_NIGHT)


def run(action: Any, provider: str, text: str, intent: str, events=None) -> tuple[list, list]:
    tracker = make_tracker({"provider": provider}, text=text, intent=intent, events=events)
    return run_action(action, tracker)


# --- 1. a letter received on a day gone by ---------------------------------------------------------

RECEIVED = "you received my complaint letter on Monday 23 November, when will you reply?"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_letter_received_on_a_past_day_is_dated_from_that_day(provider: str) -> None:
    messages, _ = run(ActionQuoteResponseTimes(), provider, RECEIVED, "ask_response_time")
    answer = said(messages)
    assert "Monday 23 November 2026" in answer, answer
    assert "2027" not in answer, answer
    assert "that we receive on" not in answer, answer  # received already, not to come


def test_infiniums_letter_received_on_23_november_gets_its_dates() -> None:
    messages, _ = run(ActionQuoteResponseTimes(), "infinium", RECEIVED, "ask_response_time")
    answer = said(messages)
    assert "that we received on Monday 23 November 2026" in answer, answer
    assert "We aim to respond by Thursday 26 November 2026 (3 business days)" in answer, answer
    assert "we will try to respond by Monday 7 December 2026 (10 working days)" in answer, answer


def test_infinity_groups_letter_received_on_23_november_gets_its_date() -> None:
    messages, _ = run(ActionQuoteResponseTimes(), "infinity-group", RECEIVED, "ask_response_time")
    assert "We normally reply by Monday 7 December 2026 (10 working days)" in said(messages)


@pytest.mark.parametrize("intent", ["check_case", "request_escalation"])
def test_a_letter_received_read_as_a_case_is_the_reply_time_question(intent: str) -> None:
    messages, events = run(ActionSetCaseRequest(), "infinium", RECEIVED, intent)
    assert read_as_intent(events) == "ask_response_time", (events, said(messages))
    assert "utter_ask_case_reference" not in responses(messages)


# --- 2. the ombudsman after logging, with a deadlock letter held -----------------------------------

HELD_FIRST = (
    "I want to complain. I first complained on 10 January 2026 about my line being cut off, and "
    "you sent me a deadlock letter dated 2 March 2026. Still not fixed."
)


def _after_logging(provider: str, text: str, intent: str) -> Any:
    form = {"customer_type": "consumer", "complaint_first_raised": "2026-01-10"}
    events = [user_event(HELD_FIRST, "make_complaint")]
    events += [slot_event(k, v) for k, v in form.items()]
    events += [slot_event(k, None) for k in form]
    events += [slot_event("created_reference", "XX-GY4GRD"), user_event(text, intent)]
    return make_tracker(
        {"provider": provider, "created_reference": "XX-GY4GRD"},
        text=text,
        intent=intent,
        events=events,
    )


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_ombudsman_after_logging_gives_the_held_letters_limit(provider: str) -> None:
    tracker = _after_logging(provider, "can I go to the ombudsman?", "ask_adr")
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    answer = said(messages)
    assert "utter_adr_for_logged_case" in responses(messages), answer
    # As the confirmation says (test_truth_compliance_r12): 12 months from the letter.
    assert "2 March 2026" in answer, answer
    assert "Tuesday 2 March 2027" in answer, answer


# --- 3. a call back on a named day, counted as a call made today is ----------------------------------


@pytest.mark.parametrize("provider", ["infinity-group", "infinity-system-solutions"])
def test_will_they_call_me_back_on_monday_counts_as_i_rang_today(provider: str) -> None:
    monday, _ = run(
        ActionQuoteResponseTimes(),
        provider,
        "will they call me back on Monday?",
        "ask_response_time",
    )
    today, _ = run(
        ActionQuoteResponseTimes(),
        provider,
        "i rang today and they said someone would call me back, when?",
        "ask_response_time",
    )
    dates = [m for m in said(monday).splitlines()[1:] if "2026" in m]
    assert dates == [m for m in said(today).splitlines()[1:] if "2026" in m]
    for answer in (said(monday), said(today)):
        # The basis: a call made today, within the code's hours, counted from their start.
        assert "counted from Friday 27 November 2026 at 09:00" in answer, answer
        assert "within our phone hours" in answer, answer


def test_infinity_groups_call_back_on_monday_is_dated_from_todays_call() -> None:
    messages, _ = run(
        ActionQuoteResponseTimes(),
        "infinity-group",
        "will they call me back on Monday?",
        "ask_response_time",
    )
    answer = said(messages)
    assert "we normally call you back by Friday 4 December 2026 (5 working days)" in answer, answer


# --- 4. a call still to make --------------------------------------------------------------------

IF_I_RING = "if i ring to complain will someone call me back tomorrow?"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_call_still_to_make_is_no_complaint_made_on_the_day_named(provider: str) -> None:
    messages, _ = run(ActionQuoteResponseTimes(), provider, IF_I_RING, "ask_response_time")
    answer = said(messages)
    assert "Saturday 28 November" not in answer, answer
    assert "If you ring" in answer, answer


@pytest.mark.parametrize(
    ("provider", "opens"),
    [("infinity-group", "09:00"), ("infinity-system-solutions", "09:00")],
)
def test_a_call_still_to_make_outside_hours_is_dated_from_the_opening(
    provider: str, opens: str
) -> None:
    messages, _ = run(ActionQuoteResponseTimes(), provider, IF_I_RING, "ask_response_time")
    answer = said(messages)
    assert (
        f"our phone lines are closed now and open on Monday 30 November 2026 at {opens}" in answer
    ), answer
    assert f"counted from Monday 30 November 2026 at {opens}" in answer, answer


def test_infinity_groups_call_still_to_make_gets_its_call_back_date() -> None:
    messages, _ = run(ActionQuoteResponseTimes(), "infinity-group", IF_I_RING, "ask_response_time")
    assert "we normally call you back by Monday 7 December 2026 (5 working days)" in said(messages)


# --- 5. Infinity Group's 2016 update, once -----------------------------------------------------------


def _asked_again(text: str) -> Any:
    events = [
        user_event("how long will you take to reply?", "ask_response_time"),
        {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_code_update"}},
        user_event(text, "ask_response_time"),
    ]
    return make_tracker(
        {"provider": "infinity-group"}, text=text, intent="ask_response_time", events=events
    )


def test_infinity_groups_update_note_is_said_the_first_time() -> None:
    messages, _ = run(
        ActionQuoteResponseTimes(), "infinity-group", "when will you reply?", "ask_response_time"
    )
    assert "utter_code_update" in responses(messages)
    assert "with effect from 31 March 2016" in said(messages)


def test_infinity_groups_update_note_is_not_said_again() -> None:
    messages, _ = run_action(ActionQuoteResponseTimes(), _asked_again("and if i email you?"))
    assert "utter_code_update" not in responses(messages), said(messages)
    assert "2016" not in said(messages)


@pytest.mark.parametrize(
    "text",
    ["is your code up to date? when will you reply?", "which terms apply to me, the 2016 ones?"],
)
def test_infinity_groups_update_note_is_said_when_the_codes_date_is_asked(text: str) -> None:
    messages, _ = run_action(ActionQuoteResponseTimes(), _asked_again(text))
    assert "utter_code_update" in responses(messages), said(messages)


# --- 6. the code's own wait beside today's, at logging ---------------------------------------------

CODE_WAITS = {
    "infinium": (12, "Friday 19 February 2027", "If within twelve weeks of a complaint"),
    "invictanet": (12, "Friday 19 February 2027", "An unresolved complaint may be referred"),
    "infinity-group": (8, "Friday 22 January 2027", "Ombudsman Services: Communications can only"),
}


def _submitted(provider: str) -> list[dict[str, Any]]:
    from actions.intake import ActionSubmitComplaint
    from tests.action_support import CONSUMER_FORM

    events = [user_event("I was charged twice for December.", "make_complaint")]
    events.append(user_event("yes", "affirm"))
    tracker = make_tracker(
        {**CONSUMER_FORM, "provider": provider}, text="yes", intent="affirm", events=events
    )
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    return messages


@pytest.mark.parametrize("provider", sorted(CODE_WAITS))
def test_logging_gives_the_codes_own_wait_beside_todays_and_which_applies(provider: str) -> None:
    weeks, code_date, quote = CODE_WAITS[provider]
    messages = _submitted(provider)
    answer = said(messages)
    # Today's rules: 6 weeks from 8 April 2026 (regulation.md), from Friday 27 November 2026.
    assert "from Friday 8 January 2027" in answer, answer
    assert f"Our code says {weeks} weeks, which would be {code_date}" in answer, answer
    assert "today's rules give you 6 weeks, Friday 8 January 2027" in answer, answer
    assert "that is the date that applies" in answer, answer
    [line] = [m for m in messages if m["response"] == "utter_adr_code_wait_longer"]
    sources = line["custom"]["sources"]
    assert any((s.get("quote") or "").startswith(quote) for s in sources), sources
    assert any("Ofcom statement, 9 July 2025" in str(s) for s in sources), sources


def test_a_code_whose_wait_opens_no_adr_gets_no_such_line() -> None:
    """Infinity System Solutions' 6 weeks lead to Ofcom, not an ADR scheme."""
    messages = _submitted("infinity-system-solutions")
    assert "utter_adr_code_wait_longer" not in responses(messages), said(messages)
