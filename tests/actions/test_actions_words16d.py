"""Outside testers, round 16 (28 Nov): the head count in a list of people, and an addition after
logging answered with "the one i just made" (words F6, F8, F14; compliance F1). Each test failed
before its fix."""

from __future__ import annotations

import pytest

from actions.chitchat import ActionDefaultFallback
from actions.intake import ActionStartComplaint
from actions.status import ActionSetCaseRequest
from bot.cases.store import CaseStore
from tests.action_support import (
    CONSUMER_FORM,
    complaint_form_answer,
    make_tracker,
    only,
    responses,
    run_action,
    user_event,
)
from tests.actions.test_actions_after15 import after_logging, ends_the_turn, new_case
from tests.actions.test_actions_follow_ups import Conversation

# --- a head count given as a list of people (words F6, F14) ----------------------------------------


@pytest.mark.parametrize(
    ("provider", "said", "kept"),
    [
        # Words F6: "me + 2 + 3 + 1" is 7, never the first number (read back as 2).
        ("infinity-group", "theres me 2 other dentists 3 nurses and a receptionist", 7),
        # 11 is over the ADR limit: never read as 5 and told ADR is open.
        ("infinity-group", "me, 5 dentists, 4 nurses and a receptionist", 11),
        # Words F14: agency drivers are contractors, kept as a group of their own (stored as 9).
        (
            "infinity-system-solutions",
            "about nine staff plus a couple of agency drivers",
            "9 employees and 2 contractors",
        ),
    ],
)
def test_every_person_in_a_listed_head_count_is_counted(provider: str, said: str, kept) -> None:
    result, _ = complaint_form_answer(
        "employees",
        said,
        before={"provider": provider, "customer_type": "business"},
        entities={"employees": "2"},
    )
    assert result["employees"] == kept


@pytest.mark.usefixtures("action_database")
def test_agency_drivers_given_in_words_bring_the_schemes_caveat_to_the_confirmation() -> None:
    # Words F14: told ADR was open from a date with no word that the Communications Ombudsman
    # counts the contractors too (9 + 2 = 11, over its limit).
    from actions.intake import ActionSubmitComplaint

    provider = "infinity-system-solutions"
    said = "about nine staff plus a couple of agency drivers"
    result, _ = complaint_form_answer(
        "employees", said, before={"provider": provider, "customer_type": "business"}
    )
    slots = {**CONSUMER_FORM, "provider": provider, "customer_type": "business", **result}
    tracker = make_tracker(slots, text="yes", intent="affirm", events=[user_event("yes", "affirm")])
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    assert "utter_adr_depends" in responses(messages)


# --- an addition after logging, then "the one i just made" (words F8) ------------------------------


def _asked_which_about(said: str, reference: str) -> list[dict]:
    return [
        user_event(said, "make_complaint"),
        {
            "event": "bot",
            "text": f"Is this about your complaint {reference}, or a new complaint?",
            "metadata": {"utter_action": "utter_ask_logged_or_new"},
        },
        {"event": "action", "name": "action_listen"},
    ]


ADDED = "can you add the engineer job ref was ENG55231"


@pytest.mark.parametrize(
    ("action", "answer", "intent"),
    [
        # Words F8: "Sorry, I still didn't understand that", then the status only, and the
        # engineer's job reference never on the file.
        (ActionDefaultFallback, "the one i just made obviously", "nlu_fallback"),
        (ActionSetCaseRequest, "About {reference}", "check_case"),
        (ActionSetCaseRequest, "/check_case", "check_case"),
        (ActionStartComplaint, "the one i just made obviously", "make_complaint"),
    ],
)
def test_the_words_asked_about_are_added_once_the_logged_complaint_is_chosen(
    action_store: CaseStore, action, answer: str, intent: str
) -> None:
    provider = "infinity-group"
    reference = new_case(action_store, provider)
    said = answer.format(reference=reference)
    tracker = after_logging(
        provider, reference, said, intent=intent, before=_asked_which_about(ADDED, reference)
    )
    messages, events = run_action(action(), tracker)
    recorded = only(messages, "utter_addition_recorded")
    assert recorded["reference"] == reference and recorded["added"] == ADDED
    notes = [e.detail["text"] for e in action_store.events(reference) if e.kind == "note"]
    assert notes == [ADDED]
    assert ends_the_turn(events)


# --- a head count in an ADR question, and as a follow-up (compliance F1) ---------------------------


@pytest.mark.parametrize(
    "asked",
    [
        "can my business use the ombudsman? we have 5 staff",
        "can my business with 5 employees use the ombudsman",
    ],
)
def test_a_small_business_is_told_its_size_lets_it_use_adr(asked: str) -> None:
    # Compliance F1: only the generic answer, never "yes, with 5 staff you can"; the scheme
    # counts contractors and volunteers too, so the answer says they must not take it over 10.
    messages = Conversation("infinity-group").say(asked, "ask_adr")
    told = only(messages, "utter_adr_open_to_your_business")
    assert "5 employees" in told["reason"]
    assert "contractors and volunteers" in told["reason"] and "10" in told["reason"]
    assert "utter_adr_not_open_to_you" not in responses(messages)


@pytest.mark.parametrize("intent", ["inform", "nlu_fallback", "make_complaint"])
def test_another_head_count_after_the_adr_answer_is_answered_for_that_count(intent: str) -> None:
    # Compliance F1: "Sorry, I didn't follow that" to the follow-up.
    chat = Conversation("infinity-group")
    chat.say("can my company use the ombudsman? we have 40 employees", "ask_adr")
    messages = chat.say("what about a company with 8 employees?", intent)
    assert "utter_adr_open_to_your_business" in responses(messages)
    messages = chat.say("and with 40 employees?", intent)
    reason = only(messages, "utter_adr_not_open_to_you")["reason"]
    assert "40 employees" in reason
