"""One person's data and retention: `cases subject-access`, `cases erase`, `cases transcript` (these
read Rasa's tracker store as well as the cases) and `cases purge`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TextIO

from bot.cases.desk.durations import retention_period
from bot.cases.desk.running import (
    DESK_CHANNEL,
    EXIT_OK,
    EXIT_REFUSED,
    DeskError,
    desk_command,
    fail,
    staff_actor,
)
from bot.cases.desk.text import moment_or_dash, plural, printable, short_moment
from bot.cases.people import Decision, NoTrackerStore, Person, erase, subject_access
from bot.cases.retention import (
    CASE_RETENTION_VARIABLE,
    DEFAULT_TRACKER_RETENTION,
    TRACKER_RETENTION_VARIABLE,
    TRACKER_STORE_VARIABLE,
    Conversations,
    TrackerStore,
    TrackerStoreUnavailable,
    log_purge,
    tracker_store_url,
)
from bot.cases.store import CaseStore
from bot.cases.transcripts import transcript
from bot.cli_support import now_or_error, print_json
from bot.regulation import long_date


def _person(args: argparse.Namespace) -> Person:
    email = args.email_option or args.email
    if args.email_option and args.email and args.email_option != args.email:
        raise DeskError("give the e-mail address once")
    return Person.given(email=email, phone=args.phone, name=args.name, postcode=args.postcode)


def _tracker(args: argparse.Namespace, *, required: bool) -> TrackerStore | None:
    """The tracker store: --tracker-store, else TRACKER_STORE_URL; None if neither is set (an
    error when `required`)."""
    url = getattr(args, "tracker_store", None) or tracker_store_url()
    if url is None:
        if required:
            raise DeskError(
                f"no tracker store: set {TRACKER_STORE_VARIABLE} to Rasa's, or give --tracker-store"
            )
        return None
    try:
        return TrackerStore(url)
    except TrackerStoreUnavailable as error:
        raise DeskError(str(error)) from None


def _with_tracker(
    args: argparse.Namespace,
    out: TextIO,
    required: bool,
    work: Callable[[TrackerStore | None], int],
) -> int:
    tracker = _tracker(args, required=required)
    try:
        return work(tracker)
    except TrackerStoreUnavailable as error:
        fail(
            args, out, [str(error)], [{"code": "tracker-store-unavailable", "message": str(error)}]
        )
        return EXIT_REFUSED
    finally:
        if tracker is not None:
            tracker.dispose()


@desk_command
def cmd_subject_access(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    person = _person(args)

    def run(tracker: TrackerStore | None) -> int:
        report = subject_access(store, person, tracker)
        if tracker is None:
            sys.stderr.write(f"complaints: {report['conversations_note']}\n")
        print_json(report, out)
        return EXIT_OK

    return _with_tracker(args, out, False, run)


@desk_command
def cmd_erase(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    """Anonymise what may go of one person's cases and conversations; say what is kept and why."""
    now = now_or_error(DeskError)
    person = _person(args)
    actor = staff_actor(args)

    def ask(decisions: list[Decision]) -> bool:
        if args.yes or not any(d.action == "anonymise" for d in decisions):
            return True
        prompt = sys.stderr if args.json else out
        count = sum(1 for d in decisions if d.action == "anonymise")
        prompt.write(
            f"Anonymise {plural(count, 'case')} of this person, and delete the conversations "
            "they came from? [y/N] "
        )
        prompt.flush()
        return sys.stdin.readline().strip().lower() in ("y", "yes")

    def run(tracker: TrackerStore | None) -> int:
        try:
            done = erase(
                store, person, now, actor=actor, channel=DESK_CHANNEL, tracker=tracker, confirm=ask
            )
        except NoTrackerStore as error:
            raise DeskError(str(error)) from None
        if args.json:
            print_json({"person": person.to_dict(), **done.to_dict()}, out)
            return EXIT_OK
        if not done.carried_out:
            out.write("Nothing erased.\n")
            return EXIT_OK
        if not done.decisions:
            out.write("No case holds this person's details: nothing to erase.\n")
            return EXIT_OK
        for decision in done.decisions:
            verb = "anonymised" if decision.action == "anonymise" else "KEPT"
            out.write(f"{decision.reference}  {verb}: {decision.reason}\n")
            if decision.action == "anonymise" and decision.conversation:
                out.write("            its conversation deleted from the tracker store\n")
        if done.conversations_removed:
            out.write(
                f"Deleted {plural(done.conversations_removed, 'conversation')} "
                f"({plural(done.conversation_events_removed, 'event')}).\n"
            )
        return EXIT_OK

    return _with_tracker(args, out, False, run)


