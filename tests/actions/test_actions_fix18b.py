"""F33 (outside compliance reader): "when will the case handler contact me?" to Infinity System
Solutions got the 48-hour quote and no date. The code: "Your case handler will then contact you
within 48 hours of your complaint being raised to introduce themselves ...". Now the quote and the
moment those 48 hours end, counted as staff see the due date (`bot.rights.due_moment`: from the
start of the next working period when raised outside working time, regulation.md): from now before
a complaint is logged, from the case's own raising once one is logged here.

And F7: the response-time answer dates "the first 3 working days" as the code counts them."""

from __future__ import annotations

from datetime import datetime

import pytest

from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from tests.action_support import (
    LONDON,
    make_tracker,
    only,
    open_store,
    rendered,
    run_action,
    slot_event,
    user_event,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

ISS = "infinity-system-solutions"
QUOTE = "within 48 hours of your complaint being raised"
ASKED = [
    ("when will the case handler contact me?", "ask_response_time"),
    ("when will someone get in touch to introduce themselves?", "ask_escalation"),
    ("When will my case handler call me?", "ask_response_time"),
]


def said(messages: list[dict]) -> str:
    return " ".join(rendered(m) for m in messages)


def action_for(intent: str):
    return ActionQuoteResponseTimes() if intent == "ask_response_time" else ActionAnswerQuestion()


@pytest.mark.parametrize(("text", "intent"), ASKED)
def test_before_logging_the_48_hours_are_dated_from_now(text: str, intent: str) -> None:
    # The tests' clock: Tuesday 22 December 2026 at 10:00, in working hours: 48 hours on.
    tracker = make_tracker({"provider": ISS}, text=text, intent=intent)
    messages, _ = run_action(action_for(intent), tracker)
    answer = said(messages)
    assert QUOTE in answer
    assert "Thursday 24 December 2026 at 10:00" in answer
    assert "Tuesday 22 December 2026 at 10:00" in answer  # what it is counted from
    sources = [s["quote"] for m in messages for s in m.get("custom", {}).get("sources", [])]
    assert any("within 48 hours of your complaint being raised" in q for q in sources)


def test_out_of_hours_the_48_hours_count_from_the_next_opening(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Christmas Eve 2026 at 18:00: the 25th and the 28th are bank holidays, so from Tuesday 29th.
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-24T18:00")
    tracker = make_tracker({"provider": ISS}, text=ASKED[0][0], intent="ask_response_time")
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    answer = said(messages)
    assert QUOTE in answer
    assert "Tuesday 29 December 2026 at 09:00" in answer
    assert "Thursday 31 December 2026 at 09:00" in answer


@pytest.mark.parametrize(("text", "intent"), ASKED)
def test_a_case_logged_here_is_dated_from_its_raising(
    action_database: str, text: str, intent: str
) -> None:
    # Logged on Monday 21 December 2026 at 16:30; asked the next day at 10:00 (the tests' clock).
    with open_store(action_database) as store:
        case = store.create_case(
            make_intake(provider=ISS, channel="chat"),
            received=datetime(2026, 12, 21, 16, 30, tzinfo=LONDON),
            actor="assistant",
            channel="chat",
        )
    reference = case.reference
    tracker = make_tracker(
        {"provider": ISS, "created_reference": reference},
        text=text,
        intent=intent,
        events=[slot_event("created_reference", reference), user_event(text, intent)],
    )
    messages, _ = run_action(action_for(intent), tracker)
    answer = said(messages)
    assert QUOTE in answer
    assert reference in answer
    assert "Monday 21 December 2026 at 16:30" in answer
    assert "Wednesday 23 December 2026 at 16:30" in answer
    assert "Thursday 24 December 2026 at 10:00" not in answer  # not from now


def test_the_response_times_answer_dates_the_first_3_working_days() -> None:
    """F7: "If we cannot resolve your complaint within the first 3 working days ..." raised on
    Tuesday 22 December 2026 at 10:00: Tue 22, Wed 23, Thu 24; not Tuesday 29th."""
    tracker = make_tracker({"provider": ISS}, intent="ask_response_time")
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    resolve = only(messages, "utter_commitment_resolve_or_agree_time")
    assert (resolve["due_date"], resolve["due_time"]) == ("Thursday 24 December 2026", "17:00")


def test_a_case_raised_out_of_hours_whose_48_hours_have_passed(
    action_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logged on Saturday 19 December 2026: counted from Monday 21st at 09:00, so due Wednesday
    23rd at 09:00; asked on Thursday 24th, not marked as done: said as passed, with the phone."""
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-24T11:00")
    with open_store(action_database) as store:
        case = store.create_case(
            make_intake(provider=ISS, channel="chat"),
            received=datetime(2026, 12, 19, 12, 0, tzinfo=LONDON),
            actor="assistant",
            channel="chat",
        )
    text = "when will my case handler get in touch?"
    tracker = make_tracker(
        {"provider": ISS, "created_reference": case.reference},
        text=text,
        intent="ask_response_time",
        events=[slot_event("created_reference", case.reference), user_event(text)],
    )
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    answer = said(messages)
    assert "Saturday 19 December 2026 at 12:00" in answer
    assert "Monday 21 December 2026 at 09:00" in answer
    assert "Wednesday 23 December 2026 at 09:00" in answer
    assert "has passed" in answer and "0330 9000 009" in answer


def test_a_code_without_a_case_handler_promise_answers_as_before() -> None:
    tracker = make_tracker({"provider": "invictanet"}, text=ASKED[0][0], intent="ask_response_time")
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    assert not [m for m in messages if m["response"].startswith("utter_case_handler_contact")]
    assert messages


def test_a_contact_already_made_is_not_dated_again(action_database: str) -> None:
    with open_store(action_database) as store:
        case = store.create_case(
            make_intake(provider=ISS, channel="chat"),
            received=datetime(2026, 12, 21, 16, 30, tzinfo=LONDON),
            actor="assistant",
            channel="chat",
        )
        store.add_note(
            case.reference,
            "Introduced myself by phone.",
            now=datetime(2026, 12, 22, 9, tzinfo=LONDON),
            contacted=True,
            actor="sam",
            channel="desk",
        )
    text = ASKED[0][0]
    tracker = make_tracker(
        {"provider": ISS, "created_reference": case.reference},
        text=text,
        intent="ask_response_time",
        events=[slot_event("created_reference", case.reference), user_event(text)],
    )
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    assert not [m for m in messages if m["response"].startswith("utter_case_handler_contact")]
    assert "Wednesday 23 December 2026 at 16:30" not in said(messages)
