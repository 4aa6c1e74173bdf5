"""Questions outside testers found misunderstood (27 Nov, round 13), answered from their words
whatever intent the model read. Each message is run through the action Rasa's rules give its
intent (RULE_ACTIONS), and on through the intent it is put back as (`read_as`), as Rasa would.

1. "what happens if I'm vulnerable?" (the ADR answer), "I'm vulnerable, I've just been bereaved,
   what help is there?" ("There's nothing in progress to stop.") and "is there help if I'm deaf?"
   (the greeting): the help for disabled and vulnerable customers (GC C5); "im deaf, how can i
   contact you? i cant do phone calls" (Invictanet: a complaint started, then nine contact lines
   and no Relay UK): Relay UK and the code's ways in writing, never its phone numbers.
2. "is a price rise covered?" (not understood): ADR's narrow price exclusion.
3. "8 employees and 4 contractors, does that count?" (the cancellation clause): ADR by head count.
4. "Invictawiz, who is that?" (Invictanet: the data-protection answer): what the code says.
5. "so when will i actually hear back? and whats the ombudsman" after logging: both answers.
6. "what is CISAS and how do i get hold of them": what an ADR scheme is, with the contacts.
7. "can i get compensation for the lost card sales? we lost about £400": what ADR can award.
8. "will you stop chasing me for the £180 while its looked at?" after logging: not the stop reply.
9. "why do u need my phone number" at the phone question: what it is for, then asked again.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

import actions.chitchat as chitchat
import actions.faults as faults
import actions.intake as intake
import actions.rights as rights
import actions.status as status
from tests.action_support import (
    message,
    rendered,
    responses,
    run_action,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")

PROVIDERS = ["infinity-group", "infinity-system-solutions", "infinium", "invictanet"]

# The action data/rules runs for an intent with nothing under way (core fallback for the rest).
RULE_ACTIONS: dict[str, Any] = {
    "make_complaint": intake.ActionStartComplaint,
    "stop": intake.ActionNothingToStop,
    "ask_response_time": rights.ActionQuoteResponseTimes,
    "nlu_fallback": chitchat.ActionClarify,
    "greet": chitchat.ActionGreet,
    "goodbye": chitchat.ActionGoodbye,
    "out_of_scope": chitchat.ActionOutOfScope,
    "report_fault": faults.ActionReportFault,
    "check_case": status.ActionSetCaseRequest,
    "inform": chitchat.ActionDefaultFallback,
    "affirm": chitchat.ActionDefaultFallback,
    **dict.fromkeys(
        (
            "ask_escalation",
            "ask_adr",
            "ask_contact",
            "ask_compensation",
            "ask_cancellation",
            "ask_privacy",
            "ask_accessible_formats",
        ),
        rights.ActionAnswerQuestion,
    ),
}

LOGGED = [
    user_event("yes", "affirm"),
    {"event": "action", "name": "action_submit_complaint"},
    {"event": "action", "name": "action_listen"},
]


def reply(
    provider: str,
    text: str,
    intent: str,
    *,
    slots: dict[str, Any] | None = None,
    earlier: list[dict[str, Any]] | None = None,
    loop: str | None = None,
) -> list[dict[str, Any]]:
    """What the assistant says to `text` read as `intent`: the rule's action, and on through each
    intent the message is put back as (at most 4 times)."""
    values = {"provider": provider, **(slots or {})}
    events = [*(earlier or []), user_event(text, intent)]
    latest = message(text, intent)
    said: list[dict[str, Any]] = []
    for _ in range(4):
        active = {"name": loop} if loop else {}
        tracker = Tracker("c", dict(values), latest, events, False, None, active, "action_listen")
        messages, returned = run_action(RULE_ACTIONS[latest["intent"]["name"]](), tracker)
        said += messages
        values.update({e["name"]: e["value"] for e in returned if e.get("event") == "slot"})
        put_back = [e for e in returned if e.get("event") == "user"]
        followed = [e["name"] for e in returned if e.get("event") == "followup"]
        if not put_back and followed == ["action_default_fallback"]:
            # Rasa runs the action named next, on the same message.
            messages, returned = run_action(chitchat.ActionDefaultFallback(), tracker)
            said += messages
            break
        if not put_back:
            break
        latest = put_back[-1]["parse_data"]
        events = [*events, *returned]
    return said


def _texts(said: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in said)


# --- 1. vulnerable and disabled customers -----------------------------------------------------------

HELP_ASKED = [
    ("what happens if I'm vulnerable?", ["ask_adr", "make_complaint", "inform", "nlu_fallback"]),
    (
        "I'm vulnerable, I've just been bereaved, what help is there?",
        ["stop", "inform", "nlu_fallback", "greet", "ask_adr"],
    ),
    ("is there help if I'm deaf?", ["greet", "ask_contact", "inform", "out_of_scope"]),
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(("text", "intent"), [(t, i) for t, intents in HELP_ASKED for i in intents])
def test_help_for_vulnerable_and_disabled_customers_is_answered(
    provider: str, text: str, intent: str
) -> None:
    said = responses(reply(provider, text, intent))
    assert "utter_vulnerable_customers_rules" in said, said
    assert "utter_accessible_formats_rules" in said, said
    assert "utter_text_relay_rules" in said, said
    for wrong in (
        "utter_adr_scheme",
        "utter_nothing_to_stop",
        "utter_greet",
        "utter_start_complaint",
    ):
        assert wrong not in said


DEAF = "im deaf, how can i contact you? i cant do phone calls"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "intent", ["make_complaint", "ask_contact", "inform", "nlu_fallback", "report_fault"]
)
def test_a_deaf_customer_is_told_relay_uk_and_the_ways_in_writing(
    provider: str, intent: str
) -> None:
    said = reply(provider, DEAF, intent)
    names = responses(said)
    assert "utter_text_relay_contact" in names, names
    assert "utter_start_complaint" not in names and "utter_fault_line" not in names
    lines = [m for m in said if m["response"] == "utter_contact_details"]
    # No voice call: the code's e-mail, letter or fax only, never its phone or VoIP lines.
    assert {m["channel"] for m in lines} <= {"email", "letter", "fax"}, lines
    assert lines, names
    if provider == "invictanet":
        assert [m["value"] for m in lines if m["channel"] == "email"] == [
            "complaints@invictanet.com"
        ]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_deaf_customer_asking_again_during_the_complaint_gets_relay_uk(provider: str) -> None:
    started = {"complaint_category": "other", "requested_slot": "customer_name"}
    values = {"provider": provider, **started}
    tracker = Tracker(
        "c",
        values,
        message(DEAF, "ask_contact"),
        [user_event(DEAF, "make_complaint"), user_event(DEAF, "ask_contact")],
        False,
        None,
        {"name": "complaint_form"},
        "action_listen",
    )
    said, _ = run_action(rights.ActionAnswerQuestion(), tracker)
    names = responses(said)
    assert "utter_text_relay_contact" in names, names
    assert {m["channel"] for m in said if m["response"] == "utter_contact_details"} <= {
        "email",
        "letter",
        "fax",
    }


# --- 2. a price rise ------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "intent",
    ["ask_compensation", "nlu_fallback", "inform", "ask_cancellation", "make_complaint", "ask_adr"],
)
def test_is_a_price_rise_covered_gets_the_price_exclusion(provider: str, intent: str) -> None:
    said = responses(reply(provider, "is a price rise covered?", intent))
    assert "utter_adr_prices" in said, said


# --- 3. a head count ------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "intent", ["ask_cancellation", "nlu_fallback", "inform", "make_complaint", "ask_adr"]
)
def test_a_head_count_asked_about_gets_adr_by_head_count(provider: str, intent: str) -> None:
    said = reply(provider, "8 employees and 4 contractors, does that count?", intent)
    names = responses(said)
    assert "utter_topic_cancellation" not in names and "utter_start_complaint" not in names
    # Counted as the provider's scheme counts: the Communications Ombudsman (Infinity Group,
    # Invictanet) counts contractors too, so 12 is too many; CISAS counts employees only.
    assert "utter_adr_eligibility" in names, names
    if provider in ("infinity-group", "invictanet"):
        assert "utter_adr_not_open_to_you" in names, names


# --- 6. what CISAS is ----------------------------------------------------------------------------

WHAT_SCHEME = "what is CISAS and how do i get hold of them"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["ask_contact", "ask_adr", "nlu_fallback"])
def test_what_cisas_is_is_said_with_how_to_reach_it(provider: str, intent: str) -> None:
    said = reply(provider, WHAT_SCHEME, intent)
    [what] = [m for m in said if m["response"] == "utter_scheme_what_it_is"]
    text = rendered(what)
    assert text.startswith("CISAS is"), text
    assert "Ofcom" in text and "free" in text
    # From regulation.md, with its source.
    assert what["custom"]["sources"], what
    assert "020 7520 3827" in _texts(said)


# --- 7. compensation for a loss -------------------------------------------------------------------

LOSS = "can i get compensation for the lost card sales? we lost about £400"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["ask_compensation"])
def test_compensation_for_a_loss_says_what_adr_can_award(provider: str, intent: str) -> None:
    said = reply(provider, LOSS, intent)
    [award] = [m for m in said if m["response"] == "utter_compensation_adr_award"]
    text = rendered(award)
    assert "£10,000" in text and "free" in text, text
    assert award["custom"]["sources"]
    assert "utter_start_complaint" not in responses(said)


# --- 9. why the phone number ----------------------------------------------------------------------

WHY_PHONE = "why do u need my phone number"
AT_PHONE = {
    "complaint_category": "billing",
    "complaint_description": "I was charged twice for December.",
    "customer_name": "Jane Doe",
    "customer_email": "jane.doe@example.co.uk",
}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_why_the_phone_number_is_answered_and_asked_again(provider: str) -> None:
    from tests.action_support import form_answer

    messages, slots = form_answer(WHY_PHONE, "customer_phone", {"provider": provider, **AT_PHONE})
    names = responses(messages)
    assert "utter_phone_why" in names, names
    assert "utter_hint_customer_phone" not in names
    assert slots.get("customer_phone") is None
    if provider in ("infinity-group", "invictanet"):
        # The code's own words on calling the customer.
        [code_says] = [m for m in messages if m["response"] == "utter_phone_why_code"]
        assert code_says["custom"]["sources"], code_says


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["ask_privacy", "ask_contact", "ask_response_time"])
def test_why_the_phone_number_read_as_a_question_is_answered(provider: str, intent: str) -> None:
    slots = {**AT_PHONE, "requested_slot": "customer_phone"}
    said = reply(provider, WHY_PHONE, intent, slots=slots, loop="complaint_form")
    names = responses(said)
    assert "utter_phone_why" in names, names
    assert not any(n.startswith("utter_topic_") or n.startswith("utter_commitment") for n in names)


# --- 4. a name the code uses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "intent", ["ask_privacy", "nlu_fallback", "inform", "ask_contact", "ask_adr", "greet"]
)
def test_invictawiz_is_what_invictanets_code_says_of_it(intent: str) -> None:
    said = reply("invictanet", "Invictawiz, who is that?", intent)
    names = responses(said)
    assert names == ["utter_code_names_without_saying_who"], names
    [answer] = said
    text = rendered(answer)
    assert text.startswith("Invictanet's code doesn't say who Invictawiz is."), text
    assert "deadlock" in text
    assert answer["custom"]["sources"][0]["quote"] in text


@pytest.mark.parametrize("provider", ["infinity-group", "infinity-system-solutions", "infinium"])
def test_a_name_another_code_never_uses_is_said_not_to_be_in_it(provider: str) -> None:
    names = responses(reply(provider, "Invictawiz, who is that?", "ask_privacy"))
    assert names == ["utter_code_does_not_name"], names


# --- 5. two questions in one message --------------------------------------------------------------

BOTH = "so when will i actually hear back? and whats the ombudsman"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["ask_adr", "ask_response_time", "nlu_fallback", "inform"])
def test_two_questions_after_logging_get_both_answers(provider: str, intent: str) -> None:
    slots = {"created_reference": "IV-595B0X"}
    said = responses(reply(provider, BOTH, intent, slots=slots, earlier=LOGGED))
    reply_times = [n for n in said if n.startswith(("utter_response_times", "utter_commitment"))]
    adr = [n for n in said if n.startswith("utter_adr_")]
    assert reply_times and adr, said
    # Each once, reply times first as asked.
    assert said.index(reply_times[0]) < said.index(adr[0])
    assert said.count("utter_adr_scheme") <= 1


def test_one_question_about_the_time_to_go_to_the_ombudsman_is_not_two() -> None:
    said = responses(reply("infinium", "how long do i have to go to the ombudsman?", "ask_adr"))
    assert not [n for n in said if n.startswith("utter_response_times")], said


# --- 8. being chased for money while a complaint is open -----------------------------------------

CHASED = "will you stop chasing me for the £180 while its looked at?"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["stop", "ask_compensation", "nlu_fallback", "inform"])
def test_being_chased_for_money_gets_what_the_code_and_rules_say(
    provider: str, intent: str
) -> None:
    slots = {"created_reference": "IV-595B0X"}
    said = reply(provider, CHASED, intent, slots=slots, earlier=LOGGED)
    names = responses(said)
    assert "utter_nothing_to_stop" not in names, names
    assert names[0] == "utter_collection_during_complaint", names
    # Financial difficulty is among the circumstances Ofcom's rules expect fair treatment for.
    assert "utter_vulnerable_customers_rules" in names
    if provider == "invictanet":
        assert "utter_topic_charges" in names  # its own words on unpaid sums
    assert "utter_start_complaint" not in names


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_question_read_as_stop_is_never_told_there_is_nothing_to_stop(provider: str) -> None:
    said = responses(reply(provider, "can you stop the engineer coming tomorrow?", "stop"))
    assert "utter_nothing_to_stop" not in said, said
    assert said, said


@pytest.mark.parametrize("provider", PROVIDERS)
def test_stop_alone_with_nothing_in_progress_is_still_nothing_to_stop(provider: str) -> None:
    assert responses(reply(provider, "stop", "stop")) == ["utter_nothing_to_stop"]
