"""Offline profile of the custom actions' CPU per call, no servers: one consumer complaint replayed
turn by turn through the complaint form's validation (`validate_complaint_form.run`, with the
conversation's events growing as Rasa would send them), then the read-back (summary), the read-back
handling (a refusal, a pause, a date change, the yes) and the submit.

    .venv/bin/python -m bench.action_profile [--rounds N] [--profile]

Not a load figure: it measures our Python only, in one process, with a SQLite store in a temporary
directory and a fixed clock.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import inspect
import os
import pstats
import statistics
import tempfile
import time
from collections import defaultdict
from typing import Any

from rasa_sdk.events import ActionExecuted
from rasa_sdk.executor import CollectingDispatcher

from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    forget_case_store,
    form_turn,
    make_tracker,
    slot_event,
    user_event,
)

FORM = "complaint_form"
# (requested slot, message, candidates Rasa would extract from it)
STEPS: list[tuple[str, str, dict[str, Any]]] = [
    ("complaint_category", "billing", {"complaint_category": "billing"}),
    (
        "complaint_description",
        "I was charged twice for my broadband in December, £42.10 each time, and when I rang "
        "on 2 December they said it would be fixed but nothing happened",
        {
            "complaint_description": "I was charged twice for my broadband in December, £42.10 "
            "each time, and when I rang on 2 December they said it would be fixed but nothing "
            "happened"
        },
    ),
    ("customer_name", "Jane Doe", {"customer_name": "Jane Doe"}),
    ("customer_email", "jane.doe@example.co.uk", {"customer_email": "jane.doe@example.co.uk"}),
    ("customer_phone", "07700 900123", {"customer_phone": "07700 900123"}),
    ("customer_postcode", "TN1 2PY", {"customer_postcode": "TN1 2PY"}),
    ("contact_preference", "email please", {"contact_preference": "email"}),
    ("customer_type", "just me at home", {"customer_type": "consumer"}),
    ("account_number", "skip", {"account_number": "skip"}),
    ("accessibility_needs", "none", {"accessibility_needs": "none"}),
]


def _form_trackers() -> list[Any]:
    """One tracker per form turn, each carrying the whole conversation so far."""
    history: list[dict[str, Any]] = [
        user_event("hello", "greet"),
        {"event": "action", "name": "utter_greet", "timestamp": None},
        {"event": "action", "name": "action_listen", "timestamp": None},
        user_event("I want to make a complaint", "make_complaint"),
        {"event": "action", "name": "action_start_complaint", "timestamp": None},
        {"event": "active_loop", "name": FORM, "timestamp": None},
    ]
    slots: dict[str, Any] = {"provider": "infinium"}
    trackers = []
    for requested, text, candidates in STEPS:
        events = [
            *history,
            user_event(text, "inform"),
            slot_event("requested_slot", requested),
            ActionExecuted(FORM),
            *(slot_event(k, v) for k, v in candidates.items()),
        ]
        trackers.append(
            make_tracker(
                {**slots, "requested_slot": requested, **candidates},
                text=text,
                events=events,
                active_loop=FORM,
            )
        )
        history = [
            *events[: -len(candidates)],
            *(slot_event(k, v) for k, v in candidates.items()),
            {"event": "action", "name": "action_listen", "timestamp": None},
        ]
        slots.update(candidates)
    return trackers


def _read_back(text: str, intent: str, slots: dict[str, Any] | None = None) -> Any:
    events = [
        user_event("none", "inform"),
        {"event": "action", "name": "action_summarise_complaint", "timestamp": None},
        {"event": "action", "name": "action_listen", "timestamp": None},
        user_event(text, intent),
    ]
    return make_tracker(
        {**CONSUMER_FORM, "provider": "infinium", **(slots or {})},
        text=text,
        intent=intent,
        events=events,
    )


def _run(action: Any, tracker: Any, said: Any = None) -> list[dict[str, Any]]:
    result = action.run(said or CollectingDispatcher(), tracker, DOMAIN)
    if inspect.isawaitable(result):
        result = asyncio.run(result)
    return list(result)


# The caches of words already read (functools.lru_cache on pure functions of text), by module.
WORD_CACHES = [("bot.answers.dates", "_first_raised_in"), ("bot.vulnerability", "_cues_in")]


def _forget_words_read() -> None:
    """Empty the caches of words already read, so no round is helped by an earlier round's
    identical messages (the code before the caches has none: then nothing to do)."""
    import importlib

    for module, name in WORD_CACHES:
        cached = getattr(importlib.import_module(module), name, None)
        if cached is not None:
            cached.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="cProfile, top 40 by own time")
    args = parser.parse_args()

    directory = tempfile.mkdtemp()
    os.environ["COMPLAINTS_NOW"] = "2026-12-22T10:00"
    os.environ.pop("COMPLAINTS_PROVIDER", None)
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/cases.db"
    os.environ["COMPLAINTS_OUTBOX"] = f"{directory}/outbox"
    import actions.cases

    actions.cases.OUTBOX_RETRY_SECONDS = 0
    actions.cases.MAIL_RETRY_SECONDS = 0
    forget_case_store()

    from actions.chitchat import ActionGreet
    from actions.intake import (
        ActionChangeComplaint,
        ActionStartComplaint,
        ActionStopComplaint,
        ActionSubmitComplaint,
        ActionSummariseComplaint,
        ValidateComplaintForm,
    )
    from actions.status import ActionSetCaseRequest, ValidateCaseLookupForm

    form = _form_trackers()
    hello = user_event("hello", "greet", {"provider": "infinium"})
    calls: list[tuple[str, Any, Any]] = [
        ("greeting", ActionGreet(), make_tracker(text="hello", intent="greet", events=[hello])),
        (
            "start of the complaint",
            ActionStartComplaint(),
            make_tracker(
                {"provider": "infinium"},
                text="I want to make a complaint",
                intent="make_complaint",
                events=[hello, user_event("I want to make a complaint", "make_complaint")],
            ),
        ),
    ]
    calls += [("form validation", ValidateComplaintForm(), t) for t in form]
    calls += [
        ("summary (read-back)", ActionSummariseComplaint(), _read_back("none", "inform")),
        ("read-back: refusal", ActionSubmitComplaint(), _read_back("no dont log it", "affirm")),
        (
            "read-back: pause",
            ActionSubmitComplaint(),
            _read_back("hang on dont submit that", "affirm"),
        ),
        ("read-back: stop", ActionStopComplaint(), _read_back("no dont log it", "deny")),
        (
            "read-back: date change",
            ActionChangeComplaint(),
            _read_back("actually i rang on the 30th not yesterday", "change_complaint"),
        ),
        ("submit (yes, logged)", ActionSubmitComplaint(), _read_back("yes", "affirm")),
    ]
    # Warm up: imports, first-use caches, the store's tables, and a case to check the status of.
    logged = [e for _, action, tracker in calls for e in _run(action, tracker.copy())]
    reference = next(
        e["value"] for e in logged if e.get("name") == "created_reference" and e["value"]
    )
    asking = f"what's happening with my complaint {reference}"
    calls += [
        (
            "status: the request",
            ActionSetCaseRequest(),
            make_tracker(
                {"provider": "infinium"},
                text=asking,
                intent="check_case",
                entities={"reference": reference},
            ),
        ),
        (
            "status: the lookup form",
            ValidateCaseLookupForm(),
            form_turn(
                "case_lookup_form",
                "verification_answer",
                {"verification_answer": "jane.doe@example.co.uk"},
                before={"provider": "infinium", "case_reference": reference},
                text="jane.doe@example.co.uk",
            ),
        ),
    ]
    for label, action, tracker in calls[-2:]:
        said = CollectingDispatcher()
        events = _run(action, tracker.copy(), said)
        print(f"  ({label}: {[m.get('response') for m in said.messages]}, {events})")

    timings: dict[str, list[float]] = defaultdict(list)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        # The store's work runs in worker threads, which cProfile does not see: run it in the
        # calling thread while profiling (the figures printed then include the profiler's cost).
        async def in_this_thread(function: Any, /, *a: Any, **k: Any) -> Any:
            return function(*a, **k)

        asyncio.to_thread = in_this_thread  # type: ignore[assignment]
    for number in range(args.rounds):
        # Each round is a new customer: nothing read from the last round's words is kept.
        _forget_words_read()
        for label, action, tracker in calls:
            # Each call gets its own copy of the tracker, as each request brings its own (the
            # copy is not timed: the action server builds it from the request's JSON).
            tracker = tracker.copy()
            # A conversation of its own each round (a case's checks are limited per conversation).
            tracker.sender_id = f"conversation-{number}"
            if profiler:
                profiler.enable()
            start = time.process_time()
            _run(action, tracker)
            timings[label].append(time.process_time() - start)
            if profiler:
                profiler.disable()
    print(f"CPU ms per call (median of {args.rounds} rounds; form validation: per turn)")
    for label, values in timings.items():
        per = len(values) // args.rounds
        rounds = [sum(values[i * per : (i + 1) * per]) / per for i in range(args.rounds)]
        print(f"  {label:28s} {statistics.median(rounds) * 1000:7.2f}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
