"""The customer gets it in writing: a real SMTP server on loopback (aiosmtpd, with STARTTLS and a
login, its certificate made for the test) receives the confirmation of a case opened at the desk or
in chat, and the digest; a send that fails leaves the confirmation queued, shown to staff and sent
later, never holding up or losing the case; no personal data reaches the logs. On SQLite and
PostgreSQL.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import actions.cases
from actions.intake import ActionSubmitComplaint
from bot.cases.confirmations import compose_confirmation, send_due
from bot.cases.store import CaseStore
from bot.cli import main
from bot.mail import MailSettings
from bot.regulation import load_rules
from tests.action_support import CONSUMER_FORM, isolated_environment, make_tracker, only, run_action
from tests.cases_support import DIALECTS, make_intake, postgres_database
from tests.smtp_support import USER, Mailbox, SmtpServer, free_port, make_certificate

REFERENCE = re.compile(r"\b[A-Z]{2,3}-[0-9A-Z]{6}\b")
WORDS = "I was charged twice for December <b>and</b> nobody replied to my 3 emails."
OPEN = [
    "open", "--provider", "infinity-group", "--channel", "email", "--category", "billing",
    "--description", WORDS, "--name", "Zebedee Quillfeather", "--email", "zeb.quill@example.org",
    "--postcode", "EH99 1SP", "--customer-type", "consumer",
]  # fmt: skip
PERSONAL = ("zeb.quill", "Zebedee", "Quillfeather", "EH99", "charged twice")


@pytest.fixture
def smtp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """A STARTTLS SMTP server requiring a login, on a free loopback port, and the settings that
    point at it (the client trusts the test's own certificate and nothing else)."""
    cert_file, key_file = make_certificate(tmp_path)
    server = SmtpServer(Mailbox(), free_port(), cert_file, key_file)
    server.start()
    monkeypatch.setenv("SMTP_URL", server.url)
    monkeypatch.setenv("SMTP_FROM", "Infinity Group complaints <complaints@example.co.uk>")
    monkeypatch.setenv("SMTP_CA_FILE", str(cert_file))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=DIALECTS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cases.db'}"
        return
    with postgres_database("cases_mail") as url:
        yield url


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def desk(database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("COMPLAINTS_STAFF", "sam")
    monkeypatch.delenv("COMPLAINTS_DIGEST_TO", raising=False)

    def run(*argv: str, now: str = "2026-12-22T10:00") -> Result:
        monkeypatch.setenv("COMPLAINTS_NOW", now)
        capsys.readouterr()
        out = io.StringIO()
        code = main(["cases", *argv, "--database", database], out=out)
        return Result(code, out.getvalue(), capsys.readouterr().err)

    return run


def _text_and_html(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    page = message.get_body(preferencelist=("html",))
    assert text is not None and page is not None
    # Lines end in CRLF on the wire.
    return text.get_content().replace("\r\n", "\n"), page.get_content().replace("\r\n", "\n")


# --- the confirmation -----------------------------------------------------------------------------


def test_a_case_opened_at_the_desk_is_confirmed_in_writing(smtp: SmtpServer, desk) -> None:
    opened = desk(*OPEN)
    assert opened.code == 0, opened.err
    reference = REFERENCE.search(opened.out).group()  # type: ignore[union-attr]
    assert "Confirmation to the customer: e-mailed." in opened.out

    [message] = smtp.mailbox.messages
    assert smtp.mailbox.recipients == [["zeb.quill@example.org"]]
    assert smtp.mailbox.logins == [USER] and smtp.mailbox.over_tls == [True]
    assert message["Subject"] == f"Your complaint to Infinity Group: reference {reference}"
    assert message["To"] == "zeb.quill@example.org"
    assert "complaints@example.co.uk" in message["From"]
    text, page = _text_and_html(message)
    for expected in (
        "Dear Zebedee Quillfeather,",
        f"Your reference is {reference}.",
        "received on Tuesday 22 December 2026 at 10:00",
        # The promise, its date, and its strength as the code words it.
        "Replying to you: normally by Thursday 31 December 2026 at 17:30.\nOur code says: \u201cWe will "
        "normally respond to a letter within ten working days, an email within five working "
        "days\u201d",
        # What happens next, and the escalation route.
        "looked into by the Customer Service Team or your Account Manager",
        "step 1 is the Operations Director",
        # ADR: the date, the scheme as today's rules name it, and today's contact details.
        "Communications Ombudsman from Tuesday 2 February 2027",
        "phone: 0330 440 1614",
        "letter: PO Box 730, Warrington WA4 6WU",
        # A copy of the customer's own words.
        "> " + WORDS,
    ):
        assert expected in text, expected
    assert reference in page and "0330 440 1614" in page
    assert "I was charged twice for December &lt;b&gt;and&lt;/b&gt; nobody replied" in page
    assert "<b>and</b>" not in page  # the customer's words are text, never markup
    assert desk("confirmations").out == "Every confirmation has been sent.\n"


def test_a_failed_send_never_holds_up_the_case_and_is_retried_from_the_queue(
    smtp: SmtpServer, desk, database: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    smtp.stop()  # the mail server is down
    opened = desk(*OPEN)
    assert opened.code == 0, opened.err
    reference = REFERENCE.search(opened.out).group()  # type: ignore[union-attr]
    assert "Confirmation to the customer: not sent yet; it is queued and retried" in opened.out

    listed = desk("confirmations", now="2026-12-22T10:05")
    assert listed.out.startswith("1 confirmation not yet sent, oldest first:\n")
    assert reference in listed.out and "ConnectionRefusedError" in listed.out
    assert "zeb.quill" not in listed.out
    as_json = json.loads(desk("confirmations", "--json").out)
    assert as_json["unsent"][0]["attempts"] == 1
    assert as_json["unsent"][0]["next_attempt_at"] == "2026-12-22T10:01:00+00:00"  # a minute on

    with CaseStore.open(database) as store:
        assert (
            store.require(reference).customer.email == "zeb.quill@example.org"
        )  # the case is kept
        # Not yet due: a retry before the next attempt sends nothing and does not count a try.
        settings = MailSettings.from_environment()
        assert send_due(store, settings, store.require(reference).raised_at).sent == ()

    smtp.start()  # the mail server is back
    sent = desk("confirmations", "--send", now="2026-12-22T10:30")
    assert sent.code == 0, sent.err
    assert sent.out == f"Sent 1 confirmation: {reference}.\nEvery confirmation has been sent.\n"
    [message] = smtp.mailbox.messages
    assert message["Subject"].endswith(reference)
    assert desk("confirmations", "--send", now="2026-12-22T10:31").out.startswith(
        "Sent 0 confirmations.\n"
    )
    assert len(smtp.mailbox.messages) == 1  # never twice

    # Every log record but the test's own SMTP server's (aiosmtpd logs as "mail.log").
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail."))
    assert reference in logged  # references and error kinds only
    for personal in PERSONAL:
        assert personal not in logged


def test_a_case_without_an_email_address_queues_nothing(smtp: SmtpServer, desk) -> None:
    without = [a for a in OPEN if a not in ("--email", "zeb.quill@example.org")]
    opened = desk(*without, "--phone", "07700 900123")
    assert opened.code == 0 and "Confirmation" not in opened.out
    assert desk("confirmations").out == "Every confirmation has been sent.\n"
    assert smtp.mailbox.messages == []


def test_without_smtp_settings_the_confirmation_waits_in_the_queue(
    desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMTP_URL", raising=False)
    opened = desk(*OPEN)
    assert "Confirmation to the customer: queued, not sent (no SMTP_URL" in opened.out
    refused = desk("confirmations", "--send")
    assert refused.code == 2 and "no SMTP_URL" in refused.err


def test_the_digest_is_e_mailed(smtp: SmtpServer, desk) -> None:
    desk(*OPEN, now="2026-12-01T10:00")
    sent = desk("digest", "--send", "--to", "priya.shah@example.co.uk", now="2027-01-04T09:30")
    assert (sent.code, sent.out) == (0, "Digest e-mailed to priya.shah@example.co.uk.\n")
    digest = smtp.mailbox.messages[-1]
    assert digest["Subject"] == "Daily digest, Monday 4 January 2027"
    assert smtp.mailbox.recipients[-1] == ["priya.shah@example.co.uk"]
    body = digest.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Team: daily digest, Monday 4 January 2027 at 09:30\n")
    assert "Overdue:" in body and "\x1b[" not in body
    refused = desk("digest", "--send")
    assert refused.code == 2 and "give --to ADDRESS, or set COMPLAINTS_DIGEST_TO" in refused.err


# --- in chat -------------------------------------------------------------------------------------


@pytest.fixture
def action_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """The action server's environment: its own SQLite case store, a fixed clock."""
    yield from isolated_environment(monkeypatch, tmp_path)


def test_a_case_created_in_chat_is_confirmed_in_writing(
    smtp: SmtpServer, action_server: str
) -> None:
    tracker = make_tracker(CONSUMER_FORM, text="yes", intent="affirm", sender_id="web-1")
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    reference = only(messages, "utter_complaint_created")["reference"]
    # The reply came before any e-mail was sent (unit tests send themselves: no worker thread).
    assert smtp.mailbox.messages == []
    assert actions.cases.send_confirmations() == [reference]
    [message] = smtp.mailbox.messages
    text, _ = _text_and_html(message)
    assert f"Your reference is {reference}." in text
    assert "> " + CONSUMER_FORM["complaint_description"] in text
    assert smtp.mailbox.recipients == [[CONSUMER_FORM["customer_email"]]]
    assert actions.cases.send_confirmations() == []  # sent once only


def test_iss_48_hours_is_confirmed_in_its_codes_words_never_as_a_saturday(
    tmp_path: Path,
) -> None:
    """F2 (outside compliance reader): a complaint raised on a Thursday afternoon was confirmed
    in writing with "Your case handler contacting you: by Saturday 28 November 2026 at 16:00",
    for a code that says "within 48 hours of your complaint being raised"."""
    raised = datetime(2026, 11, 26, 16, 0, tzinfo=ZoneInfo("Europe/London"))
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        case = store.create_case(
            make_intake(provider="infinity-system-solutions", channel="email"),
            received=raised,
            actor="assistant",
            channel="chat",
        )
    text = compose_confirmation(case, load_rules()).text()
    assert (
        "Your case handler contacting you: within 48 hours of your complaint being raised (your "
        "complaint was raised on Thursday 26 November 2026 at 16:00)." in text
    )
    assert "Saturday 28 November" not in text
    # Its periods in working time keep their dates, and its "aim" (H4).
    assert (
        "Acknowledging your complaint: we aim for this by Tuesday 1 December 2026 at 16:00; our "
        "code states this as an aim, not a promise." in text
    )


@pytest.mark.parametrize(
    ("provider", "worded"),
    [
        # "We always aim to respond to your correspondence within 3 business days."
        ("infinium", "Replying to you: we aim for this by "),
        # "We will normally respond to a letter within ten working days, an email within five ..."
        ("infinity-group", "Replying to you: normally by "),
        # "... respond by E-mail and/or Telephone within one working day."
        ("invictanet", "Replying to you: by "),
    ],
)
def test_the_written_confirmation_words_each_date_as_firmly_as_the_code(
    tmp_path: Path, provider: str, worded: str
) -> None:
    """Outside compliance review (H4): every reply that states a case's dates words them with the
    commitment's strength; the confirmation listed an aim and a "normally" as plain dates, under
    "What we have promised"."""
    raised = datetime(2026, 11, 26, 16, 0, tzinfo=ZoneInfo("Europe/London"))
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        case = store.create_case(
            make_intake(provider=provider, channel="email"),
            received=raised,
            actor="assistant",
            channel="chat",
        )
    text = compose_confirmation(case, load_rules()).text()
    assert worded in text
    assert "What we have promised" not in text


def test_the_confirmation_counts_adr_from_the_day_first_raised(smtp: SmtpServer, desk) -> None:
    """Issue 14: the written confirmation counted the ADR wait from the day the case was logged."""
    opened = desk(*OPEN, "--first-raised", "2025-12-01")
    assert opened.code == 0, opened.err
    [message] = smtp.mailbox.messages
    text, _ = _text_and_html(message)
    for expected in (
        "You told us you first raised this complaint with us on Monday 1 December 2025, so the "
        "wait before ADR runs from then",
        # A year or more ago: today's 12 months from an ADR letter is said.
        "You first raised it 12 months or more ago. Under today's rules you have 12 months",
        # 1 December 2025, before 8 April 2026: the 8-week wait.
        "Communications Ombudsman from Monday 26 January 2026",
    ):
        assert expected in text, expected
