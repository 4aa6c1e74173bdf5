"""Round 15, guard15: another provider's reference, and additions to a checked case.

1. A reference whose prefix is another provider's (from bot/codes/*.yaml), checked in this
   provider's chat, is recognised before any check: the customer is told whose reference it is and
   how to reach that provider, no e-mail or postcode is asked, nothing is counted and no lock is
   touched. The reply depends only on the prefix, never on whether the case exists.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from actions.status import ValidateCaseLookupForm
from bot.cases.models import VerificationAttemptRecord, VerificationLockRecord
from bot.cases.store import CaseStore
from bot.provider_codes import get_code, load_all_codes
from tests.action_support import (
    Conversation,
    make_tracker,
    open_store,
    rendered,
    responses,
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
