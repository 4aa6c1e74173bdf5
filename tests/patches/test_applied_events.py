"""`applied_events` (rasa_plugins/patches/applied_events.py) against Rasa's own
`DialogueStateTracker.applied_events`: the same events (the same objects, in the same order) after
every event of generated conversations (forms' loops, a loop named only later, /back as
`UserUtteranceReverted`, `ActionReverted`, /restart, session starts), and the same tracker state
when copied (a reverted message or action replays the applied events); and a kept answer is never
given after the events changed under it (replaced, dropped by `max_event_history`, cleared)."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.slots import AnySlot, TextSlot
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_plugins.patches import applied_events

pytestmark = pytest.mark.usefixtures("rasa_as_released")

LOOPS = ["complaint_form", "contact_form"]
ACTIONS = ["action_check_status", "utter_greet", "action_read_back", *LOOPS]
SLOTS = [TextSlot("reference", []), TextSlot(REQUESTED_SLOT, []), AnySlot("needs", [])]


def rasas(tracker: DialogueStateTracker) -> list[Event]:
    method = DialogueStateTracker.applied_events
    return getattr(method, "rasa_original", method)(tracker)


def same(ours: list[Event], theirs: list[Event]) -> bool:
    """The same event objects in the same order."""
    return len(ours) == len(theirs) and all(a is b for a, b in zip(ours, theirs, strict=True))


def latest(event: Event | None) -> Any:
    """An event as a dict without its time (a reset makes a new empty one, stamped now; the
    events' own times are compared in the list of events)."""
    if event is None:
        return None
    found = event.as_dict()
    found.pop("timestamp")
    return found


def state(tracker: DialogueStateTracker) -> Any:
    """Everything replaying events sets on a tracker."""
    return (
        {name: (slot.value, slot.has_been_set) for name, slot in tracker.slots.items()},
        tracker._paused,
        tracker.followup_action,
        tracker.latest_action,
        latest(tracker.latest_message),
        latest(tracker.latest_bot_utterance),
        tracker.active_loop,
        [event.as_dict() for event in tracker.events],
    )


@st.composite
def conversations(draw: st.DrawFn) -> list[Event]:
    events: list[Event] = [ActionExecuted(ACTION_LISTEN_NAME)]
    for _ in range(draw(st.integers(0, 12))):
        events.append(UserUttered("x", {"name": draw(st.sampled_from(["inform", "back", "hi"]))}))
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.integers(0, 11))
            loop = draw(st.sampled_from(LOOPS))
            if kind <= 3:
                events.append(ActionExecuted(draw(st.sampled_from(ACTIONS))))
            elif kind == 4:
                events += [ActionExecuted(loop), ActiveLoop(loop), SlotSet(REQUESTED_SLOT, "x")]
            elif kind == 5:
                events += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
            elif kind == 6:
                events.append(draw(st.sampled_from([Restarted(), SessionStarted()])))
            elif kind == 7:
                events.append(ActionReverted())
            elif kind == 8:
                events.append(UserUtteranceReverted())  # /back
            elif kind == 9:
                events.append(ActionExecutionRejected(loop))
            elif kind == 10:
                events.append(SlotSet("reference", draw(st.sampled_from(["AB-1", None]))))
            else:
                events.append(BotUttered("said"))
        if draw(st.booleans()):
            events.append(ActionExecuted(ACTION_LISTEN_NAME))
    return events


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations(), st.integers(1, 4))
def test_after_every_event_the_applied_events_are_rasas_own(
    events: list[Event], every: int
) -> None:
    applied_events.install()
    try:
        tracker = DialogueStateTracker("c", SLOTS)
        for number, event in enumerate(events):
            tracker.update(event)
            if number % every == 0:  # asked after some events, not all: several at once
                ours = tracker.applied_events()
                assert same(ours, rasas(tracker))
                ours.append(BotUttered("a caller's change"))  # not kept
        assert same(tracker.applied_events(), rasas(tracker))
        assert same(tracker.applied_events(), rasas(tracker))
    finally:
        applied_events.uninstall()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations())
