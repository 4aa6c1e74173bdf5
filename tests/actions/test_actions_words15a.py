"""Outside testers typing as customers (round 15, words15a), through the actions:

1. F25: a day with no year in the first message ("I rang you on 3rd december"), said while that
   day this year is still to come, was stored as last year's day without asking: it goes through
   the check a date typed at "When did you first raise this?" has ("Did you mean ...?"); a day
   already past this year is kept and nothing asked.
2. F12: "they sent me a deadlock letter on 2 October" beside "I complained" was stored as the day
   the complaint was first raised: it is the letter's day, and the first-raised day is asked.
3. F4: "id rather not say", "prefer not to", "not telling you that" at the e-mail or phone
   question were refused as an address or number: the optional answer is left out.
4. After a bare "I want to make a complaint", "Please tell me a bit more about what happened"
   read oddly: nothing had been told yet, so "Please tell me what happened ...".
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import (
    ActionAskComplaintDescription,
    ActionStartComplaint,
    ActionSummariseComplaint,
    ValidateComplaintForm,
    first_raised_to_ask,
)
from tests.action_support import (
    CONSUMER_FORM,
    form_answer,
    form_turn,
    form_turn_after,
    make_tracker,
    rendered,
    responses,
    run_action,
    slots_set,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")

PROVIDER = "infinity-group"
# A day before 3 December: "3rd december" with no year is either last year's or still to come.
BEFORE_DECEMBER = "2026-11-28T10:00"


def _started(first: str) -> tuple[dict[str, Any], list[str]]:
    """The slots after the first message and the form's first check of it, and what was said."""
    start = make_tracker({"provider": PROVIDER}, text=first, intent="make_complaint")
    messages, events = run_action(ActionStartComplaint(), start)
    started = slots_set(events)
    tracker = form_turn(
        "complaint_form",
        None,
        started,
        before={"provider": PROVIDER},
        text=first,
        intent="make_complaint",
    )
    checked, events = run_action(ValidateComplaintForm(), tracker)
    return {**started, **slots_set(events)}, [rendered(m) for m in messages + checked]


