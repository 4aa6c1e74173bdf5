"""A request is logged only on the case it names, after that case's own identity check (issue 13).

Outside testers (five repros): verified on case A, the customer asks for an ADR letter or an
escalation on case B and is asked B's e-mail address or postcode; a second request waits there too;
then they ask the status of A, and one of the requests meant for B was logged on A.

Each test walks whole turns as Rasa runs them (`Conversation`, in tests/action_support.py).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from actions.status import ActionTalkToHuman
from bot.cases.store import CaseStore
from tests.action_support import (
    POSTCODE,
    Conversation,
    logged,
    message,
    only,
    responses,
    run_action,
    user_event,
    verified_on,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)


def two_cases(action_store: CaseStore) -> tuple[str, str]:
    """Two of Jane Doe's cases; the first verified in this conversation a moment ago."""
    first, second = (
        action_store.create_case(
            make_intake(channel="chat", description=words),
            received=TODAY,
            actor="assistant",
            channel="chat",
        ).reference
        for words in ("Charged twice.", "Line down.")
    )
    return first, second


SECOND_REQUESTS = [
    ("and escalate it too", "request_escalation"),
    ("and an ADR letter too please", "request_adr_letter"),
    ("also I want it escalated to a manager", "request_escalation"),
]
STATUS_OF_FIRST = [
    ("what is the status of {first}?", "check_case", True),
    ("ok whats happening with my other complaint", "check_case", False),
    ("how is {first} going", "inform", True),
]


@pytest.mark.parametrize(("second_words", "second_intent"), SECOND_REQUESTS)
@pytest.mark.parametrize(("status_words", "status_intent", "names"), STATUS_OF_FIRST)
@pytest.mark.parametrize(
    ("first_words", "first_intent"),
    [
        ("I want an ADR letter for {second}", "request_adr_letter"),
        ("please escalate {second}", "request_escalation"),
    ],
)
def test_requests_waiting_for_another_case_are_never_logged_on_the_verified_one(
    action_store: CaseStore,
    first_words: str,
    first_intent: str,
    second_words: str,
    second_intent: str,
    status_words: str,
    status_intent: str,
    names: bool,
) -> None:
    first, second = two_cases(action_store)
    talk = verified_on(first)
    said = talk.turn(first_words.format(second=second), first_intent, reference=second)
    assert said[-1] == "utter_ask_verification_answer"
    talk.turn(second_words, second_intent)
    status = {"reference": first} if names else {}
    said = talk.turn(status_words.format(first=first), status_intent, **status)
    assert logged(action_store, first) == []
    assert logged(action_store, second) == []
    if names:
        # The first case's status, and the request for the second plainly not done.
        assert "utter_case_status" in said
        dropped = only(talk.said, "utter_case_request_not_done_unchecked")
        assert dropped["reference"] == second
        return
    # No case named: still the second case's question; its own postcode logs its request there.
    assert said == ["utter_ask_verification_answer"]
    said = talk.turn(POSTCODE, postcode=POSTCODE)
    assert {"utter_escalation_requested", "utter_adr_letter_requested"} & set(said)
    assert logged(action_store, first) == []
    assert len(logged(action_store, second)) == 1


@pytest.mark.parametrize(("second_words", "second_intent"), SECOND_REQUESTS)
def test_a_second_request_at_the_other_cases_question_waits_for_that_case(
    action_store: CaseStore, second_words: str, second_intent: str
) -> None:
    first, second = two_cases(action_store)
    talk = verified_on(first)
    talk.turn(f"please escalate {second}", "request_escalation", reference=second)
    said = talk.turn(second_words, second_intent)
    # Another request than the escalation: which one waits is said (guard14, issue 13).
    replaced = ["utter_case_request_replaced"] if second_intent != "request_escalation" else []
    assert said == [*replaced, "utter_ask_verification_answer"]
    assert logged(action_store, first) == []
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, first) == []
    assert len(logged(action_store, second)) == 1


# --- an attacker with only the actions: their own case A verified, the victim's case C ----------

VICTIM_POSTCODE = "M1 1AE"


def own_and_victims(action_store: CaseStore) -> tuple[str, str]:
    own, _ = two_cases(action_store)
    victim = action_store.create_case(
        make_intake(
            channel="chat",
            name="Sam Roe",
            email="sam.roe@example.co.uk",
            postcode=VICTIM_POSTCODE,
        ),
        received=TODAY,
        actor="assistant",
        channel="chat",
    ).reference
    return own, victim


def disclosed(talk: Conversation, reference: str) -> bool:
    return any(
        m.get("reference") == reference
        for m in talk.said
        if m.get("response") != "utter_case_request_not_done_unchecked"
    )


