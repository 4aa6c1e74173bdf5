"""More of the complaint typed at one of the form's later questions
(`bot.answers.routing.tells_more_of_the_complaint`; outside testers, round 19, F1)."""

from __future__ import annotations

import pytest

from bot.answers.routing import tells_more_of_the_complaint


@pytest.mark.parametrize(
    "said",
    [
        "bill shows 45 quid for 'premium support' never asked for it, want it refunded and "
        "removed. i rang on 3 november about it and nobody called back",
        "they charged me twice for the router and nobody has called me back about it",
    ],
)
def test_more_of_the_complaint_is_read(said: str) -> None:
    assert tells_more_of_the_complaint(said)


@pytest.mark.parametrize(
    "said",
    [
        "i dont have it",
        "email please",
        "by phone, i work days so after 6",
        "write to me, i dont use email or the phone much",
        "they never called me back, ring me on 07700 900123",
        "business",
        "sorry I spelt my name wrong, it's Siobhan Kelly not Siobahn",
        "oops typed my name wrong - should be Siobhan Kelly",
        "how long will this take?",
    ],
)
def test_an_answer_or_a_question_is_not(said: str) -> None:
    assert not tells_more_of_the_complaint(said)
