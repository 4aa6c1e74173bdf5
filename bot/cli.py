"""The staff command line: `python -m bot` (installed as `complaints`).

Every command prints something a person can read, or JSON with `--json` for machines. The clock is
the real one unless `COMPLAINTS_NOW` fixes it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from bot import clock
from bot.cases.desk import add_cases_commands
from bot.cli_support import now_or_error, print_json
from bot.lint import lint_code
from bot.provider_codes import (
    CATEGORIES,
    CodeFileError,
    ProviderCode,
    UnknownProvider,
    get_code,
    load_all_codes,
    load_code_file,
)
from bot.regulation import load_rules, long_date
from bot.rights import CHANNELS, CUSTOMER_TYPES, ComplaintQuote, quote_response_times
from bot.working_time import WEEKDAYS

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a command whose reader went away


class CliError(Exception):
    """A problem the user can fix, reported as one clear line and exit status 2."""


def _moment_text(moment) -> str:
    return f"{long_date(moment.date())} at {moment:%H:%M}"


# --- codes -------------------------------------------------------------------------------------


def cmd_codes_list(args: argparse.Namespace, out: TextIO) -> int:
    codes = load_all_codes()
    if args.json:
        print_json(
            [
                {
                    "id": c.id,
                    "trading_name": c.trading_name,
                    "legal_name": c.legal_name,
                    "reference_prefix": c.reference_prefix,
                    "file": str(c.path),
                }
                for c in codes.values()
            ],
            out,
        )
        return EXIT_OK
    width = max(len(i) for i in codes)
    for code in codes.values():
        out.write(f"{code.id:<{width}}  {code.reference_prefix:<3}  {code.trading_name} ")
        out.write(f"({code.legal_name})\n")
    return EXIT_OK


def _hours_text(code: ProviderCode) -> str:
    working = code.working_time
    days = [WEEKDAYS[d] for d in sorted(working.days)]
    day_text = f"{days[0].title()}-{days[-1].title()}" if len(days) > 1 else days[0].title()
    if working.opens is None:
        return f"{day_text} (opening hours not stated in the code)"
    return f"{day_text} {working.opens:%H:%M}-{working.closes:%H:%M}"


def describe_code(code: ProviderCode) -> str:
    """A readable summary of a provider's code, for `codes show`."""
    lines = [
        f"{code.trading_name} ({code.legal_name}), regulated by {code.regulator}",
        f"Code: {code.code_title or 'untitled'}"
        + (f", dated {code.code_date}" if code.code_date else "")
        + f"; encoded from {code.source}",
        f"Working time: {_hours_text(code)}, bank holidays of {code.working_time.region}",
        "",
        "Contacts:",
    ]
    for contact in code.contacts:
        hours = f" ({contact.hours.opens}-{contact.hours.closes})" if contact.hours else ""
        purpose = f" [{', '.join(contact.purpose)}]" if contact.purpose else ""
        lines.append(f"  {contact.channel:<7} {contact.value}{hours}{purpose}")
    lines += ["", f"Commitments (a complaint by chat counts as {code.chat_channel}):"]
    for c in code.commitments:
        channels = ", ".join(c.channels) if c.channels else "any channel"
        lines.append(f"  {c.kind:<22} {c.period.describe():<18} {channels}")
    lines += ["", f"First handled by: {code.first_handler.role}", "Escalation:"]
    for number, step in enumerate(code.escalation, start=1):
        lines.append(f"  {number}. {step.role}" + (f": {step.how}" if step.how else ""))
    adr = code.adr
    lines += ["", "ADR:"]
    if adr.scheme:
        lines.append(f"  scheme: {adr.scheme.name}")
        lines += [f"    {c.channel}: {c.value}" for c in adr.scheme.contacts]
    elif adr.named_instead:
        lines.append(f"  no scheme named; the code refers customers to {adr.named_instead.name}")
    if adr.wait_weeks:
        lines.append(f"  wait: {adr.wait_weeks} weeks")
    lines.append(
        f"  an ADR (deadlock) letter opens it early: {'yes' if adr.letter_opens_early else 'no'}"
    )
    if adr.limit_after_letter_months:
        lines.append(f"  apply within {adr.limit_after_letter_months} months of an ADR letter")
    if adr.limit_without_letter_months:
        lines.append(f"  without a letter, within {adr.limit_without_letter_months} months")
    if adr.eligibility:
        who = "consumers" + (
            f" and businesses with up to {adr.eligibility.max_employees} employees"
            if adr.eligibility.max_employees
            else (" and small businesses" if adr.eligibility.small_businesses else "")
        )
        lines.append(f"  who: {who}")
    if adr.excluded_categories:
        lines.append(f"  excluded: {', '.join(adr.excluded_categories)} complaints")
    if code.topics:
        lines += ["", "Other topics the code covers:"]
        lines += [f"  {name}: {topic.text}" for name, topic in code.topics.items()]
    return "\n".join(lines) + "\n"