@pytest.mark.parametrize(
    ("words", "intent", "order"),
    [
        ("please escalate {victim} and {own}", "request_escalation", "victim first"),
        ("please escalate {own} and {victim}", "request_escalation", "own first"),
        ("ADR letter for {victim}, also for {own}", "request_adr_letter", "victim first"),
        ("status of {own} and {victim}", "check_case", "own first"),
    ],
)
def test_two_references_in_one_message_log_nothing_on_the_unchecked_one(
    action_store: CaseStore, words: str, intent: str, order: str
) -> None:
    own, victim = own_and_victims(action_store)
    talk = verified_on(own)
    named = (victim, own) if order == "victim first" else (own, victim)
    talk.turn(words.format(own=own, victim=victim), intent, references=named)
    assert not disclosed(talk, victim)
    assert logged(action_store, victim) == []
    if order == "victim first":
        assert logged(action_store, own) == []  # the request waits for the victim's check
        talk.turn(f"status of {own}", "check_case", reference=own)
        assert logged(action_store, own) == []
        assert logged(action_store, victim) == []


@pytest.mark.parametrize(
    ("words", "intent"),
    [
        ("sorry I meant {other}", "inform"),
        ("{other}", "inform"),
        ("no wait, it's {other} {postcode}", "inform"),
        ("escalate {other} instead", "request_escalation"),
    ],
)
def test_a_reference_changed_at_the_identity_question_takes_no_request_with_it(
    action_store: CaseStore, words: str, intent: str
) -> None:
    own, victim = own_and_victims(action_store)
    talk = verified_on(own)
    talk.turn(f"please escalate {victim}", "request_escalation", reference=victim)
    # To the verified case: its status, the victim's escalation not logged on it.
    talk.turn(words.format(other=own, postcode=POSTCODE), intent, reference=own)
    if "escalate" not in words:
        assert logged(action_store, own) == []
    assert logged(action_store, victim) == []
    # And the other way: a request for the own case, then the victim's reference at its question.
    talk.turn(f"please escalate {own}", "request_escalation", reference=own)
    before = logged(action_store, own)
    talk = verified_on(own)
    talk.turn(f"ADR letter for {victim}", "request_adr_letter", reference=victim)
    talk.turn(words.format(other=victim, postcode=POSTCODE), intent, reference=victim)
    talk.turn(POSTCODE, postcode=POSTCODE)  # the attacker's own postcode, wrong for the victim
    assert not disclosed(talk, victim)
    assert logged(action_store, victim) == []
    assert logged(action_store, own) == before


def test_back_and_restart_at_the_victims_question_land_nothing_anywhere(
    action_store: CaseStore,
) -> None:
    own, victim = own_and_victims(action_store)
    talk = verified_on(own)
    talk.turn(f"please escalate {victim}", "request_escalation", reference=victim)
    talk.turn("and an ADR letter too please", "request_adr_letter")
    talk.back()
    talk.turn(f"status of {own}", "check_case", reference=own)
    talk.turn("and escalate it too", "request_escalation")
    talk.back()
    talk.turn(POSTCODE, postcode=POSTCODE)
    talk.turn(f"ADR letter for {victim}", "request_adr_letter", reference=victim)
    talk.restart()
    talk.turn(f"status of {own}", "check_case", reference=own)
    talk.turn(POSTCODE, postcode=POSTCODE)
    talk.turn("and an ADR letter too please", "request_adr_letter")
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, victim) == []
    assert not disclosed(talk, victim)
    # Only what was asked of the verified case itself ("and escalate it too" right after its
    # status is its own request, logged at once: `/back` after it undoes no record).
    assert set(logged(action_store, own)) <= {"escalation", "adr_letter"}


def test_a_request_made_before_and_after_verifying_another_case_stays_with_its_own(
    action_store: CaseStore,
) -> None:
    own, victim = own_and_victims(action_store)
    talk = Conversation()
    talk.turn(f"please escalate {victim}", "request_escalation", reference=victim)
    # At the victim's question, the attacker's own case and postcode.
    talk.turn(f"{own} {POSTCODE}", "inform", reference=own, postcode=POSTCODE)
    assert logged(action_store, own) == []
    talk.turn("escalate it please", "request_escalation")
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, victim) == []
    assert not disclosed(talk, victim)


def test_a_call_back_asked_at_another_cases_question_is_not_flagged_on_the_verified_case(
    action_store: CaseStore,
) -> None:
    # Verified on A, asking about B, "can someone call me?" at B's question: the call back is
    # not noted on A (it was asked while B was the case in hand); the number is still given.
    first, second = two_cases(action_store)
    talk = verified_on(first)
    talk.turn(f"please escalate {second}", "request_escalation", reference=second)
    latest = message("can someone call me about it", "talk_to_human")
    talk.events.append(user_event("can someone call me about it", "talk_to_human"))
    messages, _ = run_action(ActionTalkToHuman(), talk.tracker(latest))
    assert "utter_call_back_flagged" not in responses(messages)
    assert "utter_contact_details" in responses(messages)
    assert logged(action_store, first) == []
    assert logged(action_store, second) == []
