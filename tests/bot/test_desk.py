"""The staff desk, `python -m bot cases ...`, driven through `bot.cli.main` on both databases.

Dates are worked out by hand (see tests/bot/test_case_store.py): a complaint by email to Infinity Group
at 10:00 on Tuesday 22 December 2026 must have a reply by 17:30 on Thursday 31 December, and may go
to ADR from Tuesday 2 February 2027.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cases.desk import parse_duration, printable
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from bot.cli import main
from bot.intake import Intake
from tests.cases_support import at, make_intake
from tests.cli_support import run_into_a_closed_pipe

REFERENCE = re.compile(r"\b(?:IG|ISS|IN|IV)-[0-9A-HJKMNP-TV-Z]{6}\b")
MALFORMED = (
    "complaints: 'IG-123' is not a case reference: expected a provider prefix, a hyphen and six "
    "characters such as IG-7K3Q9X\n"
)
OPEN_EMAIL = [
    "open",
    "--provider", "infinity-group",
    "--channel", "email",
    "--category", "billing",
    "--description", "Charged twice for December.",
    "--name", "Jane Doe",
    "--email", "jane.doe@example.co.uk",
    "--postcode", "tn1 2py",
    "--customer-type", "consumer",
]  # fmt: skip


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


Desk = Callable[..., Result]


@pytest.fixture
def desk(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Desk:
    url = store.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("COMPLAINTS_STAFF", "sam")

    def run(*argv: str, now: str = "2026-12-22T10:00", stdin: str | None = None) -> Result:
        monkeypatch.setenv("COMPLAINTS_NOW", now)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        out = io.StringIO()
        code = main(["cases", *argv, "--database", url], out=out)
        return Result(code, out.getvalue(), capsys.readouterr().err)

    return run


def opened(desk: Desk, *extra: str, now: str = "2026-12-22T10:00") -> str:
    result = desk(*OPEN_EMAIL, *extra, now=now)
    assert result.code == 0, result.err
    return REFERENCE.search(result.out).group()  # type: ignore[union-attr]


# --- open --------------------------------------------------------------------------------------


def test_open_prints_the_reference_and_every_due_date(desk: Desk, store: CaseStore) -> None:
    result = desk(*OPEN_EMAIL)
    assert result.code == 0 and result.err == ""
    reference = REFERENCE.search(result.out).group()  # type: ignore[union-attr]
    assert result.out == (
        f"Opened {reference}: Infinity Group, billing complaint by email\n"
        "Customer: Jane Doe\n"
        "Received: Tuesday 22 December 2026 at 10:00\n"
        "Handled by: Customer Service Team or your Account Manager\n"
        "Due:\n"
        "  respond-email  Thursday 31 December 2026 at 17:30\n"
        "ADR opens: Tuesday 2 February 2027 (at once on an ADR letter)\n"
        # No SMTP_URL in the tests' environment: queued (tests/bot/test_confirmations.py sends it).
        "Confirmation to the customer: queued, not sent (no SMTP_URL: e-mail is not set up).\n"
    )
    [event] = store.events(reference)
    assert (event.kind, event.actor, event.channel) == ("raised", "sam", "desk")


def test_open_a_phone_complaint_received_earlier_as_json(desk: Desk) -> None:
    result = desk(
        "open",
        "--provider", "infinity-system-solutions",
        "--channel", "phone",
        "--category", "fault repair",
        "--description", "No dial tone since Friday.",
        "--name", "Tom Ng",
        "--phone", "+44 1495 123456",
        "--postcode", "np23 8xa",
        "--account", "ACC-99",
        "--customer-type", "business",
        "--employees", "8",
        "--contact-preference", "text relay",
        "--accessibility", "large print",
        "--received", "2026-12-21T16:30",
        "--json",
        now="2026-12-22T09:15",
    )  # fmt: skip
    assert result.code == 0, result.err
    case = result.json()
    assert case["category"] == "fault_repair"
    assert case["raised_at"] == "2026-12-21T16:30:00+00:00"
    assert case["customer"] == {
        "name": "Tom Ng",
        "email": None,
        "phone": "01495 123456",
        "postcode": "NP23 8XA",
        "address": None,
        "account": "ACC-99",
        "customer_type": "business",
        "employees": 8,
        "head_count": None,
        "contact_preference": "text_relay",
        "accessibility_needs": "large print",
        "made_on_behalf": None,
        "account_holder_name": None,
    }
    # 48 calendar hours: 16:30 on the 23rd. 24 working hours (09:00-17:00) from 16:30 Monday 21
    # December: 0.5 h that day, 8 h on the 22nd and the 23rd, the last 7.5 h on the 24th: 16:30.
    # "within the first 3 working days": raised in working hours on the 21st, that day is the
    # first of them, so the 21st, 22nd and 23rd, at closing (outside compliance reader, F7: the
    # 24th before, three working days *after* the 21st).
    assert [(c["id"], c["due_text"]) for c in case["commitments"]] == [
        ("case-handler-contact", "Wednesday 23 December 2026 at 16:30"),
        ("resolve-or-agree-contact-time", "Wednesday 23 December 2026 at 17:00"),
        ("acknowledge", "Thursday 24 December 2026 at 16:30"),
    ]
    assert case["adr_opens"] == "2027-02-01"


def test_open_reads_a_long_letter_from_stdin(desk: Desk, store: CaseStore) -> None:
    letter = "Dear Sir,\n\nMy line has been dead for a week.\n\nYours faithfully"
    arguments = [a if a != "Charged twice for December." else "-" for a in OPEN_EMAIL]
    result = desk(*arguments, stdin=letter + "\n")
    assert result.code == 0, result.err
    reference = REFERENCE.search(result.out).group()  # type: ignore[union-attr]
    assert store.require(reference).description == letter


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("--provider", "acme-telecom"),
            "complaints: Unknown provider 'acme-telecom'; known providers: infinity-group, "
            "infinity-system-solutions, infinium, invictanet.\n",
        ),
        (
            ("--email", "jane.doe@"),
            "complaints: 'jane.doe@' is not an email address (expected something like "
            "name@example.co.uk).\n",
        ),
        (
            ("--description", "x" * 1024 * 1024),
            "complaints: The description is 1,048,576 characters long; the limit is 4,000 "
            "characters. Please shorten it (a letter can be summarised and kept on file).\n",
        ),
        (
            ("--postcode", "nowhere"),
            "complaints: 'nowhere' is not a UK postcode (expected something like TN1 2PY or "
            "SW1A 1AA).\n",
        ),
        (
            ("--channel", "pigeon"),
            "complaints: 'pigeon' is not a channel a complaint can come by; expected one of: "
            "phone, email, letter, fax, web, voip, chat.\n",
        ),
        (
            ("--received", "yesterday"),
            "complaints: --received: 'yesterday' is not an ISO 8601 date-time (expected e.g. "
            "2026-12-22T10:00 or 2026-12-22T10:00:00+00:00)\n",
        ),
        (
            ("--received", "2027-01-01T10:00"),
            "complaints: The complaint cannot have been received on 2027-01-01 at 10:00: that is "
            "in the future.\n",
        ),
        (
            ("--description", "bad\x1b[2Jtext"),
            "complaints: The description contains control characters (U+001B); only ordinary "
            "text, new lines and tabs are accepted.\n",
        ),
    ],
)
def test_open_refuses_bad_input_and_writes_nothing(
    desk: Desk, store: CaseStore, change: tuple[str, str], message: str
) -> None:
    arguments = list(OPEN_EMAIL)
    option, value = change
    if option in arguments:
        arguments[arguments.index(option) + 1] = value
    else:
        arguments += [option, value]
    before = store.counts()
    result = desk(*arguments)
    assert (result.code, result.out, result.err) == (2, "", message)
    assert store.counts() == before


def test_open_lists_every_problem_and_with_json_says_which(desk: Desk, store: CaseStore) -> None:
    result = desk(
        "open",
        "--provider", "acme",
        "--channel", "email",
        "--category", "weather",
        "--description", " ",
        "--name", "Jane",
        "--json",
    )  # fmt: skip
    assert result.code == 2
    assert [e["code"] for e in result.json()["errors"]] == [  # type: ignore[index]
        "provider-unknown",
        "category-unknown",
        "description-missing",
        "contact-missing",
    ]
    assert len(result.err.splitlines()) == 4
    assert store.counts()["cases"] == 0


# --- show, list and the lifecycle commands -----------------------------------------------------


def test_a_case_through_its_lifecycle(desk: Desk, store: CaseStore) -> None:
    ref = opened(desk)
    steps = [
        (("ack", ref), "2026-12-23T09:30", f"{ref} acknowledged [acknowledged]\n"),
        (("assign", ref, "Priya Shah"), "2026-12-23T09:31", f"{ref} assigned to Priya Shah [acknowledged]\n"),
        (("investigate", ref), "2026-12-23T11:00", f"{ref} under investigation [investigating]\n"),
        (
            ("note", ref, "Rang the customer back.", "--contacted"),
            "2026-12-24T12:00",
            f"{ref} note added (customer contacted) [investigating]\n",
        ),
        (
            ("escalate", ref),
            "2026-12-29T10:00",
            f"{ref} escalated to the Operations Director (level 1) [escalated]\n",
        ),
        (("resolve", ref, "Refunded £42.10."), "2026-12-30T15:00", f"{ref} resolved [resolved]\n"),
        (("reopen", ref, "--reason", "No refund yet"), "2027-01-04T09:00", f"{ref} reopened [reopened]\n"),
        (("resolve", ref, "Refund sent."), "2027-01-05T09:00", f"{ref} resolved [resolved]\n"),
        (("close", ref), "2027-01-06T16:00", f"{ref} closed [closed]\n"),
    ]  # fmt: skip
    for argv, now, expected in steps:
        result = desk(*argv, now=now)
        assert (result.code, result.out, result.err) == (0, expected, "")
    kinds = [e.kind for e in store.events(ref)]
    assert kinds == [
        "raised",
        "acknowledged",
        "assigned",
        "investigation_started",
        "note",
        "escalated",
        "resolved",
        "reopened",
        "resolved",
        "closed",
    ]

    shown = desk("show", ref, now="2027-01-07T09:00")
    assert shown.code == 0
    assert shown.out.startswith(
        f"{ref}  Infinity Group  billing  [closed]\n"
        "Raised Tuesday 22 December 2026 at 10:00 by email\n"
        "\n"
        "Customer: Jane Doe (consumer)\n"
        "  email:         jane.doe@example.co.uk\n"
        "  postcode:      TN1 2PY\n"
        "\n"
        "Complaint:\n"
        "  Charged twice for December.\n"
        "\n"
        "Handled by: Operations Director (escalation level 1)\n"
        "Commitments:\n"
        "  respond-email  due by Thursday 31 December 2026 at 17:30  met Thursday 24 December "
        "2026 at 12:00\n"
        "ADR: opens Tuesday 2 February 2027; no ADR letter yet\n"
        "Resolution (Tuesday 5 January 2027 at 09:00):\n"
        "  Refund sent.\n"
        "Closed Wednesday 6 January 2027 at 16:00\n"
        "\n"
        "Events:\n"
        "  2026-12-22 10:00  raised                 sam via desk\n"
        "      by email, billing\n"
        "  2026-12-23 09:30  acknowledged           sam via desk\n"
        "      raised -> acknowledged\n"
    )
    assert "      acknowledged -> investigating\n" in shown.out
    assert "      resolved -> reopened; reason: No refund yet\n" in shown.out
    assert "note: Rang the customer back.; (customer contacted); met: respond-email" in shown.out

    as_json = desk("show", ref, "--json").json()
    assert as_json["status"] == "closed"  # type: ignore[index]
    assert [e["kind"] for e in as_json["events"]] == kinds  # type: ignore[index]


def test_a_refused_move_exits_1_and_changes_nothing(desk: Desk, store: CaseStore) -> None:
    ref = opened(desk)
    desk("investigate", ref)
    before = store.counts()
    result = desk("close", ref)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"complaints: cannot close {ref}: it is 'investigating'; only a resolved or deadlocked "
        "case can be closed\n"
    )
    as_json = desk("close", ref, "--json")
    assert as_json.code == 1
    assert as_json.json() == {  # type: ignore[comparison-overlap]
        "ok": False,
        "errors": [
            {
                "code": "move-refused",
                "move": "close",
                "status": "investigating",
                "message": f"cannot close {ref}: it is 'investigating'; only a resolved or "
                "deadlocked case can be closed",
            }
        ],
    }
    desk("escalate", ref)
    desk("escalate", ref)
    top = desk("escalate", ref)
    assert top.code == 1
    assert "already with the Managing Director" in top.err
    assert store.counts()["case_events"] == before["case_events"] + 2


@pytest.mark.parametrize(
    "command", [("show",), ("ack",), ("close",), ("escalate",), ("adr-letter",), ("note", "x")]
)
def test_a_malformed_or_unknown_reference(desk: Desk, command: tuple[str, ...]) -> None:
    name, *rest = command
    result = desk(name, "IG-123", *rest)
    assert (result.code, result.out, result.err) == (2, "", MALFORMED)
    result = desk(name, "ig-000000", *rest)
    assert (result.code, result.err) == (2, "complaints: no case IG-000000\n")


def test_list_with_filters(desk: Desk) -> None:
    first = opened(desk)
    second = opened(desk, "--provider", "invictanet", "--channel", "fax", now="2026-12-22T11:00")
    desk("ack", second)
    listing = desk("list", now="2026-12-24T09:00")
    # Time left is working time: Infinity Group's reply is due at 17:30 on the 31st, and from 09:00
    # on Thursday 24th four days of 8.5 hours remain (25th and 28th are bank holidays). Invictanet's
    # was due by the end of the 23rd: nine working hours of the 24th have gone since.
    assert listing.out == (
        "REFERENCE   STATUS         PROVIDER                   RAISED            NEXT DUE                LEFT  ASSIGNEE  CUSTOMER\n"
        f"{first:<10}  raised         infinity-group             2026-12-22 10:00  2026-12-31 17:30    +34h 00m  -         Jane Doe\n"
        f"{second:<10}  acknowledged   invictanet                 2026-12-22 11:00  2026-12-23 23:59     -9h 00m  -         Jane Doe  [OVERDUE]\n"
    )
    assert [c["reference"] for c in desk("list", "--status", "acknowledged", "--json").json()] == [
        second
    ]  # type: ignore[union-attr, index]
    assert [
        c["reference"] for c in desk("list", "--provider", "infinity-group", "--json").json()
    ] == [first]  # type: ignore[union-attr, index]
    overdue = desk("list", "--overdue", "--json", now="2026-12-24T09:00").json()
    assert [c["reference"] for c in overdue] == [second]  # type: ignore[union-attr, index]
    assert desk("list", "--provider", "acme").code == 2
    assert desk("list", "--status", "raised", "--provider", "infinium").out == "No cases.\n"


# --- overdue and ADR letters -------------------------------------------------------------------


def test_overdue(desk: Desk) -> None:
    email = opened(desk)
    iss = opened(desk, "--provider", "infinity-system-solutions", now="2026-12-22T11:00")
    desk("ack", iss, now="2026-12-22T12:00")
    assert desk("overdue", now="2026-12-24T09:00").out == (
        "Nothing overdue at Thursday 24 December 2026 at 09:00.\n"
    )
    result = desk("overdue", now="2027-02-03T09:00")
    assert result.out == (
        "Overdue at Wednesday 3 February 2027 at 09:00, oldest first:\n"
        f"  {iss:<10}  due 2026-12-24 11:00  case-handler-contact (case_handler_contact)  "
        "[acknowledged]  Jane Doe; case handler\n"
        # "within the first 3 working days" from Tuesday 22nd: the 22nd, 23rd and 24th (F7).
        f"  {iss:<10}  due 2026-12-24 17:00  resolve-or-agree-contact-time (resolve_or_agree_time)  "
        "[acknowledged]  Jane Doe; case handler\n"
        f"  {email:<10}  due 2026-12-31 17:30  respond-email (respond)           "
        "[raised]  Jane Doe; Customer Service Team or your Account Manager\n"
        + "".join(
            sorted(
                [
                    f"  {email:<10}  due 2027-02-02 00:00  ADR letter                        "
                    "[raised]  Jane Doe; Customer Service Team or your Account Manager\n",
                    f"  {iss:<10}  due 2027-02-02 00:00  ADR letter                        "
                    "[acknowledged]  Jane Doe; case handler\n",
                ],
                key=lambda line: line.split()[0],
            )
        )
    )
    items = desk("overdue", "--json", now="2027-02-03T09:00").json()["items"]  # type: ignore[index]
    assert [(i["reference"], i["item"], i["due"]) for i in items][:3] == [
        (iss, "case-handler-contact", "2026-12-24T11:00:00+00:00"),
        (iss, "resolve-or-agree-contact-time", "2026-12-24T17:00:00+00:00"),
        (email, "respond-email", "2026-12-31T17:30:00+00:00"),
    ]


def test_adr_letter_for_infinity_group(desk: Desk, store: CaseStore) -> None:
    ref = opened(desk)
    result = desk("adr-letter", ref, now="2027-01-04T11:00")
    assert result.code == 0, result.err
    assert result.out == (
        f"{ref}: ADR letter recorded on Monday 4 January 2027 [deadlock]\n"
        "Note for staff: Infinity Group's code gives outdated details for Ombudsman Services: "
        "Communications; the letter adds today's.\n"
        "\n"
        f"ADR letter for {ref}, Monday 4 January 2027\n"
        "\n"
        "Dear Jane Doe,\n"
        "\n"
        f"Your complaint to Infinity Group (reference {ref}), raised on Tuesday 22 December 2026, "
        "has reached deadlock: we have not been able to resolve it to your satisfaction. You may "
        "now take it to alternative dispute resolution (ADR), an independent scheme that will "
        "look at your complaint and decide it.\n"
        "\n"
        "The scheme\n"
        "  Our complaints code names Ombudsman Services: Communications, which is now called the "
        "Communications Ombudsman (run by Trust Alliance Group).\n"
        "  Contact details as our code gives them:\n"
        "    letter: PO Box 730, Warrington, WA4 6WU\n"
        "    phone: 0330 440 1614\n"
        "    fax: 0330 440 1615\n"
        "    email: enquiries@os-communications.org\n"
        "  How to reach the Communications Ombudsman today:\n"
        "    letter: PO Box 730, Warrington WA4 6WU\n"
        "    phone: 0330 440 1614\n"
        "\n"
        "When you may apply\n"
        "  From Monday 4 January 2027, the date of this letter: an ADR letter lets you go to the "
        "scheme at once.\n"
        "  Until Tuesday 4 January 2028, 12 months from the date of this letter (our code says 6 "
        "months; today's rules give you 12).\n"
        "\n"
        "Cost\n"
        "  ADR is free for you.\n"
        "\n"
        "Infinity Group\n"
    )
    case = store.require(ref)
    assert (case.status, case.adr_letter_date.isoformat()) == ("deadlock", "2027-01-04")  # type: ignore[union-attr]
    again = desk("adr-letter", ref, now="2027-01-05T11:00")
    assert again.code == 1 and "it is 'deadlock'" in again.err


def test_adr_letter_when_the_code_names_no_scheme(desk: Desk) -> None:
    ref = opened(desk, "--provider", "infinity-system-solutions")
    result = desk("adr-letter", ref, now="2027-02-10T10:00")
    assert result.code == 0, result.err
    assert (
        "Note for staff: Infinity System Solutions' code names no ADR scheme; the letter lists "
        "both approved schemes. Tell the customer which one the provider belongs to.\n"
    ) in result.out
    assert (
        "The scheme\n"
        "  Our complaints code names no ADR scheme: it refers you to Ofcom. Ofcom itself does not "
        "decide individual complaints.\n"
        "  The Ofcom-approved ADR schemes for communications providers are:\n"
        "    CISAS (run by CEDR)\n"
        "      phone: 020 7520 3827\n"
        "      web: cedr.com/consumer/cisas\n"
        "    Communications Ombudsman (run by Trust Alliance Group)\n"
        "      letter: PO Box 730, Warrington WA4 6WU\n"
        "      phone: 0330 440 1614\n"
        "  Our code does not say which of these schemes we belong to.\n"
        "\n"
        "When you may apply\n"
        "  Now: you have been able to apply since Tuesday 2 February 2027.\n"
        "  Until Thursday 10 February 2028, 12 months from the date of this letter.\n"
    ) in result.out
    assert "We are a member" not in result.out and "we belong to CISAS" not in result.out


def test_adr_letter_as_json(desk: Desk) -> None:
    ref = opened(desk, "--provider", "infinium", "--customer-type", "business", "--employees", "40")
    letter = desk("adr-letter", ref, "--json", now="2027-01-20T10:00").json()
    assert letter["apply_from"] == "2027-01-20"  # type: ignore[index]
    assert letter["apply_until"] == "2028-01-20"  # type: ignore[index]
    assert letter["scheme"]["name"] == "CISAS"  # type: ignore[index]
    assert letter["scheme"]["former_operator"] == "The Chartered Institute of Arbitrators"  # type: ignore[index]
    assert letter["free"] is True and letter["eligible"] is False  # type: ignore[index]
    assert "40 employees cannot use ADR" in letter["text"]  # type: ignore[index]


# --- records -----------------------------------------------------------------------------------


def test_export(desk: Desk, tmp_path: Path) -> None:
    first = opened(desk)
    second = opened(desk, "--name", "=cmd|' /C calc'!A0")
    path = tmp_path / "out.csv"
    result = desk("export", "--csv", str(path))
    assert (result.code, result.out) == (0, f"Exported 2 cases to {path}\n")
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    assert [r["reference"] for r in rows] == [first, second]
    assert rows[1]["customer_name"] == "'=cmd|' /C calc'!A0"
    assert [rows[0][c] for c in ("commitment", "commitment_due", "commitment_outcome")] == [
        "respond-email",
        "2026-12-31T17:30:00+00:00",
        "open",
    ]
    as_json = desk("export", "--csv", str(path), "--json").json()
    assert as_json == {"file": str(path), "cases": 2}
    assert desk("export", "--csv", str(tmp_path / "missing" / "x.csv")).code == 2


def test_export_to_standard_output_one_row_per_promise(desk: Desk, tmp_path: Path) -> None:
    # Three promises from 10:00 on Tuesday 22 December: contact within 48 hours (10:00 on the
    # 24th), acknowledge within 24 working hours (10:00 on Tuesday 29th, after the holidays) and
    # resolve or agree a time "within the first 3 working days" (the 22nd, 23rd and 24th: 17:00
    # on the 24th; outside compliance reader, F7).
    iss = opened(desk, "--provider", "infinity-system-solutions")
    desk("ack", iss, now="2026-12-23T09:00")  # acknowledged on time
    desk("note", iss, "Rang the customer.", "--contacted", now="2026-12-30T10:00")  # the rest late
    open_one = opened(desk, now="2026-12-22T11:00")
    result = desk("export", "--csv", "-", now="2026-12-30T11:00")
    assert (result.code, result.err) == (0, "")
    assert not (Path.cwd() / "-").exists()
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [(r["reference"], r["commitment"], r["commitment_outcome"]) for r in rows] == [
        (iss, "case-handler-contact", "met_late"),
        (iss, "resolve-or-agree-contact-time", "met_late"),
        (iss, "acknowledge", "met_on_time"),
        (open_one, "respond-email", "open"),  # due 17:30 on the 31st
    ]
    assert all("\n" not in r["commitment_due"] for r in rows)
    later = desk("export", "--csv", "-", now="2027-01-04T09:00")
    assert list(csv.DictReader(io.StringIO(later.out)))[-1]["commitment_outcome"] == "overdue"
    refused = desk("export", "--csv", "-", "--json")
    assert refused.code == 2 and "standard output carries the CSV" in refused.err


def test_subject_access(desk: Desk) -> None:
    ref = opened(desk)
    opened(desk, "--email", "someone@example.com")
    desk("note", ref, "Called.", "--contacted")
    result = desk("subject-access", "JANE.DOE@example.co.uk")
    report = result.json()
    assert report["email"] == "JANE.DOE@example.co.uk"  # type: ignore[index]
    assert [c["reference"] for c in report["cases"]] == [ref]  # type: ignore[index]
    assert [e["kind"] for e in report["cases"][0]["events"]] == ["raised", "note"]  # type: ignore[index]
    bad = desk("subject-access", "jane")
    assert (bad.code, bad.err) == (
        2,
        "complaints: 'jane' is not an email address (expected something like name@example.co.uk).\n",
    )


def _closed_case(desk: Desk, received: str, closed: str) -> str:
    ref = opened(desk, "--received", received, now=received)
    desk("resolve", ref, "Done.", now=closed)
    assert desk("close", ref, now=closed).code == 0
    return ref


def test_purge_with_yes(desk: Desk, store: CaseStore) -> None:
    old = _closed_case(desk, "2020-01-06T10:00", "2020-01-08T10:00")
    recent = _closed_case(desk, "2026-01-05T10:00", "2026-01-07T10:00")
    result = desk("purge", "--older-than", "6y", "--yes", now="2027-01-04T09:00")
    assert (result.code, result.out) == (
        0,
        f"Removed 1 case closed before Monday 4 January 2021 at 09:00: {old}\n",
    )
    assert store.get(old) is None and store.get(recent) is not None
    assert store.purges()[0]["references"] == [old]
    nothing = desk("purge", "--older-than", "6y", "--yes", now="2027-01-04T09:00")
    assert (
        nothing.out == "No case closed before Monday 4 January 2021 at 09:00: nothing to remove.\n"
    )


def test_purge_asks_first(desk: Desk, store: CaseStore) -> None:
    old = _closed_case(desk, "2020-01-06T10:00", "2020-01-08T10:00")
    before = store.counts()
    declined = desk("purge", "--older-than", "365d", now="2027-01-04T09:00", stdin="n\n")
    assert declined.out == (
        "Remove 1 case closed before Sunday 4 January 2026? [y/N] Nothing removed.\n"
    )
    assert store.counts() == before
    silent = desk("purge", "--older-than", "365d", now="2027-01-04T09:00", stdin="")
    assert silent.out.endswith("Nothing removed.\n") and store.get(old) is not None
    accepted = desk("purge", "--older-than", "365d", now="2027-01-04T09:00", stdin="y\n")
    assert accepted.out.endswith(
        f"Removed 1 case closed before Sunday 4 January 2026 at 09:00: {old}\n"
    )
    assert store.get(old) is None


def test_purge_refuses_an_unreadable_duration(desk: Desk) -> None:
    result = desk("purge", "--older-than", "six fortnights", "--yes")
    assert (result.code, result.err) == (
        2,
        "complaints: --older-than: 'six fortnights' is not a duration: expected a number and a "
        "unit, such as 90d, 12w, 6m or 6y\n",
    )


def test_parse_duration() -> None:
    now = at(2027, 1, 4, 9)
    assert parse_duration("90d", now) == timedelta(days=90)
    assert parse_duration("12 weeks", now) == timedelta(weeks=12)
    assert now - parse_duration("6m", now) == at(2026, 7, 4, 9)
    assert now - parse_duration("6 years", now) == at(2021, 1, 4, 9)


# --- customers' text is stored verbatim and printed safely -------------------------------------


def test_quotes_sql_and_html_are_stored_verbatim_and_printed_as_text(
    desk: Desk, store: CaseStore
) -> None:
    words = "Robert'); DROP TABLE cases;-- <script>alert(1)</script> \u202egnp.exe"
    ref = opened(desk, "--description", words, "--name", "Robert'); DROP TABLE cases;--")
    case = store.require(ref)
    # The bidi control is taken out at intake (outside attacker, round 19, F4); the rest verbatim.
    assert case.description == words.replace("\u202e", "")
    assert case.customer.name == "Robert'); DROP TABLE cases;--"
    shown = desk("show", ref)
    assert "  Robert'); DROP TABLE cases;-- <script>alert(1)</script> gnp.exe\n" in shown.out
    assert "\u202e" not in shown.out
    assert desk("show", ref, "--json").json()["description"] == case.description  # type: ignore[index]
    assert store.counts()["cases"] == 1


def test_control_characters_from_elsewhere_are_never_sent_to_the_terminal(
    desk: Desk, store: CaseStore
) -> None:
    # Written past the intake checks, as an import from another system might.
    raw = Intake(
        provider="infinity-group",
        channel="email",
        category="billing",
        description="line one\nline two \x1b[2J\x07 end",
        name="Eve \x1b[31mRed\x1b[0m",
        email="eve@example.com",
    )
    case = store.create_case(raw, received=at(2026, 12, 22, 10), actor="import", channel="batch")
    shown = desk("show", case.reference)
    assert "\x1b" not in shown.out and "\x07" not in shown.out
    assert "Customer: Eve \\x1b[31mRed\\x1b[0m\n" in shown.out
    assert "  line one\n  line two \\x1b[2J\\x07 end\n" in shown.out
    listing = desk("list")
    assert "\x1b" not in listing.out


def test_printable() -> None:
    assert printable("<b>Zoë</b> 'x' \"y\" שלום") == "<b>Zoë</b> 'x' \"y\" שלום"
    assert printable("a\nb") == "a\\nb"
    assert printable("a\nb", indent="  ") == "a\n  b"
    assert printable("\x1b[0m\u2066") == "\\x1b[0m\\u2066"


# --- the environment ---------------------------------------------------------------------------


def test_an_unreachable_database_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-22T10:00")
    out = io.StringIO()
    code = main(
        ["cases", "list", "--database", "postgresql://postgres:secret@127.0.0.1:1/none"], out=out
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(
        "complaints: cannot open the case store at postgresql://postgres:***@127.0.0.1:1/none: "
    )
    assert "secret" not in err and len(err.splitlines()) == 1


def test_an_unreadable_clock_is_refused(desk: Desk) -> None:
    result = desk("list", now="tomorrow")
    assert result.code == 2
    assert result.err.startswith("complaints: COMPLAINTS_NOW: 'tomorrow' is not an ISO 8601")


# --- before a breach: due, the list's time left, the daily digest ------------------------------

FRIDAY = "2027-01-08T16:00"  # Friday 8 January 2027, 16:00


@dataclass
class Desk4:
    """Four cases seen at 16:00 on Friday 8 January 2027 (each due moment worked out by hand)."""

    letter: str  # IG letter of 2 November: reply due 17:30 on 16 November; ADR letter owed 14 Dec
    fax: str  # Invictanet fax of Monday 4 January: reply due by the end of Tuesday 5th
    phone: str  # ISS call of Thursday 7 January 16:30, assigned to sam (the actor): contact within
    # 48 hours (Saturday 9th 16:30), acknowledge within 24 working hours (Tuesday 12th 16:30),
    # resolve or agree a time within 3 working days (Tuesday 12th 17:00)
    email: str  # IG email of Monday 4 January 10:00, assigned to Priya Shah: reply by Monday 11th 17:30


@pytest.fixture
def four(desk: Desk) -> Desk4:
    letter = opened(desk, "--channel", "letter", "--name", "Margaret Hale", now="2026-11-02T11:00")
    fax = opened(
        desk, "--provider", "invictanet", "--channel", "fax", "--name", "Rhiannon Evans",
        now="2027-01-04T10:00",
    )  # fmt: skip
    phone = opened(
        desk, "--provider", "infinity-system-solutions", "--channel", "phone", "--name", "Tom Ng",
        "--category", "fault_repair", now="2027-01-07T16:30",
    )  # fmt: skip
    email = opened(desk, now="2027-01-04T10:00")
    desk("assign", phone, "sam", now="2027-01-07T17:00")
    desk("assign", email, "Priya Shah", now="2027-01-05T09:00")
    closed = opened(desk, "--name", "Done Already", now="2027-01-04T11:00")
    desk("resolve", closed, "Refunded.", now="2027-01-04T12:00")
    desk("close", closed, now="2027-01-04T12:05")
    return Desk4(letter, fax, phone, email)


def test_due_within_working_days_counts_each_promise_its_own_way(desk: Desk, four: Desk4) -> None:
    result = desk("due", "--within", "1d", now=FRIDAY)
    assert result.code == 0, result.err
    # 1d: to the close of Monday 11th for both Infinity providers (and the end of it for
    # Invictanet). Left: the letter's reply 35 working days of 8.5 hours late; the ADR letter owed
    # 25 days; the fax's reply 64 working hours late (whole days); the call's contact 24.5 plain
    # hours ahead (a promise in calendar hours); the call's "within the first 3 working days"
    # (Thursday 7th, when it was made at 16:30, Friday 8th and Monday 11th: outside compliance
    # reader, F7) 9 working hours ahead; the email's reply 10 working hours ahead (1.5 on Friday,
    # 8.5 on Monday).
    assert result.out == (
        "Falling due within 1 working day of Friday 8 January 2027 at 16:00, soonest first "
        "(3 already overdue):\n"
        "REFERENCE   DUE                     LEFT  WHAT                                                   STATUS  ASSIGNEE    CUSTOMER\n"
        f"{four.letter:<10}  2026-11-16 17:30       -35wd  respond-letter (respond)                               raised  -           Margaret Hale\n"
        f"{four.letter:<10}  2026-12-14 00:00        -25d  ADR letter                                             raised  -           Margaret Hale\n"
        f"{four.fax:<10}  2027-01-05 23:59        -2wd  respond-complaint (respond)                            raised  -           Rhiannon Evans\n"
        f"{four.phone:<10}  2027-01-09 16:30    +24h 30m  case-handler-contact (case_handler_contact)            raised  sam         Tom Ng\n"
        f"{four.phone:<10}  2027-01-11 17:00     +9h 00m  resolve-or-agree-contact-time (resolve_or_agree_time)  raised  sam         Tom Ng\n"
        f"{four.email:<10}  2027-01-11 17:30    +10h 00m  respond-email (respond)                                raised  Priya Shah  Jane Doe\n"
        "LEFT counts working time (wd: the provider's working days) for promises in working days "
        "or hours, plain time (d: days) for promises in calendar hours and for ADR letters.\n"
    )
    # 2d adds the call's acknowledgement of Tuesday 12th (16.5 working hours ahead).
    later = desk("due", "--within", "2d", "--json", now=FRIDAY).json()
    assert later["within"] == {"amount": 2, "unit": "d", "text": "2 working days"}  # type: ignore[index]
    items = [(i["reference"], i["item"], i["left_text"]) for i in later["items"]]  # type: ignore[index]
    assert items[-3:] == [
        (four.phone, "resolve-or-agree-contact-time", "+9h 00m"),
        (four.email, "respond-email", "+10h 00m"),
        (four.phone, "acknowledge", "+16h 30m"),
    ]
    assert later["items"][3]["counted_in"] == "calendar time"  # type: ignore[index]
    assert later["items"][5]["counted_in"] == "working time"  # type: ignore[index]
    assert later["items"][5]["left_seconds"] == 10 * 3600  # type: ignore[index]


def test_due_within_hours_and_for_one_person(desk: Desk, four: Desk4) -> None:
    # 4h: four working hours (Monday 11:30 at Infinity Group) or four plain hours (Friday 20:00 for
    # the call's 48-hour promise): only what is already overdue.
    hours = desk("due", "--within", "4h", "--json", now=FRIDAY).json()
    assert [(i["reference"], i["overdue"]) for i in hours["items"]] == [  # type: ignore[index]
        (four.letter, True),
        (four.letter, True),
        (four.fax, True),
    ]
    # By Saturday evening the contact promise has gone by; the window is one working hour from
    # Monday's opening.
    mine = desk("due", "--within", "1h", "--assignee", "me", "--json", now="2027-01-09T18:00")
    assert [(i["item"], i["left_text"]) for i in mine.json()["items"]] == [  # type: ignore[index]
        ("case-handler-contact", "-1h 30m")
    ]
    priya = desk("due", "--within", "2d", "--assignee", "priya shah", now=FRIDAY)
    assert four.email in priya.out and four.phone not in priya.out
    nothing = desk("due", "--within", "2d", "--provider", "infinium", now=FRIDAY)
    assert nothing.out == (
        "Nothing falls due within 2 working days of Friday 8 January 2027 at 16:00.\n"
    )
    for bad in ("2", "two days", "2w", "-1d"):
        refused = desk("due", f"--within={bad}")
        assert refused.code == 2 and refused.err.startswith("complaints: --within: "), bad


def test_list_shows_open_cases_by_default_with_assignee_and_filters(
    desk: Desk, four: Desk4
) -> None:
    listing = desk("list", now=FRIDAY)
    references = [line.split()[0] for line in listing.out.splitlines()[1:]]
    assert references == [four.letter, four.fax, four.email, four.phone]  # oldest raised first
    assert listing.out.splitlines()[0].split() == [
        "REFERENCE", "STATUS", "PROVIDER", "RAISED", "NEXT", "DUE", "LEFT", "ASSIGNEE", "CUSTOMER",
    ]  # fmt: skip
    [email_line] = [line for line in listing.out.splitlines() if line.startswith(four.email)]
    assert email_line.split()[6:10] == ["17:30", "+10h", "00m", "Priya"]
    everything = desk("list", "--all", "--json", now=FRIDAY).json()
    assert len(everything) == 5  # type: ignore[arg-type]
    [closed] = [c for c in everything if c["status"] == "closed"]  # type: ignore[union-attr]
    assert closed["next_due"] is None
    mine = desk("list", "--assignee", "me", "--json", now=FRIDAY).json()
    assert [(c["reference"], c["next_due"]["item"]) for c in mine] == [  # type: ignore[union-attr, index]
        (four.phone, "case-handler-contact")
    ]
    assert desk("list", "--assignee", "nobody", now=FRIDAY).out == "No open cases.\n"
    faults = desk("list", "--category", "fault_repair", "--json", now=FRIDAY).json()
    assert [c["reference"] for c in faults] == [four.phone]  # type: ignore[union-attr, index]
    refused = desk("list", "--category", "broadband")
    assert refused.code == 2 and "--category: 'broadband' is not a category" in refused.err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_overdue_time_is_red_only_on_a_terminal_and_never_with_no_color(
    desk: Desk, four: Desk4, store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = store.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("COMPLAINTS_NOW", FRIDAY)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")

    def shown(command: str) -> str:
        terminal = Terminal()
        assert main(["cases", command, "--database", url], out=terminal) == 0
        return terminal.getvalue()

    for command in ("list", "due", "digest"):
        on_terminal = shown(command)
        assert "\x1b[31m     -35wd\x1b[0m" in on_terminal, command
        assert "\x1b[31m   +10h 00m" not in on_terminal and "   +10h 00m" in on_terminal
        assert "\x1b" not in desk(command, now=FRIDAY).out  # a pipe or a file: no colour
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in shown("list")


def test_the_daily_digest_for_the_team_and_each_person(desk: Desk, four: Desk4) -> None:
    result = desk("digest", now=FRIDAY)
    assert result.code == 0, result.err
    team, priya, sam, unassigned = result.out.split("\n" + "-" * 78 + "\n\n")
    assert team.splitlines()[:2] == [
        "Team: daily digest, Friday 8 January 2027 at 16:00",
        # With the call's "within the first 3 working days", which close on Monday 11th (F7).
        "3 due by the end of the next working day, 2 overdue, 1 ADR letter owed",
    ]
    assert priya == (
        "Priya Shah: daily digest, Friday 8 January 2027 at 16:00\n"
        "1 due by the end of the next working day, 0 overdue, 0 ADR letters owed\n"
        "\n"
        "Due by the end of the next working day:\n"
        "  REFERENCE   DUE                     LEFT  WHAT                     STATUS  CUSTOMER\n"
        f"  {four.email:<10}  2027-01-11 17:30    +10h 00m  respond-email (respond)  raised  Jane Doe\n"
        "\n"
        "Overdue: none.\n"
        "\n"
        "ADR letters owed: none.\n"
    )
    assert sam.startswith("sam: daily digest") and four.phone in sam
    assert unassigned.splitlines()[1] == (
        "0 due by the end of the next working day, 2 overdue, 1 ADR letter owed"
    )
    as_json = desk("digest", "--json", now=FRIDAY).json()
    assert as_json["team"]["counts"] == {"due": 3, "overdue": 2, "adr_letters_owed": 1}  # type: ignore[index]
    assert [(h["assignee"], h["counts"]["due"]) for h in as_json["handlers"]] == [  # type: ignore[index]
        ("Priya Shah", 1),
        ("sam", 2),
        (None, 0),
    ]
    assert as_json["team"]["adr_letters_owed"][0]["reference"] == four.letter  # type: ignore[index]
    mine = desk("digest", "--assignee", "me", now=FRIDAY)
    assert mine.out.startswith("sam: daily digest") and four.email not in mine.out
    nobody = desk("digest", "--assignee", "Lee", now=FRIDAY)
    assert nobody.out.startswith("Lee: daily digest, Friday 8 January 2027 at 16:00\n0 due")


def test_the_teams_digest_lists_references_locked_by_the_case_check(
    desk: Desk, store: CaseStore
) -> None:
    reference = opened(desk, now="2027-01-08T09:00")
    verification = CaseVerification(store)
    for n in range(5):  # five wrong answers from five senders lock the reference
        verification.check(
            reference, f"guess{n}@example.com", conversation_id=f"s{n}", channel="rest",
            now=at(2027, 1, 8, 15, n), own_prefix="IG",
        )  # fmt: skip
    result = desk("digest", now=FRIDAY)
    assert result.code == 0, result.err
    team = result.out.split("\n" + "-" * 78 + "\n\n")[0]
    assert team.splitlines()[1].endswith(", 1 locked reference")
    assert f"  {reference:<10}  5 wrong answers; locked Friday 8 January 2027 at 15:04" in team
    assert "guess" not in result.out
    as_json = desk("digest", "--json", now=FRIDAY).json()
    locked = as_json["team"]["locked_references"]  # type: ignore[index]
    assert [(lock["reference"], lock["failures"]) for lock in locked] == [(reference, 5)]
    verification.unlock(reference, now=at(2027, 1, 8, 15, 30), actor="sam", channel="desk")
    after = desk("digest", now=FRIDAY).out
    assert "Locked references (case check): none." in after and reference not in after


# --- find any case -----------------------------------------------------------------------------


def test_find_by_what_the_caller_gives(desk: Desk, four: Desk4) -> None:
    opened(desk, "--phone", "+44 7700 900 123", "--account", "ACC-99", now="2027-01-06T10:00")
    result = desk("find", "07700900123", now=FRIDAY)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "1 case matches '07700900123':"
    assert lines[1].split() == [
        "REFERENCE",
        "STATUS",
        "PROVIDER",
        "RAISED",
        "CUSTOMER",
        "MATCHED",
        "ON",
    ]
    assert lines[2].split()[-2:] == ["Doe", "phone"]
    hale = desk("find", "margaret", "--json").json()
    assert [(c["reference"], c["matched_on"]) for c in hale] == [(four.letter, ["words"])]  # type: ignore[union-attr, index]
    assert len(desk("find", "tn1 2py", "--json").json()) == 6  # type: ignore[arg-type]
    assert desk("find", four.fax.lower()).out.splitlines()[2].startswith(four.fax)
    assert desk("find", "no such words").out == "No case matches 'no such words'.\n"
    assert desk("find", "tn12py", "--limit", "2").out.endswith(
        "(the first 2; give --limit for more)\n"
    )
    assert desk("find", "   ").code == 2


def test_json_into_a_pipe_that_closes_ends_quietly(store: CaseStore) -> None:
    """`complaints cases list --json | head` once head has its lines: no traceback, and the
    store's connections are closed as after any other command."""
    url = store.engine.url.render_as_string(hide_password=False)
    store.create_case(
        make_intake(), received=at(2026, 12, 22, 10), actor="assistant", channel="chat"
    )
    for command in (["list", "--json"], ["export", "--csv", "-"], ["digest"]):
        status, err = run_into_a_closed_pipe(
            "cases", *command, "--database", url, env={"COMPLAINTS_NOW": "2027-01-04T09:00"}
        )
        assert (status, err) == (141, ""), command