def cmd_codes_show(args: argparse.Namespace, out: TextIO) -> int:
    code = get_code(args.provider)
    if args.json:
        print_json(code.document, out)
    else:
        out.write(describe_code(code))
    return EXIT_OK


def cmd_codes_lint(args: argparse.Namespace, out: TextIO) -> int:
    rules = load_rules()
    today = now_or_error(CliError).date()
    target = args.target
    try:
        if target is None:
            codes = list(load_all_codes().values())
        elif Path(target).suffix in (".yaml", ".yml") or Path(target).exists():
            codes = [load_code_file(target)]
        else:
            codes = [get_code(target)]
    except CodeFileError as error:
        if args.json:
            print_json({"file": str(error.path), "errors": error.problems}, out)
        else:
            out.write(f"error: {error}\n")
        return EXIT_INVALID
    report = {code.id: lint_code(code, rules, today) for code in codes}
    if args.json:
        print_json(
            {
                cid: [{"code": f.code, "severity": "warning", "text": f.text} for f in findings]
                for cid, findings in report.items()
            },
            out,
        )
        return EXIT_OK
    for cid, findings in report.items():
        out.write(f"{cid}: {len(findings)} warning(s) against the rules in force on {today}\n")
        for finding in findings:
            out.write(f"  warning [{finding.code}] {finding.text}\n")
    return EXIT_OK


# --- quote -------------------------------------------------------------------------------------


