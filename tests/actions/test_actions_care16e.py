"""Outside care, round 16 (fix16e): abuse and safety at home through the actions.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import pytest

from actions.chitchat import ActionDefaultFallback
from tests.action_support import make_tracker, responses, run_action, slots_set

pytestmark = pytest.mark.usefixtures("action_database")


@pytest.mark.parametrize(
    "said",
    [
        "my husband is abusive",
        "my ex is abusive and keeps ringing you pretending to be me",
        "my ex beat me up and now he is threatening me through the wifi account",
    ],
)
def test_plain_words_for_abuse_get_the_helplines_at_once(said: str) -> None:
    # Outside care, round 16, F26: "Sorry, I didn't follow that" and no numbers at all.
    tracker = make_tracker({"provider": "infinity-group"}, text=said, intent="nlu_fallback")
    messages, events = run_action(ActionDefaultFallback(), tracker)
    said_back = responses(messages)
    assert said_back[:3] == ["utter_urgent_help"] * 3  # first, before anything else
    helplines = " ".join(m["help"] for m in messages[:3])
    assert "999" in helplines and "0808 2000 247" in helplines and "0808 80 10 800" in helplines
    assert slots_set(events)["urgent_help_given"] == ["domestic_abuse"]
