"""Whole conversations over the REST channel, through the real Rasa server and action server.

Each provider gets a complete complaint from greeting to reference; the replies must carry the real
due dates and the case must be in the database with the customer's answers. Further conversations
check the other flows customers use: interruptions, corrections, stopping, checking a case with
verification and lock-out, asking for escalation or an ADR letter, and asking for a person.

Every conversation runs twice: on a Rasa server with the project's Rasa patches
(rasa_plugins/patches/, as `make run` serves) and on one with RASA_PATCHES=off, Rasa as released:
the patches must not change a single answer.

The clock is fixed at Tuesday 22 December 2026, 10:00 (Europe/London).
"""

from __future__ import annotations

import re

import pytest

from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from tests.cases_support import at
from tests.servers import running_assistant

pytestmark = pytest.mark.servers

REFERENCE = re.compile(r"\b([A-Z]{2,3}-[0-9A-HJKMNP-TV-Z]{6})\b")

# Every promise for a chat complaint (counted as email) received Tuesday 22 December 2026 10:00,
# worked out by hand: 25 and 28 December and 1 January are bank holidays.
EXPECTED = {
    "infinity-group": [
        "We normally reply by Thursday 31 December 2026 (5 working days).",
    ],
    "invictanet": [
        "We will reply by Wednesday 23 December 2026 (1 working day).",
    ],
    "infinity-system-solutions": [
        # "within 48 hours of your complaint being raised": the code's words, never a date of its
        # own (F2); then the moment staff have it due, with how it was counted (round 19, F2).
        "Your case handler will contact you within 48 hours of your complaint being raised, to "
        "introduce themselves and give you their direct contact details. Complaint ",
        " was raised on Tuesday 22 December 2026 at 10:00, so that is by Thursday 24 December 2026"
        " at 10:00.",
        "We aim to acknowledge your complaint by Tuesday 29 December 2026 (24 working hours); "
        "our code states this as an aim, not a promise.",
        # "within the first 3 working days": Tue 22, Wed 23, Thu 24 (outside compliance, F7).
        "If we cannot resolve your complaint by Thursday 24 December 2026 (3 working days), "
        "we will agree a time to contact you.",
    ],
    "infinium": [
        "We aim to respond by Tuesday 29 December 2026 (3 business days); "
        "our code states this as an aim, not a promise.",
        "As a guideline, we will try to respond by Friday 8 January 2027 (10 working days); "
        "our code states this as a guideline, not a promise.",
    ],
}
SCHEME_TODAY = {
    "infinity-group": "Communications Ombudsman",
    "invictanet": "Communications Ombudsman",
    "infinium": "CISAS",
    "infinity-system-solutions": "ombudsman (ADR) scheme",
}


@pytest.fixture(scope="module", params=["on", "off"], ids=["patches-on", "patches-off"])
def rasa_patches(request) -> str:
    """RASA_PATCHES for the module's Rasa server: every conversation runs with each."""
    return request.param


@pytest.fixture(scope="module")
def database_url(tmp_path_factory, rasa_patches) -> str:
    # A case database for each server: the same customers complain on both.
    folder = tmp_path_factory.mktemp(f"conversation-cases-{rasa_patches}")
    return f"sqlite:///{folder / 'cases.db'}"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, database_url, rasa_patches):
    env = {
        "COMPLAINTS_NOW": "2026-12-22T10:00",
        "DATABASE_URL": database_url,
        "RASA_PATCHES": rasa_patches,
    }
    env.pop("COMPLAINTS_PROVIDER", None)
    with running_assistant(tmp_path_factory.mktemp("conversations"), env) as running:
        running.patches = rasa_patches
        yield running


@pytest.fixture(scope="module")
def store(database_url):
    with CaseStore.open(database_url) as opened:
        yield opened


def test_the_rasa_server_runs_with_the_patches_on_or_off_as_asked(assistant):
    assistant.say("patches-check", "hello", {"provider": "invictanet"})  # the server has started
    log = assistant.rasa.log.read_text(errors="replace")
    if assistant.patches == "on":
        assert "Rasa patches installed (rasa_plugins/patches): action_validation" in log
        assert "Rasa patches off" not in log
    else:
        assert "Rasa patches off (RASA_PATCHES=off): Rasa runs as released" in log
        assert "Rasa patches installed" not in log


def complete_complaint(assistant, sender: str, provider: str) -> list[str]:
    """A customer's whole complaint, typed and with buttons; the assistant's last replies."""
    say = assistant.texts
    greeting = say(sender, "hello", {"provider": provider})
    assert any("complaints assistant" in r for r in greeting), greeting
    assert "What is your complaint about?" in say(sender, "I want to make a complaint")
    # After "I want to make a complaint" typed, it says why it asks (words19b).
    assert any(
        "what happened, in your own words" in r
        for r in say(sender, '/inform{"category":"billing"}')
    )
    assert "What is your name?" in say(
        sender, "I was charged twice for my broadband in December, £42.10 each time"
    )
    assert any("email address" in r for r in say(sender, "Jane Doe"))
    assert any("phone number" in r for r in say(sender, "jane.doe@example.co.uk"))
    assert "What is your postcode?" in say(sender, "07700 900123")
    assert "How would you like us to contact you?" in say(sender, "TN1 2PY")
    assert any("consumer" in r for r in say(sender, '/inform{"contact_preference":"email"}'))
    assert any("account number" in r for r in say(sender, '/inform{"customer_type":"consumer"}'))
    assert any("large print" in r for r in say(sender, "skip"))
    summary = say(sender, "none")
    assert any("Shall I log it?" in r for r in summary), summary
    text = "\n".join(summary)
    assert "• About: billing" in text
    assert "• Email: jane.doe@example.co.uk" in text
    assert "• Postcode: TN1 2PY" in text
    return say(sender, "/affirm")


