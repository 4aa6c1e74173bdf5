"""Outside customers B, round 12, H9: "hi im writing for my dad, hes 88", "the phone line he uses
for his alarm is dead", then "yes i want to complain, its been dead since tuesday and nobody has
come out": what happened was only the last message, the alarm lost. It is built from the
customer's account told before the form asked, without greetings or "yes i want to complain"."""

from __future__ import annotations

import pytest

from actions.intake import ActionStartComplaint
from tests.action_support import make_tracker, run_action, slots_set, user_event

pytestmark = pytest.mark.usefixtures("action_database")

BEFORE = ["hi im writing for my dad, hes 88", "the phone line he uses for his alarm is dead"]
LAST = "yes i want to complain, its been dead since tuesday and nobody has come out"
WHOLE = (
    "the phone line he uses for his alarm is dead. its been dead since tuesday and nobody has "
    "come out"
)


@pytest.mark.parametrize("intent", ["make_complaint", "affirm", "inform"])
def test_what_happened_is_the_whole_account(intent: str) -> None:
    events = [user_event(t) for t in BEFORE] + [user_event(LAST, intent)]
    tracker = make_tracker(
        {"provider": "infinity-system-solutions"}, text=LAST, intent=intent, events=events
    )
    _, result = run_action(ActionStartComplaint(), tracker)
    assert slots_set(result).get("complaint_description") == WHOLE


@pytest.mark.parametrize(
    ("last", "kept"),
    [
        (
            "ok i want to complain. the engineer never came and my line is still dead",
            "the engineer never came and my line is still dead",
        ),
    ],
)
def test_the_request_to_complain_is_not_part_of_it(last: str, kept: str) -> None:
    events = [user_event("hello"), user_event(last, "make_complaint")]
    tracker = make_tracker(
        {"provider": "infinity-system-solutions"}, text=last, intent="make_complaint", events=events
    )
    _, result = run_action(ActionStartComplaint(), tracker)
    assert slots_set(result).get("complaint_description") == kept


def test_a_single_account_is_kept_as_told() -> None:
    said = "my broadband has been cutting out every evening for 3 weeks"
    tracker = make_tracker(
        {"provider": "infinity-system-solutions"}, text=said, intent="make_complaint"
    )
    _, result = run_action(ActionStartComplaint(), tracker)
    assert slots_set(result).get("complaint_description") == said
