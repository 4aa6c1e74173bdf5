"""The desk's command line: every `cases` sub-command's arguments, help and examples, wired to the
function that runs it (commands.py, people.py).
"""

from __future__ import annotations

import argparse
import textwrap

from bot.cases import report
from bot.cases.desk.commands import (
    cmd_ack,
    cmd_adr_letter,
    cmd_assign,
    cmd_close,
    cmd_confirmations,
    cmd_digest,
    cmd_due,
    cmd_escalate,
    cmd_export,
    cmd_find,
    cmd_investigate,
    cmd_list,
    cmd_note,
    cmd_open,
    cmd_overdue,
    cmd_reopen,
    cmd_report,
    cmd_resolve,
    cmd_show,
    cmd_unlock,
)
from bot.cases.desk.people import cmd_erase, cmd_purge, cmd_subject_access, cmd_transcript
from bot.cases.desk.running import (
    DIGEST_TO_VARIABLE,
    STAFF_VARIABLE,
    Handler,
)
from bot.cases.lifecycle import STATUSES
from bot.cases.retention import (
    CASE_RETENTION_VARIABLE,
    TRACKER_RETENTION_VARIABLE,
    TRACKER_STORE_VARIABLE,
)
from bot.cases.search import DEFAULT_LIMIT
from bot.provider_codes import CATEGORIES


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
    opening.add_argument(
        "--address", metavar="ADDRESS", help="street and town, for letters (the postcode apart)"
    )
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
    opening.add_argument(
        "--first-raised",
        metavar="DATE",
        help="the day the customer says they first raised it with us, if earlier (2026-09-03); "
        "the ADR wait runs from it",
    )
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