def describe_quote(quote: ComplaintQuote) -> str:
    """The readable form of `quote`: what the customer is owed and when."""
    code, adr = quote.code, quote.adr
    lines = [
        f"{code.trading_name}: complaint by {quote.channel}"
        + (
            f" (the code names no chat: dated as {quote.effective_channel}, not promised)"
            if quote.channel == "chat"
            else ""
        ),
        f"Received {_moment_text(quote.received)}",
    ]
    if quote.counted_from != quote.received:
        lines.append(f"Out of hours: counted from {_moment_text(quote.counted_from)}")
    lines += ["", "Commitments:"]
    if not quote.commitments:
        lines.append(f"  The code makes no timed promise for complaints made by {quote.channel}.")
    for due in quote.commitments:
        c = due.commitment
        lines.append(
            f"  {c.kind.replace('_', ' '):<22} within {c.period.describe():<18} by {_moment_text(due.due)}"
        )
        lines.append(f"    code: \u201c{c.quote}\u201d")
    lines += ["", f"Handled first by: {quote.first_handler.role}", "Escalation:"]
    if not quote.escalation:
        lines.append("  The code names no internal escalation step.")
    for number, step in enumerate(quote.escalation, start=1):
        lines.append(f"  {number}. {step.role}" + (f": {step.how}" if step.how else ""))
    lines += ["", "Alternative dispute resolution (ADR):"]
    if adr.scheme:
        renamed = f" (today: {adr.current_scheme_name})" if adr.current_scheme_name else ""
        lines.append(f"  Scheme: {adr.scheme.name}{renamed}")
        lines += [f"    {c.channel}: {c.value}" for c in adr.scheme.contacts]
    elif adr.named_instead:
        lines.append(f"  Scheme: none named; the code refers customers to {adr.named_instead.name}")
    if adr.code_opens:
        lines.append(
            f"  Code:          after {adr.code_wait_weeks} weeks, from {long_date(adr.code_opens)}"
        )
    lines.append(
        f"  Today's rules: after {adr.rules_wait.weeks} weeks ({adr.rules_wait.describe_dates()}), "
        f"from {long_date(adr.rules_opens)}"
    )
    lines.append(f"  Customer may go to ADR from {long_date(adr.opens)}")
    if adr.letter_opens_at_once:
        lines.append("  or at once on receiving an ADR (deadlock) letter")
    limit = f"  Apply within {adr.limit_after_letter_months} months of an ADR letter"
    if (
        adr.code_limit_after_letter_months
        and adr.code_limit_after_letter_months != adr.limit_after_letter_months
    ):
        limit += f" (the code says {adr.code_limit_after_letter_months})"
    lines.append(limit)
    if adr.limit_without_letter_months:
        lines.append(f"  Without a letter: within {adr.limit_without_letter_months} months (code)")
    lines.append(f"  Cost to the customer: {'free' if adr.free else 'not stated'}")
    verdict = {True: "eligible", False: "NOT eligible", None: "eligible if:"}[
        adr.eligibility.eligible
    ]
    lines.append(f"  Eligibility: {verdict}")
    lines += [f"    - {reason.text}" for reason in adr.eligibility.reasons]
    if adr.better_under_rules:
        lines.append("  Where today's rules give the customer more than the code:")
        lines += [f"    - {finding.text}" for finding in adr.better_under_rules]
    return "\n".join(lines) + "\n"


def cmd_quote(args: argparse.Namespace, out: TextIO) -> int:
    code = get_code(args.provider)
    if args.received:
        try:
            received = clock.parse_moment(args.received)
        except ValueError as error:
            raise CliError(f"--received: {error}") from None
    else:
        received = now_or_error(CliError)
    try:
        quote = quote_response_times(
            code,
            load_rules(),
            channel=args.channel,
            received=received,
            customer_type=args.customer_type,
            employees=args.employees,
            category=args.category,
        )
    except ValueError as error:
        raise CliError(str(error)) from None
    if args.json:
        print_json(quote.to_dict(), out)
    else:
        out.write(describe_quote(quote))
    return EXIT_OK


# --- wiring ------------------------------------------------------------------------------------


