"""Verification that cannot be reset (bot/cases/verification.py), against a real case store.

Failures count per reference whoever asks; five in a day lock the reference, for longer each
time; staff lift a lock; one conversation's checks are limited whatever the reference; nothing
typed is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cases.identity_answers import read_identity_answer
from bot.cases.store import CaseNotFound, CaseStore
from bot.cases.verification import CaseVerification, Outcome, VerificationPolicy
from tests.cases_support import at, make_intake

NOW = at(2026, 12, 22, 10)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as opened:
        yield opened


@pytest.fixture
def reference(store: CaseStore) -> str:
    return store.create_case(
        make_intake(), received=at(2026, 12, 21, 9), actor="sam", channel="desk"
    ).reference


def attempt(
    verification: CaseVerification,
    reference: str,
    answer: str,
    sender: str = "c1",
    now: datetime = NOW,
    channel: str = "rest",
) -> Outcome:
    return verification.check(
        reference, answer, conversation_id=sender, channel=channel, now=now, own_prefix="IG"
    )


def test_the_right_answer_verifies_and_is_remembered_for_minutes(store, reference):
    verification = CaseVerification(store)
    assert attempt(verification, reference, " tn1 2py ") is Outcome.VERIFIED
    assert verification.recently_verified(reference, "c1", NOW + timedelta(minutes=4))
    assert not verification.recently_verified(reference, "c1", NOW + timedelta(minutes=6))
    assert not verification.recently_verified(reference, "c2", NOW)


def test_failures_from_any_sender_and_channel_lock_the_reference(store, reference):
    verification = CaseVerification(store)
    channels = ["rest", "socketio", "callback", "rest", "rest"]
    outcomes = [
        attempt(verification, reference, f"x{n}@example.com", f"sender-{n}", channel=channel)
        for n, channel in enumerate(channels)
    ]
    assert outcomes == [Outcome.FAILED] * 4 + [Outcome.LOCKED]
    assert attempt(verification, reference, "TN1 2PY", "owner") is Outcome.LOCKED
    assert not verification.recently_verified(reference, "owner", NOW)
    locked = [e for e in store.events(reference) if e.kind == "verification_locked"]
    assert len(locked) == 1
    assert "x0@example.com" not in str(locked[0].detail)


def test_each_lock_lasts_twice_as_long_as_the_one_before(store, reference):
    verification = CaseVerification(store)
    now = NOW
    lengths = []
    for _ in range(3):
        for n in range(5):
            attempt(verification, reference, f"wrong{n}", f"s{n}", now=now)
        lock = verification.active_lock(reference, now)
        assert lock is not None
        lengths.append(lock.until - lock.locked_at)
        now = lock.until + timedelta(seconds=1)
        assert verification.active_lock(reference, now) is None
    assert lengths == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=4)]


def test_failures_outside_the_window_do_not_count(store, reference):
    verification = CaseVerification(store)
    for n in range(4):
        attempt(verification, reference, "wrong", f"s{n}", now=NOW - timedelta(days=2))
    assert attempt(verification, reference, "wrong", "s9") is Outcome.FAILED


def test_staff_lift_a_lock_and_the_count_starts_again(store, reference):
    verification = CaseVerification(store)
    for n in range(5):
        attempt(verification, reference, "wrong", f"s{n}")
    later = NOW + timedelta(minutes=5)
    assert verification.unlock(reference, now=later, actor="sam", channel="desk")
    assert not verification.unlock(reference, now=later, actor="sam", channel="desk")
    assert attempt(verification, reference, "wrong", "s9", now=later) is Outcome.FAILED
    assert attempt(verification, reference, "TN1 2PY", "s9", now=later) is Outcome.VERIFIED
    kinds = [e.kind for e in store.events(reference)]
    assert kinds[-2:] == ["verification_locked", "verification_unlocked"]
    with pytest.raises(CaseNotFound):
        verification.unlock("IG-2Z2Z2Z", now=later, actor="sam", channel="desk")


def test_an_unknown_reference_is_counted_and_locked_the_same_way(store):
    verification = CaseVerification(store)
    outcomes = [attempt(verification, "IG-2Z2Z2Z", "a@b.c", f"s{n}") for n in range(6)]
    assert outcomes == [Outcome.FAILED] * 4 + [Outcome.LOCKED] * 2


def test_one_conversation_cannot_walk_many_references(store, reference):
    verification = CaseVerification(store, VerificationPolicy(conversation_limit=3))
    for n in range(3):
        assert attempt(verification, f"IG-{n}Z{n}Z{n}Z", "a@b.c", "walker") is Outcome.FAILED
    assert attempt(verification, reference, "TN1 2PY", "walker") is Outcome.LIMITED
    later = NOW + timedelta(hours=1, minutes=1)
    assert attempt(verification, reference, "TN1 2PY", "walker", now=later) is Outcome.VERIFIED


def test_another_providers_reference_never_verifies(store, reference):
    verification = CaseVerification(store)
    outcome = verification.check(
        reference, "TN1 2PY", conversation_id="c1", channel="rest", now=NOW, own_prefix="IV"
    )
    assert outcome is Outcome.FAILED


def test_no_answer_and_no_conversation_id_is_stored(store, reference):
    verification = CaseVerification(store)
    attempt(verification, reference, "secret.guess@example.org", "alice@example.org")
    attempt(verification, reference, "TN1 2PY", "alice@example.org")
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM verification_attempts")).all()
    dumped = repr(rows)
    for secret in ("secret.guess", "TN1 2PY", "alice@example.org"):
        assert secret not in dumped
    assert len(rows) == 2


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [
        # Outside attacker, round 19, F2: a wrong postcode with the right e-mail verified, so one
        # counted try carried two guesses. Given both, both must be the case's.
        ("postcode EH1 1AA, email jane.doe@example.co.uk", Outcome.FAILED),
        ("tn1 2py and my email is someone.else@example.com", Outcome.FAILED),
        ("postcode TN1 2PY, email jane.doe@example.co.uk", Outcome.VERIFIED),
        ("jane.doe@example.co.uk", Outcome.VERIFIED),
        ("my postcode is tn12py", Outcome.VERIFIED),
    ],
)
def test_an_email_and_a_postcode_in_one_answer_must_both_be_the_cases(
    store, reference, typed, outcome
):
    detail = read_identity_answer(typed).value
    assert detail is not None
    assert attempt(CaseVerification(store), reference, detail) is outcome