def _ask_first_raised(first: str, slots: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    from actions.intake import ActionAskComplaintFirstRaised  # new with these fixes

    tracker = form_turn(
        "complaint_form",
        "complaint_first_raised",
        {},
        before={"provider": PROVIDER, **slots},
        text=first,
        intent="make_complaint",
    )
    return run_action(ActionAskComplaintFirstRaised(), tracker)


# --- 1. F25: a day with no year in the first message ---------------------------------------------

FIRSTS_RAISED_NO_YEAR = [
    "my broadband has been down and i rang you on 3rd december and nothing has been done",
    "I first complained on 3 december and my broadband is still down, i want to complain",
]


@pytest.mark.parametrize("first", FIRSTS_RAISED_NO_YEAR)
def test_a_day_still_to_come_this_year_is_asked_about_not_put_in_last_year(
    monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", BEFORE_DECEMBER)
    slots, _ = _started(first)
    assert slots.get("complaint_first_raised") in (None, "none"), slots
    assert slots.get("complaint_first_raised") != "2025-12-03"
    assert slots.get("requested_slot") == "complaint_first_raised", slots
    # The question is the form's own "Did you mean ...?", with last year's day.
    messages, events = _ask_first_raised(first, slots)
    said = " ".join(rendered(m) for m in messages)
    assert "3 December 2025" in said and "yes" in said, said
    record = slots_set(events)["answer_failures"]
    # "yes" takes last year's day, as at the form's question.
    before = {**slots, "provider": PROVIDER, "answer_failures": record}
    _, answered = form_answer("yes", "complaint_first_raised", before, intent="affirm")
    assert answered["complaint_first_raised"] == "2025-12-03"


@pytest.mark.parametrize("first", FIRSTS_RAISED_NO_YEAR)
def test_a_day_past_this_year_is_kept_and_nothing_asked(first: str) -> None:
    # The tests' own today, 22 December 2026: 3 December 2026 has passed.
    slots, said = _started(first)
    assert slots.get("complaint_first_raised") == "2026-12-03", slots
    assert slots.get("requested_slot") != "complaint_first_raised"
    assert not any("Did you mean" in s for s in said)


def test_a_day_with_its_year_is_kept_and_nothing_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", BEFORE_DECEMBER)
    slots, _ = _started("my broadband is down and i rang you on 3 december 2025 about it")
    assert slots.get("complaint_first_raised") == "2025-12-03", slots
    assert slots.get("requested_slot") != "complaint_first_raised"


def test_the_read_back_never_shows_the_guessed_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", BEFORE_DECEMBER)
    first = FIRSTS_RAISED_NO_YEAR[0]
    slots = {**CONSUMER_FORM, "provider": PROVIDER, "complaint_description": first}
    tracker = make_tracker(
        slots, text="none", events=[user_event(first, "make_complaint"), user_event("none")]
    )
    messages, _ = run_action(ActionSummariseComplaint(), tracker)
    assert "3 December 2025" not in " ".join(rendered(m) for m in messages)


# --- 2. F12: a deadlock letter's day is the letter's --------------------------------------------

LETTER_FIRSTS = [
    "i complained about my bill and they sent me a deadlock letter on 2 October",
    "I have complained and they sent me a deadlock letter on 2 October, the bill is wrong",
    "I raised a complaint and got a deadlock letter on 2 October",
]


@pytest.mark.parametrize("first", LETTER_FIRSTS)
def test_a_deadlock_letters_day_is_never_the_day_first_raised(first: str) -> None:
    slots, _ = _started(first)
    assert slots.get("complaint_first_raised") != "2026-10-02", slots
    # The day first raised is still asked for.
    tracker = form_turn(
        "complaint_form",
        None,
        {},
        before={"provider": PROVIDER, **slots},
        text=first,
        intent="make_complaint",
    )
    assert first_raised_to_ask(tracker)


def test_the_letters_day_stays_the_letters_and_another_day_is_first_raised() -> None:
    first = "I first complained on 1 September and they sent me a deadlock letter on 2 October"
    slots, _ = _started(first)
    assert slots.get("complaint_first_raised") == "2026-09-01", slots


# --- 3. F4: declining the e-mail or the phone number ---------------------------------------------

SO_FAR = {
    "provider": PROVIDER,
    "complaint_category": "billing",
    "complaint_description": "I was charged twice for December and nobody has fixed it.",
    "customer_name": "Jane Doe",
}
DECLINES = ["rather not", "id rather not say", "prefer not to", "not telling you that"]


@pytest.mark.parametrize("said", DECLINES)
def test_declining_the_email_leaves_it_out(said: str) -> None:
    messages, slots = form_answer(said, "customer_email", SO_FAR)
    assert slots["customer_email"] == "none", slots
    assert "utter_hint_customer_email" not in responses(messages)


@pytest.mark.parametrize("said", DECLINES)
def test_declining_the_phone_leaves_it_out(said: str) -> None:
    before = {**SO_FAR, "customer_email": "jane.doe@example.co.uk"}
    messages, slots = form_answer(said, "customer_phone", before)
    assert slots["customer_phone"] == "none", slots
    assert "utter_hint_customer_phone" not in responses(messages)


def test_an_address_given_beside_rather_not_is_kept() -> None:
    said = "id rather not give my phone but my email is jane.doe@example.co.uk"
    _, slots = form_answer(said, "customer_email", SO_FAR)
    assert slots["customer_email"] == "jane.doe@example.co.uk", slots


# --- 4. "what happened?" after nothing told ------------------------------------------------------


@pytest.mark.parametrize("first", ["I want to make a complaint", "hi i want to complain"])
def test_after_a_bare_wish_to_complain_what_happened_is_asked_without_a_bit_more(
    first: str,
) -> None:
    tracker = form_turn_after(
        [first], "complaint_description", {}, {"provider": PROVIDER}, "/inform"
    )
    messages, _ = run_action(ActionAskComplaintDescription(), tracker)
    said = " ".join(rendered(m) for m in messages)
    assert "a bit more" not in said, said
    assert said == "Please tell me what happened, in your own words, so our staff can act on it."


def test_after_something_too_short_a_bit_more_is_asked() -> None:
    tracker = form_turn_after(
        ["complaint about billing"], "complaint_description", {}, {"provider": PROVIDER}, "billing"
    )
    messages, _ = run_action(ActionAskComplaintDescription(), tracker)
    said = " ".join(rendered(m) for m in messages)
    assert "a bit more about what happened, in your own words" in said, said
