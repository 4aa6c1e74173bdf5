"""The words behind care15b's fixes (issue 18): a time not to be called before is a time to call
after; "take off the large print but keep the text relay" is a withdrawal of one need, not a
refusal; the needs an answer to the accessibility question names. Each failed before the change."""

from __future__ import annotations

import pytest

from bot.cases.customer_requests import UNCLEAR, request_for_intent
from bot.vulnerability import call_back_time, needs_named_in_answer


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("dont ring before 10", "after 10"),
        ("please don't call me before 9am", "after 9am"),
        ("never phone after 6", "before 6pm"),
        ("ring me after 6pm", "after 6pm"),
    ],
)
def test_a_time_not_to_be_called_is_turned_round(said: str, when: str) -> None:
    assert call_back_time(said) == when


def test_one_need_taken_off_with_another_kept_is_a_withdrawal() -> None:
    said = "take off the large print but keep the text relay"
    assert request_for_intent("withdraw_consent", said) == "withdraw_needs"
    refused = "please don't remove my needs, I still need braille"
    assert request_for_intent("withdraw_consent", refused) == UNCLEAR
    assert request_for_intent("withdraw_consent", "keep the braille please") == UNCLEAR


@pytest.mark.parametrize(
    ("said", "needs"),
    [
        ("yes i need large print and please email only", {"accessible_formats", "email_only"}),
        ("im deaf so text relay please", {"text_relay"}),
        ("yes - big print, and dont ring before 10", {"accessible_formats", "call_back_time"}),
        ("my daughter helps me with the computer", set()),
        ("not large print, braille please", {"accessible_formats"}),
        ("no", set()),
        ("dont ring me", set()),
    ],
)
def test_the_needs_an_accessibility_answer_names(said: str, needs: set[str]) -> None:
    assert set(needs_named_in_answer(said).ids) == needs
