"""Outside care, round 16 (fix16b): F5 urgent help for a line down in everyday words, F10 a "never
e-mail me" wish never sets e-mail, F15 the account holder's name at the read-back never renames
the complainant, F6 a trusted person's number never stored as the customer's own. Each test
failed before the change."""

from __future__ import annotations

from typing import Any

import pytest

from tests.action_support import make_tracker, responses, run_action, slots_set

PROVIDERS = ["infinity-group", "infinium"]


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(str(m.get("help") or "") for m in messages)


# --- F5: a line down for someone 84 and alone, said in everyday words ----------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "text",
    [
        "hello dear my phone has not worked since last thursday and my alarm pendant doesnt work "
        "either, im 84 and on my own. my neighbour is typing this for me",
        "my phone hasnt worked since thursday and im 84 and live alone",
        "my phone isnt working and I rely on it because I'm disabled and housebound",
    ],
)
def test_a_line_down_in_everyday_words_gets_999_the_fault_line_and_priority_repair_at_once(
    provider: str, text: str
) -> None:
    from actions.intake import ActionStartComplaint

    tracker = make_tracker({"provider": provider}, text=text, intent="make_complaint")
    messages, events = run_action(ActionStartComplaint(), tracker)
    said = responses(messages)
    assert said[0] == "utter_urgent_help" and "999" in _said(messages)
    assert any(r.startswith("utter_fault_line") for r in said)
    assert "utter_line_down_priority_repair" in said
    assert slots_set(events)["urgent_help_given"] == ["line_down"]
