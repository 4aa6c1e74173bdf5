"""Outside customers B, round 12, M1: after logging, "so what happens now" got "Goodbye", and
"what happens now then?" / "no, i mean whats next with my complaint, will someone write to me"
were not understood. Each is answered as "what happens next" with the complaint just logged (the
answer "what happens next with my complaint?" already got)."""

from __future__ import annotations

import pytest

from actions.chitchat import ActionClarify, ActionDefaultFallback, ActionGoodbye
from bot.answers.routing import topic_asked
from tests.action_support import make_tracker, read_as_intent, run_action

pytestmark = pytest.mark.usefixtures("action_database")

ASKED = [
    "so what happens now",
    "what happens now then?",
    "no, i mean whats next with my complaint, will someone write to me",
    "what next",
]
LOGGED = {"provider": "invictanet", "created_reference": "IV-595B0X"}


@pytest.mark.parametrize("said", ASKED)
def test_what_happens_now_is_the_next_steps_question(said: str) -> None:
    assert topic_asked(said) == "ask_escalation"


@pytest.mark.parametrize("action", [ActionGoodbye, ActionClarify, ActionDefaultFallback])
@pytest.mark.parametrize("said", ASKED)
def test_after_logging_it_is_answered_whatever_the_model_read(action, said: str) -> None:
    tracker = make_tracker(LOGGED, text=said, intent="goodbye")
    messages, events = run_action(action(), tracker)
    assert read_as_intent(events) == "ask_escalation"
    assert not messages


def test_goodbye_before_anything_was_logged_is_still_goodbye() -> None:
    tracker = make_tracker({"provider": "invictanet"}, text="bye then", intent="goodbye")
    messages, _ = run_action(ActionGoodbye(), tracker)
    assert [m["response"] for m in messages] == ["utter_goodbye"]
