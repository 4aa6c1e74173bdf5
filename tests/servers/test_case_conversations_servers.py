"""Through the real servers: a complaint made in chat becomes a case linked to its conversation; the
desk's `cases transcript` reads what was said from the tracker store Rasa wrote; subject access by
phone includes it; and the customer's confirmation e-mail arrives at a real SMTP server on loopback
(STARTTLS, login), sent by the action server in the background."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cases.store import CaseStore
from bot.cli import main
from tests.complaint_script import Customer, complaint_steps, reference_in, run_steps
from tests.servers import Assistant, running_assistant
from tests.smtp_support import Mailbox, SmtpServer, free_port, make_certificate

pytestmark = pytest.mark.servers

CUSTOMER = Customer(
    name="Ottoline Brackenbury",
    email="ottoline.b@example.org",
    phone="07700 900461",
    postcode="EH99 1SP",
    description="My broadband has dropped every evening since 3 November, twelve times so far",
)
SENDER = "web-transcript-1"


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    cert_file, key_file = make_certificate(tmp_path)
    server = SmtpServer(Mailbox(), free_port(), cert_file, key_file)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def assistant(tmp_path: Path, smtp: SmtpServer) -> Iterator[tuple[Assistant, dict[str, str]]]:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}",
        "COMPLAINTS_PROVIDER": "infinity-group",
        "SMTP_URL": smtp.url,
        "SMTP_FROM": "Infinity Group complaints <complaints@example.co.uk>",
        "SMTP_CA_FILE": str(smtp.cert_file),
        "COMPLAINTS_MAIL_RETRY_SECONDS": "2",
    }
    with running_assistant(tmp_path, env) as running:
        yield running, {**env, "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}"}


def desk(env: dict[str, str], *argv: str, tracker: bool = True) -> str:
    """A desk command on the servers' case store (and, for those that read it, tracker store)."""
    store = ["--tracker-store", env["TRACKER_STORE_URL"]] if tracker else []
    out = io.StringIO()
    assert main(["cases", *argv, "--database", env["DATABASE_URL"], *store], out=out) == 0
    return out.getvalue()


def test_a_chat_complaint_has_its_transcript_and_its_confirmation(
    assistant: tuple[Assistant, dict[str, str]], smtp: SmtpServer
) -> None:
    running, env = assistant
    last = run_steps(
        complaint_steps(CUSTOMER),
        lambda message, turn: running.texts(SENDER, message),
    )
    reference = reference_in(last)
    with CaseStore.open(env["DATABASE_URL"]) as store:
        assert store.require(reference).conversation_id == SENDER

    transcript = json.loads(desk(env, "transcript", reference, "--json"))
    said = [(t["speaker"], t["text"]) for t in transcript["turns"]]
    customer_said = [text for speaker, text in said if speaker == "customer"]
    assert customer_said[:2] == ["hello", "I want to make a complaint"]
    assert CUSTOMER.description in customer_said and CUSTOMER.email in customer_said
    assert said[1][0] == "assistant" and "complaints assistant" in said[1][1]
    assert any(reference in text for speaker, text in said if speaker == "assistant")
    moments = [t["at"] for t in transcript["turns"]]
    assert moments == sorted(moments)

    access = json.loads(desk(env, "subject-access", "--phone", "+44 7700 900 461"))
    [case] = access["cases"]
    assert case["reference"] == reference
    assert case["conversation"]["turns"] == transcript["turns"]

    # The action server sends the confirmation in the background: wait for it to arrive.
    assert smtp.mailbox.arrived.wait(60), "no confirmation arrived"
    [message] = smtp.mailbox.messages
    assert smtp.mailbox.recipients == [[CUSTOMER.email]] and smtp.mailbox.over_tls == [True]
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    assert f"Your reference is {reference}." in text
    assert "> " + CUSTOMER.description in text
    assert desk(env, "confirmations", tracker=False) == "Every confirmation has been sent.\n"
    for process in (running.rasa, running.actions):
        logged = process.log.read_text(encoding="utf-8", errors="replace")
        assert "ottoline" not in logged.lower() and "Brackenbury" not in logged
