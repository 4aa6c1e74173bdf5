"""Issue 14's open points: an escalation worded as its code words it, a deadlock letter dated in
the future, Infinity System Solutions' complaints raised before 8 April 2026, and what today's
sources do not say about the Communications Ombudsman and data protection.

Each is driven through the actions as Rasa calls them, and read as the customer reads it.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions.rights import ActionAnswerQuestion
from actions.status import ActionHandleCaseRequest
from bot import clock
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from tests.action_support import make_tracker, run_action
from tests.actions.test_truth import said
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

LONDON = ZoneInfo("Europe/London")


def case_request(provider: str, request: str) -> list[dict[str, Any]]:
    """What the customer is told on asking for `request` about a case this conversation raised."""
    with CaseStore.open(os.environ["DATABASE_URL"]) as store:
        case = store.create_case(
            make_intake(provider=provider, channel="email"),
            received=datetime(2026, 12, 21, 10, 0, tzinfo=LONDON),
            actor="assistant",
            channel="chat",
        )
        CaseVerification(store).record_owner(
            case.reference, conversation_id="conversation-1", channel="rest", now=clock.now()
        )
    slots = {
        "provider": provider,
        "case_reference": case.reference,
        "verification_answer": "verified",
        "pending_request": request,
        "pending_request_for": case.reference,  # as the lookup form sets it
    }
    return run_action(ActionHandleCaseRequest(), make_tracker(slots))[0]


# --- 2. Invictanet's escalation, as firm as its code ----------------------------------------------

INVICTANET_ESCALATION = (
    "In the event that a dispute cannot be resolved through the normal complaints procedure, it "
    "will be passed to a Company Director who will contact the complainant to discuss the matter "
    "further."
)


def test_invictanets_escalation_request_is_worded_as_its_code_words_the_step() -> None:
    """Its code passes a complaint to "a Company Director" only "in the event that a dispute cannot
    be resolved through the normal complaints procedure": a request logged in the chat is not
    told it "will go to the Company Director"."""
    messages = case_request("invictanet", "escalation")
    answer = said(messages)
    assert "will go to the Company Director" not in answer
    assert "logged your request to escalate" in answer
    assert "cannot be resolved through the normal complaints procedure" in answer
    assert "passed to a Company Director, who will contact you" in answer
    [reply] = [m for m in messages if m["response"].startswith("utter_escalation_requested")]
    assert reply["custom"]["sources"][0]["quote"] == INVICTANET_ESCALATION


def test_infiniums_escalation_request_says_its_code_asks_for_it_in_writing() -> None:
    """Its code: "you can ask us to escalate the matter internally by writing to our Customer
    Services Department": a request in the chat is logged, and not said to "go to" anyone."""
    answer = said(case_request("infinium", "escalation"))
    assert "It will go to" not in answer
    assert "logged your request to escalate" in answer
    assert "by writing to our Customer Services Department at Unit 4 Bartle Court" in answer


@pytest.mark.parametrize(
    ("provider", "role"),
    [
        ("infinity-group", "Operations Director"),
        ("infinity-system-solutions", "Customer Service Manager/Head of Professional Services"),
    ],
)
def test_other_escalation_requests_still_name_the_next_step(provider: str, role: str) -> None:
    answer = said(case_request(provider, "escalation"))
    assert re.search(rf"It will go to the {re.escape(role)}\.", answer)


# --- 4. a deadlock letter dated in the future ------------------------------------------------------


def ask_adr(provider: str, text: str) -> list[dict[str, Any]]:
    tracker = make_tracker({"provider": provider}, text=text, intent="ask_adr")
    return run_action(ActionAnswerQuestion(), tracker)[0]


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
@pytest.mark.parametrize(
    "text",
    [
        "I got a deadlock letter on 10 December 2026, can I go to the ombudsman?",
        "My ADR letter is dated 10/12/2026. When can I take it to the ombudsman?",
    ],
)
def test_a_deadlock_letter_dated_after_today_is_questioned_not_used(
    monkeypatch: pytest.MonkeyPatch, provider: str, text: str
) -> None:
    """Today is 27 November 2026: a letter "dated 10 December 2026" has not been sent yet, so it
    opens nothing; the customer is asked to check the date, and still gets the general answer."""
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T10:00")
    messages = ask_adr(provider, text)
    answer = said(messages)
    [check] = [m for m in messages if m["response"] == "utter_adr_letter_date_ahead"]
    assert check["letter"] == "Thursday 10 December 2026"
    assert check["today"] == "Friday 27 November 2026"
    assert "check the date on the letter" in answer
    # Nothing opened or counted from a day that has not come.
    assert "utter_adr_letter_dated" not in [m["response"] for m in messages]
    assert "10 December 2027" not in answer and "you can take your complaint" not in answer
    # Nothing lost: the wait and the letter rule are still given.
    assert "The wait before ADR counts from when your complaint was first raised" in answer


def test_a_deadlock_letter_dated_today_or_before_still_opens_adr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T10:00")
    messages = ask_adr(
        "infinium", "I got a deadlock letter on 27 November 2026, can I go to CISAS?"
    )
    assert "utter_adr_letter_date_ahead" not in [m["response"] for m in messages]
    assert "until Saturday 27 November 2027" in said(messages)


