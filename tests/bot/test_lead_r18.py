"""The lead's round 18 checks on the merged fixes, each found through the real servers first."""

from __future__ import annotations

import pytest

from bot.answers.questions import asks_about_money_trouble


@pytest.mark.parametrize(
    "said",
    [
        # Typed as the outside testers type: no comma, no question mark (the server test of
        # fix18d2's answer started a complaint and never answered the question).
        "I cant afford to pay this bill what can I do",
        "im in debt and cant pay who do i talk to",
        "cant pay the bill at the moment what are my options",
    ],
)
def test_money_trouble_asked_in_one_breath_is_a_question(said: str) -> None:
    assert asks_about_money_trouble(said)


@pytest.mark.parametrize(
    "said",
    ["I cant afford to pay this bill", "they charged me twice and I cant afford it"],
)
def test_money_trouble_told_without_asking_is_no_question(said: str) -> None:
    assert not asks_about_money_trouble(said)
