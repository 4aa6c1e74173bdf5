"""A tracker's applied events worked out from where they were last worked out, not from the start.

Replaces `rasa.shared.core.trackers.DialogueStateTracker.applied_events` (Rasa 3.6.21), which
walks the whole conversation every time it is asked:

    def applied_events(self) -> List[Event]:
        loop_names = [
            event.name
            for event in self.events
            if isinstance(event, ActiveLoop) and event.name
        ]
        applied_events: List[Event] = []
        for event in self.events:
            if isinstance(event, (Restarted, SessionStarted)):
                applied_events = []
            elif isinstance(event, ActionReverted):
                self._undo_till_previous(ActionExecuted, applied_events)
            elif isinstance(event, UserUtteranceReverted):
                self._undo_till_previous(UserUttered, applied_events)
                self._undo_till_previous(ActionExecuted, applied_events)
            elif (
                isinstance(event, ActionExecuted)
                and event.action_name in loop_names
                and not self._first_loop_execution_or_unhappy_path(
                    event.action_name, applied_events
                )
            ):
                self._undo_till_previous_loop_execution(
                    event.action_name, applied_events
                )
            else:
                applied_events.append(event)
        return applied_events

Written for Rasa 3.6.21. No upstream issue found.

Why: it is asked for the whole conversation several times a turn (the session check, the rule
policy's and featurizer's states, `ActionSessionStart`, and, for every reverted message or action,
`replay_events` while a tracker is copied): about 6% of the Rasa process's time in-process
(bench/results/load-notes.md, round 5), growing with the conversation.

Here each tracker keeps, beside its events, the events it last worked out (the same objects, in
order), the names of the loops among them and the answer. When asked again and the tracker's event
list is the same object and still begins with exactly those events (checked by identity), the walk
goes on from the kept answer over the new events only, with Rasa's own loop body and helpers. The
walk is a left fold whose only state is the list of applied events and whose only other input is
the set of loop names; so when the new events name no loop the kept events did not, the answer is
the one Rasa's walk from the start gives. Otherwise (a new loop name, events removed or replaced, a
full `deque(maxlen=...)` that dropped its oldest, another event list) the walk starts from the
beginning, as Rasa's does. The events' attributes the walk reads (their class, `ActionExecuted.
action_name`, `ActiveLoop.name`) are set only when Rasa creates an event. Every call returns a new
list, as Rasa's does (callers may change it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from itertools import islice
from operator import is_
from typing import Any

NAME = "applied_events"

# The attribute of a tracker holding (its event list, the events walked, loop names, answer).
_KEPT = "_applied_events_kept"


def _walk(tracker: Any, events: Iterable[Any], loop_names: Any, applied: list[Any]) -> list[Any]:
    """Rasa's loop body (see the module's docstring), over `events`, from `applied`."""
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionReverted,
        Restarted,
        SessionStarted,
        UserUtteranceReverted,
        UserUttered,
    )

    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied = []
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in loop_names
            and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    return applied


def _loop_names(events: Iterable[Any]) -> frozenset[str]:
    from rasa.shared.core.events import ActiveLoop

    return frozenset(event.name for event in events if isinstance(event, ActiveLoop) and event.name)


def applied_events(self: Any) -> list[Any]:
    events = self.events
    kept = self.__dict__.get(_KEPT)
    if (
        kept is not None
        and kept[0] is events
        and len(events) >= len(kept[1])
        and all(map(is_, kept[1], events))
    ):
        walked, loop_names, answer = kept[1], kept[2], kept[3]
        new = list(islice(events, len(walked), None))
        if not new:
            return list(answer)
        if _loop_names(new) <= loop_names:
            answer = _walk(self, new, loop_names, list(answer))
            walked = (*walked, *new)
        else:
            walked = None
    else:
        walked = None
    if walked is None:
        walked = tuple(events)
        loop_names = _loop_names(walked)
        answer = _walk(self, walked, loop_names, [])
    self.__dict__[_KEPT] = (events, walked, loop_names, tuple(answer))
    return list(answer)


def is_installed() -> bool:
    from rasa.shared.core.trackers import DialogueStateTracker

    return getattr(DialogueStateTracker.applied_events, "rasa_original", None) is not None


def install() -> None:
    """Make every tracker work its applied events out from where it last did."""
    from rasa.shared.core.trackers import DialogueStateTracker

    if is_installed():
        return
    original = DialogueStateTracker.applied_events

    @functools.wraps(original)
    def patched(self: DialogueStateTracker) -> list[Any]:
        return applied_events(self)

    patched.rasa_original = original  # type: ignore[attr-defined]
    DialogueStateTracker.applied_events = patched  # type: ignore[method-assign]


def uninstall() -> None:
    from rasa.shared.core.trackers import DialogueStateTracker

    if is_installed():
        DialogueStateTracker.applied_events = (  # type: ignore[method-assign]
            DialogueStateTracker.applied_events.rasa_original  # type: ignore[attr-defined]
        )
