"""Issue 14, as the customer asks it: a question is answered for what it asks, from the code.

- "How long will it take to fix my fault?" gets what the provider's code says about fault repair
  times (or that it says nothing), never a complaint's reply dates, whatever intent NLU gave.
- The provider's own e-mail address in an account ("I emailed complaints@invictanet.com") is
  never taken as the customer's.
- "If I complain on 5 January 2027, when can I go to the ombudsman?" is answered for that day.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionClarify, ActionDefaultFallback
from actions.faults import ActionReportFault
from actions.intake import ActionStartComplaint, ValidateComplaintForm
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from actions.status import ActionSetCaseRequest
from tests.action_support import (
    ask_with,
    form_turn,
    make_tracker,
    responses,
    run_action,
    slots_set,
    validate,
)
from tests.actions.test_truth import PROVIDERS, said

pytestmark = pytest.mark.usefixtures("action_database")

REPAIR_QUESTIONS = (
    "How long will it take to fix my fault?",
    "when will my broadband be fixed",
    "my internet is down, when will it be repaired?",
)

# The fault repair answer, by provider: the code's words where it has them (Invictanet 6.4), or
# plainly that it says nothing.
REPAIR_WORDS = {
    "invictanet": "as soon as we reasonably can",
    "infinium": "doesn't say how long a fault takes to fix",
    "infinity-group": "doesn't say how long a fault takes to fix",
    "infinity-system-solutions": "doesn't say how long a fault takes to fix",
}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("text", REPAIR_QUESTIONS)
def test_a_repair_time_question_gets_the_codes_words_not_complaint_reply_dates(
    provider: str, text: str
) -> None:
    messages, _ = ask_with(ActionQuoteResponseTimes(), provider, text, "ask_response_time")
    words = said(messages)
    assert REPAIR_WORDS[provider] in words, words
    # Never a complaint's reply date, said as if it were the repair's.
    assert not any(r.startswith("utter_commitment_") for r in responses(messages)), words
    assert "December 2026" not in words and "reply" not in words.lower(), words
    # Where to report or ask about the fault, and a complaint offered.
    assert {
        "utter_fault_line",
        "utter_fault_line_not_named",
        "utter_fault_line_not_named_hours",
    } & set(responses(messages))
    assert "utter_offer_complaint" in responses(messages)
    for message in messages:
        if message["response"] in ("utter_topic_fault_repair_time",):
            assert message["custom"]["sources"][0]["quote"]


@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionReportFault(), "report_fault"),
        (ActionClarify(), "nlu_fallback"),
        (ActionDefaultFallback(), "inform"),
        (ActionAnswerQuestion(), "ask_contact"),
        (ActionSetCaseRequest(), "check_case"),
        (ActionStartComplaint(), "make_complaint"),
    ],
)
def test_a_repair_time_question_read_as_another_intent_is_put_back_as_that_question(
    action: Any, intent: str
) -> None:
    _, events = ask_with(action, "invictanet", "How long will it take to fix my fault?", intent)
    users = [e for e in events if e.get("event") == "user"]
    assert users and users[-1]["parse_data"]["intent"]["name"] == "ask_response_time", events


def test_a_question_about_the_complaint_reply_still_gets_its_dates() -> None:
    messages, _ = ask_with(
        ActionQuoteResponseTimes(), "invictanet", "when will you reply to my complaint?",
        "ask_response_time",
    )  # fmt: skip
    assert "utter_commitment_respond" in responses(messages)


# --- the provider's own e-mail address is never the customer's ----------------------------------

PROVIDERS_OWN = (
    ("invictanet", "complaints@invictanet.com"),
    ("infinity-group", "complaints@infinitygroup.co.uk"),
    ("infinity-system-solutions", "service@infinitysystemsolutions.co.uk"),
)


@pytest.mark.parametrize(("provider", "address"), PROVIDERS_OWN)
def test_the_providers_own_address_at_the_email_question_is_refused_and_asked_again(
    provider: str, address: str
) -> None:
    text = f"I emailed {address} on 3 Nov and heard nothing"
    tracker = form_turn(
        "complaint_form",
        "customer_email",
        {"customer_email": address},
        before={"provider": provider, "complaint_category": "billing"},
        text=text,
        entities={"email": address},
    )
    result, messages = validate(ValidateComplaintForm().validate_customer_email, address, tracker)
    assert result["customer_email"] is None, result
    assert [m["response"] for m in messages] == ["utter_email_is_providers"]
    assert address in said(messages) and "own" in said(messages)


@pytest.mark.parametrize(("provider", "address"), PROVIDERS_OWN)
@pytest.mark.parametrize("requested", [None, "customer_name", "complaint_category"])
def test_the_providers_own_address_in_passing_is_never_taken(
    provider: str, address: str, requested: str | None
) -> None:
    """Picked up by the model from an account, at the form's start or with the name."""
    text = f"Jane Doe. I emailed {address} on 3 Nov and heard nothing"
    tracker = form_turn(
        "complaint_form",
        requested,
        {"customer_email": address},
        before={"provider": provider},
        text=text,
        entities={"email": address},
    )
    result, _ = validate(ValidateComplaintForm().validate_customer_email, address, tracker)
    assert result["customer_email"] is None, result


