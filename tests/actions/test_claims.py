"""Every claim has a source (issue 14): the sign-off sheet covers every response, and every factual
answer the actions give, for every provider, carries sources that trace back to the published code
or to a row of today's rules.
"""

from __future__ import annotations

import re
import string
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from actions.intake import ActionAskContactPreference, ActionSubmitComplaint
from actions.rights import QUESTION_TOPICS, ActionAnswerQuestion, ActionQuoteResponseTimes
from actions.status import ActionHandleCaseRequest, ActionTalkToHuman
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from bot.claims import (
    CUSTOMERS_OWN_TELLING,
    NOT_SAID,
    domain_responses,
    factual_responses,
    sign_off_sheet,
)
from bot.cli import main
from bot.provider_codes import get_code, load_all_codes
from bot.regulation import load_rules
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    make_tracker,
    run_action,
)
from tests.cases_support import make_intake

PROVIDERS = ("infinity-group", "infinity-system-solutions", "infinium", "invictanet")
SOURCES_DIR = Path(__file__).resolve().parents[3] / "shared" / "codes-of-practice"
# Placeholders that carry a fact about the provider or the rules (not the customer's own answers,
# the provider's name, or the wording's own pieces).
FACTUAL = {
    "due_date", "period", "scheme", "contacts", "opens", "months", "max_employees", "role",
    "how", "code_text", "value", "hours", "routes", "code_weeks", "rules_weeks", "price_matters",
    "closes", "next_opening", "code_name", "current_name", "named_instead", "schemes", "holiday",
    "next_role", "first_handler", "adr", "details", "formats", "why", "max_award",
}  # fmt: skip


pytestmark = pytest.mark.usefixtures("action_database")


def published(code_file: str) -> str:
    return re.sub(r"\s+", " ", (SOURCES_DIR / code_file).read_text(encoding="utf-8"))


def case_answers(provider: str, raised: str) -> list[dict[str, Any]]:
    """What checking a case, asking to escalate it or for an ADR letter, and asking for a person
    say about a case this conversation raised (`raised`: when, so ADR is open or not yet)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bot import clock

    received = datetime.fromisoformat(raised).replace(tzinfo=ZoneInfo("Europe/London"))
    url = __import__("os").environ["DATABASE_URL"]
    with CaseStore.open(url) as store:
        case = store.create_case(
            make_intake(provider=provider, channel="chat"),
            received=received,
            actor="assistant",
            channel="chat",
        )
        CaseVerification(store).record_owner(
            case.reference, conversation_id="conversation-1", channel="rest", now=clock.now()
        )
    messages: list[dict[str, Any]] = []
    for request in ("status", "escalation", "escalation", "escalation", "adr_letter"):
        slots = {
            "provider": provider,
            "case_reference": case.reference,
            "verification_answer": "verified",
            "pending_request": request,
        }
        messages += run_action(ActionHandleCaseRequest(), make_tracker(slots))[0]
    slots = {"provider": provider, "created_reference": case.reference}
    messages += run_action(ActionTalkToHuman(), make_tracker(slots, intent="talk_to_human"))[0]
    return messages


def every_answer(provider: str) -> list[dict[str, Any]]:
    """Every message every answering action gives this provider's customers."""
    messages: list[dict[str, Any]] = case_answers(provider, "2026-12-21T10:00")
    messages += case_answers(provider, "2026-09-01T10:00")
    for intent in ["ask_escalation", "ask_adr", "ask_contact", *QUESTION_TOPICS]:
        tracker = make_tracker({"provider": provider}, text=intent, intent=intent)
        messages += run_action(ActionAnswerQuestion(), tracker)[0]
    # The schemes' court exclusion and largest award, asked about (F5).
    asked = "I'm taking them to court, what's the most the ombudsman can award?"
    tracker = make_tracker({"provider": provider}, text=asked, intent="ask_adr")
    messages += run_action(ActionAnswerQuestion(), tracker)[0]
    # A matter one scheme excludes, asked of the provider's own (issue 14: said, or unknown).
    asked = "my data was leaked, can the ombudsman help?"
    tracker = make_tracker({"provider": provider}, text=asked, intent="ask_adr")
    messages += run_action(ActionAnswerQuestion(), tracker)[0]
    tracker = make_tracker({"provider": provider}, intent="ask_response_time")
    messages += run_action(ActionQuoteResponseTimes(), tracker)[0]
    # What the code says about fault repair times (issue 14), never a complaint's reply dates.
    asked = "How long will it take to fix my fault?"
    tracker = make_tracker({"provider": provider}, text=asked, intent="ask_response_time")
    messages += run_action(ActionQuoteResponseTimes(), tracker)[0]
    messages += run_action(ActionAskContactPreference(), make_tracker({"provider": provider}))[0]
    for category in ("billing", "pricing"):
        slots = {**CONSUMER_FORM, "provider": provider, "complaint_category": category}
        tracker = make_tracker(slots, text="yes", intent="affirm")
        messages += run_action(ActionSubmitComplaint(), tracker)[0]
    return messages


def factual_fields(response: str) -> set[str]:
    text = DOMAIN["responses"][response][0].get("text") or ""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f} & FACTUAL


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_factual_answer_carries_sources_that_trace_back(provider: str) -> None:
    code = get_code(provider)
    text = published(code.source)
    checked = 0
    for message in every_answer(provider):
        if not factual_fields(message["response"]):
            continue
        sources = (message.get("custom") or {}).get("sources")
        assert sources, f"{message['response']} states a fact without a source"
        for source in sources:
            if source.get("quote") is not None:
                assert re.sub(r"\s+", " ", source["quote"]) in text, source
            else:
                assert source.get("source"), source  # a row of today's rules, named
        checked += 1
    assert checked >= 10