@desk_command
def cmd_transcript(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    """What the customer and the assistant said in the chat the case came from."""
    case = store.require(args.reference)
    if case.conversation_id is None:
        raise DeskError(f"{case.reference} was not created in a chat: it has no conversation")

    def run(tracker: TrackerStore | None) -> int:
        assert tracker is not None
        turns = transcript(tracker, case.conversation_id or "")
        if args.json:
            print_json(
                {
                    "reference": case.reference,
                    "conversation_id": case.conversation_id,
                    "turns": [t.to_dict() for t in turns],
                },
                out,
            )
            return EXIT_OK
        if not turns:
            out.write(f"{case.reference}: the conversation is no longer in the tracker store.\n")
            return EXIT_OK
        out.write(
            f"{case.reference}: the conversation it came from, {plural(len(turns), 'message')}, "
            "oldest first\n\n"
        )
        for turn in turns:
            who = "Customer" if turn.speaker == "customer" else "Assistant"
            out.write(f"{short_moment(turn.at)}  {who}:\n")
            if turn.text:
                out.write("  " + printable(turn.text, indent="  ") + "\n")
            if turn.buttons:
                out.write("  [" + "] [".join(printable(b) for b in turn.buttons) + "]\n")
        return EXIT_OK

    return _with_tracker(args, out, True, run)


@desk_command
def cmd_purge(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    """Remove closed cases older than the case retention and, when a tracker store is configured,
    conversations whose latest event is older than the conversation retention."""
    now = now_or_error(DeskError)
    older_than = retention_period(args.older_than, "--older-than", CASE_RETENTION_VARIABLE, now)
    cut_off = now - older_than
    url = args.tracker_store or tracker_store_url()
    inactive = retention_period(
        args.conversations_older_than,
        "--conversations-older-than",
        TRACKER_RETENTION_VARIABLE,
        now,
        default=DEFAULT_TRACKER_RETENTION,
    )
    if url is None:
        sys.stderr.write(
            f"complaints: conversations not purged: no tracker store (set {TRACKER_STORE_VARIABLE} "
            "to Rasa's, or give --tracker-store)\n"
        )
    tracker: TrackerStore | None = None
    keep: set[str] = set()
    try:
        stale = None
        if url:
            tracker = TrackerStore(url)
            # A conversation a case came from is kept as long as its case: those of the cases
            # this purge removes go now (if old enough), the others stay.
            keep = store.linked_conversations(except_references=store.purgeable(older_than, now))
            stale = tracker.last_active_before(now - inactive, keep)
        return _purge(args, out, store, tracker, older_than, now, cut_off, stale, keep)
    except TrackerStoreUnavailable as error:
        fail(
            args, out, [str(error)], [{"code": "tracker-store-unavailable", "message": str(error)}]
        )
        return EXIT_REFUSED
    finally:
        if tracker is not None:
            tracker.dispose()


def _purge(
    args: argparse.Namespace,
    out: TextIO,
    store: CaseStore,
    tracker: TrackerStore | None,
    older_than: timedelta,
    now: datetime,
    cut_off: datetime,
    stale: Conversations | None,
    keep: set[str] | None = None,
) -> int:
    candidates = store.purgeable(older_than, now)
    old_conversations = stale.conversations if stale else 0

    def report(removed: list[str], conversations: Conversations | None) -> None:
        if args.json:
            result: dict = {"closed_before": cut_off.isoformat(), "removed": removed}
            if stale is not None:
                result["conversations"] = {
                    "last_active_before": stale.last_active_before.isoformat(),
                    "removed": conversations.conversations if conversations else 0,
                    "events": conversations.events if conversations else 0,
                }
            print_json(result, out)
            return
        if removed:
            out.write(
                f"Removed {plural(len(removed), 'case')} closed before {moment_or_dash(cut_off)}: "
                f"{', '.join(removed)}\n"
            )
        if conversations is not None and conversations.conversations:
            out.write(
                f"Removed {plural(conversations.conversations, 'conversation')} last active "
                f"before {moment_or_dash(conversations.last_active_before)} "
                f"({plural(conversations.events, 'event')}).\n"
            )

    if not candidates and not old_conversations:
        if args.json:
            report([], None)
            return EXIT_OK
        out.write(f"No case closed before {moment_or_dash(cut_off)}: nothing to remove.\n")
        if stale is not None:
            out.write(
                f"No conversation last active before {moment_or_dash(stale.last_active_before)}: "
                "nothing to remove.\n"
            )
        return EXIT_OK
    if not args.yes:
        prompt = sys.stderr if args.json else out
        question = (
            f"Remove {plural(len(candidates), 'case')} closed before {long_date(cut_off.date())}"
        )
        if stale is not None:
            question += (
                f" and {plural(old_conversations, 'conversation')} last active before "
                f"{long_date(stale.last_active_before.date())}"
            )
        prompt.write(f"{question}? [y/N] ")
        prompt.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            if args.json:
                report([], None)
            else:
                out.write("Nothing removed.\n")
            return EXIT_OK
    actor = staff_actor(args)
    removed = store.purge(older_than, now, actor=actor, channel=DESK_CHANNEL) if candidates else []
    conversations = (
        tracker.purge(stale.last_active_before, keep or set()) if tracker and stale else None
    )
    log_purge(actor=actor, cases=len(removed), closed_before=cut_off, conversations=conversations)
    report(removed, conversations)
    return EXIT_OK