@pytest.mark.parametrize("intent", ["ask_adr", "inform"])
def test_the_letters_day_given_again_after_the_check_is_answered(
    monkeypatch: pytest.MonkeyPatch, intent: str
) -> None:
    """Nothing lost: the customer checks the letter and gives its day again (read by the model as
    the question, or as an answer), and gets what the letter means for them."""
    from tests.actions.test_actions_follow_ups import Conversation

    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T10:00")
    chat = Conversation("invictanet")
    first = chat.say(
        "I got a deadlock letter on 10 December 2026, can I go to the ombudsman?", "ask_adr"
    )
    assert "utter_adr_letter_date_ahead" in [m["response"] for m in first]
    still = chat.say("it says 11 December 2026", intent)
    assert [m["response"] for m in still] == ["utter_adr_letter_date_ahead"]
    again = chat.say("sorry, my deadlock letter is dated 10 November 2026", intent)
    [dated] = [m for m in again if m["response"] == "utter_adr_letter_dated"]
    assert dated["letter"] == "Tuesday 10 November 2026"
    assert dated["until"] == "Wednesday 10 November 2027"


# --- 5. what the sources do not say: the Communications Ombudsman and data protection ------------


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
@pytest.mark.parametrize(
    "text",
    [
        "my data was leaked, can the ombudsman help?",
        "Can the Communications Ombudsman deal with a data protection complaint?",
    ],
)
def test_the_communications_ombudsman_and_data_protection_is_said_to_be_unknown(
    provider: str, text: str
) -> None:
    """regulation.md says CISAS does not take data protection complaints, and says nothing either
    way of the Communications Ombudsman; neither code does. Its customers are told the sources
    are silent, never that it does or does not take them; regulation.md names no one else who
    handles data protection, so no one else is named."""
    messages = ask_adr(provider, text)
    answer = said(messages)
    names = [m["response"] for m in messages]
    assert "utter_adr_scheme_excludes" not in names
    [silent] = [m for m in messages if m["response"] == "utter_adr_scheme_silent"]
    assert silent["scheme"] == "the Communications Ombudsman"
    assert silent["matters"] == "data protection"
    assert (
        "Neither our code nor the rules I work from say whether the Communications Ombudsman "
        "takes complaints about data protection" in answer
    )
    assert "can't tell you either way" in answer
    sources = silent["custom"]["sources"]
    assert any("CISAS does not take complaints about" in s.get("source", "") for s in sources)
    # Not told it may go there as if nothing were in doubt, nor sent to a body no source names.
    assert "Information Commissioner" not in answer and "ICO" not in answer


def test_cisas_customers_are_still_told_cisas_does_not_take_data_protection() -> None:
    messages = ask_adr("infinium", "my data was leaked, can the ombudsman help?")
    names = [m["response"] for m in messages]
    assert "utter_adr_scheme_excludes" in names and "utter_adr_scheme_silent" not in names


# --- 3. Infinity System Solutions: a complaint first raised before 8 April 2026 ------------------

ISS = "infinity-system-solutions"
ISS_SIX_WEEKS = "If we have not resolved your complaint to your satisfaction after 6 weeks"


def test_iss_before_8_april_gets_the_8_week_date_and_why_the_codes_6_weeks_opened_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ISS's code: "after 6 weeks ... you may make a complaint through Ofcom"; regulation.md: the
    wait was 8 weeks for complaints first raised until 7 April 2026, and Ofcom does not decide
    individual complaints. A complaint first raised on 1 April 2026 could go to ADR from 27 May
    2026 (never 13 May), and the customer, who may have read the code's 6 weeks, is told why."""
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T10:00")
    messages = ask_adr(ISS, "I first complained on 1 April 2026. When can I go to the ombudsman?")
    answer = said(messages)
    assert "the wait was 8 weeks" in answer and "ADR opened on Wednesday 27 May 2026" in answer
    assert "13 May" not in answer
    [note] = [m for m in messages if m["response"] == "utter_adr_code_wait_not_adr"]
    assert (note["code_weeks"], note["named_instead"]) == (6, "Ofcom")
    assert "after 6 weeks you may complain through Ofcom" in answer
    assert "Ofcom does not decide individual complaints, so that did not open ADR" in answer
    quotes = [s.get("quote") for s in note["custom"]["sources"]]
    assert ISS_SIX_WEEKS in quotes
    # The schemes, and that ISS must say which it belongs to, are still given.
    assert "ask us on 0330 9000 009 which one we belong to" in answer


def test_iss_from_8_april_has_no_note_the_waits_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T10:00")
    messages = ask_adr(ISS, "I first complained on 20 April 2026. When can I go to the ombudsman?")
    assert "utter_adr_code_wait_not_adr" not in [m["response"] for m in messages]
    assert "ADR opened on Monday 1 June 2026" in said(messages)


def test_iss_complaint_logged_with_a_first_raised_day_before_8_april_says_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.actions.test_truth import submit

    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T10:00")
    logged = submit(ISS, complaint_first_raised="2026-04-01")
    assert "first raised it on Wednesday 1 April 2026" in logged
    assert "after 6 weeks you may complain through Ofcom" in logged
    assert "13 May" not in logged
