"""Outside compliance, round 16: the logged complaint's ADR answer reads the complaint's own words
for the matters the schemes exclude, as the direct answer does (F30), and a question about general
price levels asked as an escalation question gets the narrow price exclusion (F21)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from actions.intake import ActionSubmitComplaint
from actions.rights import ActionAnswerQuestion
from bot.cases.desk.show import describe_case
from bot.cases.store import CaseStore
from tests.action_support import (
    CONSUMER_FORM,
    ask_with,
    make_tracker,
    only,
    rendered,
    responses,
    run_action,
)
from tests.cases_support import LONDON

pytestmark = pytest.mark.usefixtures("action_database")

DATA_SHARED = "you gave my personal details to a marketing company without my consent"
IN_COURT = (
    "you billed me for a leased line I never ordered and I've already started a small claims "
    "court case against you about it"
)


def submit(provider: str, description: str, category: str = "other") -> list[dict[str, Any]]:
    slots = {
        **CONSUMER_FORM,
        "provider": provider,
        "complaint_category": category,
        "complaint_description": description,
    }
    messages, _ = run_action(
        ActionSubmitComplaint(), make_tracker(slots, text="yes log it", intent="affirm")
    )
    return messages


def _sources(message: dict[str, Any]) -> str:
    return str(message.get("custom", {}).get("sources") or message.get("sources"))


def test_a_data_protection_complaint_is_told_cisas_does_not_take_it_before_any_date() -> None:
    """F30: IN-RK5Z85, "you gave my personal details to a marketing company without my consent",
    was confirmed "you may take it to CISAS from Saturday 9 January 2027", with no word that CISAS
    does not take data protection complaints, which the direct answer says."""
    messages = submit("infinium", DATA_SHARED)
    said = responses(messages)
    depends = [m for m in messages if m["response"] == "utter_adr_depends"]
    assert depends, said
    reason = depends[0]["reason"]
    assert reason.startswith("CISAS does not take complaints about data protection"), reason
    assert "CISAS application page" in _sources(depends[0])
    # The exclusion comes before the date, and the date is said to be for the rest only.
    first = said.index("utter_adr_depends")
    dated = [i for i, r in enumerate(said) if r.startswith("utter_adr_from_date")]
    assert dated and first < dated[0], said
    assert "utter_adr_date_for_the_rest" in said[first : dated[0]], said


def test_a_matter_already_in_court_is_told_the_ombudsman_cannot_take_it() -> None:
    """F30 addendum: IV-X0YDFV said "I've already started a small claims court case against you"
    and was confirmed "you may take it to the Communications Ombudsman from ..."; the schemes do
    not take matters already in court (regulation.md), as the direct answer says."""
    messages = submit("invictanet", IN_COURT, category="billing")
    depends = [m for m in messages if m["response"] == "utter_adr_depends"]
    assert depends, responses(messages)
    reason = depends[0]["reason"]
    assert "already in court" in reason and "Communications Ombudsman" in reason, reason
    assert "matters already in court" in _sources(depends[0])
    said = responses(messages)
    assert said.index("utter_adr_depends") < said.index("utter_adr_from_date"), said


def test_a_threat_of_court_is_not_a_matter_already_in_court() -> None:
    messages = submit(
        "invictanet", "you billed me twice and if you don't refund me I will take you to court"
    )
    assert not any(
        "court" in m.get("reason", "") for m in messages if m["response"] == "utter_adr_depends"
    )


def test_a_plain_complaint_has_no_exclusion_before_its_date() -> None:
    said = responses(submit("infinium", "I was charged twice for December.", "billing"))
    assert "utter_adr_from_date" in said and "utter_adr_date_for_the_rest" not in said


def test_the_desk_flags_the_exclusion_beside_the_adr_date(action_store: CaseStore) -> None:
    """F30: the desk showed "ADR: opens Saturday 9 January 2027; no ADR letter yet" for a
    data-protection complaint, a date staff will act on."""
    messages = submit("infinium", DATA_SHARED)
    reference = only(messages, "utter_complaint_created")["reference"]
    case = action_store.get(reference)
    assert case is not None
    now = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)
    text = describe_case(case, action_store.events(reference), now, action_store)
    line = next(x for x in text.splitlines() if x.startswith("ADR:"))
    assert "CISAS does not take complaints about data protection" in text, text
    assert "CISAS application page" in text, text
    assert line  # the date stays, flagged on the next line


@pytest.mark.parametrize("intent", ["ask_escalation", "ask_adr"])
def test_general_prices_asked_of_cisas_get_the_price_exclusion(intent: str) -> None:
    """F21: Infinium, "your prices are just too high compared to BT, can CISAS look at that?" got
    the escalation ladder and "you can take it to ... CISAS", with no word that the schemes don't
    judge general price levels (regulation.md); Infinity Group's wording got it right."""
    messages, _ = ask_with(
        ActionAnswerQuestion(),
        "infinium",
        "your prices are just too high compared to BT, can CISAS look at that?",
        intent,
    )
    said = responses(messages)
    assert "utter_adr_prices" in said, said
    assert "utter_escalation_then_adr" not in said, said
    assert "general level of prices" in rendered(only(messages, "utter_adr_prices"))


