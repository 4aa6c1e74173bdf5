"""The desk's sub-commands on cases: open, list, due, digest, find, report, show, the lifecycle
moves (acknowledge ... close, unlock, assign, note, resolve, reopen), adr-letter, overdue, export
and confirmations. One person's data and retention are in people.py.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TextIO

from bot import clock
from bot.cases import report
from bot.cases.confirmations import send_due, unsent
from bot.cases.desk.running import (
    DESK_CHANNEL,
    DIGEST_TO_VARIABLE,
    EXIT_OK,
    EXIT_REFUSED,
    DeskError,
    Handler,
    desk_command,
    fail,
    staff_actor,
)
from bot.cases.desk.show import describe_case, flags_text
from bot.cases.desk.text import UNSAFE, moment_or_dash, plural, printable, short_moment
from bot.cases.digest import daily_digests, digest_text
from bot.cases.due import (
    LEFT_LEGEND,
    falling_due,
    item_rows,
    next_item,
    parse_window,
)
from bot.cases.letters import AdrLetter
from bot.cases.needs import needs_by_reference, needs_text
from bot.cases.references import normalise_reference
from bot.cases.search import find_cases
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from bot.cases.views import Case
from bot.cli_support import now_or_error, print_json, red, use_colour
from bot.intake import IntakeError, clean_email, validate_intake
from bot.mail import MailError, MailNotConfigured, MailSettings
from bot.mail import send as send_mail
from bot.outbox import Outbox
from bot.provider_codes import CATEGORIES, get_code
from bot.regulation import long_date
from bot.scheme_contacts import possessive


def _read_description(value: str) -> str:
    return sys.stdin.read() if value == "-" else value


@desk_command
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
            "address": args.address,
            "account": args.account,
            "customer_type": args.customer_type,
            "employees": args.employees,
            "contact_preference": args.contact_preference,
            "accessibility_needs": args.accessibility,
            "first_raised": args.first_raised,
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
        actor=staff_actor(args),
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
    out.write(f"Received: {moment_or_dash(case.raised_at)}\n")
    if case.first_raised is not None:
        out.write(f"First raised (customer says): {long_date(case.first_raised)}\n")
    out.write(f"Handled by: {case.handler}\n")
    out.write("Due:\n")
    if not case.commitments:
        out.write(f"  no timed promise in the code for complaints by {case.channel}\n")
    width = max((len(c.id) for c in case.commitments), default=0)
    for commitment in case.commitments:
        out.write(f"  {commitment.id:<{width}}  {moment_or_dash(commitment.due)}\n")
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


def assignee_option(args: argparse.Namespace) -> str | None:
    """--assignee NAME, or 'me': whoever is acting (as --actor gives it)."""
    given = getattr(args, "assignee", None)
    if given is None:
        return None
    given = given.strip()
    if not given or len(given) > 200 or UNSAFE.search(given):
        raise DeskError("--assignee: give a staff name of at most 200 characters, or 'me'")
    return staff_actor(args) if given.lower() == "me" else given


def check_filters(args: argparse.Namespace) -> None:
    if getattr(args, "provider", None):
        get_code(args.provider)
    category = getattr(args, "category", None)
    if category is not None and category not in CATEGORIES:
        raise DeskError(
            f"--category: {category!r} is not a category; expected one of: {', '.join(CATEGORIES)}"
        )


@desk_command
def cmd_list(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    check_filters(args)
    cases = store.list_cases(
        status=args.status,
        provider=args.provider,
        overdue_at=now if args.overdue else None,
        open_only=not (args.all or args.status),
        assignee=assignee_option(args),
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
        flags = flags_text(case, now, store, needs.get(case.reference))
        left = f"{item.left_text if item else '-':>10}"
        out.write(
            f"{case.reference:<10}  {case.status:<13}  {case.provider:<25}  "
            f"{short_moment(case.raised_at):<16}  {short_moment(item.due if item else None):<16}  "
            f"{red(left, colour and bool(item and item.overdue))}  "
            f"{printable(case.assignee or '-'):<{who_width}}  "
            f"{printable(case.customer.name)}" + (f"  [{flags}]" if flags else "") + "\n"
        )
    return EXIT_OK


@desk_command
def cmd_due(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    check_filters(args)
    try:
        window = parse_window(args.within)
    except ValueError as error:
        raise DeskError(f"--within: {error}") from None
    items = falling_due(store, now, window, assignee=assignee_option(args), provider=args.provider)
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
        out.write(f"Nothing falls due within {window.describe()} of {moment_or_dash(now)}.\n")
        return EXIT_OK
    overdue = sum(1 for i in items if i.overdue)
    out.write(
        f"Falling due within {window.describe()} of {moment_or_dash(now)}, soonest first"
        + (f" ({overdue} already overdue)" if overdue else "")
        + ":\n"
    )
    for row in item_rows(items, printable, colour=use_colour(out)):
        out.write(row + "\n")
    out.write(LEFT_LEGEND + "\n")
    return EXIT_OK


@desk_command
def cmd_digest(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    now = now_or_error(DeskError)
    digests = daily_digests(store, now, assignee_option(args))
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
            out.write(send_digest(args, text.getvalue(), now) + "\n")
        except MailFailed as error:
            fail(args, out, [str(error)], [{"code": "mail-failed", "message": str(error)}])
            return EXIT_REFUSED
        return EXIT_OK
    out.write(text.getvalue())
    return EXIT_OK


@desk_command
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
    out.write(f"{plural(len(found), 'case')} match{'es' if len(found) == 1 else ''} '{shown}':\n")
    name_width = max([8, *(len(printable(f.case.customer.name)) for f in found)])
    out.write(
        f"{'REFERENCE':<10}  {'STATUS':<13}  {'PROVIDER':<25}  {'RAISED':<16}  "
        f"{'CUSTOMER':<{name_width}}  MATCHED ON\n"
    )
    for f in found:
        case = f.case
        out.write(
            f"{case.reference:<10}  {case.status:<13}  {case.provider:<25}  "
            f"{short_moment(case.raised_at):<16}  {printable(case.customer.name):<{name_width}}  "
            f"{', '.join(f.matched_on)}\n"
        )
    if len(found) == args.limit:
        out.write(f"(the first {args.limit}; give --limit for more)\n")
    return EXIT_OK


@desk_command
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
    out.write(f"Wrote {page} (the desk at {moment_or_dash(now)}) and its charts:\n")
    for png in written[1:]:
        out.write(f"  {png}\n")
    return EXIT_OK


@desk_command
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
    @desk_command
    def run(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
        case = getattr(store, method)(
            args.reference,
            now=now_or_error(DeskError),
            actor=staff_actor(args),
            channel=DESK_CHANNEL,
        )
        return _report_change(args, out, case, done(case))

    return run


cmd_ack = _simple_change("acknowledge", lambda c: "acknowledged")
cmd_investigate = _simple_change("start_investigation", lambda c: "under investigation")
cmd_close = _simple_change("close", lambda c: "closed")
cmd_escalate = _simple_change(
    "escalate", lambda c: f"escalated to the {c.handler} (level {c.escalation_level})"
)


@desk_command
def cmd_unlock(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    """Lift a reference's verification lock (after checking who is asking by other means)."""
    lifted = CaseVerification(store).unlock(
        args.reference, now=now_or_error(DeskError), actor=staff_actor(args), channel=DESK_CHANNEL
    )
    reference = normalise_reference(args.reference)
    if args.json:
        print_json({"reference": reference, "unlocked": lifted}, out)
    elif lifted:
        out.write(f"{reference} unlocked: the customer can check it in the chat again\n")
    else:
        out.write(f"{reference} was not locked\n")
    return EXIT_OK


