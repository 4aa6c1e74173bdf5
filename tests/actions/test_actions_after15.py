"""Outside testers, round 13 (27 Nov): after a complaint was LOGGED in the conversation, the
customer's next messages were mishandled (Infinity Group "IG-", Infinium "IN-").

F1: "sorry my phone number is actually 07700 900 456 can u change it" started a new complaint
("What is your complaint about?"), and so did "i want to update my phone number".
F13: "oh and postcode is PR2 8AA if u need it" started a new complaint; "no i already made my
complaint, IN-14MVMC, i just wanted to add my postcode" got the status only.
F15: "you were supposed to answer my email within 5 working days werent you? its been 3 weeks"
started a new complaint, and "stop" then said "Nothing has been saved", as if the complaint logged
had been lost.
F5: "my son Peter will ring you on my behalf, can you put that down" was told to ask again when
making a complaint, and with the reference, the status only; the lead's probe: "can i have it in
large print from now on" on a case just checked, the same.

Now a message read as a new complaint after one was logged is checked first: a detail corrected
or added is told plainly what happens to it (the chat changes no detail: how to reach the
provider); the reply owed on the case logged is answered about that case (the code's times, that
they have passed, and ADR's dates); a clear new complaint starts as before; anything else is asked
about once, with two buttons. A need asked for on the case logged or checked here is recorded on
it, the asking being the consent.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions.intake import ActionStartComplaint, ActionStopComplaint
from actions.rights import ActionAnswerQuestion
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from tests.action_support import (
    DOMAIN,
    POSTCODE,
    Conversation,
    make_tracker,
    only,
    open_store,
    read_as_intent,
    recorded_needs,
    rendered,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))
PROVIDERS = ["infinity-group", "infinium"]


def new_case(action_store: CaseStore, provider: str) -> str:
    """A case raised in this conversation today (as logging it does), for `provider`."""
    reference = action_store.create_case(
        make_intake(channel="chat", provider=provider, category="fault_repair"),
        received=TODAY,
        actor="assistant",
        channel="chat",
    ).reference
    with open_store(os.environ["DATABASE_URL"]) as store:
        CaseVerification(store).record_owner(
            reference, conversation_id="conversation-1", channel="rest", now=TODAY
        )
    return reference


def after_logging(
    provider: str,
    reference: str,
    text: str,
    intent: str = "make_complaint",
    before: list[dict[str, Any]] | None = None,
) -> Any:
    """The tracker after the complaint `reference` was logged here, `text` the latest message."""
    events = [
        user_event("my broadband keeps dropping out", "make_complaint"),
        slot_event("complaint_category", "fault_repair"),
        slot_event("complaint_description", "My broadband keeps dropping out."),
        {"event": "action", "name": "action_submit_complaint"},
        slot_event("complaint_category", None),
        slot_event("complaint_description", None),
        slot_event("created_reference", reference),
        slot_event("verified_reference", reference),
        {"event": "action", "name": "action_listen"},
        *(before or []),
        user_event(text, intent),
    ]
    slots = {"provider": provider, "created_reference": reference, "verified_reference": reference}
    return make_tracker(slots, text=text, intent=intent, events=events)


def ends_the_turn(events: list[dict[str, Any]]) -> bool:
    return any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in events)


# --- (a) a detail corrected or added: never a new complaint ----------------------------------------

DETAILS = [
    # F1's first message, "sorry my phone number is actually 07700 900 456 can u change it", with
    # its number, is now noted on the case as the new phone number (round 15, words15b:
    # tests/actions/test_actions_words15b.py).
    "i want to update my phone number",  # F1, third message
    "oh and postcode is PR2 8AA if u need it",  # F13
    "no i dont want a new complaint!! i want to change the phone number please",  # F1, second
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", DETAILS)
def test_a_detail_after_logging_is_told_what_happens_not_a_new_complaint(
    action_store: CaseStore, provider: str, said: str
) -> None:
    reference = new_case(action_store, provider)
    messages, events = run_action(ActionStartComplaint(), after_logging(provider, reference, said))
    assert responses(messages) == ["utter_case_details_not_changed_here"]
    text = rendered(messages[0])
    assert reference in text and "nothing on it has been changed" in text
    assert ends_the_turn(events)  # the complaint form never starts
    assert "complaint_description" not in slots_set(events)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_postcode_added_with_the_reference_is_answered_not_only_the_status(
    action_store: CaseStore, provider: str
) -> None:
    # F13's second message: the case's check, then what happens to the postcode, then the status.
    reference = new_case(action_store, provider)
    # In the provider's own chat: another provider's reference is only named (guard15).
    talk = Conversation(events=[{"event": "slot", "name": "provider", "value": provider}])
    talk.turn(
        f"no i already made my complaint, {reference}, i just wanted to add my postcode",
        "check_case",
        reference=reference,
    )
    said = talk.turn(POSTCODE, postcode=POSTCODE)
    assert "utter_case_details_not_changed_here" in said
    assert "utter_case_status" in said


# --- (b) about the complaint just logged: the reply owed ------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_missed_reply_time_is_answered_about_the_case_logged(
    action_store: CaseStore, provider: str
) -> None:
    reference = new_case(action_store, provider)
    said = "you were supposed to answer my email within 5 working days werent you? its been 3 weeks"
    messages, events = run_action(ActionStartComplaint(), after_logging(provider, reference, said))
    names = responses(messages)
    assert "utter_start_complaint" not in names
    assert names[0] == "utter_logged_case_late_reply"
    assert reference in rendered(messages[0])
    # The code's reply time counted from three weeks ago, said to have passed, and ADR's dates.
    assert "utter_logged_case_reply_time_passed" in names
    assert any(n.startswith("utter_commitment_respond") for n in names)
    assert "utter_adr_for_logged_case" in names
    assert ends_the_turn(events)


# --- (c) a clear new complaint: the form as before ------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", ["I have another complaint", "also my bill is wrong"])
def test_a_clear_new_complaint_after_logging_still_starts_one(
    action_store: CaseStore, provider: str, said: str
) -> None:
    reference = new_case(action_store, provider)
    messages, events = run_action(ActionStartComplaint(), after_logging(provider, reference, said))
    assert responses(messages) == ["utter_start_complaint"]
    assert not ends_the_turn(events)


# --- (d) unclear: asked once, with two buttons ----------------------------------------------------


def asked_which(reference: str) -> list[dict[str, Any]]:
    return [
        user_event("one more thing", "make_complaint"),
        {
            "event": "bot",
            "text": f"Is this about your complaint {reference}, or a new complaint?",
            "metadata": {"utter_action": "utter_ask_logged_or_new"},
        },
        {"event": "action", "name": "action_listen"},
    ]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_unclear_message_after_logging_asks_which_once(
    action_store: CaseStore, provider: str
) -> None:
    reference = new_case(action_store, provider)
    tracker = after_logging(provider, reference, "one more thing")
    messages, events = run_action(ActionStartComplaint(), tracker)
    asked = only(messages, "utter_ask_logged_or_new")
    assert rendered(asked) == f"Is this about your complaint {reference}, or a new complaint?"
    [variant] = DOMAIN["responses"]["utter_ask_logged_or_new"]
    assert [b["payload"] for b in variant["buttons"]] == ["/check_case", "/make_complaint"]
    assert ends_the_turn(events)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_answer_about_the_logged_case_checks_that_case(
    action_store: CaseStore, provider: str
) -> None:
    reference = new_case(action_store, provider)
    tracker = after_logging(
        provider, reference, "the one i just made", before=asked_which(reference)
    )
    _, events = run_action(ActionStartComplaint(), tracker)
    assert read_as_intent(events) == "check_case"
    [said] = [e for e in events if e.get("event") == "user"]
    assert said["parse_data"]["entities"] == [{"entity": "reference", "value": reference}]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", ["/make_complaint", "hmm not sure"])
def test_after_asking_once_a_new_complaint_or_anything_unclear_starts_the_form(
    action_store: CaseStore, provider: str, said: str
) -> None:
    reference = new_case(action_store, provider)
    tracker = after_logging(provider, reference, said, before=asked_which(reference))
    messages, _ = run_action(ActionStartComplaint(), tracker)
    assert responses(messages) == ["utter_start_complaint"]  # never asked twice


# --- the stop: the complaint logged stays logged --------------------------------------------------


def stop_mid_form(slots: dict[str, Any]) -> Any:
    events = [
        *[slot_event(k, v) for k, v in slots.items()],
        slot_event("requested_slot", "complaint_category"),
        user_event("stop", "stop"),
    ]
    return make_tracker(slots, text="stop", intent="stop", events=events)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_stop_after_logging_says_the_logged_complaint_is_still_logged(
    action_store: CaseStore, provider: str
) -> None:
    reference = new_case(action_store, provider)
    tracker = stop_mid_form({"provider": provider, "created_reference": reference})
    messages, _ = run_action(ActionStopComplaint(), tracker)
    text = rendered(only(messages, "utter_complaint_stopped_case_kept"))
    assert f"Your complaint {reference} is still logged" in text
    assert "Nothing has been saved" not in text


def test_stop_with_nothing_logged_still_says_nothing_was_saved() -> None:
    messages, _ = run_action(ActionStopComplaint(), stop_mid_form({"provider": "infinium"}))
    assert responses(messages) == ["utter_complaint_stopped"]


# --- needs asked for on a case logged or checked here: recorded on it ----------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_someone_to_speak_asked_after_logging_is_recorded_on_the_case(
    action_database: str, action_store: CaseStore, provider: str
) -> None:
    reference = new_case(action_store, provider)
    said = "my son Peter will ring you on my behalf, can you put that down"
    tracker = after_logging(provider, reference, said, intent="ask_accessible_formats")
    messages, events = run_action(ActionAnswerQuestion(), tracker)
    names = responses(messages)
    assert "utter_someone_acting_noted" not in names  # never "if you make a complaint"
    assert reference in rendered(only(messages, "utter_needs_recorded"))
    assert recorded_needs(action_database, reference) == ["someone_to_speak"]
    assert ends_the_turn(events)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_someone_to_speak_asked_with_the_reference_is_recorded_beside_the_status(
    action_database: str, action_store: CaseStore, provider: str
) -> None:
    # F5's second message, on the case logged (and so checked) in this conversation.
    reference = new_case(action_store, provider)
    talk = Conversation(events=[{"event": "slot", "name": "provider", "value": provider}])
    talk.events.append(slot_event("verified_reference", reference))
    said = talk.turn(
        f"I have made a complaint, {reference}. please note my son can speak for me",
        "check_case",
        reference=reference,
    )
    if said[-1] == "utter_ask_verification_answer":
        said = talk.turn(POSTCODE, postcode=POSTCODE)
    assert "utter_case_status" in said
    assert "utter_needs_recorded" in said
    assert recorded_needs(action_database, reference) == ["someone_to_speak"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_large_print_asked_on_a_case_just_checked_is_recorded_on_it(
    action_database: str, action_store: CaseStore, provider: str
) -> None:
    # The lead's probe: checked by reference and postcode, then "from now on".
    reference = new_case(action_store, provider)
    talk = Conversation(events=[slot_event("provider", provider)])
    talk.turn(f"status of {reference}", "check_case", reference=reference)
    assert "utter_case_status" in talk.turn(POSTCODE, postcode=POSTCODE)
    said = "can i have it in large print from now on"
    talk.events.append(user_event(said, "ask_accessible_formats"))
    tracker = talk.tracker(
        {"intent": {"name": "ask_accessible_formats"}, "entities": [], "text": said}
    )
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    assert reference in rendered(only(messages, "utter_needs_recorded"))
    assert recorded_needs(action_database, reference) == ["accessible_formats"]
