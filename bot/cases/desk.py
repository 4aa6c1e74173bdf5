"""The staff desk: `python -m bot cases ...`, one sub-command per thing staff do to a case.

Every sub-command prints text for a person, or JSON with `--json`. The clock is `bot.clock.now()`
(so `COMPLAINTS_NOW` fixes it), the database `--database URL` (default: `DATABASE_URL`, else the
embedded SQLite file). Bad input is refused with one clear line per problem and exit status 2, a
move the lifecycle refuses with exit status 1; nothing is written in either case.

Customers' words are printed as they were given, but as plain text: control characters and the
Unicode controls that reorder text are shown as escapes, never sent to the terminal.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import io
import os
import re
import sys
import textwrap
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import TextIO

from dateutil.relativedelta import relativedelta
from sqlalchemy.exc import SQLAlchemyError

from bot import clock
from bot.cases import report
from bot.cases.confirmations import send_due, unsent
from bot.cases.digest import daily_digests, digest_text
from bot.cases.due import (
    LEFT_LEGEND,
    falling_due,
    item_rows,
    next_item,
    parse_window,
)
from bot.cases.letters import AdrLetter
from bot.cases.lifecycle import STATUSES, LifecycleError
from bot.cases.needs import Need, needs_by_reference, needs_text
from bot.cases.people import Decision, NoTrackerStore, Person, erase, subject_access
from bot.cases.references import ReferenceFormatError, normalise_reference
from bot.cases.retention import (
    CASE_RETENTION_VARIABLE,
    DEFAULT_TRACKER_RETENTION,
    TRACKER_RETENTION_VARIABLE,
    TRACKER_STORE_VARIABLE,
    Conversations,
    TrackerStore,
    TrackerStoreUnavailable,
    configured,
    log_purge,
    tracker_store_url,
)
from bot.cases.search import DEFAULT_LIMIT, find_cases
from bot.cases.store import CaseNotFound, CaseStore, database_url, safe_url
from bot.cases.transcripts import transcript
from bot.cases.verification import CaseVerification
from bot.cases.views import Case, Event, moment_text
from bot.cli_support import now_or_error, print_json, red, use_colour
from bot.intake import IntakeError, IntakeErrors, clean_email, validate_intake
from bot.mail import MailError, MailNotConfigured, MailSettings
from bot.mail import send as send_mail
from bot.outbox import Outbox
from bot.provider_codes import CATEGORIES, UnknownProvider, get_code
from bot.regulation import long_date

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
DESK_CHANNEL = "desk"
STAFF_VARIABLE = "COMPLAINTS_STAFF"
DIGEST_TO_VARIABLE = "COMPLAINTS_DIGEST_TO"

Handler = Callable[[argparse.Namespace, TextIO], int]


class DeskError(Exception):
    """Bad input the staff member can fix: one clear line, exit status 2."""


# --- printing safely ---------------------------------------------------------------------------

# C0 and C1 controls (but newline and tab), DEL, and the bidirectional embeddings, overrides and
# isolates that can make a terminal show text in an order other than the stored one.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str | None, *, indent: str | None = None) -> str:
    """Customer text for a terminal: verbatim, with control characters shown as escapes.

    With `indent`, new lines are kept and every line after the first is indented; without it, the
    text is kept on one line (new lines shown as \\n).
    """
    if text is None:
        return ""
    if indent is None:
        return _UNSAFE.sub(_escape, text.replace("\n", "\\n").replace("\t", " "))
    safe = _UNSAFE.sub(_escape, text)
    return safe.replace("\n", "\n" + indent)


def possessive(name: str) -> str:
    """ "Infinium's", "Infinity System Solutions'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _moment(moment: datetime | None) -> str:
    return "-" if moment is None else moment_text(moment)


