"""Needs a customer names in their own words, beyond the help listed for their circumstance (issue
18, outside testers of 27 November): "could you only write to me, not phone" after a bereavement,
"please ring after 6", "mornings are best". With consent, the need they named is recorded in plain
words ("contact in writing only", "call back after 6pm"), never their words about their health, and
shows where needs show (the read-back, `cases show`); one that cannot be recorded is said so.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from actions.intake import ActionSubmitComplaint, ActionSummariseComplaint
from bot.cases.needs import needs_by_reference
from bot.cli import main
from tests.action_support import (
    CONSUMER_FORM,
    form_answer,
    make_tracker,
    only,
    open_store,
    rendered,
    responses,
    run_action,
    slots_set,
)

FORM = "complaint_form"
BEREAVED = {
    "complaint_category": "billing",
    "complaint_description": "My husband died last month and you are still billing his account.",
    "circumstances": ["bereavement"],
}

pytestmark = pytest.mark.usefixtures("action_database")


def _submit(**slots: Any) -> tuple[list[dict], str]:
    tracker = make_tracker({**CONSUMER_FORM, **slots}, text="yes", intent="affirm")
    messages, events = run_action(ActionSubmitComplaint(), tracker)
    return messages, slots_set(events)["created_reference"]


def _desk_show(url: str, reference: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COMPLAINTS_STAFF", "sam")
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-22T10:00")
    out = io.StringIO()
    assert main(["cases", "show", reference, "--database", url], out=out) == 0
    return out.getvalue()


@pytest.mark.parametrize("asked", ["support_offer", "support_needs"])
def test_writing_only_after_a_bereavement_is_recorded_as_that_need(
    asked: str, action_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside tester: after a bereavement cue, "could you only write to me, not phone" was given
    the hint and nothing recorded (the bereavement's list has no "writing" need by that name)."""
    said = "could you only write to me, not phone"
    before = {**BEREAVED, **({"support_offer": "yes"} if asked == "support_needs" else {})}
    messages, slots = form_answer(said, asked, before)
    agreed = slots["support_needs"]
    assert agreed["needs"] == ["writing_only"]
    told = rendered(only(messages, "utter_needs_will_be_recorded"))
    assert "only in writing" in told
    assert "utter_hint_support_needs" not in responses(messages)
    messages, reference = _submit(**{**before, "support_offer": "yes"}, support_needs=agreed)
    assert "only in writing" in rendered(only(messages, "utter_needs_recorded"))
    with open_store(action_database) as store:
        [need] = needs_by_reference(store)[reference]
    assert need.need == "contact in writing only"
    assert "husband" not in need.need and need.customer_words is None
    assert "contact in writing only" in _desk_show(action_database, reference, monkeypatch)


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("please ring after 6", "after 6pm"),
        ("only call me after 6pm", "after 6pm"),
        ("mornings are best", "in the morning"),
        ("call me between 9 and 11am please", "between 9 and 11am"),
    ],
)
def test_a_call_back_time_is_recorded_and_shown_where_needs_show(
    said: str, when: str, action_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside tester: the time was dropped ("the need records that they want contact at a time
    that suits them, and staff ask which"). It is the need now: read back, and on the desk."""
    before = {**BEREAVED, "support_offer": "yes"}
    messages, slots = form_answer(said, "support_needs", before)
    agreed = slots["support_needs"]
    assert agreed["needs"] == ["call_back_time"]
    assert f"call you {when}" in rendered(only(messages, "utter_needs_will_be_recorded"))
    read_back, _ = run_action(
        ActionSummariseComplaint(),
        make_tracker({**CONSUMER_FORM, **before, "support_needs": agreed}, text="no"),
    )
    assert f"call you {when}" in only(read_back, "utter_complaint_summary")["summary"]
    _, reference = _submit(**before, support_needs=agreed)
    with open_store(action_database) as store:
        [need] = needs_by_reference(store)[reference]
    assert need.need == f"call back {when}"
    assert f"call back {when}" in _desk_show(action_database, reference, monkeypatch)


def test_a_time_named_with_other_needs_keeps_them_all() -> None:
    before = {**BEREAVED, "circumstances": ["disability"], "support_offer": "yes"}
    _, slots = form_answer("only text relay and call me after 6", "support_needs", before)
    assert slots["support_needs"]["needs"] == ["text_relay", "call_back_time"]


def test_a_need_outside_the_circumstances_list_named_by_its_words_is_recorded() -> None:
    """Relying on the line offers priority repair and a call back; "could my daughter speak to you
    for me please" names someone to speak for them, not in that list: recorded all the same."""
    before = {
        "complaint_category": "fault_repair",
        "complaint_description": "My care alarm runs through the line and you billed me twice.",
        "circumstances": ["depends_on_line"],
        "support_offer": "yes",
    }
    _, slots = form_answer("could my daughter speak to you for me please", "support_needs", before)
    assert slots["support_needs"]["needs"] == ["someone_to_speak"]


def test_a_need_that_cannot_be_recorded_is_said_so_plainly_with_the_providers_number() -> None:
    before = {**BEREAVED, "support_offer": "yes", "provider": "infinium"}
    messages, slots = form_answer(
        "could you send a female engineer please", "support_needs", before
    )
    assert "support_needs" not in slots or slots["support_needs"] is None
    said = rendered(only(messages, "utter_need_not_recordable"))
    assert "01253 353537" in said  # Infinium's number, from its code
    assert "utter_hint_support_needs" not in responses(messages)


def test_the_time_travels_with_a_complaint_kept_in_the_outbox(
    monkeypatch: pytest.MonkeyPatch, action_database: str
) -> None:
    import actions.cases
    from tests.action_support import database_outage

    agreed = {
        "needs": ["call_back_time"],
        "at": "2026-12-22T09:58:00+00:00",
        "details": {"call_back_time": "after 6pm"},
    }
    database_outage(monkeypatch)
    messages, _ = run_action(
        ActionSubmitComplaint(),
        make_tracker(
            {**CONSUMER_FORM, **BEREAVED, "support_offer": "yes", "support_needs": agreed},
            text="yes",
            intent="affirm",
        ),
    )
    assert "call you after 6pm" in rendered(only(messages, "utter_needs_kept_with_complaint"))
    monkeypatch.setenv("DATABASE_URL", action_database)
    actions.cases.reset_case_store()
    [reference] = actions.cases.drain_outbox()
    with open_store(action_database) as store:
        [need] = needs_by_reference(store)[reference]
    assert need.need == "call back after 6pm"


@pytest.mark.parametrize(
    ("provider", "said", "hours", "when"),
    [
        ("infinity-group", "please ring after 6", "Monday to Friday, 09:00 to 17:30", "after 6pm"),
        (
            "infinity-system-solutions",
            "ring me in the evenings please",
            "Monday to Friday, 09:00 to 17:00",
            "in the evening",
        ),
        ("infinity-group", "only call me at the weekend", "Monday to Friday", "at the weekend"),
    ],
)
def test_a_call_back_time_outside_the_codes_phone_hours_is_said_plainly(
    provider: str, said: str, hours: str, when: str
) -> None:
    """Issue 18: "call me after 6pm" was noted with nothing said of the provider's phone hours,
    though its code gives them (Infinity Group: 9am to 5.30pm Monday-Friday)."""
    before = {**BEREAVED, "support_offer": "yes", "provider": provider}
    messages, slots = form_answer(said, "support_needs", before)
    assert slots["support_needs"]["needs"] == ["call_back_time"]
    told = rendered(only(messages, "utter_call_back_outside_hours"))
    assert hours in told and f"a call {when} is outside those hours" in told
    assert only(messages, "utter_call_back_outside_hours")["custom"]["sources"]
    assert "utter_call_back_hours" not in responses(messages)


@pytest.mark.parametrize("said", ["mornings are best", "call me between 10 and 12 please"])
def test_a_call_back_time_inside_the_codes_phone_hours_gets_the_hours_only(said: str) -> None:
    before = {**BEREAVED, "support_offer": "yes", "provider": "infinity-group"}
    messages, _ = form_answer(said, "support_needs", before)
    told = rendered(only(messages, "utter_call_back_hours"))
    assert "Monday to Friday, 09:00 to 17:30" in told
    assert "utter_call_back_outside_hours" not in responses(messages)


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
def test_no_phone_hours_are_said_where_the_code_gives_none(provider: str) -> None:
    before = {**BEREAVED, "support_offer": "yes", "provider": provider}
    messages, slots = form_answer("please ring after 6", "support_needs", before)
    assert slots["support_needs"]["details"] == {"call_back_time": "after 6pm"}
    said = responses(messages)
    assert "utter_call_back_hours" not in said and "utter_call_back_outside_hours" not in said


ILL = {**BEREAVED, "circumstances": ["illness"], "support_offer": "yes"}


@pytest.mark.parametrize(
    ("said", "detail"),
    [
        ("large print please", "large print"),
        ("braille", "braille"),
        ("just braille and large print please", "large print and braille"),
    ],
)
def test_the_format_asked_for_is_kept_not_only_the_general_need(
    said: str, detail: str, action_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: "large print please" was recorded as "letters and replies in an accessible
    format", and staff had to ask which. The format is kept, read back and shown on the desk."""
    messages, slots = form_answer(said, "support_needs", ILL)
    agreed = slots["support_needs"]
    assert agreed["needs"] == ["accessible_formats"]
    assert agreed["details"] == {"accessible_formats": detail}
    assert detail in rendered(only(messages, "utter_needs_will_be_recorded"))
    read_back, _ = run_action(
        ActionSummariseComplaint(),
        make_tracker({**CONSUMER_FORM, **ILL, "support_needs": agreed}, text="no"),
    )
    assert detail in only(read_back, "utter_complaint_summary")["summary"]
    messages, reference = _submit(**ILL, support_needs=agreed)
    assert detail in rendered(only(messages, "utter_needs_recorded"))
    with open_store(action_database) as store:
        [need] = needs_by_reference(store)[reference]
    assert need.need == f"letters and replies in an accessible format: {detail}"
    assert need.need in _desk_show(action_database, reference, monkeypatch)


def test_a_format_chosen_by_its_place_in_the_list_stays_the_general_need() -> None:
    _, slots = form_answer("the first one", "support_needs", ILL)
    agreed = slots["support_needs"]
    assert agreed["needs"] == ["accessible_formats"]
    assert "accessible_formats" not in (agreed.get("details") or {})


@pytest.mark.parametrize("said", ["call me during the day please", "daytime is best"])
def test_a_call_in_the_daytime_keeps_the_time(said: str) -> None:
    _, slots = form_answer(said, "support_needs", ILL)
    agreed = slots["support_needs"]
    assert agreed["needs"] == ["call_back_time"]
    assert agreed["details"] == {"call_back_time": "during the day"}


@pytest.mark.parametrize(
    "said",
    [
        "e-mail only, no letters to my home",
        "email me only, never post",
        "no post please, email is fine",
    ],
)
def test_email_only_is_recorded_as_a_contact_need_and_shown_where_needs_show(
    said: str, action_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside testers (issue 18): "e-mail only, no letters to my home" at the consent question was
    the hint, or "I can't record that"; now the contact need, like "contact in writing only"."""
    before = {**BEREAVED, "support_offer": "yes"}
    messages, slots = form_answer(said, "support_needs", before)
    agreed = slots["support_needs"]
    assert agreed["needs"] == ["email_only"]
    assert "by e-mail only" in rendered(only(messages, "utter_needs_will_be_recorded"))
    assert "utter_need_not_recordable" not in responses(messages)
    read_back, _ = run_action(
        ActionSummariseComplaint(),
        make_tracker({**CONSUMER_FORM, **before, "support_needs": agreed}),
    )
    assert "by e-mail only" in " ".join(rendered(m) for m in read_back if m.get("response"))
    messages, reference = _submit(**before, support_needs=agreed)
    with open_store(action_database) as store:
        [need] = needs_by_reference(store)[reference]
    assert need.need == "contact by e-mail only" and need.customer_words is None
    assert "contact by e-mail only" in _desk_show(action_database, reference, monkeypatch)


@pytest.mark.parametrize(
    "said",
    [
        "e-mail only, no letters to my home",
        "email me only, never post",
        "no post please, email is fine",
    ],
)
def test_email_only_at_the_accessibility_question_is_kept_as_that_need(said: str) -> None:
    """Outside testers (issue 18): "no post please, email is fine" was "no needs", and "email me
    only, never post" no need at all; each is "contact by e-mail only"."""
    _, slots = form_answer(
        said, "accessibility_needs", {**CONSUMER_FORM, "accessibility_needs": None}
    )
    assert slots["accessibility_needs"] == "contact by e-mail only"


@pytest.mark.parametrize("said", ["big print please", "big writing please"])
def test_big_print_at_the_list_records_large_print(said: str) -> None:
    """Outside care, round 16, F17: "big print please" at the list of help was told "I'm sorry, I
    can't record that", and "big writing please" noted a call back or writing only."""
    sight = {**BEREAVED, "circumstances": ["disability"], "support_offer": "yes"}
    messages, slots = form_answer(said, "support_needs", sight)
    assert "utter_need_not_recordable" not in responses(messages)
    agreed = slots["support_needs"]
    assert agreed["needs"] == ["accessible_formats"]
    assert agreed["details"] == {"accessible_formats": "large print"}
