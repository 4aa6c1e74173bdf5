"""Issue 13, verification and privacy: forged trackers at the action that acts on a case (guard13).

Anyone who can reach the action server's /webhook can send a tracker with any slots. The action
that acts on a checked case (action_handle_case_request) must do nothing, and say only what it
says to a wrong answer, unless both hold:

- the request waiting names the case it acts on (`pending_request_for`, set by the lookup form's
  own steps whenever a reference is given), and
- the case store holds a check this conversation passed on that case, within the last minutes
  (whatever `verification_answer` and `verified_reference` say).

Each forged tracker below discloses nothing, records nothing, and gets the same reply as a
reference that does not exist.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions.rights import ActionAnswerQuestion
from actions.status import ActionHandleCaseRequest, ActionTalkToHuman, ValidateCaseLookupForm
from bot.cases.needs import needs_by_reference
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from tests.action_support import (
    POSTCODE,
    form_turn,
    logged,
    make_tracker,
    open_store,
    responses,
    run_action,
    validate,
    verified_on,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))
UNKNOWN = "IG-7K3Q9X"  # no such case
DISCLOSING = (
    "utter_case_status",
    "utter_escalation_requested",
    "utter_adr_letter_requested",
    "utter_case_request_not_done_unchecked",
)
REQUESTS = ["status", "escalation", "adr_letter", "withdraw_needs"]


def new_case(action_store: CaseStore, **overrides: str) -> str:
    return action_store.create_case(
        make_intake(channel="chat", **overrides), received=TODAY, actor="assistant", channel="chat"
    ).reference


def checked(reference: str, *, at: datetime = TODAY, conversation: str = "conversation-1") -> None:
    """The store's record that `conversation` passed a check on `reference` at `at`."""
    with open_store(os.environ["DATABASE_URL"]) as store:
        CaseVerification(store).record_owner(
            reference, conversation_id=conversation, channel="rest", now=at
        )


def forged(reference: str, request: str, **slots: Any) -> Any:
    """A tracker as a forged POST /webhook sends it: the case's check claimed done."""
    return make_tracker(
        {
            "case_reference": reference,
            "verification_answer": "verified",
            "verified_reference": reference,
            "pending_request": request,
            **slots,
        },
        text=POSTCODE,
    )


def neutral_reply(request: str) -> list[dict[str, Any]]:
    """What a reference with no case gets: the reply every refusal must match."""
    messages, _ = run_action(
        ActionHandleCaseRequest(), forged(UNKNOWN, request, pending_request_for=UNKNOWN)
    )
    assert responses(messages) == ["utter_verification_failed"]
    return messages


def needs_on(reference: str) -> list[str]:
    with open_store(os.environ["DATABASE_URL"]) as store:
        return [n.need_id for n in needs_by_reference(store).get(reference, [])]


def assert_refused(action_store: CaseStore, tracker: Any, request: str, *cases: str) -> None:
    before = {case: needs_on(case) for case in cases}
    messages, events = run_action(ActionHandleCaseRequest(), tracker)
    said = responses(messages)
    assert not set(said) & set(DISCLOSING), said
    assert messages == neutral_reply(request)
    for case in cases:
        assert logged(action_store, case) == []
        assert needs_on(case) == before[case]
    assert not any(e.get("event") == "followup" for e in events)


@pytest.mark.parametrize("request_", REQUESTS)
def test_no_pending_request_for_discloses_and_records_nothing(
    action_store: CaseStore, request_: str
) -> None:
    own = new_case(action_store)
    checked(own)
    assert_refused(action_store, forged(own, request_), request_, own)


@pytest.mark.parametrize("request_", REQUESTS)
def test_a_pending_request_for_another_case_discloses_and_records_nothing(
    action_store: CaseStore, request_: str
) -> None:
    own = new_case(action_store)
    other = new_case(action_store, postcode="M1 1AE", email="sam.roe@example.co.uk")
    checked(own)
    tracker = forged(own, request_, pending_request_for=other)
    assert_refused(action_store, tracker, request_, own, other)


@pytest.mark.parametrize("request_", REQUESTS)
def test_verified_in_the_slots_alone_discloses_and_records_nothing(
    action_store: CaseStore, request_: str
) -> None:
    own = new_case(action_store)
    assert_refused(action_store, forged(own, request_, pending_request_for=own), request_, own)


@pytest.mark.parametrize("request_", REQUESTS)
def test_a_check_passed_on_another_reference_discloses_and_records_nothing(
    action_store: CaseStore, request_: str
) -> None:
    own = new_case(action_store)
    other = new_case(action_store, postcode="M1 1AE", email="sam.roe@example.co.uk")
    checked(other)
    tracker = forged(own, request_, pending_request_for=own)
    assert_refused(action_store, tracker, request_, own, other)