def _short(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


# --- running a command -------------------------------------------------------------------------


def _actor(args: argparse.Namespace) -> str:
    actor = (args.actor or os.environ.get(STAFF_VARIABLE) or "").strip()
    if not actor:
        try:
            actor = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name (a container): fall back to "staff"
            actor = "staff"
    if len(actor) > 200 or _UNSAFE.search(actor) or "\n" in actor:
        raise DeskError("--actor: give a staff name of at most 200 characters on one line")
    return actor


def _open_store(args: argparse.Namespace) -> CaseStore:
    url = args.database or database_url()
    try:
        return CaseStore.open(url)
    except SQLAlchemyError as error:
        first = str(error.orig if hasattr(error, "orig") and error.orig else error).splitlines()
        raise _StoreUnavailable(
            f"cannot open the case store at {safe_url(url)}: {first[0] if first else error}"
        ) from None
    except ValueError as error:
        raise DeskError(f"--database: {error}") from None


class _StoreUnavailable(Exception):
    pass


def _fail(args: argparse.Namespace, out: TextIO, messages: list[str], errors: list[dict]) -> None:
    for message in messages:
        sys.stderr.write(f"complaints: {message}\n")
    if getattr(args, "json", False):
        print_json({"ok": False, "errors": errors}, out)


def _desk_command(function: Callable[[argparse.Namespace, TextIO, CaseStore], int]) -> Handler:
    """Open the store, run the command, close the store; turn refusals into clear messages."""

    @functools.wraps(function)
    def run(args: argparse.Namespace, out: TextIO) -> int:
        try:
            store = _open_store(args)
        except DeskError as error:
            _fail(args, out, [str(error)], [{"code": "usage", "message": str(error)}])
            return EXIT_USAGE
        except _StoreUnavailable as error:
            _fail(args, out, [str(error)], [{"code": "store-unavailable", "message": str(error)}])
            return EXIT_REFUSED
        try:
            return function(args, out, store)
        except IntakeErrors as error:
            _fail(args, out, [e.message for e in error.errors], [e.to_dict() for e in error.errors])
            return EXIT_USAGE
        except IntakeError as error:
            _fail(args, out, [error.message], [error.to_dict()])
            return EXIT_USAGE
        except (ReferenceFormatError, CaseNotFound, UnknownProvider, DeskError) as error:
            code = {
                ReferenceFormatError: "reference-invalid",
                CaseNotFound: "case-unknown",
                UnknownProvider: "provider-unknown",
            }
            _fail(
                args,
                out,
                [str(error)],
                [{"code": code.get(type(error), "usage"), "message": str(error)}],
            )
            return EXIT_USAGE
        except SQLAlchemyError as error:
            message = f"the case store failed: {str(error).splitlines()[0]}"
            _fail(args, out, [message], [{"code": "store-failed", "message": message}])
            return EXIT_REFUSED
        except LifecycleError as error:
            _fail(
                args,
                out,
                [str(error)],
                [{"code": "move-refused", "move": error.move, "status": error.status,
                  "message": str(error)}],
            )  # fmt: skip
            return EXIT_REFUSED
        finally:
            store.dispose()

    return run


# --- sub-commands ------------------------------------------------------------------------------


def _read_description(value: str) -> str:
    return sys.stdin.read() if value == "-" else value


@_desk_command
def cmd_open(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    intake = validate_intake(
        {
            "provider": args.provider,
            "channel": args.channel,
            "category": args.category,
            "description": _read_description(args.description),
            "name": args.name,
            "email": args.email,
            "phone": args.phone,
            "postcode": args.postcode,
            "account": args.account,
            "customer_type": args.customer_type,
            "employees": args.employees,
            "contact_preference": args.contact_preference,
            "accessibility_needs": args.accessibility,
        }
    )
    if args.received:
        try:
            received = clock.parse_moment(args.received)
        except ValueError as error:
            raise DeskError(f"--received: {error}") from None
    else:
        received = now
    case = store.create_case(
        intake,
        received=received,
        submission_key=args.submission_key,
        actor=_actor(args),
        channel=DESK_CHANNEL,
        now=now,
    )
    if args.json:
        print_json(case.to_dict(), out)
        return EXIT_OK
    code = get_code(case.provider)
    out.write(
        f"Opened {case.reference}: {code.trading_name}, "
        f"{case.category.replace('_', ' ')} complaint by {case.channel}\n"
    )
    out.write(f"Customer: {printable(case.customer.name)}\n")
    out.write(f"Received: {_moment(case.raised_at)}\n")
    out.write(f"Handled by: {case.handler}\n")
    out.write("Due:\n")
    if not case.commitments:
        out.write(f"  no timed promise in the code for complaints by {case.channel}\n")
    width = max((len(c.id) for c in case.commitments), default=0)
    for commitment in case.commitments:
        out.write(f"  {commitment.id:<{width}}  {_moment(commitment.due)}\n")
    out.write(f"ADR opens: {long_date(case.adr_opens)} (at once on an ADR letter)\n")
    if case.customer.email:
        out.write(_confirm_now(store, case.reference, now) + "\n")
    return EXIT_OK


def _confirm_now(store: CaseStore, reference: str, now: datetime) -> str:
    """Send the new case's queued confirmation now, if e-mail is set up; what happened, for staff.
    The case is already saved: a failure only leaves the confirmation queued for a retry."""
    try:
        settings = MailSettings.from_environment()
    except MailNotConfigured as error:
        return f"Confirmation to the customer: queued, not sent ({error})."
    sending = send_due(store, settings, now, reference=reference)  # this case's only
    if reference in sending.sent:
        return "Confirmation to the customer: e-mailed."
    return (
        "Confirmation to the customer: not sent yet; it is queued and retried (see: complaints "
        "cases confirmations)."
    )


def _flags(case: Case, now: datetime, store: CaseStore, needs: list[Need] | None = None) -> str:
    flags = []
    if needs:
        flags.append("NEEDS: " + needs_text(needs))
    if case.overdue_commitments(now) or store.adr_letter_owed(case, now):
        flags.append("OVERDUE")
    requests = [
        name
        for name, asked in (
            ("escalation", case.escalation_requested),
            ("ADR letter", case.adr_letter_requested),
            ("call back", case.callback_requested),
        )
        if asked
    ]
    if requests:
        flags.append("asked for " + ", ".join(requests))
    return "; ".join(flags)


def _assignee(args: argparse.Namespace) -> str | None:
    """--assignee NAME, or 'me': whoever is acting (as --actor gives it)."""
    given = getattr(args, "assignee", None)
    if given is None:
        return None
    given = given.strip()
    if not given or len(given) > 200 or _UNSAFE.search(given):
        raise DeskError("--assignee: give a staff name of at most 200 characters, or 'me'")
    return _actor(args) if given.lower() == "me" else given


def _check_filters(args: argparse.Namespace) -> None:
    if getattr(args, "provider", None):
        get_code(args.provider)
    category = getattr(args, "category", None)
    if category is not None and category not in CATEGORIES:
        raise DeskError(
            f"--category: {category!r} is not a category; expected one of: {', '.join(CATEGORIES)}"
        )


@_desk_command
def cmd_list(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    _check_filters(args)
    cases = store.list_cases(
        status=args.status,
        provider=args.provider,
        overdue_at=now if args.overdue else None,
        open_only=not (args.all or args.status),
        assignee=_assignee(args),
        category=args.category,
    )
    needs = needs_by_reference(store, [c.reference for c in cases])
    if args.needs:
        cases = [c for c in cases if c.reference in needs]
    coming = {case.reference: next_item(store, case, now) for case in cases}
    if args.json:
        print_json(
            [
                {
                    **c.to_dict(),
                    "next_due": coming[c.reference].to_dict() if coming[c.reference] else None,
                    "needs": [n.to_dict() for n in needs.get(c.reference, [])],
                }
                for c in cases
            ],
            out,
        )
        return EXIT_OK
    if not cases:
        kind = "cases with recorded needs" if args.needs else "cases"
        out.write(f"No {kind}.\n" if args.all or args.status else f"No open {kind}.\n")
        return EXIT_OK
    colour = use_colour(out)
    who_width = max([8, *(len(printable(c.assignee or "-")) for c in cases)])
    out.write(
        f"{'REFERENCE':<10}  {'STATUS':<13}  {'PROVIDER':<25}  {'RAISED':<16}  "
        f"{'NEXT DUE':<16}  {'LEFT':>10}  {'ASSIGNEE':<{who_width}}  CUSTOMER\n"
    )
    for case in cases:
        item = coming[case.reference]
        flags = _flags(case, now, store, needs.get(case.reference))
        left = f"{item.left_text if item else '-':>10}"
        out.write(
            f"{case.reference:<10}  {case.status:<13}  {case.provider:<25}  "
            f"{_short(case.raised_at):<16}  {_short(item.due if item else None):<16}  "
            f"{red(left, colour and bool(item and item.overdue))}  "
            f"{printable(case.assignee or '-'):<{who_width}}  "
            f"{printable(case.customer.name)}" + (f"  [{flags}]" if flags else "") + "\n"
        )
    return EXIT_OK


@_desk_command
def cmd_due(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    _check_filters(args)
    try:
        window = parse_window(args.within)
    except ValueError as error:
        raise DeskError(f"--within: {error}") from None
    items = falling_due(store, now, window, assignee=_assignee(args), provider=args.provider)
    if args.json:
        print_json(
            {
                "at": now.isoformat(),
                "within": {"amount": window.amount, "unit": window.unit, "text": window.describe()},
                "items": [i.to_dict() for i in items],
            },
            out,
        )
        return EXIT_OK
    if not items:
        out.write(f"Nothing falls due within {window.describe()} of {_moment(now)}.\n")
        return EXIT_OK
    overdue = sum(1 for i in items if i.overdue)
    out.write(
        f"Falling due within {window.describe()} of {_moment(now)}, soonest first"
        + (f" ({overdue} already overdue)" if overdue else "")
        + ":\n"
    )
    for row in item_rows(items, printable, colour=use_colour(out)):
        out.write(row + "\n")
    out.write(LEFT_LEGEND + "\n")
    return EXIT_OK


@_desk_command
def cmd_digest(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    digests = daily_digests(store, now, _assignee(args))
    if args.json:
        print_json(digests.to_dict(), out)
        return EXIT_OK
    colour = use_colour(out) and not args.send
    chosen = list(digests.handlers) if args.assignee else [digests.team, *digests.handlers]
    text = io.StringIO()
    for number, digest in enumerate(chosen):
        if number:
            text.write("\n" + "-" * 78 + "\n\n")
        text.write(digest_text(digest, now, printable, colour=colour))
    text.write("\n" + LEFT_LEGEND + "\n")
    if args.send:
        try:
            out.write(_send_digest(args, text.getvalue(), now) + "\n")
        except _MailFailed as error:
            _fail(args, out, [str(error)], [{"code": "mail-failed", "message": str(error)}])
            return EXIT_REFUSED
        return EXIT_OK
    out.write(text.getvalue())
    return EXIT_OK


@_desk_command
def cmd_find(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    try:
        found = find_cases(store, args.text, limit=args.limit)
    except ValueError as error:
        raise DeskError(str(error)) from None
    if args.json:
        print_json([f.to_dict() for f in found], out)
        return EXIT_OK
    shown = printable(args.text.strip())
    if not found:
        out.write(f"No case matches '{shown}'.\n")
        return EXIT_OK
    out.write(f"{_plural(len(found), 'case')} match{'es' if len(found) == 1 else ''} '{shown}':\n")
    name_width = max([8, *(len(printable(f.case.customer.name)) for f in found)])
    out.write(
        f"{'REFERENCE':<10}  {'STATUS':<13}  {'PROVIDER':<25}  {'RAISED':<16}  "
        f"{'CUSTOMER':<{name_width}}  MATCHED ON\n"
    )
    for f in found:
        case = f.case
        out.write(
            f"{case.reference:<10}  {case.status:<13}  {case.provider:<25}  "
            f"{_short(case.raised_at):<16}  {printable(case.customer.name):<{name_width}}  "
            f"{', '.join(f.matched_on)}\n"
        )
    if len(found) == args.limit:
        out.write(f"(the first {args.limit}; give --limit for more)\n")
    return EXIT_OK


@_desk_command
def cmd_report(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    if args.weeks < 1 or args.weeks > 520:
        raise DeskError("--weeks: give a number of weeks from 1 to 520")
    page = Path(args.html)
    if not page.parent.is_dir():
        raise DeskError(f"--html: cannot write {args.html}: no folder {page.parent}")
    figures = report.gather(store, now, weeks=args.weeks)
    try:
        written = report.write_report(figures, page)
    except OSError as error:
        raise DeskError(f"--html: cannot write {args.html}: {error.strerror}") from None
    if args.json:
        print_json(
            {"file": str(page), "charts": [str(p) for p in written[1:]], **figures.to_dict()}, out
        )
        return EXIT_OK
    out.write(f"Wrote {page} (the desk at {_moment(now)}) and its charts:\n")
    for png in written[1:]:
        out.write(f"  {png}\n")
    return EXIT_OK


def _event_summary(event: Event) -> str:
    detail = event.detail
    parts = []
    if "from" in detail and "to" in detail and detail["from"] != detail["to"]:
        parts.append(f"{detail['from']} -> {detail['to']}")
    elif event.kind == "raised":
        parts.append(f"by {detail.get('channel')}, {detail.get('category', '').replace('_', ' ')}")
    for key, label in (
        ("handler", "now with"),
        ("assignee", "assigned to"),
        ("request", "asked for"),
        ("resolution", "resolution:"),
        ("text", "note:"),
        ("reason", "reason:"),
        ("apply_until", "may apply until"),
        ("until", "locked until"),
    ):
        if detail.get(key) and not (event.kind == "raised" and key == "handler"):
            parts.append(f"{label} {printable(str(detail[key]))}")
    if detail.get("contacted"):
        parts.append("(customer contacted)")
    if detail.get("met"):
        parts.append("met: " + ", ".join(detail["met"]))
    if detail.get("answered_request"):
        parts.append(f"answers the request for {detail['answered_request'].replace('_', ' ')}")
    return "; ".join(parts)


def describe_case(case: Case, events: list[Event], now: datetime, store: CaseStore) -> str:
    code = get_code(case.provider)
    customer = case.customer
    lines = [
        f"{case.reference}  {code.trading_name}  {case.category.replace('_', ' ')}  [{case.status}]",
        f"Raised {_moment(case.raised_at)} by {case.channel}",
    ]
    if case.conversation_id:
        lines.append(f"From a chat: complaints cases transcript {case.reference}")
    lines += [
        "",
        f"Customer: {printable(customer.name)}"
        + (f" ({customer.customer_type}" if customer.customer_type else "")
        + (
            f", {customer.employees} employees"
            if customer.customer_type and customer.employees is not None
            else ""
        )
        + (")" if customer.customer_type else ""),
    ]
    for label, value in (
        ("email", customer.email),
        ("phone", customer.phone),
        ("postcode", customer.postcode),
        ("account", customer.account),
        ("prefers", customer.contact_preference and customer.contact_preference.replace("_", " ")),
        ("accessibility", customer.accessibility_needs),
    ):
        if value:
            lines.append(f"  {label + ':':<15}{printable(value)}")
    lines += [
        "",
        "Complaint:",
        "  " + printable(case.description, indent="  "),
        "",
        f"Handled by: {case.handler} (escalation level {case.escalation_level})"
        + (f", assigned to {printable(case.assignee)}" if case.assignee else ""),
        "Commitments:",
    ]
    if not case.commitments:
        lines.append(f"  none: the code makes no timed promise for complaints by {case.channel}")
    width = max((len(c.id) for c in case.commitments), default=0)
    for c in case.commitments:
        if c.met_at:
            state = f"met {_moment(c.met_at)}"
        elif c.overdue_at(now):
            state = "OVERDUE"
        else:
            state = "open"
        lines.append(f"  {c.id:<{width}}  due by {_moment(c.due)}  {state}")
    adr = f"ADR: opens {long_date(case.adr_opens)}"
    if case.adr_letter_date:
        adr += f"; ADR letter sent {long_date(case.adr_letter_date)}"
    elif store.adr_letter_owed(case, now):
        adr += "; ADR letter OVERDUE"
    else:
        adr += "; no ADR letter yet"
    lines.append(adr)
    flags = _flags(case, now, store)
    if "asked for" in flags:
        lines.append("Customer " + flags.split("; ")[-1])
    recorded = needs_by_reference(store, [case.reference]).get(case.reference, [])
    if recorded:
        lines.append("Needs (recorded with the customer's consent; act on them):")
        for need in recorded:
            lines.append(
                f"  {printable(need.need)}  (agreed {long_date(need.consented_on)} by "
                f"{need.channel})"
            )
            if need.customer_words:
                lines.append("    in their words: " + printable(need.customer_words))
    if case.resolution:
        lines += [
            f"Resolution ({_moment(case.resolved_at)}):",
            "  " + printable(case.resolution, indent="  "),
        ]
    if case.closed_at:
        lines.append(f"Closed {_moment(case.closed_at)}")
    lines += ["", "Events:"]
    for event in events:
        lines.append(
            f"  {_short(event.at)}  {event.kind:<21}  {printable(event.actor)} via {event.channel}"
        )
        summary = _event_summary(event)
        if summary:
            lines.append(f"      {summary}")
    return "\n".join(lines) + "\n"


@_desk_command
def cmd_show(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    case = store.require(args.reference)
    events = store.events(case.reference)
    if args.json:
        needs = needs_by_reference(store, [case.reference]).get(case.reference, [])
        print_json(
            {
                **case.to_dict(),
                "needs": [n.to_dict() for n in needs],
                "events": [e.to_dict() for e in events],
            },
            out,
        )
    else:
        out.write(describe_case(case, events, now, store))
    return EXIT_OK


def _report_change(args: argparse.Namespace, out: TextIO, case: Case, done: str) -> int:
    if args.json:
        print_json(case.to_dict(), out)
    else:
        out.write(f"{case.reference} {done} [{case.status}]\n")
    return EXIT_OK


def _simple_change(method: str, done: Callable[[Case], str]) -> Handler:
    @_desk_command
    def run(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
        case = getattr(store, method)(
            args.reference, now=now_or_error(DeskError), actor=_actor(args), channel=DESK_CHANNEL
        )
        return _report_change(args, out, case, done(case))

    return run


cmd_ack = _simple_change("acknowledge", lambda c: "acknowledged")
cmd_investigate = _simple_change("start_investigation", lambda c: "under investigation")
cmd_close = _simple_change("close", lambda c: "closed")
cmd_escalate = _simple_change(
    "escalate", lambda c: f"escalated to the {c.handler} (level {c.escalation_level})"
)


@_desk_command
def cmd_unlock(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    """Lift a reference's verification lock (after checking who is asking by other means)."""
    lifted = CaseVerification(store).unlock(
        args.reference, now=now_or_error(DeskError), actor=_actor(args), channel=DESK_CHANNEL
    )
    reference = normalise_reference(args.reference)
    if args.json:
        print_json({"reference": reference, "unlocked": lifted}, out)
    elif lifted:
        out.write(f"{reference} unlocked: the customer can check it in the chat again\n")
    else:
        out.write(f"{reference} was not locked\n")
    return EXIT_OK


@_desk_command
def cmd_assign(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    case = store.assign(
        args.reference,
        args.person,
        now=now_or_error(DeskError),
        actor=_actor(args),
        channel=DESK_CHANNEL,
    )
    return _report_change(args, out, case, f"assigned to {printable(case.assignee)}")


@_desk_command
def cmd_note(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    case = store.add_note(
        args.reference,
        args.text,
        now=now_or_error(DeskError),
        actor=_actor(args),
        channel=DESK_CHANNEL,
        contacted=args.contacted,
    )
    done = "note added" + (" (customer contacted)" if args.contacted else "")
    return _report_change(args, out, case, done)


@_desk_command
def cmd_resolve(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    case = store.resolve(
        args.reference,
        args.resolution,
        now=now_or_error(DeskError),
        actor=_actor(args),
        channel=DESK_CHANNEL,
    )
    return _report_change(args, out, case, "resolved")


@_desk_command
def cmd_reopen(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    case = store.reopen(
        args.reference,
        now=now_or_error(DeskError),
        actor=_actor(args),
        channel=DESK_CHANNEL,
        reason=args.reason,
    )
    return _report_change(args, out, case, "reopened")


def _staff_notes(letter: AdrLetter) -> list[str]:
    notes = []
    if letter.names_no_scheme:
        notes.append(
            f"{possessive(letter.provider_name)} code names no ADR scheme; the letter lists both approved "
            "schemes. Tell the customer which one the provider belongs to."
        )
    elif letter.scheme and letter.scheme.contacts_outdated:
        notes.append(
            f"{possessive(letter.provider_name)} code gives outdated details for {letter.scheme.name}; "
            "the letter adds today's."
        )
    if letter.eligible is False:
        notes.append("This customer is not eligible for ADR (see 'Please note' in the letter).")
    return notes


@_desk_command
def cmd_adr_letter(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    letter = store.record_adr_letter(
        args.reference, now=now_or_error(DeskError), actor=_actor(args), channel=DESK_CHANNEL
    )
    if args.json:
        print_json({**letter.to_dict(), "staff_notes": _staff_notes(letter)}, out)
        return EXIT_OK
    out.write(
        f"{letter.reference}: ADR letter recorded on {long_date(letter.letter_date)} [deadlock]\n"
    )
    for note in _staff_notes(letter):
        out.write(f"Note for staff: {note}\n")
    out.write("\n")
    out.write(letter.text(show=printable))
    return EXIT_OK


@_desk_command
def cmd_overdue(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    items = store.overdue(now)
    needs = needs_by_reference(store, {i.reference for i in items})
    # Complaints kept while the database was away that could not become cases (bot/outbox.py).
    outbox = Outbox()
    set_aside = outbox.set_aside()
    if args.json:
        print_json(
            {
                "at": now.isoformat(),
                "items": [
                    {**i.to_dict(), "needs": [n.to_dict() for n in needs.get(i.reference, [])]}
                    for i in items
                ],
                "outbox_set_aside": len(set_aside),
            },
            out,
        )
        return EXIT_OK
    if not items:
        out.write(f"Nothing overdue at {_moment(now)}.\n")
    else:
        out.write(f"Overdue at {_moment(now)}, oldest first:\n")
    for item in items:
        what = "ADR letter" if item.kind == "adr_letter" else f"{item.item} ({item.kind})"
        who = item.handler + (f", {printable(item.assignee)}" if item.assignee else "")
        out.write(
            f"  {item.reference:<10}  due {_short(item.due)}  {what:<32}  [{item.status}]  "
            f"{printable(item.customer_name)}; {who}"
            + (
                f"  [NEEDS: {printable(needs_text(needs[item.reference]))}]"
                if item.reference in needs
                else ""
            )
            + "\n"
        )
    if set_aside:
        out.write(
            f"{len(set_aside)} complaint(s) kept while the case database was away could not be "
            f"made cases and are set aside in {outbox.directory / 'failed'}: open each by hand "
            "(complaints cases open ...), then delete its file.\n"
        )
    return EXIT_OK


@_desk_command
def cmd_export(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    if args.csv == "-":
        if args.json:
            raise DeskError("--json: not with --csv - (standard output carries the CSV)")
        store.export_csv(out, now=now)  # nothing else on standard output: it is the CSV
        return EXIT_OK
    try:
        count = store.export_csv(args.csv, now=now)
    except OSError as error:
        raise DeskError(f"--csv: cannot write {args.csv}: {error.strerror}") from None
    if args.json:
        print_json({"file": args.csv, "cases": count}, out)
    else:
        out.write(f"Exported {count} case{'s' if count != 1 else ''} to {args.csv}\n")
    return EXIT_OK


@_desk_command
def cmd_confirmations(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    """Unsent confirmation e-mails (none of the customers' details); --send tries them all now."""
    now = now_or_error(DeskError)
    sending = None
    if args.send:
        try:
            settings = MailSettings.from_environment()
        except MailNotConfigured as error:
            raise DeskError(f"--send: {error}") from None
        sending = send_due(store, settings, now, everything=True)
    waiting = unsent(store)
    if args.json:
        result: dict = {"unsent": [u.to_dict() for u in waiting]}
        if sending is not None:
            result.update({"sent": list(sending.sent), "failed": list(sending.failed)})
        print_json(result, out)
        return EXIT_OK
    if sending is not None:
        out.write(
            f"Sent {_plural(len(sending.sent), 'confirmation')}"
            + (f": {', '.join(sending.sent)}" if sending.sent else "")
            + (f"; {len(sending.failed)} failed again" if sending.failed else "")
            + ".\n"
        )
    if not waiting:
        out.write("Every confirmation has been sent.\n")
        return EXIT_OK
    out.write(f"{_plural(len(waiting), 'confirmation')} not yet sent, oldest first:\n")
    out.write(f"{'REFERENCE':<10}  {'QUEUED':<16}  TRIES  {'NEXT TRY':<16}  LAST ERROR\n")
    for item in waiting:
        out.write(
            f"{item.reference:<10}  {_short(item.queued_at):<16}  {item.attempts:>5}  "
            f"{_short(item.next_attempt_at):<16}  {item.last_error or '-'}\n"
        )
    return EXIT_OK


def _send_digest(args: argparse.Namespace, text: str, now: datetime) -> str:
    """E-mail the digest text to --to (or COMPLAINTS_DIGEST_TO); what happened, for staff."""
    recipients = list(args.to or [])
    if not recipients:
        recipients = [
            a.strip() for a in (os.environ.get(DIGEST_TO_VARIABLE) or "").split(",") if a.strip()
        ]
    if not recipients:
        raise DeskError(f"--send: give --to ADDRESS, or set {DIGEST_TO_VARIABLE}")
    try:
        addresses = [clean_email(a) for a in recipients]
        settings = MailSettings.from_environment()
    except IntakeError as error:
        raise DeskError(f"--to: {error.message}") from None
    except MailNotConfigured as error:
        raise DeskError(f"--send: {error}") from None
    title = "Daily digest" + (f" for {args.assignee}" if args.assignee else "")
    message = EmailMessage()
    message["Subject"] = f"{title}, {long_date(now.date())}"
    message["To"] = ", ".join(addresses)
    message.set_content(text)
    try:
        send_mail(settings, message)
    except MailError as error:
        raise _MailFailed(f"the digest was not sent: {error.kind}") from None
    return f"Digest e-mailed to {', '.join(addresses)}."


class _MailFailed(Exception):
    pass


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
        _fail(
            args, out, [str(error)], [{"code": "tracker-store-unavailable", "message": str(error)}]
        )
        return EXIT_REFUSED
    finally:
        if tracker is not None:
            tracker.dispose()


@_desk_command
def cmd_subject_access(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    person = _person(args)

    def run(tracker: TrackerStore | None) -> int:
        report = subject_access(store, person, tracker)
        if tracker is None:
            sys.stderr.write(f"complaints: {report['conversations_note']}\n")
        print_json(report, out)
        return EXIT_OK

    return _with_tracker(args, out, False, run)


@_desk_command
def cmd_erase(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    """Anonymise what may go of one person's cases and conversations; say what is kept and why."""
    now = now_or_error(DeskError)
    person = _person(args)
    actor = _actor(args)

    def ask(decisions: list[Decision]) -> bool:
        if args.yes or not any(d.action == "anonymise" for d in decisions):
            return True
        prompt = sys.stderr if args.json else out
        count = sum(1 for d in decisions if d.action == "anonymise")
        prompt.write(
            f"Anonymise {_plural(count, 'case')} of this person, and delete the conversations "
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
                f"Deleted {_plural(done.conversations_removed, 'conversation')} "
                f"({_plural(done.conversation_events_removed, 'event')}).\n"
            )
        return EXIT_OK

    return _with_tracker(args, out, False, run)


@_desk_command
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
            f"{case.reference}: the conversation it came from, {_plural(len(turns), 'message')}, "
            "oldest first\n\n"
        )
        for turn in turns:
            who = "Customer" if turn.speaker == "customer" else "Assistant"
            out.write(f"{_short(turn.at)}  {who}:\n")
            if turn.text:
                out.write("  " + printable(turn.text, indent="  ") + "\n")
            if turn.buttons:
                out.write("  [" + "] [".join(printable(b) for b in turn.buttons) + "]\n")
        return EXIT_OK

    return _with_tracker(args, out, True, run)


_DURATION = re.compile(
    r"^\s*(?P<amount>[0-9]+)\s*(?P<unit>d|days?|w|weeks?|m|months?|y|years?)\s*$", re.IGNORECASE
)


def parse_duration(text: str, now: datetime, option: str = "--older-than") -> timedelta:
    """'90d', '12w', '6m', '6y' (or '6 years'): the time back from `now` (months and years are
    calendar months and years). `option` names where the text came from, for the message."""
    match = _DURATION.match(text)
    if match is None:
        raise DeskError(
            f"{option}: {text!r} is not a duration: expected a number and a unit, such as "
            "90d, 12w, 6m or 6y"
        )
    amount, unit = int(match["amount"]), match["unit"][0].lower()
    if unit == "d":
        return timedelta(days=amount)
    if unit == "w":
        return timedelta(weeks=amount)
    back = relativedelta(months=amount) if unit == "m" else relativedelta(years=amount)
    return now - (now - back)


def _retention(
    given: str | None, option: str, variable: str, now: datetime, default: str | None = None
) -> timedelta:
    """A retention period: the option, else the environment variable, else the default."""
    if given:
        return parse_duration(given, now, option)
    from_environment = configured(None, variable)
    if from_environment:
        return parse_duration(from_environment, now, variable)
    if default is None:
        raise DeskError(
            f"{option}: give how long closed cases are kept (such as 6y), or set {variable}"
        )
    return parse_duration(default, now, option)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


@_desk_command
def cmd_purge(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    """Remove closed cases older than the case retention and, when a tracker store is configured,
    conversations whose latest event is older than the conversation retention."""
    now = now_or_error(DeskError)
    older_than = _retention(args.older_than, "--older-than", CASE_RETENTION_VARIABLE, now)
    cut_off = now - older_than
    url = args.tracker_store or tracker_store_url()
    inactive = _retention(
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
        _fail(
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
                f"Removed {_plural(len(removed), 'case')} closed before {_moment(cut_off)}: "
                f"{', '.join(removed)}\n"
            )
        if conversations is not None and conversations.conversations:
            out.write(
                f"Removed {_plural(conversations.conversations, 'conversation')} last active "
                f"before {_moment(conversations.last_active_before)} "
                f"({_plural(conversations.events, 'event')}).\n"
            )

    if not candidates and not old_conversations:
        if args.json:
            report([], None)
            return EXIT_OK
        out.write(f"No case closed before {_moment(cut_off)}: nothing to remove.\n")
        if stale is not None:
            out.write(
                f"No conversation last active before {_moment(stale.last_active_before)}: "
                "nothing to remove.\n"
            )
        return EXIT_OK
    if not args.yes:
        prompt = sys.stderr if args.json else out
        question = (
            f"Remove {_plural(len(candidates), 'case')} closed before {long_date(cut_off.date())}"
        )
        if stale is not None:
            question += (
                f" and {_plural(old_conversations, 'conversation')} last active before "
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
    actor = _actor(args)
    removed = store.purge(older_than, now, actor=actor, channel=DESK_CHANNEL) if candidates else []
    conversations = (
        tracker.purge(stale.last_active_before, keep or set()) if tracker and stale else None
    )
    log_purge(actor=actor, cases=len(removed), closed_before=cut_off, conversations=conversations)
    report(removed, conversations)
    return EXIT_OK


# --- wiring ------------------------------------------------------------------------------------


def add_cases_commands(
    commands: argparse._SubParsersAction, json_flag: argparse.ArgumentParser
) -> None:
    """Register `cases` and its sub-commands on the CLI's sub-parsers."""
    common = argparse.ArgumentParser(add_help=False, parents=[json_flag])
    common.add_argument(
        "--database",
        metavar="URL",
        help="the case store (default: DATABASE_URL, else sqlite:///var/cases.db)",
    )
    common.add_argument(
        "--actor", metavar="NAME", help=f"who is acting (default: ${STAFF_VARIABLE} or your login)"
    )
    cases = commands.add_parser(
        "cases",
        help="the staff desk: complaints as cases",
        description="The staff desk: complaints as cases. Each sub-command has its own --help.",
        epilog="example:\n  complaints cases due --within 2d --assignee me",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = cases.add_subparsers(dest="cases_command", required=True)

    def command(
        name: str, handler: Handler, help_text: str, *examples: str
    ) -> argparse.ArgumentParser:
        parser = sub.add_parser(
            name,
            parents=[common],
            help=help_text,
            description=textwrap.fill(help_text[:1].upper() + help_text[1:] + ".", 78),
            epilog=_examples(examples),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.set_defaults(handler=handler)
        return parser

    def reference(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument(
            "reference", metavar="REF", help="the case's reference, such as IG-7K3Q9X"
        )
        return parser

    opening = command(
        "open",
        cmd_open,
        "log a complaint received by phone, letter, fax or email",
        "complaints cases open --provider infinity-group --channel phone --category billing \\\n"
        "      --description 'Charged twice for December.' --name 'Jane Doe' \\\n"
        "      --phone '07700 900123' --postcode 'TN1 2PY' --customer-type consumer",
        "complaints cases open ... --description - < letter.txt   # the words from a file",
    )
    opening.add_argument(
        "--provider", required=True, metavar="ID", help="the provider (see: complaints codes list)"
    )
    opening.add_argument(
        "--channel", required=True, metavar="CHANNEL", help="phone, email, letter, fax, web, voip"
    )
    opening.add_argument(
        "--category", required=True, metavar="CATEGORY", help=f"one of: {', '.join(CATEGORIES)}"
    )
    opening.add_argument(
        "--description", required=True, metavar="TEXT", help="the customer's words ('-': stdin)"
    )
    opening.add_argument("--name", required=True, metavar="NAME", help="the customer's name")
    opening.add_argument("--email", metavar="ADDRESS", help="the customer's e-mail address")
    opening.add_argument("--phone", metavar="NUMBER", help="a UK phone number (0... or +44...)")
    opening.add_argument("--postcode", metavar="POSTCODE", help="the customer's UK postcode")
    opening.add_argument("--account", metavar="NUMBER", help="the customer's account number")
    opening.add_argument(
        "--customer-type",
        metavar="consumer|business",
        help="decides ADR eligibility, with --employees",
    )
    opening.add_argument(
        "--employees",
        metavar="N",
        help="a business's head count as its provider's ADR scheme counts it (for the "
        "Communications Ombudsman: employees, contractors and volunteers); decides ADR eligibility",
    )
    opening.add_argument("--contact-preference", metavar="WAY", help="email, phone, text relay...")
    opening.add_argument("--accessibility", metavar="NEEDS", help="e.g. large print")
    opening.add_argument("--received", metavar="ISO", help="when it was received (default: now)")
    opening.add_argument("--submission-key", metavar="KEY", help="makes a retried open safe")

    listing = command(
        "list",
        cmd_list,
        "open cases, oldest first, with the next thing owed on each and the time left",
        "complaints cases list --assignee me",
        "complaints cases list --all --provider invictanet --category billing",
    )
    listing.add_argument(
        "--status", choices=STATUSES, help="only cases in this status (any, open or not)"
    )
    listing.add_argument("--provider", metavar="ID", help="only this provider's cases")
    listing.add_argument("--category", metavar="CATEGORY", help=f"only: {', '.join(CATEGORIES)}")
    listing.add_argument(
        "--assignee", metavar="NAME|me", help="only cases assigned to NAME, or to you ('me')"
    )
    listing.add_argument(
        "--all", action="store_true", help="resolved, deadlocked and closed cases too"
    )
    listing.add_argument("--overdue", action="store_true", help="only cases with something overdue")
    listing.add_argument(
        "--needs",
        action="store_true",
        help="only cases where the customer agreed to have needs recorded (shown as NEEDS)",
    )

    due = command(
        "due",
        cmd_due,
        "every promise not yet met and every ADR letter owed, falling due within a window, "
        "soonest first (overdue ones first), with the time left",
        "complaints cases due --within 2d            # by the end of the 2nd working day after today",
        "complaints cases due --within 4h --assignee me",
    )
    due.add_argument(
        "--within",
        metavar="WINDOW",
        default="2d",
        help="Nd: N working days (to the close of the Nth working day after today); Nh: N working "
        "hours (plain hours for promises in calendar hours); each provider's own working time "
        "(default: 2d)",
    )
    due.add_argument(
        "--assignee", metavar="NAME|me", help="only cases assigned to NAME, or to you ('me')"
    )
    due.add_argument("--provider", metavar="ID", help="only this provider's cases")

    digest = command(
        "digest",
        cmd_digest,
        "the daily digest: for the team and each person, what falls due by the end of the next "
        "working day, what is overdue, and the ADR letters owed",
        "complaints cases digest",
        "complaints cases digest --assignee 'Priya Shah' --json",
    )
    digest.add_argument(
        "--assignee", metavar="NAME|me", help="only this person's digest ('me': yours)"
    )
    digest.add_argument(
        "--send",
        action="store_true",
        help=f"e-mail it (over SMTP_URL) to --to, or ${DIGEST_TO_VARIABLE}, instead of printing it",
    )
    digest.add_argument(
        "--to", action="append", metavar="ADDRESS", help="who gets it with --send (repeatable)"
    )
    digest.epilog = (digest.epilog or "") + (
        "\n  complaints cases digest --assignee 'Priya Shah' --send --to priya.shah@example.co.uk"
    )
    confirming = command(
        "confirmations",
        cmd_confirmations,
        "confirmation e-mails to customers not yet sent (each is retried by the assistant's "
        "server); --send tries them all now",
        "complaints cases confirmations",
        "complaints cases confirmations --send",
    )
    confirming.add_argument(
        "--send", action="store_true", help="try every unsent confirmation now (over SMTP_URL)"
    )

    finding = command(
        "find",
        cmd_find,
        "find cases by reference, name, e-mail, phone, postcode, account number or words from "
        "the complaint",
        "complaints cases find '+44 7700 900123'     # any spacing, +44 or 0",
        "complaints cases find 'tn1 2py'",
        "complaints cases find 'broadband dropping'  # every word, in the name or the complaint",
    )
    finding.add_argument("text", metavar="TEXT", help="what the caller gave you")
    finding.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N cases (default: {DEFAULT_LIMIT})",
    )

    reporting = command(
        "report",
        cmd_report,
        "a picture of the desk as one self-contained HTML page, with its charts as PNG files "
        "beside it",
        "complaints cases report --html var/desk.html   # also var/desk-promises-by-week.png, ...",
    )
    reporting.add_argument(
        "--html", required=True, metavar="FILE", help="the page to write (charts go beside it)"
    )
    reporting.add_argument(
        "--weeks",
        type=int,
        default=report.DEFAULT_WEEKS,
        metavar="N",
        help=f"promises kept over the last N weeks (default: {report.DEFAULT_WEEKS})",
    )

    reference(
        command(
            "show", cmd_show, "a case and its whole event log", "complaints cases show IG-7K3Q9X"
        )
    )
    reference(
        command(
            "unlock",
            cmd_unlock,
            "lift the lock put on a reference after too many wrong answers in the chat",
            "complaints cases unlock IG-7K3Q9X",
        )
    )
    reference(
        command(
            "ack",
            cmd_ack,
            "acknowledge a complaint (meets the promise to acknowledge)",
            "complaints cases ack IG-7K3Q9X",
        )
    )
    reference(
        command(
            "investigate",
            cmd_investigate,
            "start investigating",
            "complaints cases investigate IG-7K3Q9X",
        )
    )
    assign = reference(
        command(
            "assign",
            cmd_assign,
            "name the person handling a case",
            "complaints cases assign IG-7K3Q9X 'Priya Shah'",
        )
    )
    assign.add_argument("person", metavar="NAME", help="the person now handling it")
    note = reference(
        command(
            "note",
            cmd_note,
            "add a note to a case",
            "complaints cases note IG-7K3Q9X 'Called back; engineer booked.' --contacted",
        )
    )
    note.add_argument("text", metavar="TEXT", help="the note, for the file")
    note.add_argument(
        "--contacted",
        action="store_true",
        help="the note records a contact with the customer (meets the promises still open)",
    )
    reference(
        command(
            "escalate",
            cmd_escalate,
            "to the next step of the code's ladder",
            "complaints cases escalate IG-7K3Q9X",
        )
    )
    resolve = reference(
        command(
            "resolve",
            cmd_resolve,
            "record the outcome given to the customer (meets the promises still open)",
            "complaints cases resolve IG-7K3Q9X 'Refunded the double charge of 42.50.'",
        )
    )
    resolve.add_argument("resolution", metavar="TEXT", help="the outcome, as told to the customer")
    reopen = reference(
        command(
            "reopen",
            cmd_reopen,
            "reopen a resolved, deadlocked or closed case",
            "complaints cases reopen IG-7K3Q9X --reason 'Charged twice again in January.'",
        )
    )
    reopen.add_argument("--reason", metavar="TEXT", help="why it is reopened, for the file")
    reference(
        command(
            "close",
            cmd_close,
            "close a resolved or deadlocked case",
            "complaints cases close IG-7K3Q9X",
        )
    )
    reference(
        command(
            "adr-letter",
            cmd_adr_letter,
            "record and print the ADR (deadlock) letter",
            "complaints cases adr-letter IG-7K3Q9X > letter.txt",
        )
    )
    command(
        "overdue",
        cmd_overdue,
        "every promise past due and every ADR letter owed",
        "complaints cases overdue --json",
    )
    export = command(
        "export",
        cmd_export,
        "every case as CSV, one row per promise, with whether it was met on time, met late, is "
        "overdue or still open",
        "complaints cases export --csv var/cases.csv",
        "complaints cases export --csv - | head",
    )
    export.add_argument(
        "--csv", required=True, metavar="FILE", help="the file to write ('-': standard output)"
    )

    def person(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument(
            "email", metavar="EMAIL", nargs="?", help="the customer's e-mail address"
        )
        parser.add_argument(
            "--email", dest="email_option", metavar="ADDRESS", help="the e-mail address"
        )
        parser.add_argument(
            "--phone", metavar="NUMBER", help="a phone number (any spacing, +44 or 0)"
        )
        parser.add_argument("--name", metavar="NAME", help="the customer's name (with --postcode)")
        parser.add_argument("--postcode", metavar="POSTCODE", help="their postcode (with --name)")
        parser.add_argument(
            "--tracker-store",
            metavar="URL",
            help=f"Rasa's SQL tracker store, for the conversations (default: ${TRACKER_STORE_VARIABLE})",
        )
        return parser

    person(
        command(
            "subject-access",
            cmd_subject_access,
            "everything held on one person, as JSON: each case found by their e-mail, phone, or "
            "name with postcode, its log, and the conversation it came from",
            "complaints cases subject-access jane.doe@example.co.uk > jane.json",
            "complaints cases subject-access --phone '+44 7700 900123'",
            "complaints cases subject-access --name 'Jane Doe' --postcode tn12py",
        )
    )
    person(
        command(
            "erase",
            cmd_erase,
            "erase one person: anonymise each of their cases that may be (closed, and past the time "
            "to take it to ADR) and delete its conversation; say what is kept and why",
            "complaints cases erase --email jane.doe@example.co.uk",
            "complaints cases erase --phone '07700 900123' --yes --json",
        )
    ).add_argument("--yes", action="store_true", help="do not ask for confirmation")
    transcript_command = reference(
        command(
            "transcript",
            cmd_transcript,
            "what the customer and the assistant said in the chat a case came from, in order, "
            "with times (from Rasa's tracker store)",
            "complaints cases transcript IG-7K3Q9X",
            "complaints cases transcript IG-7K3Q9X --json --tracker-store sqlite:///var/tracker.db",
        )
    )
    transcript_command.add_argument(
        "--tracker-store",
        metavar="URL",
        help=f"Rasa's SQL tracker store (default: ${TRACKER_STORE_VARIABLE})",
    )
    purge = command(
        "purge",
        cmd_purge,
        "remove cases closed longer ago than DURATION, and conversations (Rasa's tracker store) "
        "last active longer ago than the conversation retention",
        "complaints cases purge --older-than 6y --yes",
    )
    purge.add_argument(
        "--older-than",
        metavar="DURATION",
        help=f"how long closed cases are kept, e.g. 6y, 90d (default: ${CASE_RETENTION_VARIABLE})",
    )
    purge.add_argument(
        "--conversations-older-than",
        metavar="DURATION",
        help=f"how long conversations are kept (default: ${TRACKER_RETENTION_VARIABLE}, else 90d)",
    )
    purge.add_argument(
        "--tracker-store",
        metavar="URL",
        help=f"Rasa's SQL tracker store (default: ${TRACKER_STORE_VARIABLE}; none: cases only)",
    )
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def _examples(examples: tuple[str, ...]) -> str | None:
    if not examples:
        return None
    heading = "example:" if len(examples) == 1 else "examples:"
    return heading + "\n" + "\n".join(f"  {example}" for example in examples)