def test_the_sign_off_sheet_covers_every_response_for_every_provider() -> None:
    rules = load_rules()
    codes = list(load_all_codes().values())
    factual = factual_responses(codes, rules)
    for code in codes:
        sheet = sign_off_sheet(code, rules, factual)
        assert {c.response for c in sheet} == set(domain_responses())
        for claim in sheet:
            if claim.response in factual and claim.facts.get("note") != NOT_SAID:
                assert claim.sources, (code.id, claim.response)


def test_no_response_states_a_fact_the_sheet_does_not_source() -> None:
    """A response with a factual placeholder is on the sheet as factual for some provider."""
    rules = load_rules()
    factual = factual_responses(list(load_all_codes().values()), rules)
    for name in DOMAIN["responses"]:
        fields = factual_fields(name)
        # The customer's own case data (status, reference) and reasons built in bot/ from the
        # rules are not in FACTUAL or are sourced with the eligibility rows.
        if fields:
            assert name in factual or name in UNUSED_TODAY, (name, fields)


# Factual responses no provider's code leads to today, and why (the sheet lists them as such).
UNUSED_TODAY = {
    # Only a code naming a real scheme with a shorter wait than today's rules would use it.
    "utter_adr_dates_code": "no code gives a shorter wait than today's rules",
    "utter_adr_stated_open_code": "no code gives a shorter wait than today's rules",
    "utter_adr_stated_from_code": "no code gives a shorter wait than today's rules",
    # Every scheme a code names has today's contacts in the rules.
    "utter_escalation_then_adr_code_contacts": "every named scheme has today's contacts",
    # Infinium's and Invictanet's codes each give one out-of-date detail (the postal address).
    "utter_adr_contacts_out_of_date_many": "no code gives several details today's list otherwise",
    # Infinity Group's and Invictanet's codes each give two details today's rules do not list.
    "utter_adr_contacts_unlisted_one": "no code gives just one detail today's rules do not list",
}


def test_codes_claims_prints_and_writes_the_sheet(tmp_path: Path) -> None:
    def run(*argv: str) -> tuple[int, str]:
        out = StringIO()
        return main(list(argv), out=out), out.getvalue()

    status, text = run("codes", "claims", "infinium")
    assert status == 0
    assert "We always aim to respond to your correspondence within 3 business days." in text
    assert "applies from 2026-04-08" in text
    page = tmp_path / "sheet.html"
    status, _ = run("codes", "claims", "infinium", "--html", str(page))
    assert status == 0 and "<table" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_support_offer_and_urgent_number_is_on_the_sheet_with_its_source(
    provider: str,
) -> None:
    """Issue 18: compliance sees each offer's wording, the code's words beside it, and the urgent
    numbers marked as from outside the codes and rules."""
    from bot.vulnerability import load_vulnerability_rules

    vulnerability = load_vulnerability_rules()
    code = get_code(provider)
    sheet = sign_off_sheet(code, load_rules())
    offers = {c.facts.get("offer"): c for c in sheet if c.response == "utter_support_offer"}
    for offer in vulnerability.offers.values():
        claim = offers[offer.text]
        assert claim.sources[0]["source"] == offer.source
    code_says = [c for c in sheet if c.response == "utter_support_code_says" and c.facts]
    text = published(code.source)
    for claim in code_says:
        assert re.sub(r"\s+", " ", claim.sources[0]["quote"]) in text
    if provider == "infinity-group":
        assert any("call you back" in c.facts["code_text"] for c in code_says)
    urgent = [c for c in sheet if c.response == "utter_urgent_help"]
    said = {line.text for lines in vulnerability.urgent_help.values() for line in lines}
    assert {c.facts["help"] for c in urgent} == said
    assert len(urgent) == len(said)  # 999 once, however many circumstances call for it
    assert all("outside the provider's code" in c.sources[0]["document"] for c in urgent)
    # Each need as the customer is told it (26 Nov), with the offer's source.
    for offer in vulnerability.need_offers().values():
        [row] = [c for c in sheet if c.response == f"utter_need_{offer.id}"]
        assert row.facts["need recorded"] == str(offer.need).replace(
            "{when}", "[the time the customer gives]"
        ).replace("{who}", CUSTOMERS_OWN_TELLING)
        assert "{" not in row.facts["need recorded"]  # never a bare placeholder for staff
        assert row.sources[0]["source"] == offer.source
    repair = [c for c in sheet if c.response == "utter_line_down_priority_repair"]
    assert repair and "General Condition C5" in repair[0].sources[0]["source"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_answer_shows_customers_the_projects_own_file_names(provider: str) -> None:
    """Outside attacker, 27 Nov (F3): every sourced answer carried the code's file name
    ("000_69503909c86e7530.txt") and "as transcribed in regulation.md", which the website chat
    shows under "Where this comes from"."""
    for message in every_answer(provider):
        for source in (message.get("custom") or {}).get("sources") or []:
            shown = " ".join(str(value) for value in source.values())
            assert "regulation.md" not in shown, (message["response"], source)
            assert ".txt" not in shown and ".yaml" not in shown, (message["response"], source)