@pytest.mark.parametrize(("provider", "address"), PROVIDERS_OWN)
def test_the_providers_own_address_read_as_another_intent_is_not_set_as_the_answer(
    provider: str, address: str
) -> None:
    text = f"i already emailed {address} about this"
    tracker = form_turn(
        "complaint_form",
        "customer_email",
        {},
        before={"provider": provider, "complaint_category": "billing"},
        text=text,
        intent="ask_contact",
    )
    _, events = run_action(ActionAnswerQuestion(), tracker)
    assert slots_set(events).get("customer_email") != address, events


def test_the_customers_own_address_is_still_taken() -> None:
    address = "jane.doe@example.co.uk"
    tracker = form_turn(
        "complaint_form",
        "customer_email",
        {"customer_email": address},
        before={"provider": "invictanet"},
        text=address,
    )
    result, _ = validate(ValidateComplaintForm().validate_customer_email, address, tracker)
    assert result["customer_email"] == address


# --- a question about a day still to come is answered for that day -------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("if I complain on 5 January 2027, when can I go to the ombudsman?", "ask_adr"),
        ("If I complain on 5 January, when could I go to the ombudsman?", "ask_adr"),
        ("I will complain on 5 January 2027, when can I go to the ombudsman?", "ask_adr"),
        ("if I complain on 5 January 2027, when can I go to the ombudsman?", "ask_contact"),
    ],
)
def test_when_adr_opens_for_a_complaint_made_on_a_day_to_come(
    provider: str, text: str, intent: str
) -> None:
    messages, _ = ask_with(ActionAnswerQuestion(), provider, text, intent)
    words = said(messages)
    # 6 weeks from Tuesday 5 January 2027 under today's rules (the earlier date, for every code).
    assert "first raised on Tuesday 5 January 2027" in words, words
    assert "Tuesday 16 February 2027" in words, words
    assert "raised today" not in words, words


@pytest.mark.parametrize("intent", ["make_complaint", "ask_response_time"])
def test_an_adr_question_for_a_day_to_come_read_as_another_intent_is_the_adr_question(
    intent: str,
) -> None:
    action = ActionStartComplaint() if intent == "make_complaint" else ActionQuoteResponseTimes()
    text = "if I complain on 5 January 2027, when can I go to the ombudsman?"
    _, events = ask_with(action, "infinium", text, intent)
    users = [e for e in events if e.get("event") == "user"]
    assert users and users[-1]["parse_data"]["intent"]["name"] == "ask_adr", events


