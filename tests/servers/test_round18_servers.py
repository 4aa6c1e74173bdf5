"""Round 18's fixes through the real Rasa server and action server, typed as the outside testers
typed them (their action tests are tests/actions/test_actions_fix18*.py): Infinity System
Solutions' first 3 working days, the suspension question, money trouble asked outright, the safety
reply alone when a customer must leave, and a reference typed without its prefix.

The clock is Tuesday 22 December 2026, 10:00 (Europe/London).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.cases.store import CaseStore
from bot.provider_codes import get_code
from tests.cases_support import case_typable_without_prefix, make_intake
from tests.complaint_script import Customer, complaint_steps, reference_in, run_steps
from tests.servers import running_assistant, said

pytestmark = pytest.mark.servers

NOW = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))
CONTROLLED = (
    "my ex controls the broadband account, its in his name and he wont let me cancel it, hes"
    " threatened me. i need to get it out of his control"
)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('round18-cases') / 'cases.db'}"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, database_url):
    env = {"COMPLAINTS_NOW": "2026-12-22T10:00", "DATABASE_URL": database_url}
    with running_assistant(tmp_path_factory.mktemp("round18"), env) as running:
        yield running


@pytest.fixture(scope="module")
def store(database_url, assistant):
    with CaseStore.open(database_url) as opened:
        yield opened


def test_iss_first_three_working_days_end_on_the_third_day_raised_counted(assistant):
    # Compliance F7 (HIGH): "within the first 3 working days" was dated a working day late
    # (Tuesday 29 December); raised Tuesday 22 December 10:00, the third day is Thursday 24th.
    replies = said(
        assistant, "r18-iss-days", "how long will you take to reply?", "infinity-system-solutions"
    )
    assert (
        "If we cannot resolve your complaint by Thursday 24 December 2026 (3 working days)"
        in replies
    ), replies
    assert "by Tuesday 29 December 2026 (24 working hours)" in replies, replies


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        ("invictanet", "doesn't say whether a bill you are disputing counts as unpaid"),
        ("infinium", "code doesn't cover suspending or disconnecting a service"),
    ],
)
def test_suspension_over_a_disputed_bill_is_answered_from_the_code(assistant, provider, expected):
    # Compliance F23: answered as compensation, and for Invictanet a complaint form started.
    replies = said(
        assistant,
        f"r18-suspend-{provider}",
        "will you cut me off if I don't pay the bill I'm disputing?",
        provider,
    )
    assert expected in replies, replies
    assert "compensation" not in replies.lower(), replies
    assert "What happened?" not in replies, replies


def test_money_trouble_asked_outright_is_answered_with_whom_to_call(assistant):
    # Care F13/F4: the question itself went unanswered.
    replies = said(
        assistant, "r18-money", "I cant afford to pay this bill what can I do", "invictanet"
    )
    assert "Ofcom's rules (" in replies, replies
    assert "On unpaid bills, Invictanet's code" in replies, replies
    phone = next(c.value for c in get_code("invictanet").contacts if c.channel == "phone")
    assert f"call {phone}" in replies, replies
    assert "didn't understand" not in replies and "didn't follow" not in replies, replies


def test_leaving_in_a_hurry_gets_the_safety_reply_alone(assistant):
    # Care F2 (HIGH): the safety reply, then "Are you sure? This removes:" over nothing.
    sender, provider = "r18-leave", "infinity-system-solutions"
    said(assistant, sender, "hello", provider)
    said(assistant, sender, "I want to make a complaint", provider)
    said(assistant, sender, '/inform{"category":"service"}', provider)
    first = said(assistant, sender, CONTROLLED, provider)
    assert "999" in first, first
    replies = assistant.texts(sender, "he's just come back, I have to go", {"provider": provider})
    assert len(replies) == 1, replies
    assert "call 999" in replies[0] and "You can leave this chat now" in replies[0], replies
    assert not any("Are you sure" in reply for reply in replies), replies


def test_a_reference_typed_without_its_prefix_is_checked(assistant, store):
    # Attacker F6: "8ZBBTK" started a new complaint form. References are random, and one in ten
    # has no digit ("IN-HEEDDZ"), which typed alone is rightly no reference: such a case is not
    # the one this test types.
    case = case_typable_without_prefix(store, NOW, provider="infinium")
    body = case.reference.partition("-")[2]
    sender, provider = "r18-noprefix", "infinium"
    said(assistant, sender, "hello", provider)
    asked = said(assistant, sender, "I want to check on my complaint", provider)
    assert "reference" in asked, asked
    replies = said(assistant, sender, body, provider)
    assert "What happened?" not in replies, replies
    assert "postcode" in replies or "email" in replies or "e-mail" in replies, replies


def test_a_new_complaint_at_the_identity_question_leaves_the_check(assistant, store):
    # Attacker F3: "make a new complaint" at the identity question got "that message has neither".
    case = store.create_case(
        make_intake(provider="infinium", channel="chat"),
        received=NOW,
        actor="assistant",
        channel="chat",
    )
    sender, provider = "r18-newinstead", "infinium"
    said(assistant, sender, "hello", provider)
    said(assistant, sender, "I want to check on my complaint", provider)
    said(assistant, sender, case.reference, provider)
    replies = said(assistant, sender, "make a new complaint instead", provider)
    assert "neither" not in replies, replies
    assert "complaint" in replies.lower(), replies


def test_a_day_first_raised_after_logging_counts_later_in_the_chat(assistant, store):
    # Lead, round 18's open point: the day given after logging was recorded, but a later ADR
    # question counted from the log. Through the real servers, the day travels in the reply's
    # event metadata, as Rasa keeps it.
    sender = "r18-raised-later"

    def talk(message: str, turn: int) -> list[str]:
        return assistant.texts(
            sender, message, {"provider": "infinity-group"} if turn == 0 else None
        )

    reference = reference_in(run_steps(complaint_steps(Customer()), talk))
    logged = store.get(reference)
    told = said(assistant, sender, "I first reported this on 30 November", "infinity-group")
    after = store.get(reference)
    assert after.first_raised == date(2026, 11, 30), told
    assert after.adr_opens < logged.adr_opens
    replies = said(assistant, sender, "so when can I go to the ombudsman?", "infinity-group")
    assert long(after.adr_opens) in replies, replies
    assert long(logged.adr_opens) not in replies, replies


def long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"