def test_a_tracker_built_or_copied_has_rasas_own_state(events: list[Event]) -> None:
    """Reverted messages and actions replay the applied events while a tracker is built, as
    `MessageProcessor._run_action`'s `tracker.copy()` does before every action."""
    released = DialogueStateTracker.from_events("c", events, SLOTS)
    theirs = (state(released), state(released.copy()), [e.as_dict() for e in rasas(released)])
    applied_events.install()
    try:
        patched = DialogueStateTracker.from_events("c", events, SLOTS)
        copied = patched.copy()
        ours = (state(patched), state(copied), [e.as_dict() for e in copied.applied_events()])
    finally:
        applied_events.uninstall()
    assert ours == theirs


def complaint() -> list[Event]:
    return [
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered("I want to complain", {"name": "complain"}),
        ActionExecuted("complaint_form"),
        ActiveLoop("complaint_form"),
        SlotSet(REQUESTED_SLOT, "reference"),
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered("AB-1", {"name": "inform"}),
        ActionExecuted("complaint_form"),
        SlotSet("reference", "AB-1"),
        ActionExecuted(ACTION_LISTEN_NAME),
    ]


@pytest.mark.parametrize(
    "then",
    [
        [UserUttered("back", {"name": "back"}), UserUtteranceReverted()],  # /back
        [UserUtteranceReverted(), UserUtteranceReverted()],  # twice
        [ActionReverted()],
        [UserUttered("restart", {"name": "restart"}), Restarted()],  # /restart
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("x")],
        [UserUttered("2", {"name": "inform"}), ActionExecuted("complaint_form")],  # loop again
        [ActionExecutionRejected("complaint_form"), ActionExecuted("complaint_form")],
        # A loop named only now: the earlier executions of it count as a loop's from the start.
        [ActionExecuted("contact_form"), UserUttered("y"), ActiveLoop("contact_form")],
    ],
)
def test_each_kind_of_rewind_after_a_kept_answer_gives_rasas_own(then: list[Event]) -> None:
    applied_events.install()
    events = complaint()
    events[2:2] = [ActionExecuted("contact_form"), ActionExecuted("contact_form")]
    tracker = DialogueStateTracker.from_events("c", events, SLOTS)
    assert same(tracker.applied_events(), rasas(tracker))
    for event in then:
        tracker.update(event)
        assert same(tracker.applied_events(), rasas(tracker))


def test_events_changed_under_a_kept_answer_are_walked_again() -> None:
    applied_events.install()
    tracker = DialogueStateTracker.from_events("c", complaint(), SLOTS)
    tracker.applied_events()
    # The list replaced (as Rasa's `recreate_from_dialogue` extends, a store may replace it).
    tracker.events = deque([ActionExecuted(ACTION_LISTEN_NAME), UserUttered("hi")])
    assert same(tracker.applied_events(), rasas(tracker))
    # One in the middle replaced in place: same length, not the same events.
    tracker.events[0] = Restarted()
    assert same(tracker.applied_events(), rasas(tracker))
    # Cleared, then refilled with fewer.
    tracker.events.clear()
    assert tracker.applied_events() == []
    tracker.events.append(UserUttered("again"))
    assert same(tracker.applied_events(), rasas(tracker))


def test_a_full_history_that_drops_its_oldest_is_walked_again() -> None:
    applied_events.install()
    tracker = DialogueStateTracker("c", SLOTS, max_event_history=6)
    for event in complaint():
        tracker.update(event)
        assert len(tracker.events) <= 6
        assert same(tracker.applied_events(), rasas(tracker))


def test_installs_once_and_uninstalls_to_rasas_own() -> None:
    original = DialogueStateTracker.applied_events
    applied_events.install()
    applied_events.install()
    assert DialogueStateTracker.applied_events.rasa_original is original  # type: ignore[attr-defined]
    applied_events.uninstall()
    assert DialogueStateTracker.applied_events is original
    assert not applied_events.is_installed()