def test_open_with_the_day_first_raised_counts_adr_from_it_and_show_says_so(
    desk: Desk, store: CaseStore
) -> None:
    """Issue 14: the day the customer says they first raised it is kept on the case, shown to
    staff, and the ADR wait runs from it (1 December 2026: six weeks, 12 January 2027)."""
    opened = desk(*OPEN_EMAIL, "--first-raised", "2026-12-01")
    assert opened.code == 0, opened.err
    assert "First raised (customer says): Tuesday 1 December 2026\n" in opened.out
    assert "ADR opens: Tuesday 12 January 2027 (at once on an ADR letter)\n" in opened.out
    reference = REFERENCE.search(opened.out).group(0)  # type: ignore[union-attr]
    shown = desk("show", reference)
    assert (
        "First raised with us (the customer says): Tuesday 1 December 2026; the ADR wait runs "
        "from it"
    ) in shown.out
    assert "ADR: opens Tuesday 12 January 2027" in shown.out
    as_json = desk("show", reference, "--json")
    assert '"first_raised": "2026-12-01"' in as_json.out
    # A day after the case was received is refused, saying why.
    later = desk(*OPEN_EMAIL, "--first-raised", "2026-12-23")
    assert later.code != 0
    assert "after it was received" in later.err


# --- what the customer asked for in the chat (issue 13) -----------------------------------------


def test_show_lists_the_escalation_and_adr_letter_the_customer_asked_for(
    desk: Desk, store: CaseStore
) -> None:
    ref = opened(desk)
    assert "Customer asked for" not in desk("show", ref).out
    for kind in ("escalation", "adr_letter"):
        store.request_by_customer(
            ref, kind, now=at(2026, 12, 22, 11), actor="customer", channel="chat"
        )
    shown = desk("show", ref).out
    assert "Customer asked for escalation, ADR letter\n" in shown
    assert re.search(r"request\s+customer via chat\n\s+asked for escalation\n", shown), shown
    assert re.search(r"request\s+customer via chat\n\s+asked for ADR letter\n", shown), shown
    assert desk("show", ref, "--json").json()["requests"] == {  # type: ignore[index]
        "escalation": True,
        "adr_letter": True,
        "call_back": False,
    }
