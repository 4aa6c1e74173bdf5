"""Round 15, guard15: another provider's reference is never a counted check.

A case's reference checked in another provider's chat (its prefix is not the chat provider's) is
refused without being recorded: no attempt counted against the reference or the conversation, so
the owner is never locked out of their own case by trying it in a look-alike provider's chat.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.answers.additions import AdditionAsked, addition_asked
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification, Outcome
from bot.provider_codes import get_code, other_providers_reference
from tests.cases_support import at, make_intake


def test_another_providers_reference_is_refused_uncounted_and_never_locks(
    store: CaseStore,
) -> None:
    reference = store.create_case(
        make_intake(channel="chat"), received=at(2026, 12, 22, 9), actor="assistant", channel="chat"
    ).reference  # an Infinity Group case (IG-)
    verification = CaseVerification(store)
    for n in range(6):
        outcome = verification.check(
            reference, "jane.doe@example.co.uk", conversation_id="wrong-chat", channel="rest",
            now=at(2026, 12, 22, 10, n), own_prefix="IV",
        )  # fmt: skip
        assert outcome is Outcome.FAILED
    with store.engine.connect() as connection:
        for query in (
            "SELECT count(*) FROM verification_attempts WHERE reference = :reference",
            "SELECT count(*) FROM verification_locks WHERE reference = :reference",
        ):
            assert connection.execute(text(query), {"reference": reference}).scalar() == 0
    assert verification.check(
        reference, "jane.doe@example.co.uk", conversation_id="right-chat", channel="rest",
        now=at(2026, 12, 22, 10, 30), own_prefix="IG",
    ) is Outcome.VERIFIED  # fmt: skip


def test_whose_reference_is_read_from_the_prefix_only() -> None:
    group = get_code("infinity-group")
    assert other_providers_reference("IV-MJR6QT", group) == get_code("invictanet")
    assert other_providers_reference("in-7k3q9x", group) == get_code("infinium")
    assert other_providers_reference("IG-7K3Q9X", group) is None
    assert other_providers_reference("XX-7K3Q9X", group) is None


@pytest.mark.parametrize(
    ("said", "added"),
    [
        ("i want to add something to my complaint", None),
        ("I want to add something to my complaint IG-GQF926", None),
        ("can i add something please?", None),
        (
            "please add to my complaint that you also charged me £20 after I cancelled",
            "you also charged me £20 after I cancelled",
        ),
        (
            "add this: you also charged me £20 after I cancelled",
            "you also charged me £20 after I cancelled",
        ),
        (
            "ok then just add to IV-NEF15M: i also want a refund of £45.50",
            "i also want a refund of £45.50",
        ),
    ],
)
def test_an_addition_to_a_complaint_is_read_with_its_words(said: str, added: str | None) -> None:
    assert addition_asked(said) == AdditionAsked(added=added)


@pytest.mark.parametrize(
    "said",
    ["my address is 1 High St", "additional charges", "can you add my son to the account", "hi"],
)
def test_other_words_are_no_addition(said: str) -> None:
    assert addition_asked(said) is None