def test_when_a_reply_is_due_for_a_complaint_sent_on_a_day_to_come() -> None:
    """Invictanet replies within one working day: for an e-mail on Thursday 24 December, after
    Christmas Day and Boxing Day's substitute, Tuesday 29 December (today's answer would be
    Wednesday 23 December)."""
    text = "when would you reply if I wrote on 24 December?"
    messages, _ = ask_with(ActionQuoteResponseTimes(), "invictanet", text, "ask_response_time")
    words = said(messages)
    assert "on Thursday 24 December 2026" in words, words
    assert "by Tuesday 29 December 2026" in words, words
    assert "23 December" not in words and "today" not in words, words


def test_a_reply_time_for_a_day_to_come_says_when_it_is_counted_from() -> None:
    """Infinity Group's e-mail: five working days, counted from its next opening after a bank
    holiday (Boxing Day's substitute, Monday 28 December 2026)."""
    text = "If I email my complaint on 28 December, when will you reply?"
    messages, _ = ask_with(ActionQuoteResponseTimes(), "infinity-group", text, "ask_response_time")
    words = said(messages)
    assert "on Monday 28 December 2026" in words, words
    assert "counted from Tuesday 29 December 2026" in words, words


# --- compensation: only what the code says, and plainly what it does not ------------------------


@pytest.mark.parametrize(
    ("provider", "not_in_code"),
    [
        ("infinium", "doesn't say anything about compensation"),
        ("invictanet", "doesn't say anything about compensation"),
        ("infinity-system-solutions", "doesn't say anything about refunds"),
    ],
)
@pytest.mark.parametrize(
    "text", ["will I get compensation?", "can I get money back for the days without broadband?"]
)
def test_a_compensation_question_says_what_the_code_does_not_cover(
    provider: str, not_in_code: str, text: str
) -> None:
    """Infinium and Invictanet speak of refunds only, Infinity System Solutions of compensation
    only: the answer gives the code's words and says plainly what it does not cover, never a
    scheme or an amount no source gives."""
    messages, _ = ask_with(ActionAnswerQuestion(), provider, text, "ask_compensation")
    words = said(messages)
    assert not_in_code in words, words
    assert "£" not in words and "automatic" not in words.lower(), words
    assert "we'll tell you" not in words, words


@pytest.mark.parametrize("text", ["will I get compensation?"])
def test_a_code_without_compensation_or_refunds_promises_no_answer(text: str) -> None:
    """Infinity Group's code says nothing of either: no promise that "we'll tell you"."""
    messages, _ = ask_with(ActionAnswerQuestion(), "infinity-group", text, "ask_compensation")
    words = said(messages)
    assert "doesn't cover compensation or refunds" in words, words
    assert "we'll tell you" not in words and "£" not in words, words


def _at_read_back(text: str, extracted: str | None, intent: str = "inform") -> Any:
    """The read-back is showing Jane's complaint; the customer's latest message, and the e-mail
    Rasa's slot mappings took from it (set without a check: no form is active)."""
    before = {"provider": "invictanet", "customer_email": "jane.doe@example.co.uk"}
    events: list[dict[str, Any]] = [
        {"event": "slot", "name": k, "value": v} for k, v in before.items()
    ]
    events += [
        {"event": "action", "name": "action_summarise_complaint"},
        {
            "event": "user",
            "text": text,
            "parse_data": {"intent": {"name": intent}, "text": text, "entities": []},
        },
    ]
    slots = dict(before)
    if extracted is not None:
        events.append({"event": "slot", "name": "customer_email", "value": extracted})
        slots["customer_email"] = extracted
    slots["complaint_description"] = "I was charged twice for December."
    return make_tracker(slots, text=text, intent=intent, events=events)


def test_the_providers_address_taken_by_the_mappings_at_the_read_back_is_undone() -> None:
    from actions.intake import ActionChangeComplaint

    text = "I also emailed complaints@invictanet.com on 3 Nov and heard nothing"
    _, events = run_action(
        ActionChangeComplaint(), _at_read_back(text, "complaints@invictanet.com")
    )
    assert slots_set(events).get("customer_email") == "jane.doe@example.co.uk", events