@desk_command
def cmd_assign(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    case = store.assign(
        args.reference,
        args.person,
        now=now_or_error(DeskError),
        actor=staff_actor(args),
        channel=DESK_CHANNEL,
    )
    return _report_change(args, out, case, f"assigned to {printable(case.assignee)}")


@desk_command
def cmd_note(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    case = store.add_note(
        args.reference,
        args.text,
        now=now_or_error(DeskError),
        actor=staff_actor(args),
        channel=DESK_CHANNEL,
        contacted=args.contacted,
    )
    done = "note added" + (" (customer contacted)" if args.contacted else "")
    return _report_change(args, out, case, done)


@desk_command
def cmd_resolve(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    case = store.resolve(
        args.reference,
        args.resolution,
        now=now_or_error(DeskError),
        actor=staff_actor(args),
        channel=DESK_CHANNEL,
    )
    return _report_change(args, out, case, "resolved")


@desk_command
def cmd_reopen(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    case = store.reopen(
        args.reference,
        now=now_or_error(DeskError),
        actor=staff_actor(args),
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


@desk_command
def cmd_adr_letter(args: argparse.Namespace, out: TextIO, store: CaseStore) -> int:
    letter = store.record_adr_letter(
        args.reference, now=now_or_error(DeskError), actor=staff_actor(args), channel=DESK_CHANNEL
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


@desk_command
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
        out.write(f"Nothing overdue at {moment_or_dash(now)}.\n")
    else:
        out.write(f"Overdue at {moment_or_dash(now)}, oldest first:\n")
    for item in items:
        what = "ADR letter" if item.kind == "adr_letter" else f"{item.item} ({item.kind})"
        who = item.handler + (f", {printable(item.assignee)}" if item.assignee else "")
        out.write(
            f"  {item.reference:<10}  due {short_moment(item.due)}  {what:<32}  [{item.status}]  "
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


@desk_command
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


@desk_command
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
            f"Sent {plural(len(sending.sent), 'confirmation')}"
            + (f": {', '.join(sending.sent)}" if sending.sent else "")
            + (f"; {len(sending.failed)} failed again" if sending.failed else "")
            + ".\n"
        )
    if not waiting:
        out.write("Every confirmation has been sent.\n")
        return EXIT_OK
    out.write(f"{plural(len(waiting), 'confirmation')} not yet sent, oldest first:\n")
    out.write(f"{'REFERENCE':<10}  {'QUEUED':<16}  TRIES  {'NEXT TRY':<16}  LAST ERROR\n")
    for item in waiting:
        out.write(
            f"{item.reference:<10}  {short_moment(item.queued_at):<16}  {item.attempts:>5}  "
            f"{short_moment(item.next_attempt_at):<16}  {item.last_error or '-'}\n"
        )
    return EXIT_OK


def send_digest(args: argparse.Namespace, text: str, now: datetime) -> str:
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
        raise MailFailed(f"the digest was not sent: {error.kind}") from None
    return f"Digest e-mailed to {', '.join(addresses)}."


class MailFailed(Exception):
    pass