def test_overpriced_asked_of_the_ombudsman_leads_with_the_price_exclusion() -> None:
    """F21 (invictanet, MED): "I think your broadband is overpriced, will the ombudsman rule on
    that?" got the generic block with the price line last."""
    messages, _ = ask_with(
        ActionAnswerQuestion(),
        "invictanet",
        "I think your broadband is overpriced, will the ombudsman rule on that?",
        "ask_adr",
    )
    assert responses(messages)[0] == "utter_adr_prices", responses(messages)


def _text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(rendered(m) for m in messages if m["response"] != "utter_complaint_record")


def test_the_logged_complaint_says_how_to_reach_the_scheme_that_it_is_free_and_the_limit() -> None:
    """F9: IN-7NGKCQ's confirmation gave "you may take it to CISAS from Saturday 9 January 2027"
    and nothing more: not how to reach CISAS today, that it is free, or the 12 months after an
    ADR letter (regulation.md), though the answers to later questions give all three."""
    messages = submit("infinium", "I was charged twice for December.", "billing")
    said = responses(messages)
    shown = _text(messages)
    assert "020 7520 3827" in shown and "cedr.com/consumer/cisas" in shown, shown
    assert "free for you" in shown and "12 months" in shown, shown
    assert said.index("utter_adr_free_and_limit") > said.index("utter_adr_from_date"), said


def test_a_code_naming_no_scheme_lists_both_and_says_ask_which() -> None:
    """F9: ISS-3682JA was told "you may take it to the ombudsman (ADR) scheme from ...", with no
    scheme named and no "ask us which one we belong to"."""
    shown = _text(submit("infinity-system-solutions", "I was charged twice.", "billing"))
    assert "CISAS" in shown and "Communications Ombudsman" in shown, shown
    assert "0330 440 1614" in shown and "020 7520 3827" in shown, shown
    assert "which of these we belong to" in shown and "0330 9000 009" in shown, shown


def test_a_business_the_scheme_will_not_take_is_not_told_how_to_reach_it() -> None:
    slots = {
        **CONSUMER_FORM,
        "provider": "infinium",
        "customer_type": "business",
        "employees": 40,
    }
    messages, _ = run_action(
        ActionSubmitComplaint(), make_tracker(slots, text="yes log it", intent="affirm")
    )
    assert "utter_adr_free_and_limit" not in responses(messages)


@pytest.mark.parametrize(
    "said",
    [
        "my line was dead for a week and I missed my court hearing because of it",
        "I'm taking my landlord to court and need my phone line working for it",
    ],
)
def test_a_court_case_with_someone_else_is_no_exclusion(said: str) -> None:
    # Read by the lead after merging: a court hearing missed because the line was down, or a case
    # against someone else, is no matter "already in court" between customer and provider.
    messages = submit("invictanet", said)
    assert not any(
        "court" in m.get("reason", "") for m in messages if m["response"] == "utter_adr_depends"
    )


def test_giving_ones_own_details_again_is_no_data_protection_exclusion() -> None:
    # Read by the lead after merging: "I had to give my details five times" is a service
    # complaint; only details passed on by the provider are data protection (F30's reader).
    messages = submit(
        "infinium", "I had to give my details five times to different agents and nobody helped"
    )
    assert not any(
        "data protection" in m.get("reason", "")
        for m in messages
        if m["response"] == "utter_adr_depends"
    )
