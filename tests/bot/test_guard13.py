"""Issue 13: the case check's lock is an event on the case that staff see and lift, without servers.

Five wrong answers from five senders lock the reference; `cases show REF` lists the lock (and
never a guessed value); `cases unlock REF` lifts it, as an event by the member of staff; then the
right answer verifies again, and unlocking a reference that is not locked says so and changes
nothing. (The same through the real servers: tests/servers/test_verification_servers.py.)
"""

from __future__ import annotations

import io
import json

import pytest

from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification, Outcome
from bot.cli import main
from tests.cases_support import at, make_intake

GUESSES = [f"guess{n}@example.com" for n in range(4)] + ["ZZ9 9ZZ"]


def desk(store: CaseStore, monkeypatch: pytest.MonkeyPatch, *argv: str) -> tuple[int, str]:
    monkeypatch.setenv("COMPLAINTS_STAFF", "sam")
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-22T11:00")
    out = io.StringIO()
    url = store.engine.url.render_as_string(hide_password=False)
    code = main(["cases", *argv, "--database", url], out=out)
    return code, out.getvalue()


def locked_case(store: CaseStore) -> str:
    reference = store.create_case(
        make_intake(channel="chat"), received=at(2026, 12, 22, 9), actor="assistant", channel="chat"
    ).reference
    verification = CaseVerification(store)
    outcomes = [
        verification.check(
            reference, guess, conversation_id=f"sender-{n}", channel="rest",
            now=at(2026, 12, 22, 10, n), own_prefix="IG",
        )
        for n, guess in enumerate(GUESSES)
    ]  # fmt: skip
    assert outcomes[-1] is Outcome.LOCKED
    return reference


def test_the_lock_is_shown_on_the_case_without_the_guesses_and_staff_lift_it(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = locked_case(store)
    verification = CaseVerification(store)
    right = verification.check(
        reference, "TN1 2PY", conversation_id="owner", channel="rest",
        now=at(2026, 12, 22, 10, 30), own_prefix="IG",
    )  # fmt: skip
    assert right is Outcome.LOCKED  # the right answer, locked: refused like any

    code, shown = desk(store, monkeypatch, "show", reference)
    assert code == 0
    assert "verification_locked" in shown
    for guess in GUESSES:
        assert guess not in shown and guess.upper() not in shown
    assert "TN1 2PY" not in shown.split("verification_locked", 1)[1].splitlines()[0]

    code, said = desk(store, monkeypatch, "unlock", reference)
    assert (code, said) == (
        0,
        f"{reference} unlocked: the customer can check it in the chat again\n",
    )
    code, shown = desk(store, monkeypatch, "show", reference)
    assert "verification_unlocked" in shown
    unlocked = next(e for e in store.events(reference) if e.kind == "verification_unlocked")
    assert unlocked.actor == "sam"

    assert verification.check(
        reference, "TN1 2PY", conversation_id="owner", channel="rest",
        now=at(2026, 12, 22, 11, 1), own_prefix="IG",
    ) is Outcome.VERIFIED  # fmt: skip


def test_unlocking_a_reference_not_locked_says_so_and_records_nothing(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = store.create_case(
        make_intake(channel="chat"), received=at(2026, 12, 22, 9), actor="assistant", channel="chat"
    ).reference
    before = len(store.events(reference))
    code, said = desk(store, monkeypatch, "unlock", reference)
    assert (code, said) == (0, f"{reference} was not locked\n")
    assert len(store.events(reference)) == before
    code, said = desk(store, monkeypatch, "unlock", reference, "--json")
    assert json.loads(said) == {"reference": reference, "unlocked": False}