@pytest.mark.parametrize("provider", sorted(EXPECTED))
def test_a_whole_complaint_creates_one_case_with_real_dates(assistant, store, provider):
    replies = complete_complaint(assistant, f"complaint-{provider}", provider)
    text = "\n".join(replies)
    match = REFERENCE.search(text)
    assert match, replies
    reference = match.group(1)
    assert reference.startswith(store_prefix(provider) + "-")
    for promise in EXPECTED[provider]:
        assert any(promise in reply for reply in replies), (promise, replies)
    # ADR: six weeks from 22 December 2026 under today's rules.
    assert f"{SCHEME_TODAY[provider]} from Tuesday 2 February 2027" in text

    case = store.get(reference)
    assert case is not None
    assert case.provider == provider
    assert case.channel == "chat"
    assert case.category == "billing"
    assert case.description == "I was charged twice for my broadband in December, £42.10 each time"
    assert case.customer.name == "Jane Doe"
    assert case.customer.email == "jane.doe@example.co.uk"
    assert case.customer.postcode == "TN1 2PY"
    assert case.customer.contact_preference == "email"
    assert case.adr_opens.isoformat() == "2027-02-02"
    assert [e.kind for e in store.events(reference)] == ["raised"]


def store_prefix(provider: str) -> str:
    return {"infinity-group": "IG", "invictanet": "IV", "infinium": "IN"}.get(provider, "ISS")


def test_a_question_mid_form_is_answered_and_the_form_resumes(assistant):
    say = assistant.texts
    say("interrupt", "hi", {"provider": "infinity-group"})
    say("interrupt", "I want to make a complaint")
    say("interrupt", '/inform{"category":"fault_repair"}')
    replies = say("interrupt", "how long will you take to reply?")
    assert "We normally reply by Thursday 31 December 2026 (5 working days)." in replies
    assert "what happened, in your own words" in replies[-1], replies


def test_stop_ends_the_complaint_and_saves_nothing(assistant, store):
    before = len(store.list_cases())
    say = assistant.texts
    say("stopper", "I want to make a complaint", {"provider": "invictanet"})
    say("stopper", '/inform{"category":"service"}')
    replies = say("stopper", "stop")
    assert any("Nothing has been saved" in r for r in replies), replies
    assert len(store.list_cases()) == before


def test_checking_a_case_needs_the_email_or_postcode_and_locks_after_five_failures(
    assistant, store
):
    reference = REFERENCE.search(
        "\n".join(complete_complaint(assistant, "owner", "infinity-group"))
    ).group(1)
    say = assistant.texts
    for attempt in range(5):
        replies = say(
            "checker",
            f"what's happening with my complaint {reference}",
            {"provider": "infinity-group"},
        )
        assert any("email address or postcode" in r for r in replies), replies
        replies = say("checker", f"wrong{attempt}@example.com")
        assert any("can't confirm those details" in r and "0345 450 4600" in r for r in replies)
        assert not any(reference in r and "raised" in r for r in replies)
    # The fifth failure locked the reference: even the right postcode is refused, in any
    # conversation, until staff lift the lock.
    say("checker", f"check my complaint {reference}")
    replies = say("checker", "TN1 2PY")
    assert any("can't confirm those details" in r for r in replies), replies
    assert not any("is raised" in r for r in replies)
    CaseVerification(store).unlock(reference, now=at(2026, 12, 22, 10), actor="sam", channel="desk")

    # Another conversation, right postcode first time: the status, next date and ADR date.
    replies = say("checker-2", f"any update on {reference}?", {"provider": "infinity-group"})
    replies = say("checker-2", "tn1 2py")
    text = " ".join(replies)
    assert f"Complaint {reference} (billing) is raised" in text
    assert "Our next date: we normally respond by Thursday 31 December 2026." in text
    assert "from Tuesday 2 February 2027" in text


def test_escalation_and_adr_letter_requests_are_logged_for_staff(assistant, store):
    say = assistant.texts
    replies = complete_complaint(assistant, "escalator", "infinity-group")
    reference = REFERENCE.search("\n".join(replies)).group(1)
    replies = say("escalator", "please escalate my complaint")
    assert any("Operations Director" in r for r in replies), replies
    replies = say("escalator", "can you send me a deadlock letter")
    assert any("ADR letter" in r and "12 months" in r for r in replies), replies
    case = store.get(reference)
    assert case.escalation_requested and case.adr_letter_requested
    kinds = [e.kind for e in store.events(reference)]
    assert kinds.count("customer_request") == 2


def test_asking_for_a_person_gives_the_number_and_flags_a_call_back(assistant, store):
    say = assistant.texts
    replies = complete_complaint(assistant, "caller", "infinity-group")
    reference = REFERENCE.search("\n".join(replies)).group(1)
    replies = say("caller", "can I speak to a real person")
    text = " ".join(replies)
    assert "0345 450 4600" in text
    assert "open now (until 17:30 today)" in text
    assert store.get(reference).callback_requested


def test_small_talk_and_nonsense_always_get_a_reply(assistant):
    say = assistant.texts
    for message in ("are you a bot?", "thanks", "what's the weather like tomorrow", "xqzv wplm"):
        replies = say("smalltalk", message, {"provider": "infinium"})
        assert replies and all(r.strip() for r in replies), (message, replies)