def _with_example(*examples: str) -> dict:
    """The keyword arguments that give a parser its examples, kept as written."""
    heading = "example:" if len(examples) == 1 else "examples:"
    return {
        "epilog": heading + "\n" + "\n".join(f"  {example}" for example in examples),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def cmd_codes_claims(args: argparse.Namespace, out: TextIO) -> int:
    from bot.claims import factual_responses, sheet_html, sheet_text, sign_off_sheet

    try:
        code = get_code(args.provider)
    except UnknownProvider as error:
        raise CliError(str(error)) from None
    rules = load_rules()
    sheet = sign_off_sheet(code, rules, factual_responses(list(load_all_codes().values()), rules))
    if args.html:
        Path(args.html).write_text(sheet_html(code, sheet), encoding="utf-8")
        out.write(f"wrote {args.html}\n")
        return EXIT_OK
    out.write(sheet_text(code, sheet))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="complaints",
        description="Providers' complaints codes, due dates, rights, and the staff desk for cases.",
        **_with_example(
            "complaints quote --provider infinity-group --channel email",
            "complaints cases list --assignee me",
        ),
    )
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="print JSON for machines")
    commands = parser.add_subparsers(dest="command", required=True)

    codes = commands.add_parser(
        "codes",
        help="the providers' codes of practice",
        description="The providers' codes of practice.",
        **_with_example("complaints codes show infinity-group"),
    )
    codes_commands = codes.add_subparsers(dest="codes_command", required=True)
    listing = codes_commands.add_parser(
        "list",
        parents=[json_flag],
        help="every provider",
        description="Every provider: id, reference prefix and names.",
        **_with_example("complaints codes list"),
    )
    listing.set_defaults(handler=cmd_codes_list)
    show = codes_commands.add_parser(
        "show",
        parents=[json_flag],
        help="a readable summary",
        description="A readable summary of one provider's code (--json: the whole document).",
        **_with_example("complaints codes show invictanet"),
    )
    show.add_argument("provider", metavar="ID", help="the provider (see: complaints codes list)")
    show.set_defaults(handler=cmd_codes_show)
    lint = codes_commands.add_parser(
        "lint",
        parents=[json_flag],
        help="validate codes and report where they lag today's rules",
        description="Validate codes and report where they lag today's rules.",
        **_with_example("complaints codes lint", "complaints codes lint my-new-code.yaml"),
    )
    lint.add_argument(
        "target",
        nargs="?",
        metavar="ID|FILE",
        help="one provider, or a code file to check (default: every provider)",
    )
    lint.set_defaults(handler=cmd_codes_lint)
    claims = codes_commands.add_parser(
        "claims",
        help="the sign-off sheet: every sentence the assistant can say, with its sources",
        description="Every sentence the assistant can say for one provider, with the source of "
        "each fact and the date each rule applies from.",
        **_with_example(
            "complaints codes claims infinium", "complaints codes claims infinium --html sheet.html"
        ),
    )
    claims.add_argument("provider", metavar="ID", help="the provider (see: complaints codes list)")
    claims.add_argument("--html", metavar="FILE", help="write the sheet as an HTML page")
    claims.set_defaults(handler=cmd_codes_claims)

    quote = commands.add_parser(
        "quote",
        parents=[json_flag],
        help="due dates, escalation and ADR rights for a complaint",
        description="Due dates, escalation and ADR rights for a complaint.",
        **_with_example(
            "complaints quote --provider infinity-group --channel email "
            "--received 2026-12-22T10:00",
            "complaints quote --provider infinium --channel letter --customer-type business "
            "--employees 8",
        ),
    )
    quote.add_argument(
        "--provider", required=True, metavar="ID", help="the provider (see: complaints codes list)"
    )
    quote.add_argument(
        "--channel", required=True, choices=CHANNELS, help="how the complaint was made"
    )
    quote.add_argument(
        "--received", metavar="ISO-DATETIME", help="when it was received (default: now)"
    )
    quote.add_argument(
        "--customer-type", choices=CUSTOMER_TYPES, help="decides ADR eligibility, with --employees"
    )
    quote.add_argument(
        "--employees",
        type=int,
        metavar="N",
        help="a business's head count as its provider's ADR scheme counts it (for the "
        "Communications Ombudsman: employees, contractors and volunteers)",
    )
    quote.add_argument(
        "--category", choices=CATEGORIES, help="what it is about (some are outside ADR)"
    )
    quote.set_defaults(handler=cmd_quote)

    add_cases_commands(commands, json_flag)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO], int] = args.handler
    try:
        status = handler(args, out)
        out.flush()  # here, so a reader that has gone away is caught below, not at exit
        return status
    except BrokenPipeError:
        return _reader_gone(out)
    except UnknownProvider as error:
        sys.stderr.write(f"complaints: {error}\n")
        return EXIT_USAGE
    except CliError as error:
        sys.stderr.write(f"complaints: {error}\n")
        return EXIT_USAGE
    except CodeFileError as error:
        sys.stderr.write(f"complaints: {error}\n")
        return EXIT_INVALID


def _reader_gone(out: TextIO) -> int:
    """The output was piped to a reader that stopped reading (`| head`): stop quietly, as other
    command-line tools do, with the status of a process ended by SIGPIPE. Standard output is pointed
    at /dev/null, so Python's own flush at exit does not fail again."""
    try:
        fileno = out.fileno()
    except (OSError, ValueError):  # not a file (a test's StringIO)
        return EXIT_BROKEN_PIPE
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)
    return EXIT_BROKEN_PIPE
