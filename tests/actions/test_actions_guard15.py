"""Round 15, guard15: another provider's reference, and additions to a checked case.

1. A reference whose prefix is another provider's (from bot/codes/*.yaml), checked in this
   provider's chat, is recognised before any check: the customer is told whose reference it is and
   how to reach that provider, no e-mail or postcode is asked, nothing is counted and no lock is
   touched. The reply depends only on the prefix, never on whether the case exists.
2. "i want to add something to my complaint" on a case checked in this conversation asks what to
   add, and the next message is added to it as a note; no call back is ever noted for it.
3. "please add to my complaint that ...", "add this: ..." on a checked case add the words as a
   note, never a new complaint; "just add to IG-...: ..." before the check keeps the addition
   through the check and adds it once the case is checked.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from actions.chitchat import ActionClarify, ActionDefaultFallback
from actions.intake import ActionStartComplaint
from actions.status import ActionSetCaseRequest, ActionTalkToHuman, ValidateCaseLookupForm
from bot import clock
from bot.cases.models import VerificationAttemptRecord, VerificationLockRecord
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from bot.provider_codes import get_code, load_all_codes
from tests.action_support import (
    POSTCODE,
    Conversation,
    janes_case,
    logged,
    make_tracker,
    open_store,
    rendered,
    responses,
    run_action,
    validate,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def invictanet_case(action_store: CaseStore) -> str:
    return action_store.create_case(
        make_intake(provider="invictanet", channel="chat", email="sam.lee@example.com"),
        received=TODAY,
        actor="assistant",
        channel="chat",
    ).reference


def attempts_and_locks(reference: str) -> tuple[int, int]:
    with open_store(os.environ["DATABASE_URL"]) as store, store.session_scope() as session:
        attempts = session.scalar(
            select(func.count())
            .select_from(VerificationAttemptRecord)
            .where(VerificationAttemptRecord.reference == reference)
        )
        locks = session.scalar(
            select(func.count())
            .select_from(VerificationLockRecord)
            .where(VerificationLockRecord.reference == reference)
        )
    return attempts, locks


def in_infinity_groups_chat(text: str, reference: str) -> tuple[dict, list[dict]]:
    tracker = make_tracker(
        {"provider": "infinity-group", "case_reference": reference},
        text=text,
        intent="check_case",
        entities={"reference": reference},
        active_loop="case_lookup_form",
    )
    return validate(ValidateCaseLookupForm().validate_case_reference, reference, tracker)


# --- 1. another provider's reference ----------------------------------------------------------


def test_another_providers_reference_is_named_with_its_contact_and_no_detail_asked(
    action_store: CaseStore,
) -> None:
    reference = invictanet_case(action_store)
    result, said = in_infinity_groups_chat(f"check my complaint {reference}", reference)
    assert responses(said) == ["utter_case_other_provider"]
    text = rendered(said[0])
    invictanet = get_code("invictanet")
    assert "Invictanet" in text and "Infinity Group" in text
    assert invictanet.contact("email", purpose="complaints").value in text
    assert "0345 450 4600" not in text  # never Infinity Group's own number for it
    assert result["case_reference"] is None
    assert result["requested_slot"] is None  # the form ends: no e-mail or postcode asked
    assert attempts_and_locks(reference) == (0, 0)


def test_the_reply_is_the_same_whether_or_not_the_case_exists(action_store: CaseStore) -> None:
    """No enumeration oracle: decided by the prefix only."""
    real = invictanet_case(action_store)
    made_up = "IV-" + ("7K3Q9X" if real != "IV-7K3Q9X" else "7K3Q9Y")
    real_result, real_said = in_infinity_groups_chat(f"check my complaint {real}", real)
    fake_result, fake_said = in_infinity_groups_chat(f"check my complaint {made_up}", made_up)
    assert rendered(real_said[0]).replace(real, "X") == rendered(fake_said[0]).replace(made_up, "X")
    assert real_result == fake_result
    assert attempts_and_locks(made_up) == (0, 0)


def test_six_tries_in_the_wrong_chat_never_lock_the_owner_out(action_store: CaseStore) -> None:
    reference = invictanet_case(action_store)
    talk = Conversation()
    for _ in range(6):
        said = talk.turn(f"check my complaint {reference}", "check_case", references=(reference,))
        assert "utter_ask_verification_answer" not in said
        assert "utter_verification_failed" not in said
        said = talk.turn("sam.lee@example.com", email="sam.lee@example.com")
        assert "utter_verification_failed" not in said
    assert attempts_and_locks(reference) == (0, 0)


def test_every_other_providers_prefix_is_known_from_the_codes() -> None:
    codes = load_all_codes()
    for code in codes.values():
        for other in codes.values():
            if other.id == code.id:
                continue
            reference = f"{other.reference_prefix}-7K3Q9X"
            tracker = make_tracker(
                {"provider": code.id},
                text=reference,
                intent="check_case",
                entities={"reference": reference},
                active_loop="case_lookup_form",
            )
            _, said = validate(ValidateCaseLookupForm().validate_case_reference, reference, tracker)
            assert responses(said) == ["utter_case_other_provider"], (code.id, other.id)
            assert other.trading_name in rendered(said[0])


# --- 2 and 3. adding to a case checked here ------------------------------------------------------

WISH = "i want to add something to my complaint"
ADDED = "you also charged me £20 after I cancelled"
ACTIONS = {
    "talk_to_human": ActionTalkToHuman,
    "check_case": ActionSetCaseRequest,
    "make_complaint": ActionStartComplaint,
    "nlu_fallback": ActionClarify,
    "inform": ActionDefaultFallback,
}


def checked_case(url: str) -> str:
    """Jane's case, checked by this conversation a moment ago (the store's record)."""
    reference = janes_case(url)
    with open_store(url) as store:
        CaseVerification(store).record_owner(
            reference, conversation_id="conversation-1", channel="rest", now=clock.now()
        )
    return reference


def notes(action_store: CaseStore, reference: str) -> list[str]:
    return [e.detail["text"] for e in action_store.events(reference) if e.kind == "note"]


def on_checked_case(reference: str, text: str, intent: str, before: list | None = None):
    events = [*(before or []), {"event": "user", "text": text,
              "parse_data": {"intent": {"name": intent}, "text": text, "entities": []}}]  # fmt: skip
    return make_tracker(
        {"provider": "infinity-group", "verified_reference": reference},
        text=text,
        intent=intent,
        events=events,
    )


def after_what_to_add(reference: str, text: str, intent: str):
    """`text` said just after "What would you like to add?" about the checked case."""
    asked = [
        {"event": "user", "text": WISH, "parse_data": {"intent": {"name": "talk_to_human"}}},
        {
            "event": "bot",
            "text": "What would you like to add?",
            "metadata": {"utter_action": "utter_ask_what_to_add"},
        },  # fmt: skip
        {"event": "slot", "name": "pending_request", "value": "add_note"},
        {"event": "slot", "name": "pending_request_for", "value": reference},
        {"event": "action", "name": "action_listen"},
    ]
    return on_checked_case(reference, text, intent, before=asked)


@pytest.mark.parametrize("intent", list(ACTIONS))
def test_wanting_to_add_something_asks_what_and_notes_no_call_back(
    action_store: CaseStore, action_database: str, intent: str
) -> None:
    reference = checked_case(action_database)
    said, _ = run_action(ACTIONS[intent](), on_checked_case(reference, WISH, intent))
    assert responses(said) == ["utter_ask_what_to_add"]
    assert reference in rendered(said[0])
    assert logged(action_store, reference) == []  # no call back the customer never asked for
    assert notes(action_store, reference) == []


@pytest.mark.parametrize("intent", list(ACTIONS))
def test_the_message_after_what_to_add_is_added_as_a_note(
    action_store: CaseStore, action_database: str, intent: str
) -> None:
    reference = checked_case(action_database)
    tracker = after_what_to_add(reference, ADDED, intent)
    tracker.slots.update({"pending_request": "add_note", "pending_request_for": reference})
    said, _ = run_action(ACTIONS[intent](), tracker)
    assert responses(said) == ["utter_addition_recorded"]
    assert notes(action_store, reference) == [ADDED]
    assert logged(action_store, reference) == []


@pytest.mark.parametrize("intent", list(ACTIONS))
@pytest.mark.parametrize(
    "text",
    [f"please add to my complaint that {ADDED}", f"add this: {ADDED}"],
)
def test_an_addition_on_a_checked_case_is_a_note_never_a_new_complaint(
    action_store: CaseStore, action_database: str, intent: str, text: str
) -> None:
    reference = checked_case(action_database)
    said, events = run_action(ACTIONS[intent](), on_checked_case(reference, text, intent))
    assert responses(said) == ["utter_addition_recorded"]
    assert notes(action_store, reference) == [ADDED]
    assert not [e for e in events if e.get("event") == "user"]  # not re-read as a complaint


def test_an_addition_before_the_check_is_kept_through_it_and_added(
    action_store: CaseStore, action_database: str
) -> None:
    reference = janes_case(action_database)
    talk = Conversation()
    said = talk.turn(
        f"ok then just add to {reference}: i also want a refund of £45.50",
        "check_case",
        references=(reference,),
    )
    assert said == ["utter_ask_verification_answer"]
    assert notes(action_store, reference) == []
    said = talk.turn(POSTCODE, postcode=POSTCODE)
    assert "utter_addition_recorded" in said
    assert notes(action_store, reference) == ["i also want a refund of £45.50"]


@pytest.mark.parametrize(
    "added",
    [
        "I was without broadband until the end of the month",
        "the bill is wrong, please stop it",
    ],
)
def test_an_addition_with_end_or_stop_in_it_is_added(
    action_store: CaseStore, action_database: str, added: str
) -> None:
    # Outside attacker, round 21, F1 (HIGH): "All right, I haven't added anything", the words lost.
    reference = checked_case(action_database)
    tracker = after_what_to_add(reference, added, "inform")
    tracker.slots.update({"pending_request": "add_note", "pending_request_for": reference})
    said, _ = run_action(ActionDefaultFallback(), tracker)
    assert responses(said) == ["utter_addition_recorded"]
    assert notes(action_store, reference) == [added]
