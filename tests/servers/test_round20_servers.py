"""Round 20's outside findings through the real Rasa server and action server, typed as the
testers typed them (their reader and action tests are tests/bot/test_fix20.py and
tests/actions/test_actions_fix20.py): the complaint typed at the address question, a customer at
risk whose partner watches a way of contact, a deaf customer's fault complaint, and a postcode
typed without its space after a question asked in the middle of a case check.

The clock is Sunday 29 November 2026, 07:00 (Europe/London), when the testers found them.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.cases.store import CaseStore
from tests.cases_support import make_intake
from tests.servers import running_assistant, said

pytestmark = pytest.mark.servers

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('round20-cases') / 'cases.db'}"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, database_url):
    env = {"COMPLAINTS_NOW": "2026-11-29T07:00", "DATABASE_URL": database_url}
    with running_assistant(tmp_path_factory.mktemp("round20"), env) as running:
        yield running


@pytest.fixture(scope="module")
def store(database_url, assistant):
    with CaseStore.open(database_url) as opened:
        yield opened


def test_a_postcode_without_its_space_after_a_question_is_the_next_try(assistant, store):
    # Attacker F2 (HIGH): "bs15tr" after a wrong e-mail and a question was taken as a new
    # reference IV-BS15TR, and the real postcode and e-mail then failed against it.
    case = store.create_case(
        make_intake(provider="invictanet", channel="chat", postcode="BS1 5TR"),
        received=NOW,
        actor="assistant",
        channel="chat",
    )
    sender, provider = "r20-bs15tr", "invictanet"
    said(assistant, sender, "check my complaint", provider)
    said(assistant, sender, case.reference, provider)
    failed = said(assistant, sender, "wrong@example.com", provider)
    assert "can't confirm" in failed, failed
    said(assistant, sender, "what is your phone number?", provider)
    replies = said(assistant, sender, "bs15tr", provider)
    assert "IV-BS15TR" not in replies and "That's your complaint reference" not in replies, replies
    assert case.reference in replies, replies


def test_a_deaf_customers_fault_complaint_is_taken_down(assistant):
    # Customers B, F6 (HIGH): "Sorry, I didn't follow that ... call us", then "Goodbye".
    replies = said(
        assistant,
        "r20-deaf",
        "I'm deaf and can't use the phone. My internet has been down for 9 days and nobody will"
        " fix it",
        "invictanet",
    )
    assert "didn't follow" not in replies, replies
    assert "complaint" in replies, replies


@pytest.mark.parametrize(
    "first",
    [
        "he checks my phone so I need to be quick. you keep sending bills to our joint email. can"
        " you stop",
        "I've left him and he knows where I live now. please don't send any letters to the old"
        " address, he still lives there. I want to complain that you sent my new bill there",
    ],
)
def test_a_partner_watching_or_finding_gets_the_safety_numbers(assistant, first):
    # Customers B, F10 and F13 (HIGH): no 999, no Refuge number, no offer.
    replies = said(assistant, f"r20-abuse-{len(first)}", first, "infinity-system-solutions")
    assert "999" in replies, replies


def test_dont_email_me_at_the_name_question_is_never_contact_by_email(assistant):
    # Customers B, F2 (HIGH): "Thanks, I've noted that you need contact by e-mail."
    sender, provider = "r20-no-email", "infinity-system-solutions"
    said(assistant, sender, "I want to complain about my bill", provider)
    said(assistant, sender, "billing", provider)
    said(assistant, sender, "charges on the broadband I never agreed to", provider)
    replies = said(assistant, sender, "please don't email me, he reads my emails", provider)
    assert "contact by e-mail" not in replies, replies


def test_danger_at_the_door_gets_999_at_once(assistant):
    # Customers B, F23 (HIGH): "Sorry, I didn't follow that ... call us on 0333 101 4400".
    replies = said(
        assistant, "r20-door", "he's outside the door shouting, I'm scared", "invictanet"
    )
    assert "999" in replies, replies


def test_no_phone_because_he_checks_it_moves_on(assistant):
    # Customers B, F21 (HIGH): "no phone, he checks my phone" got the phone question again.
    sender, provider = "r20-no-phone", "invictanet"
    said(assistant, sender, "I want to complain about my bill", provider)
    said(assistant, sender, "billing", provider)
    said(assistant, sender, "you charged me twice in november for the same month", provider)
    said(assistant, sender, "Amy Clarke", provider)
    asked = said(assistant, sender, "amy.clarke@example.com", provider)
    assert "phone" in asked, asked
    replies = said(assistant, sender, "no phone, he checks my phone", provider)
    assert "What phone number" not in replies, replies


def test_removing_what_was_said_about_anxiety_takes_it_out_of_the_complaint(assistant):
    # Customers B, F18 (HIGH): "I haven't recorded any needs", and the anxiety logged.
    sender, provider = "r20-anxiety", "infinity-system-solutions"
    for message in [
        "I have bad anxiety so please don't call me. Your engineer never turned up twice",
        "no thank you",
        "Mo Khan",
        "mo.khan@example.com",
        "skip",
        "NP23 2DE",
        "email",
        "consumer",
        "skip",
        "none",
    ]:
        last = said(assistant, sender, message, provider)
    assert "Shall I log it" in last or "log" in last, last
    replies = said(assistant, sender, "please remove what I said about my anxiety", provider)
    assert "Your engineer never turned up twice" in replies, replies
    assert "What happened: I have bad anxiety" not in replies, replies
