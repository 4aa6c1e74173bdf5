"""Someone acting for the customer, and an account held or controlled by someone else (issue 18,
outside testers of 27 November): "I have power of attorney for my mum", "my son handles my
account", "my ex has the account in his name and won't let me cancel it" got nothing. The help the
sources give, each with its source, and no more: neither the provider's code nor today's rules say
how an attorney, a carer or a relative acts on another's account, or what a provider does when an
ex-partner holds or controls it, so the customer is told so, with the provider's number from its
code; the code's own words on confidentiality where it has them; the urgent numbers where there is
risk (an ex-partner controlling the account).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.chitchat import ActionDefaultFallback
from actions.intake import ValidateComplaintForm
from tests.action_support import (
    DOMAIN,
    form_turn,
    make_tracker,
    only,
    rendered,
    responses,
    run_action,
    slots_set,
)

pytestmark = pytest.mark.usefixtures("action_database")
CODES = Path(__file__).resolve().parents[3] / "shared" / "codes-of-practice"


def _fallback(text: str, provider: str = "infinium", events: list | None = None):
    tracker = make_tracker({"provider": provider}, text=text, intent="nlu_fallback", events=events)
    return run_action(ActionDefaultFallback(), tracker)


def _code_says(quote: str) -> bool:
    published = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in CODES.glob("*.txt")
    )
    return " ".join(quote.split()) in published


@pytest.mark.parametrize(
    "said",
    [
        "I have power of attorney for my mum",
        "I'm her carer and I deal with her phone bills",
        "I look after my dad's account",
    ],
)
def test_someone_acting_for_another_hears_what_the_sources_say_and_the_number(said: str) -> None:
    messages, _ = _fallback(said)
    said_back = responses(messages)
    assert "utter_speaking_for_another_not_covered" in said_back
    not_covered = only(messages, "utter_speaking_for_another_not_covered")
    assert "01253 353537" in rendered(not_covered)  # Infinium's number, from its code
    [phone_source] = not_covered["custom"]["sources"]
    assert "01253 353537" in phone_source["quote"] and _code_says(phone_source["quote"])
    # The code's own words on who it discloses a customer's details to, with their quote.
    confidentiality = only(messages, "utter_topic_confidentiality")
    assert "on your instructions" in confidentiality["code_text"]
    assert _code_says(confidentiality["custom"]["sources"][0]["quote"])
    # Nothing the sources do not say: no promise that the attorney or carer will be accepted.
    everything = " ".join(rendered(m) for m in messages if m["response"] in DOMAIN["responses"])
    assert "we accept" not in everything.lower() and "register" not in everything.lower()


def test_a_customer_whose_relative_handles_the_account_is_told_the_wish_can_be_noted() -> None:
    messages, _ = _fallback("my son handles my account")
    said = responses(messages)
    assert "utter_someone_acting_not_covered" in said
    assert "01253 353537" in rendered(only(messages, "utter_someone_acting_not_covered"))
    noted = only(messages, "utter_someone_acting_noted")
    assert "General Condition C5.3-C5.7" in noted["custom"]["sources"][0]["source"]


@pytest.mark.parametrize(
    ("provider", "topics"),
    [
        # Infinity Group: its privacy and identity-check words; Invictanet: section 9 on
        # vulnerable groups; Infinity System Solutions: nothing, so only that no source says how.
        ("infinity-group", ["utter_topic_confidentiality", "utter_topic_identity_checks"]),
        ("invictanet", ["utter_topic_vulnerable_customers"]),
        ("infinity-system-solutions", []),
    ],
)
def test_each_code_gives_only_the_words_it_has(provider: str, topics: list[str]) -> None:
    messages, _ = _fallback("I have power of attorney for my mum", provider=provider)
    said = responses(messages)
    assert said[0] == "utter_speaking_for_another_not_covered"
    assert [r for r in said if r.startswith("utter_topic_")] == topics
    for message in messages:
        if message["response"].startswith("utter_topic_"):
            assert _code_says(message["custom"]["sources"][0]["quote"])


ABUSE = "my ex has the account in his name and won't let me cancel it"


def test_an_ex_controlling_the_account_gets_the_numbers_at_once_and_the_provider_to_ask() -> None:
    messages, events = _fallback(ABUSE)
    said = responses(messages)
    assert said[:3] == ["utter_urgent_help"] * 3  # first, before anything else
    helplines = " ".join(m["help"] for m in messages if m["response"] == "utter_urgent_help")
    assert "999" in helplines and "0808 2000 247" in helplines
    assert slots_set(events)["circumstances"] == ["domestic_abuse"]
    account = only(messages, "utter_account_held_by_another_not_covered")
    assert "01253 353537" in rendered(account)
    assert _code_says(account["custom"]["sources"][0]["quote"])
    # Never the code's confidentiality clause here: it protects the account holder, the ex.
    assert "utter_topic_confidentiality" not in said


def test_an_account_in_an_exs_name_alone_is_no_emergency() -> None:
    messages, events = _fallback("the broadband is still in my ex's name")
    assert "utter_urgent_help" not in responses(messages)
    assert "utter_account_held_by_another_not_covered" in responses(messages)


def test_said_once_in_a_conversation() -> None:
    first, _ = _fallback("I have power of attorney for my mum")
    earlier = [
        {"event": "user", "text": "I have power of attorney for my mum", "parse_data": {}},
        *({"event": "bot", "text": "", "metadata": {"utter_action": m["response"]}} for m in first),
        {
            "event": "user",
            "text": "as I said I have power of attorney for my mum",
            "parse_data": {},
        },
    ]
    again, _ = _fallback("as I said I have power of attorney for my mum", events=earlier)
    assert "utter_speaking_for_another_not_covered" not in responses(again)


def test_said_in_the_account_of_what_happened_the_complaint_goes_on() -> None:
    text = "I have power of attorney for my mum and you charged her twice in December."
    tracker = form_turn(
        "complaint_form",
        "complaint_description",
        {"complaint_description": text},
        before={"complaint_category": "billing", "provider": "infinium"},
        text=text,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert "utter_speaking_for_another_not_covered" in responses(messages)
    slots = slots_set(events)
    assert slots["complaint_description"] == text
    assert slots["requested_slot"] == "customer_name"


def test_no_help_for_an_ordinary_complaint() -> None:
    messages, _ = _fallback("my broadband keeps dropping out every evening")
    for response in (
        "utter_speaking_for_another_not_covered",
        "utter_someone_acting_not_covered",
        "utter_account_held_by_another_not_covered",
    ):
        assert response not in responses(messages)


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
def test_the_sign_off_sheet_lists_each_line_with_the_numbers_quote(provider: str) -> None:
    from bot.claims import sign_off_sheet
    from bot.provider_codes import get_code
    from bot.regulation import load_rules

    code = get_code(provider)
    sheet = sign_off_sheet(code, load_rules())
    for response in (
        "utter_speaking_for_another_not_covered",
        "utter_someone_acting_not_covered",
        "utter_account_held_by_another_not_covered",
    ):
        rows = [c for c in sheet if c.response == response and c.sources]
        assert rows and all(_code_says(row.sources[0]["quote"]) for row in rows)