@pytest.mark.parametrize("request_", REQUESTS)
def test_a_check_older_than_the_window_discloses_and_records_nothing(
    action_store: CaseStore, request_: str
) -> None:
    own = new_case(action_store)
    checked(own, at=TODAY - timedelta(minutes=6))
    tracker = forged(own, request_, pending_request_for=own)
    assert_refused(action_store, tracker, request_, own)


@pytest.mark.parametrize("request_", REQUESTS)
def test_a_check_passed_by_another_conversation_discloses_and_records_nothing(
    action_store: CaseStore, request_: str
) -> None:
    own = new_case(action_store)
    checked(own, conversation="someone-else")
    tracker = forged(own, request_, pending_request_for=own)
    assert_refused(action_store, tracker, request_, own)


def test_the_same_forged_slots_with_a_fresh_check_and_the_request_for_it_do_act(
    action_store: CaseStore,
) -> None:
    """The refusals above are the guard's, not a broken action: the genuine case acts."""
    own = new_case(action_store)
    checked(own, at=TODAY - timedelta(minutes=4))
    messages, _ = run_action(
        ActionHandleCaseRequest(), forged(own, "escalation", pending_request_for=own)
    )
    assert "utter_escalation_requested" in responses(messages)
    assert logged(action_store, own) == ["escalation"]


def test_a_real_check_still_acts_on_the_case(action_store: CaseStore) -> None:
    own = new_case(action_store)
    talk = verified_on(own)
    talk.turn(f"please escalate {own}", "request_escalation", reference=own)
    assert logged(action_store, own) == ["escalation"]


# --- a call back on a case this conversation never checked ---------------------------------------


@pytest.mark.parametrize("slot", ["verified_reference", "created_reference"])
def test_a_call_back_on_a_case_never_checked_here_is_not_recorded(
    action_store: CaseStore, slot: str
) -> None:
    own = new_case(action_store)
    checked(own, conversation="someone-else")
    tracker = make_tracker({slot: own}, text="please call me back", intent="talk_to_human")
    messages, _ = run_action(ActionTalkToHuman(), tracker)
    said = responses(messages)
    assert "utter_call_back_flagged" not in said
    assert "utter_call_back_time_recorded" not in said
    assert logged(action_store, own) == []
    assert own not in str(messages)


# --- one reply for wrong, unknown, locked and a conversation over its limit ----------------------


def answered(reference: str, answer: str, sender: str) -> list[dict[str, Any]]:
    """The answer typed at the lookup form's question for `reference`, then the handling action:
    what the customer is told."""
    before = {"case_reference": reference, "pending_request": "status",
              "pending_request_for": reference}  # fmt: skip
    tracker = form_turn(
        "case_lookup_form", "verification_answer", {"verification_answer": answer},
        before=before, text=answer, sender_id=sender,
    )  # fmt: skip
    result, said = validate(ValidateCaseLookupForm().validate_verification_answer, answer, tracker)
    assert said == []
    handling = make_tracker({**before, **result}, text=answer, sender_id=sender)
    messages, _ = run_action(ActionHandleCaseRequest(), handling)
    return messages


def test_wrong_unknown_locked_and_limited_all_get_the_one_reply(action_store: CaseStore) -> None:
    wrong = new_case(action_store)
    locked = new_case(action_store, postcode="M1 1AE", email="sam.roe@example.co.uk")
    for n in range(5):
        answered(locked, f"guess{n}@example.com", f"locker-{n}")
    walked = new_case(action_store, postcode="M14 5RX", email="lee.moe@example.co.uk")
    for n in range(10):  # one conversation walking many references
        answered(f"IG-{n}Z{n}Z{n}Z", "a@b.co.uk", "walker")

    replies = {
        "wrong answer": answered(wrong, "SW1A 1AA", "one"),
        "unknown reference": answered(UNKNOWN, POSTCODE, "two"),
        "locked, the right answer": answered(locked, "M1 1AE", "three"),
        "over the conversation's limit, the right answer": answered(walked, "M14 5RX", "walker"),
    }
    for why, messages in replies.items():
        assert messages == neutral_reply("status"), why
    assert logged(action_store, walked) == []
    # The limit is the conversation's: the owner, in their own, is answered.
    assert "utter_case_status" in responses(answered(walked, "M14 5RX", "owner"))


@pytest.mark.parametrize("slot", ["verified_reference", "created_reference"])
def test_a_need_asked_on_a_case_never_checked_here_is_not_recorded(
    action_store: CaseStore, slot: str
) -> None:
    own = new_case(action_store)
    checked(own, conversation="someone-else")
    said = "can i have it in large print from now on"
    tracker = make_tracker({slot: own}, text=said, intent="ask_accessible_formats")
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    assert "utter_needs_recorded" not in responses(messages)
    assert needs_on(own) == []
    assert own not in str(messages)
