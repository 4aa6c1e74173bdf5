"""Outside compliance tester, round 14 (comp14a): F10, a weekday named that is today; F7, a
deadlock letter said as "you wrote to me on DATE saying deadlock"."""

from __future__ import annotations

import pytest

from actions.rights import ActionAnswerQuestion
from tests.action_support import make_tracker, only, responses, run_action

SATURDAY = "2026-11-28T11:00:00+00:00"  # the machine's Saturday 28 November 2026


def ask(monkeypatch, provider: str, text: str, now: str = SATURDAY):
    monkeypatch.setenv("COMPLAINTS_NOW", now)
    tracker = make_tracker({"provider": provider}, text=text, intent="ask_contact")
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    return messages


# F10: "can i ring on saturday?" asked on Saturday 28 November got "closed on Saturday 5 December
# 2026. They next open Monday 7 December 2026": the lines open Monday 30 November at 09:00.
@pytest.mark.parametrize("provider", ["infinity-group", "infinity-system-solutions"])
@pytest.mark.parametrize(
    "text",
    ["when is your complaints line open? can i ring on saturday?", "can i ring you on saturday?"],
)
def test_a_weekday_named_that_is_today_means_today(monkeypatch, provider: str, text: str) -> None:
    closed = only(ask(monkeypatch, provider, text), "utter_closed_on")
    assert closed["day"] == "Saturday 28 November 2026"
    assert closed["next_opening"] == "Monday 30 November 2026 at 09:00"


def test_next_saturday_said_on_a_saturday_is_a_week_on(monkeypatch) -> None:
    closed = only(
        ask(monkeypatch, "infinity-group", "can i ring next saturday?"), "utter_closed_on"
    )
    assert closed["day"] == "Saturday 5 December 2026"
    assert closed["next_opening"] == "Monday 7 December 2026 at 09:00"


def test_sunday_asked_on_saturday_is_tomorrow(monkeypatch) -> None:
    closed = only(ask(monkeypatch, "infinity-group", "can i call on sunday?"), "utter_closed_on")
    assert closed["day"] == "Sunday 29 November 2026"
    assert closed["next_opening"] == "Monday 30 November 2026 at 09:00"


def test_monday_asked_on_saturday_is_the_day_after_tomorrow(monkeypatch) -> None:
    open_on = only(ask(monkeypatch, "infinity-group", "can i ring on monday"), "utter_open_on")
    assert open_on["day"] == "Monday 30 November 2026"


def test_today_named_as_a_working_weekday_says_whether_open_now(monkeypatch) -> None:
    # Monday 30 November at 18:00: "can I ring on monday?" is tonight, closed until Tuesday.
    messages = ask(
        monkeypatch, "infinity-group", "can i ring on monday?", "2026-11-30T18:00:00+00:00"
    )
    assert "utter_open_on" not in responses(messages)
    closed = only(messages, "utter_closed_now")
    assert closed["next_opening"].startswith("Tuesday 1 December 2026")


# F7: "you wrote to me on 15 march 2026 saying deadlock. how long have i got" was answered "If we
# haven't written to you ... no time limit"; "i got a deadlock letter dated 15 march 2026" worked.
@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
@pytest.mark.parametrize(
    "text",
    [
        "you wrote to me on 15 march 2026 saying deadlock. how long have i got to go to the ombudsman?",
        "you sent me a letter on 15 march 2026 saying you can't do any more. how long have i got?",
        "you sent me a final response letter on 15 march 2026, how long have i got for adr?",
        "i got a deadlock letter from you dated 15 march 2026, how long have i got?",
    ],
)
def test_a_letter_said_as_you_wrote_saying_deadlock_is_a_letter_held(
    monkeypatch, provider: str, text: str
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", SATURDAY)
    tracker = make_tracker({"provider": provider}, text=text, intent="ask_adr")
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    dated = only(messages, "utter_adr_letter_dated")
    assert (dated["letter"], dated["until"]) == ("Sunday 15 March 2026", "Monday 15 March 2027")
    assert not any("never" in m["response"] or "no_letter" in m["response"] for m in messages)


# F16: "i want to escalate to your managing director right now, how?" got only "What is your
# complaint reference?"; the code's route (Operations Director, then Managing Director, through
# the usual contacts) was never said.
def test_an_escalation_asked_with_no_case_gets_the_codes_route_first(monkeypatch) -> None:
    from actions.status import ActionSetCaseRequest

    monkeypatch.setenv("COMPLAINTS_NOW", SATURDAY)
    tracker = make_tracker(
        {"provider": "infinity-group"},
        text="i want to escalate to your managing director right now, how?",
        intent="request_escalation",
    )
    messages, events = run_action(ActionSetCaseRequest(), tracker)
    steps = [m for m in messages if m["response"] == "utter_escalation_step"]
    assert [s["role"] for s in steps] == ["Operations Director", "Managing Director"]
    assert all("phone, post or email" in s["how"] for s in steps)
    said = responses(messages)
    assert said.index("utter_escalation_request_needs_reference") > said.index(
        "utter_escalation_step"
    )


# F8: just after logging, "will a director definitely call me? and when exactly will you reply"
# was answered for complaints made by phone ("no timed promise"), not with this complaint's date.
def test_a_call_from_the_provider_asked_about_is_not_the_complaints_channel(monkeypatch) -> None:
    from actions.rights import ActionQuoteResponseTimes
    from tests.action_support import slot_event, user_event

    monkeypatch.setenv("COMPLAINTS_NOW", SATURDAY)
    text = "will a director definitely call me? and when exactly will you reply"
    events = [
        user_event("my broadband is down", "make_complaint"),
        slot_event("created_reference", "IV-WEP7X7"),
        user_event(text, "ask_response_time"),
    ]
    tracker = make_tracker(
        {"provider": "invictanet", "created_reference": "IV-WEP7X7"},
        text=text,
        intent="ask_response_time",
        events=events,
    )
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    assert "utter_no_commitments_routes" not in responses(messages)
    assert only(messages, "utter_commitment_respond")["due_date"] == "Tuesday 1 December 2026"
