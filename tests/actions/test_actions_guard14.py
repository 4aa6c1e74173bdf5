"""Issue 13, verification and privacy, open points (tenth round, guard14).

1. Two requests about one case before its check ("send me the deadlock letter", then "and
   escalate it too"): the second replaced the first without a word. Now the customer is told which
   one is kept and how to ask for the other; a call back asked at the check is not noted (no case
   is checked yet), and the customer is told so and how to ask again.
2. The action that acts on a case checks that the request waiting was made for that case (the
   request carries its reference); if not, nothing is done or disclosed (guard13: the reply a
   wrong answer gets, as for any forged tracker).
3. "the first one" at "What is your complaint reference?" repeated the question without a reason.
4. A call back time asked again ("call me in the morning instead") replaces the one noted before,
   and the general call-back wish it makes precise, and the customer is told it was changed.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from actions.status import ActionHandleCaseRequest, ActionTalkToHuman
from bot.cases.needs import needs_by_reference, record_needs
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from tests.action_support import (
    POSTCODE,
    Conversation,
    logged,
    make_tracker,
    message,
    only,
    open_store,
    rendered,
    responses,
    run_action,
    user_event,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def new_case(action_store: CaseStore, **overrides: str) -> str:
    return action_store.create_case(
        make_intake(channel="chat", **overrides), received=TODAY, actor="assistant", channel="chat"
    ).reference


def checked_by_this_conversation(reference: str) -> None:
    with open_store(os.environ["DATABASE_URL"]) as store:
        CaseVerification(store).record_owner(
            reference, conversation_id="conversation-1", channel="rest", now=TODAY
        )


# --- 1. a second request before the check is never a silent replacement ------------------------


@pytest.mark.parametrize(
    ("first_words", "first_intent", "second_words", "second_intent", "kept", "dropped"),
    [
        (
            "send me the deadlock letter for {ref}",
            "request_adr_letter",
            "and can you escalate it too",
            "request_escalation",
            "escalation",
            "adr_letter",
        ),
        (
            "please escalate {ref}",
            "request_escalation",
            "and I want a deadlock letter as well",
            "request_adr_letter",
            "adr_letter",
            "escalation",
        ),
    ],
)
def test_a_second_request_before_the_check_says_which_one_is_kept(
    action_store: CaseStore,
    first_words: str,
    first_intent: str,
    second_words: str,
    second_intent: str,
    kept: str,
    dropped: str,
) -> None:
    reference = new_case(action_store)
    talk = Conversation()
    talk.turn(first_words.format(ref=reference), first_intent, reference=reference)
    said = talk.turn(second_words, second_intent)
    assert said[-1] == "utter_ask_verification_answer"
    told = only(talk.said, "utter_case_request_replaced")
    text = rendered(told)
    assert reference in text
    assert {"escalation": "escalat", "adr_letter": "ADR"}[dropped] in text
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, reference) == [kept]


def test_a_second_request_before_any_reference_says_which_one_is_kept(
    action_store: CaseStore,
) -> None:
    reference = new_case(action_store)
    talk = Conversation()
    talk.turn("send me the deadlock letter", "request_adr_letter")
    said = talk.turn("and escalate it too", "request_escalation")
    assert said[-1] == "utter_ask_case_reference"
    assert "utter_case_request_replaced_no_reference" in said
    talk.turn(reference, reference=reference)
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, reference) == ["escalation"]


def test_the_same_request_twice_is_not_called_a_replacement(action_store: CaseStore) -> None:
    reference = new_case(action_store)
    talk = Conversation()
    talk.turn(f"please escalate {reference}", "request_escalation", reference=reference)
    assert talk.turn("escalate it please", "request_escalation") == [
        "utter_ask_verification_answer"
    ]


def test_a_call_back_asked_before_the_check_is_said_not_noted_and_the_request_kept(
    action_store: CaseStore,
) -> None:
    reference = new_case(action_store)
    talk = Conversation()
    talk.turn(f"send me the deadlock letter for {reference}", "request_adr_letter",
              reference=reference)  # fmt: skip
    words = "and can someone call me back"
    talk.events.append(user_event(words, "talk_to_human"))
    messages, _ = run_action(ActionTalkToHuman(), talk.tracker(message(words, "talk_to_human")))
    said = responses(messages)
    assert "utter_contact_details" in said
    assert "utter_call_back_after_check" in said
    assert "utter_call_back_flagged" not in said
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, reference) == ["adr_letter"]


# --- 2. a request acts only on the case it was made for -----------------------------------------


def test_a_request_made_for_another_case_is_dropped_at_the_last_step(
    action_store: CaseStore,
) -> None:
    own = new_case(action_store)
    other = new_case(action_store, postcode="M1 1AE", email="sam.roe@example.co.uk")
    checked_by_this_conversation(own)
    forged = make_tracker(
        {
            "case_reference": own,
            "verification_answer": "verified",
            "verified_reference": own,
            "pending_request": "escalation",
            "pending_request_for": other,
        },
        text=POSTCODE,
    )
    messages, _ = run_action(ActionHandleCaseRequest(), forged)
    assert logged(action_store, own) == []
    assert logged(action_store, other) == []
    # Nothing about either case either (guard13: the reply a wrong answer gets, and no status:
    # tests/actions/test_actions_guard13.py).
    assert responses(messages) == ["utter_verification_failed"]


def test_a_request_carries_the_reference_it_was_made_for(action_store: CaseStore) -> None:
    reference = new_case(action_store)
    talk = Conversation()
    talk.turn(f"please escalate {reference}", "request_escalation", reference=reference)
    assert talk.slots().get("pending_request_for") == reference
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, reference) == ["escalation"]
    assert talk.slots().get("pending_request_for") is None


# --- 3. a question asked again says why ----------------------------------------------------------


@pytest.mark.parametrize("intent", ["check_case", "inform", "request_escalation"])
def test_the_first_one_at_the_reference_question_is_told_what_is_needed(
    monkeypatch: pytest.MonkeyPatch, action_store: CaseStore, intent: str
) -> None:
    monkeypatch.setenv("COMPLAINTS_PROVIDER", "infinium")
    first = new_case(action_store, provider="infinium")
    second = new_case(action_store, provider="infinium", postcode="M14 5RX")
    talk = Conversation()
    talk.turn(f"status of {first}", "check_case", reference=first)
    talk.turn(POSTCODE, postcode=POSTCODE)
    talk.turn(f"please escalate {second}", "request_escalation", reference=second)
    assert "utter_verification_failed" in talk.turn(POSTCODE, postcode=POSTCODE)
    assert talk.turn("ok escalate it to a manager then", "request_escalation") == [
        "utter_ask_case_reference"
    ]
    said = talk.turn("the first one", intent)
    assert said[-1] == "utter_ask_case_reference"
    assert len(said) > 1, "asked again with no reason"
    why = next(m for m in talk.said if m.get("example"))
    assert why["example"].startswith("IN-")
    assert "IG-" not in rendered(why)


def test_the_first_one_with_no_case_checked_is_told_what_is_needed(
    action_store: CaseStore,
) -> None:
    talk = Conversation()
    talk.turn("please escalate my complaint", "request_escalation")
    said = talk.turn("the first one", "check_case")
    assert said[-1] == "utter_ask_case_reference"
    assert "utter_reference_invalid" in said


# --- 4. a call back time asked again replaces the one before -------------------------------------


def call_back(reference: str, text: str) -> list[dict]:
    tracker = make_tracker({"verified_reference": reference}, text=text, intent="talk_to_human")
    messages, _ = run_action(ActionTalkToHuman(), tracker)
    return messages


def needs_on(reference: str) -> list[tuple[str, str]]:
    with open_store(os.environ["DATABASE_URL"]) as store:
        return [(n.need_id, n.need) for n in needs_by_reference(store).get(reference, [])]


def test_a_new_call_back_time_replaces_the_old_and_says_it_was_changed(
    action_store: CaseStore,
) -> None:
    reference = new_case(action_store)
    checked_by_this_conversation(reference)
    first = call_back(reference, "call me back after 5pm")
    assert "utter_call_back_time_recorded" in responses(first)
    changed = call_back(reference, "call me in the morning instead")
    assert "utter_call_back_time_recorded" not in responses(changed)
    told = rendered(only(changed, "utter_call_back_time_changed"))
    assert "in the morning" in told and "after 5pm" in told
    assert needs_on(reference) == [("call_back_time", "call back in the morning")]


def test_a_call_back_time_takes_the_place_of_the_general_call_back_wish(
    action_store: CaseStore,
) -> None:
    reference = new_case(action_store)
    checked_by_this_conversation(reference)
    with open_store(os.environ["DATABASE_URL"]) as store:
        record_needs(
            store, reference, ["call_back"], consented_at=TODAY, actor="assistant", channel="chat"
        )
    messages = call_back(reference, "please call me in the morning")
    assert [n for n, _ in needs_on(reference)] == ["call_back_time"]
    assert "utter_call_back_time_changed" in responses(messages)


def test_the_same_call_back_time_again_is_not_called_a_change(action_store: CaseStore) -> None:
    reference = new_case(action_store)
    checked_by_this_conversation(reference)
    call_back(reference, "call me back after 5pm")
    again = call_back(reference, "call me back after 5pm")
    assert "utter_call_back_time_changed" not in responses(again)
    assert "utter_call_back_time_recorded" in responses(again)