def test_changing_the_email_to_the_providers_is_refused() -> None:
    from actions.intake import ActionChangeComplaint

    text = "change my email to complaints@invictanet.com"
    messages, events = run_action(
        ActionChangeComplaint(), _at_read_back(text, "complaints@invictanet.com")
    )
    assert slots_set(events).get("customer_email") == "jane.doe@example.co.uk", events
    assert "utter_email_is_providers" in responses(messages)
    assert "utter_field_updated" not in responses(messages)


def test_a_letter_to_be_posted_on_a_day_to_come_gets_no_dates() -> None:
    """A letter reaches the provider days after it is posted: the day is said, no date given."""
    text = "if I post a letter on 5 January, when will you reply?"
    messages, _ = ask_with(ActionQuoteResponseTimes(), "infinium", text, "ask_response_time")
    words = said(messages)
    assert "sent by letter on Tuesday 5 January 2027" in words, words
    assert "2027 (" not in words and "today" not in words, words


@pytest.mark.parametrize(
    ("text", "said_day"),
    [
        ("if I email on Christmas Eve when will you reply?", "on Thursday 24 December 2026"),
        ("if I complain on Boxing Day when's the deadline?", "on Saturday 26 December 2026"),
        ("what if I write to you on New Year's Eve?", "on Thursday 31 December 2026"),
        ("if I phone on the 24th of December?", "on Thursday 24 December 2026"),
    ],
)
def test_a_reply_time_for_a_day_named_in_words_is_for_that_day(text: str, said_day: str) -> None:
    """Issue 14: "if I email on Christmas Eve when will you reply?" was answered for a complaint
    made today; the answer is for that day, and says the date it used."""
    messages, _ = ask_with(ActionQuoteResponseTimes(), "invictanet", text, "ask_response_time")
    words = said(messages)
    assert said_day in words, words
    assert "today" not in words, words


INVICTANET_ROUTES = "by fax to 0871 703 2665, or by e-mail to complaints@invictanet.com"


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("if I complain by phone when will you reply?", "phone"),
        ("If I send a letter, when will I hear back?", "letter"),
    ],
)
def test_invictanets_reply_time_by_phone_or_letter_says_how_its_code_asks_for_complaints(
    text: str, channel: str
) -> None:
    """Issue 14: Invictanet's code (6.5) says "All complaints should be sent by fax ... or e-mail";
    asked about phone or letter, the answer was "You can call 0333 101 4400 to ask", as if phone
    were its route. It says what the code says about how complaints are to be made."""
    messages, _ = ask_with(ActionQuoteResponseTimes(), "invictanet", text, "ask_response_time")
    words = said(messages)
    assert f"no timed promise for a complaint made by {channel}" in words, words
    assert f"asks for complaints to be made {INVICTANET_ROUTES}" in words, words
    assert "0333 101 4400" not in words, words
    [reply] = [m for m in messages if m["response"] == "utter_no_commitments_routes"]
    assert reply["custom"]["sources"][0]["quote"].startswith("All complaints should be sent by fax")


@pytest.mark.parametrize("text", ["can I complain by phone?", "can I send my complaint by letter?"])
def test_invictanets_contacts_asked_to_complain_by_phone_or_letter_say_its_codes_route(
    text: str,
) -> None:
    """Issue 14: the contact answer listed the phone and the postal address as if either were the
    code's way to complain; its 6.5 asks for fax or e-mail, and that is said first."""
    messages, _ = ask_with(ActionAnswerQuestion(), "invictanet", text, "ask_contact")
    assert messages[0]["response"] == "utter_complaint_routes", said(messages)
    assert f"asks for complaints to be made {INVICTANET_ROUTES}" in said(messages)
