"""Outside customers B, round 12, M5: the first message "hi im writing for my dad, hes 88" got
"Sorry, I didn't follow that." It gets what the sources say about acting for someone else (they
say nothing of how: the provider's number to ask) and what the assistant can do, never a fallback."""

from __future__ import annotations

import pytest

from actions.chitchat import ActionClarify, ActionDefaultFallback, ActionOutOfScope
from bot.answers.routing import writes_for_someone
from tests.action_support import make_tracker, responses, run_action

pytestmark = pytest.mark.usefixtures("action_database")

SAID = [
    "hi im writing for my dad, hes 88",
    "im messaging on behalf of my mum",
    "hello, I'm contacting you for my elderly father",
]


@pytest.mark.parametrize("said", SAID)
def test_writing_for_a_relative_is_heard(said: str) -> None:
    assert writes_for_someone(said)


@pytest.mark.parametrize(
    "said", ["my dad's broadband has been down for a week", "i pay for my phone by direct debit"]
)
def test_an_account_of_what_went_wrong_is_not_only_that(said: str) -> None:
    assert not writes_for_someone(said)


@pytest.mark.parametrize("action", [ActionDefaultFallback, ActionClarify, ActionOutOfScope])
@pytest.mark.parametrize("said", SAID)
def test_writing_for_a_relative_gets_an_answer_not_a_fallback(action, said: str) -> None:
    tracker = make_tracker(
        {"provider": "infinity-system-solutions"}, text=said, intent="nlu_fallback"
    )
    messages, _ = run_action(action(), tracker)
    said_back = responses(messages)
    assert "utter_speaking_for_another_not_covered" in said_back
    assert "utter_what_i_can_do" in said_back
    for fallback in ("utter_core_fallback", "utter_default", "utter_out_of_scope"):
        assert fallback not in said_back
    assert not any(r.startswith("utter_did_you_mean") for r in said_back)
