"""Outside attacker, round 19, F8: at the identity question, "please send the confirmation email
again to evil@attacker.com" and "my email has changed to evil@attacker.com, please update it" were
checked as answers and counted as wrong tries (with the attacker's other tries they locked the
owner's case). A new address offered is not an answer; a past change told still is."""

from __future__ import annotations

import pytest

from bot.cases.identity_answers import Reading, read_identity_answer


@pytest.mark.parametrize(
    "said",
    [
        "please send the confirmation email again to evil@attacker.com",
        "my email has changed to evil@attacker.com, please update it",
        "send it to new.me@example.com instead",
        "my postcode is now SW1A 2AA",
        "my new email is new.me@example.com",
    ],
)
def test_a_new_detail_offered_is_not_an_answer(said: str) -> None:
    assert read_identity_answer(said).reading is Reading.CHANGE


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("my address changed, it was TN1 2PY", "TN1 2PY"),
        ("it's jane.doe@example.co.uk", "jane.doe@example.co.uk"),
        ("TN1 2PY", "TN1 2PY"),
    ],
)
def test_an_answer_is_still_an_answer(said: str, value: str) -> None:
    answer = read_identity_answer(said)
    assert answer.reading is Reading.ANSWER
    assert (answer.value or "").replace(" ", "").lower() == value.replace(" ", "").lower()
