"""Round 19's outside findings through the real Rasa server and action server, typed as the testers
typed them (their action tests are tests/actions/test_actions_fix19.py and tests/bot/test_fix19.py):
abuse at home in a customer's own words, "i said STOP", a reference named in a sentence without
its prefix and typed again at the identity question, Infinity System Solutions' 48 hours dated at
logging, and a surname that is also a word.

The clock is Sunday 29 November 2026, 02:42 (Europe/London), when the testers found them.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.cases.models import VerificationAttemptRecord
from bot.cases.store import CaseStore
from tests.cases_support import case_typable_without_prefix
from tests.complaint_script import Customer, complaint_steps, reference_in, run_steps
from tests.servers import running_assistant, said

pytestmark = pytest.mark.servers

NOW = datetime(2026, 11, 29, 2, 42, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('round19-cases') / 'cases.db'}"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, database_url):
    env = {"COMPLAINTS_NOW": "2026-11-29T02:42", "DATABASE_URL": database_url}
    with running_assistant(tmp_path_factory.mktemp("round19"), env) as running:
        yield running


@pytest.fixture(scope="module")
def store(database_url, assistant):
    with CaseStore.open(database_url) as opened:
        yield opened


@pytest.mark.parametrize(
    "first",
    [
        "I'm scared, my partner hurts me and he checks my phone. I need to complain that the bill"
        " shows every number I call",
        "I'm not safe at home",
        "help, someone is hurting me",
    ],
)
def test_abuse_at_home_in_own_words_gets_the_helplines_at_once(assistant, first):
    # Customers B, F1, F13, F23 (HIGH): "What is your name?", a privacy answer, opening hours.
    replies = said(assistant, f"r19-abuse-{hash(first) % 10_000}", first, "invictanet")
    assert "999" in replies, replies


def test_stop_said_again_at_the_email_question_stops(assistant):
    # Customers A, F8 (HIGH): read as "no email", then the phone number asked for.
    sender, provider = "r19-stop", "infinium"
    said(assistant, sender, "my bill went up by 8 pound in the middle of my contract", provider)
    asked = said(assistant, sender, "Lisa Grant", provider)
    assert "email" in asked, asked
    replies = said(assistant, sender, "i said STOP", provider)
    assert "Nothing has been saved" in replies, replies
    assert "phone number" not in replies, replies


def test_a_reference_in_a_sentence_and_typed_again_is_never_a_guess(assistant, store):
    # Customers A, F3: asked for again, then "je91tz i said" counted as a wrong postcode.
    case = case_typable_without_prefix(store, NOW, provider="infinity-group")
    body = case.reference.partition("-")[2]
    sender, provider = "r19-ref-sentence", "infinity-group"
    asked = said(
        assistant,
        sender,
        f"hi can u tell me whats happening with my complaint ref {body}",
        provider,
    )
    assert "postcode" in asked and "What is your complaint reference" not in asked, asked
    again = said(assistant, sender, f"{body.lower()} i said", provider)
    assert "That's your complaint reference" in again and "can't confirm" not in again, again
    with store.session_scope() as session:
        assert session.query(VerificationAttemptRecord).count() == 0


def test_iss_48_hours_are_dated_at_logging(assistant):
    # Compliance F2: "within 48 hours" with no date, while staff had Wednesday 09:00.
    sender = "r19-iss-48"

    def talk(message: str, turn: int) -> list[str]:
        metadata = {"provider": "infinity-system-solutions"} if turn == 0 else None
        return assistant.texts(sender, message, metadata)

    logged = run_steps(complaint_steps(Customer()), talk)
    reference = reference_in(logged)
    assert "within 48 hours of your complaint being raised" in logged, logged
    assert f"Complaint {reference} was raised on Sunday 29 November 2026 at 02:42" in logged
    assert "that is by Wednesday 2 December 2026 at 09:00" in logged, logged


def test_a_surname_that_is_also_a_word_is_the_name(assistant):
    # Attacker F11: "Victim Person" read as asking for contact details, the name asked again.
    sender, provider = "r19-name", "infinity-group"
    said(assistant, sender, "I want to make a complaint", provider)
    said(assistant, sender, '/inform{"category":"billing"}', provider)
    asked = said(assistant, sender, "I was charged twice for my broadband in December", provider)
    assert "What is your name?" in asked, asked
    replies = said(assistant, sender, "Victim Person", provider)
    assert "What is your name?" not in replies and "email" in replies, replies
