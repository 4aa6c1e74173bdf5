"""Answers about response times, escalation, ADR, contacts and opening hours, and the codes' other
topics (actions/rights.py), with real dates for "today is Tuesday 22 December 2026, 10:00"."""

from __future__ import annotations

import dataclasses

import pytest
from rasa_sdk.events import SlotSet

import actions.rights
from actions.chitchat import ActionClarify, ActionDefaultFallback
from actions.faults import ActionReportFault
from actions.intake import ActionStartComplaint
from actions.rights import QUESTION_TOPICS, ActionAnswerQuestion, ActionQuoteResponseTimes
from actions.status import ActionSetCaseRequest
from bot.answers.business import stated_business_size
from bot.provider_codes import get_code
from tests.action_support import (
    DOMAIN,
    make_tracker,
    only,
    responses,
    run_action,
)

pytestmark = pytest.mark.usefixtures("action_database")

PROVIDERS = ["infinium", "infinity-group", "infinity-system-solutions", "invictanet"]


def ask(provider: str, intent: str, text: str = "") -> tuple[list[dict], list[dict]]:
    tracker = make_tracker({"provider": provider}, text=text or intent, intent=intent)
    return run_action(ActionAnswerQuestion(), tracker)


# --- ActionQuoteResponseTimes -------------------------------------------------------------------


def test_infinity_group_replies_to_a_chat_complaint_by_thursday_31_december() -> None:
    # Dated as an e-mail (the code names no chat): 5 working days, skipping Christmas Day and the Boxing Day
    # substitute (Monday 28th): 23, 24, 29, 30, 31 December.
    tracker = make_tracker(text="how long will you take?", intent="ask_response_time")
    messages, events = run_action(ActionQuoteResponseTimes(), tracker)
    # The code says "We will normally respond": worded as it is (issue 14).
    assert responses(messages) == [
        "utter_response_times_intro",
        "utter_commitment_respond_normally",
        "utter_code_update",  # its code's 31 March 2016 update
    ]
    intro = only(messages, "utter_response_times_intro")
    assert intro["provider_name"] == "Infinity Group"
    assert intro["effective_channel"] == "e-mail"
    reply = only(messages, "utter_commitment_respond_normally")
    assert reply["due_date"] == "Thursday 31 December 2026"
    assert reply["due_time"] == "17:30"
    assert reply["period"] == "5 working days"
    assert events == [SlotSet("provider", "infinity-group")]


def test_invictanet_replies_within_one_working_day() -> None:
    tracker = make_tracker({"provider": "invictanet"}, intent="ask_response_time")
    messages, events = run_action(ActionQuoteResponseTimes(), tracker)
    reply = only(messages, "utter_commitment_respond")
    assert reply["due_date"] == "Wednesday 23 December 2026"
    assert reply["period"] == "1 working day"
    assert events == [SlotSet("provider", "invictanet")]


def test_infinity_system_solutions_gives_every_promise_in_date_order() -> None:
    tracker = make_tracker({"provider": "infinity-system-solutions"}, intent="ask_response_time")
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    assert responses(messages) == [
        "utter_response_times_intro",
        # "within 48 hours of your complaint being raised", as the code says it (F2); its plain
        # 48 hours (Thursday 24th, 10:00) still order it first.
        "utter_commitment_case_handler_contact_from_raised",
        # "within the first 3 working days": Tue 22, Wed 23, Thu 24, 17:00; the first is the day
        # it is raised (outside compliance reader, F7: Tuesday 29th before).
        "utter_commitment_resolve_or_agree_time",
        "utter_commitment_acknowledge_aim",  # 24 working hours of 09:00-17:00: Tuesday 29th, 10:00
    ]
    handler = only(messages, "utter_commitment_case_handler_contact_from_raised")
    assert handler["period"] == "48 hours" and "due_date" not in handler
    acknowledge = only(messages, "utter_commitment_acknowledge_aim")
    assert acknowledge["due_date"] == "Tuesday 29 December 2026"
    assert acknowledge["due_time"] == "10:00"
    assert acknowledge["period"] == "24 working hours"
    resolve = only(messages, "utter_commitment_resolve_or_agree_time")
    assert (resolve["due_date"], resolve["due_time"]) == ("Thursday 24 December 2026", "17:00")


def test_infinium_quotes_both_of_its_reply_promises() -> None:
    tracker = make_tracker({"provider": "infinium"}, intent="ask_response_time")
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    replies = [m for m in messages if m["response"].startswith("utter_commitment_respond_")]
    # An aim and a guideline, worded as such (issue 14).
    assert [m["response"] for m in replies] == [
        "utter_commitment_respond_aim",
        "utter_commitment_respond_guideline",
    ]
    # 3 business days: 23, 24, 29 December; 10 working days also skip New Year's Day.
    assert [(m["due_date"], m["period"]) for m in replies] == [
        ("Tuesday 29 December 2026", "3 business days"),
        ("Friday 8 January 2027", "10 working days"),
    ]


@pytest.mark.parametrize(
    ("provider", "response", "due_date"),
    [
        # After 17:30 on Christmas Eve: counting starts Tuesday 29th (25th and 28th are bank
        # holidays), then 30, 31 December, 4, 5, 6 January (New Year's Day is a Friday).
        ("infinity-group", "utter_commitment_respond_normally", "Wednesday 6 January 2027"),
        # A code with no hours works whole days: Christmas Eve counts, the next working day is 29th.
        ("invictanet", "utter_commitment_respond", "Tuesday 29 December 2026"),
    ],
)
def test_a_complaint_made_on_christmas_eve_evening(
    monkeypatch: pytest.MonkeyPatch, provider: str, response: str, due_date: str
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-24T18:00")
    tracker = make_tracker({"provider": provider}, intent="ask_response_time")
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    assert only(messages, response)["due_date"] == due_date


def test_a_code_with_no_promise_for_chat_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    bare = dataclasses.replace(get_code("infinity-group"), commitments=(), code_update=None)
    monkeypatch.setattr(actions.rights, "provider_for", lambda tracker: bare)
    messages, events = run_action(
        ActionQuoteResponseTimes(), make_tracker(intent="ask_response_time")
    )
    assert responses(messages) == ["utter_no_commitments"]
    assert only(messages, "utter_no_commitments")["phone"] == "0345 450 4600"
    assert events == [SlotSet("provider", "infinity-group")]


# --- ActionAnswerQuestion: escalation -------------------------------------------------------------


def test_escalation_names_the_first_handler_then_every_step_then_the_adr_scheme() -> None:
    messages, events = ask("infinity-group", "ask_escalation")
    assert responses(messages) == [
        "utter_escalation_first",
        "utter_escalation_step",
        "utter_escalation_step",
        "utter_escalation_then_adr",
    ]
    assert messages[0]["role"] == "Customer Service Team or your Account Manager"
    assert [(m["number"], m["role"]) for m in messages[1:-1]] == [
        (1, "Operations Director"),
        (2, "Managing Director"),
    ]
    assert "Operations Director" in messages[1]["how"]
    assert events == [SlotSet("provider", "infinity-group")]


def test_a_code_without_escalation_steps_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    flat = dataclasses.replace(get_code("invictanet"), escalation=())
    monkeypatch.setattr(actions.rights, "provider_for", lambda tracker: flat)
    messages, _ = run_action(ActionAnswerQuestion(), make_tracker(intent="ask_escalation"))
    assert responses(messages) == [
        "utter_escalation_first",
        "utter_escalation_none",
        "utter_escalation_then_adr",
    ]
    assert only(messages, "utter_escalation_none")["provider_name"] == "Invictanet"


# --- ActionAnswerQuestion: ADR --------------------------------------------------------------------


def test_adr_for_infinity_group_opens_on_tuesday_2_february_under_todays_rules() -> None:
    messages, _ = ask("infinity-group", "ask_adr")
    assert responses(messages) == [
        "utter_adr_scheme",
        "utter_adr_scheme_renamed",
        "utter_adr_contacts_unlisted_many",  # its fax and e-mail: today's rules list neither
        "utter_adr_contacts_match_many",  # its PO Box and phone, as today's
        "utter_adr_dates",
        "utter_adr_code_differs",
        "utter_adr_limits",
        # Its own 6 months (9 without a letter), quoted with today's 12 (issue 14).
        "utter_adr_limit_code_differs",
        "utter_adr_limit_no_letter_code",
        "utter_adr_eligibility",
    ]
    scheme = only(messages, "utter_adr_scheme")
    assert scheme["scheme"] == "Communications Ombudsman"
    assert "phone 0330 440 1614" in scheme["contacts"]
    assert "0330 440 1615" not in scheme["contacts"]  # the code's fax, not listed today
    renamed = only(messages, "utter_adr_scheme_renamed")
    assert renamed["current_name"] == "the Communications Ombudsman"
    dates = only(messages, "utter_adr_dates")
    assert dates["raised"] == "Tuesday 22 December 2026"
    assert dates["opens"] == "Tuesday 2 February 2027"  # 6 weeks, not the code's 8
    assert dates["rules_weeks"] == 6
    assert only(messages, "utter_adr_code_differs")["code_weeks"] == 8
    assert only(messages, "utter_adr_limits")["months"] == 12  # the rules' 12, not the code's 6
    assert only(messages, "utter_adr_eligibility")["max_employees"] == 10


def test_adr_before_the_rule_change_waits_eight_weeks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-03-02T10:00")
    messages, _ = ask("infinity-group", "ask_adr")
    dates = only(messages, "utter_adr_dates")
    assert (dates["opens"], dates["rules_weeks"]) == ("Monday 27 April 2026", 8)
    assert "utter_adr_code_differs" not in responses(messages)


def test_adr_for_a_code_that_names_ofcom_instead_of_a_scheme() -> None:
    messages, _ = ask("infinity-system-solutions", "ask_adr")
    assert responses(messages)[0] == "utter_adr_no_scheme"
    no_scheme = only(messages, "utter_adr_no_scheme")
    assert no_scheme["named_instead"] == "Ofcom"
    assert no_scheme["schemes"] == "CISAS and the Communications Ombudsman"
    assert no_scheme["phone"] == "0330 9000 009"
    assert only(messages, "utter_adr_dates")["opens"] == "Tuesday 2 February 2027"
    # The code's 6 weeks is the rules' 6 weeks: nothing differs.
    assert "utter_adr_code_differs" not in responses(messages)


def test_a_code_naming_no_scheme_gets_both_schemes_contacts_from_todays_rules() -> None:
    """Outside compliance review M6: "What are the phone numbers for CISAS and the Communications
    Ombudsman?" (Infinity System Solutions, whose code names Ofcom) got no numbers."""
    text = "What are the phone numbers for CISAS and the Communications Ombudsman?"
    messages, _ = ask("infinity-system-solutions", "ask_adr", text)
    said = responses(messages)
    assert said[:3] == [
        "utter_adr_no_scheme",
        "utter_adr_approved_scheme_contacts",
        "utter_adr_approved_scheme_contacts",
    ]
    cisas, ombudsman = (
        m for m in messages if m["response"] == "utter_adr_approved_scheme_contacts"
    )
    assert (cisas["scheme"], cisas["contacts"]) == (
        "CISAS",
        "phone 020 7520 3827; website cedr.com/consumer/cisas",
    )
    assert (ombudsman["scheme"], ombudsman["contacts"]) == (
        "the Communications Ombudsman",
        "post PO Box 730, Warrington WA4 6WU; phone 0330 440 1614",
    )
    assert cisas["custom"]["sources"][0]["source"].startswith("Ofcom (CISAS re-approved")
    # Customers see where a fact comes from, never the project's own file names (outside
    # attacker, 27 Nov, F3).
    shown = str([m.get("custom") for m in messages])
    assert "regulation.md" not in shown and ".txt" not in shown


@pytest.mark.parametrize(
    ("provider", "intent", "text", "matters"),
    [
        # Answered with Infinium's privacy paragraphs in the review.
        (
            "infinium",
            "ask_privacy",
            "My complaint is about data protection, can CISAS deal with it?",
            "data protection",
        ),
        ("infinium", "ask_adr", "Can the ombudsman look at a fraud on my account?", "fraud"),
        # A code naming no scheme: the question names CISAS.
        (
            "infinity-system-solutions",
            "ask_adr",
            "would CISAS take a discrimination complaint?",
            "discrimination",
        ),
    ],
)
def test_a_matter_cisas_does_not_take_is_answered_from_todays_rules(
    provider: str, intent: str, text: str, matters: str
) -> None:
    messages, _ = ask(provider, intent, text)
    assert responses(messages) == ["utter_adr_scheme_excludes"]
    answer = only(messages, "utter_adr_scheme_excludes")
    assert answer["scheme"] == "CISAS"
    assert answer["matters"] == matters
    assert answer["excluded"] == "fraud, property damage, discrimination or data protection"
    (source,) = answer["custom"]["sources"]
    assert "CEDR's CISAS application page" in source["source"]


def test_a_scheme_with_no_listed_exclusion_is_said_to_be_unknown_for_it() -> None:
    # regulation.md lists these exclusions for CISAS only: of the Communications Ombudsman it says
    # nothing either way, and the answer says so (issue 14), claiming neither.
    messages, _ = ask("invictanet", "ask_adr", "can the ombudsman deal with data protection?")
    assert "utter_adr_scheme_excludes" not in responses(messages)
    assert only(messages, "utter_adr_scheme_silent")["scheme"] == "the Communications Ombudsman"


def test_adr_for_infinium_names_cisas_under_its_own_name() -> None:
    messages, _ = ask("infinium", "ask_adr")
    assert only(messages, "utter_adr_scheme")["scheme"] == "CISAS"
    assert "utter_adr_scheme_renamed" not in responses(messages)
    assert only(messages, "utter_adr_code_differs")["code_weeks"] == 12


# --- ActionAnswerQuestion: contacts and opening hours ---------------------------------------------


def test_contacts_list_every_channel_and_say_the_lines_are_open_now() -> None:
    messages, _ = ask("infinity-group", "ask_contact")
    contacts = [m for m in messages if m["response"] == "utter_contact_details"]
    assert [(m["channel"], m["value"]) for m in contacts] == [
        ("phone", "0345 450 4600"),
        ("letter", "Infinity Group, The Coach House, Spencer Mews, Tunbridge Wells, Kent TN1 2PY"),
        ("email", "customerservices@infinitygroup.co.uk"),
        ("web", "www.infinitygroup.co.uk"),
    ]
    assert contacts[0]["hours"] == " (Mon-Fri 09:00-17:30)"
    assert contacts[1]["hours"] == ""
    assert responses(messages)[-1] == "utter_open_now"
    assert only(messages, "utter_open_now")["closes"] == "17:30"


@pytest.mark.parametrize(
    ("now", "next_opening"),
    [
        ("2026-12-22T19:00", "Wednesday 23 December 2026 at 09:00"),
        ("2026-12-22T17:30", "Wednesday 23 December 2026 at 09:00"),  # closing time is closed
        ("2026-12-23T08:00", "Wednesday 23 December 2026 at 09:00"),  # before opening
        ("2026-12-24T18:00", "Tuesday 29 December 2026 at 09:00"),  # over Christmas
    ],
)
def test_contacts_out_of_hours_give_the_next_opening(
    monkeypatch: pytest.MonkeyPatch, now: str, next_opening: str
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", now)
    messages, _ = ask("infinity-group", "ask_contact")
    assert "utter_open_now" not in responses(messages)
    assert only(messages, "utter_closed_now")["next_opening"] == next_opening


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
def test_a_code_with_no_hours_says_they_are_not_stated(provider: str) -> None:
    messages, _ = ask(provider, "ask_contact")
    assert responses(messages)[-1] == "utter_hours_not_stated"
    assert "utter_open_now" not in responses(messages)
    assert "utter_closed_now" not in responses(messages)


# Outside compliance reader, round 10, F14: Infinity System Solutions' code gives its phone hours
# "Monday to Friday excluding bank holidays"; "can I ring you on 28 December?" (Boxing Day,
# observed) got "Mon-Fri 09:00-17:00" and "Our phone lines are open now".


def test_hours_say_excluding_bank_holidays_where_the_code_does() -> None:
    messages, _ = ask("infinity-system-solutions", "ask_contact", "what are your opening hours")
    phone = only(messages, "utter_contact_details_excluding_bank_holidays")
    assert (phone["value"], phone["hours"]) == ("0330 9000 009", "Mon-Fri 09:00-17:00")
    # Infinity Group's code says nothing of bank holidays: no exclusion claimed.
    messages, _ = ask("infinity-group", "ask_contact", "what are your opening hours")
    assert "utter_contact_details_excluding_bank_holidays" not in responses(messages)


@pytest.mark.parametrize(
    ("text", "day", "holiday"),
    [
        ("can I ring you on 28 December?", "Monday 28 December 2026", "Boxing Day (observed)"),
        (
            "are your phone lines open on monday 28 december",
            "Monday 28 December 2026",
            "Boxing Day (observed)",
        ),
        ("are you open on christmas day", "Friday 25 December 2026", "Christmas Day"),
    ],
)
def test_a_day_that_is_a_bank_holiday_is_closed_and_the_next_opening_given(
    text: str, day: str, holiday: str
) -> None:
    messages, _ = ask("infinity-system-solutions", "ask_contact", text)
    closed = only(messages, "utter_closed_on_bank_holiday")
    assert (closed["day"], closed["holiday"]) == (day, holiday)
    assert closed["next_opening"] == "Tuesday 29 December 2026 at 09:00"
    assert "utter_open_now" not in responses(messages)


def test_an_ordinary_day_asked_about_gets_that_days_hours() -> None:
    messages, _ = ask("infinity-system-solutions", "ask_contact", "can I ring you on 29 December?")
    open_on = only(messages, "utter_open_on")
    assert (open_on["day"], open_on["opens"], open_on["closes"]) == (
        "Tuesday 29 December 2026",
        "09:00",
        "17:00",
    )
    assert "utter_open_now" not in responses(messages)


def test_bank_holidays_asked_about_are_answered_from_the_code() -> None:
    messages, _ = ask("infinity-system-solutions", "ask_contact", "are you open on bank holidays")
    assert "utter_closed_on_bank_holidays" in responses(messages)
    assert "utter_open_now" not in responses(messages)
    messages, _ = ask("infinity-group", "ask_contact", "are you open on bank holidays")
    assert "utter_bank_holidays_not_stated" in responses(messages)
    assert "utter_closed_on_bank_holidays" not in responses(messages)


def test_a_code_silent_on_bank_holidays_says_so_for_the_day_asked() -> None:
    messages, _ = ask("infinity-group", "ask_contact", "are you open on 28 December?")
    silent = only(messages, "utter_hours_bank_holiday_not_stated_on")
    assert (silent["day"], silent["holiday"]) == (
        "Monday 28 December 2026",
        "Boxing Day (observed)",
    )
    assert "utter_open_now" not in responses(messages)
    assert "utter_closed_on_bank_holiday" not in responses(messages)


# --- ActionAnswerQuestion: the code's other topics ------------------------------------------------


def test_compensation_for_infinium_gives_its_refunds_topic_only() -> None:
    # Saying first that the code says nothing of compensation (issue 14).
    messages, events = ask("infinium", "ask_compensation")
    assert responses(messages) == ["utter_not_in_code_compensation", "utter_topic_refunds"]
    refunds = only(messages, "utter_topic_refunds")
    assert refunds["code_text"] == get_code("infinium").topics["refunds"].text
    assert refunds["provider_name"] == "Infinium"
    assert events == [SlotSet("provider", "infinium")]


def test_compensation_for_infinity_system_solutions_gives_its_compensation_topic() -> None:
    messages, _ = ask("infinity-system-solutions", "ask_compensation")
    assert responses(messages) == ["utter_not_in_code_refunds", "utter_topic_compensation"]
    assert "no rigid compensation process" in messages[1]["code_text"]


def test_compensation_for_a_code_that_covers_neither_topic_says_so() -> None:
    messages, _ = ask("infinity-group", "ask_compensation")
    assert responses(messages) == ["utter_not_covered_ask_compensation"]
    assert messages[0]["provider_name"] == "Infinity Group"
    assert messages[0]["phone"] == "0345 450 4600"


@pytest.mark.parametrize(
    ("provider", "question", "expected"),
    [
        ("infinium", "ask_cancellation", ["utter_topic_cancellation", "utter_topic_minimum_terms"]),
        (
            "invictanet",
            "ask_cancellation",
            ["utter_topic_cancellation", "utter_topic_minimum_terms"],
        ),
        ("infinity-group", "ask_cancellation", ["utter_not_covered_ask_cancellation"]),
        (
            "infinity-group",
            "ask_privacy",
            ["utter_topic_confidentiality", "utter_topic_identity_checks"],
        ),
        ("invictanet", "ask_privacy", ["utter_topic_data_protection"]),
        (
            "infinium",
            "ask_privacy",
            ["utter_topic_confidentiality", "utter_topic_data_protection"],
        ),
        ("infinity-system-solutions", "ask_privacy", ["utter_not_covered_ask_privacy"]),
        (
            "infinium",
            "ask_accessible_formats",
            [
                "utter_topic_accessible_formats",
                "utter_accessible_formats_rules",
                "utter_text_relay_rules",
                # Not only disability (outside compliance review, 27 Nov, M10).
                "utter_vulnerable_customers_rules",
                "utter_accessibility_how_to_ask",
            ],
        ),
        (
            "infinity-group",
            "ask_accessible_formats",
            [
                "utter_accessible_formats_rules",
                "utter_text_relay_rules",
                # Not only disability (outside compliance review, 27 Nov, M10).
                "utter_vulnerable_customers_rules",
                "utter_accessibility_how_to_ask",
            ],
        ),
        (
            "invictanet",
            "ask_compensation",
            ["utter_not_in_code_compensation", "utter_topic_refunds"],
        ),
    ],
)
def test_each_question_gives_the_topics_the_code_has_in_order(
    provider: str, question: str, expected: list[str]
) -> None:
    messages, _ = ask(provider, question)
    assert responses(messages) == expected
    code = get_code(provider)
    for sent in messages:
        if sent["response"].startswith("utter_topic_"):
            topic = sent["response"].removeprefix("utter_topic_")
            assert topic in QUESTION_TOPICS[question]
            assert sent["code_text"] == code.topics[topic].text


@pytest.mark.parametrize("intent", ["greet", "make_complaint", None])
def test_any_other_question_gets_what_the_assistant_can_do(intent: str | None) -> None:
    tracker = make_tracker({"provider": "infinium"}, text="hmm", intent=intent)
    messages, events = run_action(ActionAnswerQuestion(), tracker)
    assert responses(messages) == ["utter_what_i_can_do"]
    assert events == [SlotSet("provider", "infinium")]


# --- a business's head count in an ADR question (outside compliance review) ---------------------


@pytest.mark.parametrize("provider", ["infinity-group", "infinium", "invictanet"])
def test_a_business_too_large_for_adr_is_told_so_not_given_a_date(provider: str) -> None:
    messages, _ = ask(
        provider, "ask_adr", "I'm a small business with 40 staff, can I use the ombudsman?"
    )
    said = responses(messages)
    assert "utter_adr_dates" not in said and "utter_adr_from_date" not in said
    reason = only(messages, "utter_adr_not_open_to_you")["reason"]
    assert reason.startswith("A business with 40 employees cannot use ADR")
    assert only(messages, "utter_adr_eligibility")["max_employees"] == 10


def test_a_small_business_asking_about_adr_gets_the_dates() -> None:
    messages, _ = ask(
        "infinity-group", "ask_adr", "we're a firm of 8 staff, can the ombudsman help?"
    )
    assert "utter_adr_not_open_to_you" not in responses(messages)
    assert "utter_adr_dates" in responses(messages)


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("my business has 40 staff, can the ombudsman help?", {"employees": 40}),
        ("We have 1,200 employees", {"employees": 1200}),
        ("there are 12 people in my house, can the ombudsman help?", None),
        ("about 12 employees", {"employees": 12}),
        ("I complained on 12 March", None),
        ("they charged me £40 extra", None),
        ("can the ombudsman help?", None),
        ("6 employees and 7 contractors", {"employees": 6, "contractors": 7}),
        ("we're 3 staff plus 2 volunteers", {"employees": 3, "volunteers": 2}),
    ],
)
def test_a_head_count_is_read_only_where_one_is_given(
    text: str, groups: dict[str, int] | None
) -> None:
    found = stated_business_size(text)
    assert (dict(found.groups) if found else None) == groups


def test_six_employees_and_seven_contractors_are_over_the_communications_ombudsmans_limit() -> None:
    """Outside compliance review H2: "My business has 6 employees and 7 contractors. Can we use the
    ombudsman?" got the general answer; the Communications Ombudsman counts employees,
    contractors and volunteers (regulation.md): 13 is over its limit of 10."""
    text = "My business has 6 employees and 7 contractors. Can we use the ombudsman?"
    messages, _ = ask("invictanet", "ask_adr", text)
    said = responses(messages)
    assert "utter_adr_dates" not in said and "utter_adr_scheme" not in said
    reason = only(messages, "utter_adr_not_open_to_you")
    assert reason["reason"] == (
        "A business with 6 employees and 7 contractors cannot use ADR: the Communications "
        "Ombudsman takes businesses with 10 or fewer employees, contractors and volunteers "
        "counted together."
    )
    sources = [s["source"] for s in reason["custom"]["sources"]]
    assert any("counts employees, contractors and volunteers" in s for s in sources)
    who = only(messages, "utter_adr_eligibility")
    assert who["counted"] == "employees, contractors and volunteers counted together"


def test_cisas_counts_only_the_employees_of_six_employees_and_seven_contractors() -> None:
    text = "My business has 6 employees and 7 contractors. Can we use the ombudsman?"
    messages, _ = ask("infinium", "ask_adr", text)
    assert "utter_adr_not_open_to_you" not in responses(messages)
    assert "utter_adr_dates" in responses(messages)
    assert only(messages, "utter_adr_eligibility")["counted"] == "employees"


def test_a_code_naming_no_scheme_says_the_head_count_depends_on_the_scheme() -> None:
    text = "My business has 6 employees and 7 contractors. Can we use the ombudsman?"
    messages, _ = ask("infinity-system-solutions", "ask_adr", text)
    depends = only(messages, "utter_adr_depends")["reason"]
    assert depends.startswith("Whether a business with 6 employees and 7 contractors can use ADR")
    assert "CISAS takes businesses with 10 or fewer employees" in depends
    assert only(messages, "utter_adr_eligibility")["counted"] == (
        "employees (the Communications Ombudsman also counts contractors and volunteers)"
    )


# Outside testers (issue 14/15): asked in chat, these got "Sorry, I didn't follow that", while the
# same question with 12 or 25 employees was answered. The words ask about ADR whatever the model read.
HEAD_COUNT_QUESTIONS = [
    ("infinity-group", "We're a small firm with 8 staff and 4 contractors. Can we go to ADR?"),
    ("infinium", "I'm a business with 10 employees. Can I use CISAS?"),
]


def _read_as_intent(events: list) -> str | None:
    said = [e for e in events if e.get("event") == "user"]
    return said[-1]["parse_data"]["intent"]["name"] if said else None


@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionClarify, "nlu_fallback"),
        (ActionDefaultFallback, "inform"),
        (ActionReportFault, "report_fault"),
        (ActionAnswerQuestion, "ask_escalation"),
        (ActionStartComplaint, "make_complaint"),
        (ActionSetCaseRequest, "request_adr_letter"),
    ],
)
@pytest.mark.parametrize(("provider", "text"), HEAD_COUNT_QUESTIONS)
def test_an_adr_question_giving_a_head_count_is_answered_whatever_the_model_read(
    action, intent: str, provider: str, text: str
) -> None:
    tracker = make_tracker({"provider": provider}, text=text, intent=intent)
    tracker.latest_message["intent_ranking"] = [
        {"name": intent, "confidence": 0.4},
        {"name": "greet", "confidence": 0.1},
    ]
    messages, events = run_action(action(), tracker)
    assert messages == []
    assert _read_as_intent(events) == "ask_adr"


def test_eight_staff_and_four_contractors_are_twelve_for_the_communications_ombudsman() -> None:
    messages, _ = ask("infinity-group", "ask_adr", HEAD_COUNT_QUESTIONS[0][1])
    said = responses(messages)
    assert "utter_adr_dates" not in said and "utter_adr_from_date" not in said
    assert only(messages, "utter_adr_not_open_to_you")["reason"] == (
        "A business with 8 employees and 4 contractors cannot use ADR: the Communications "
        "Ombudsman takes businesses with 10 or fewer employees, contractors and volunteers "
        "counted together."
    )


@pytest.mark.parametrize(("employees", "open_to_them"), [(10, True), (11, False)])
def test_cisas_takes_a_business_of_ten_employees_and_not_eleven(
    employees: int, open_to_them: bool
) -> None:
    text = f"I'm a business with {employees} employees. Can I use CISAS?"
    messages, _ = ask("infinium", "ask_adr", text)
    said = responses(messages)
    assert ("utter_adr_not_open_to_you" not in said) is open_to_them
    assert ("utter_adr_dates" in said) is open_to_them
    assert only(messages, "utter_adr_eligibility")["max_employees"] == 10


def test_escalation_for_a_code_naming_no_scheme_says_so_and_names_the_approved_ones() -> None:
    # Outside compliance review: "...ADR scheme: ombudsman (ADR) scheme." for Infinity System
    # Solutions, whose code names only Ofcom.
    messages, _ = ask("infinity-system-solutions", "ask_escalation")
    assert "utter_escalation_then_adr" not in responses(messages)
    last = only(messages, "utter_escalation_then_adr_no_scheme")
    assert last["provider_name"] == "Infinity System Solutions"
    assert "Communications Ombudsman" in last["schemes"] and "CISAS" in last["schemes"]


# --- ADR for a complaint first raised on a day the customer gives (outside compliance review, H1) --


@pytest.mark.parametrize(
    "text",
    [
        "I first complained on 1 April 2026. When can I go to the ombudsman?",
        "When can I go to ADR? I raised the complaint on 1st April 2026",
        "I complained on 01/04/2026, can I go to the ombudsman now?",
        "It's 22 December; I first complained to you on 1 April. Can I go to the ombudsman yet?",
    ],
)
def test_a_complaint_first_raised_on_1_april_2026_may_go_to_adr_now(text: str) -> None:
    # Raised before 8 April 2026: the 8-week wait, so ADR opened on Wednesday 27 May 2026.
    messages, _ = ask("infinity-group", "ask_adr", text)
    said = responses(messages)
    assert "utter_adr_dates" not in said  # not "for a complaint raised today"
    stated = only(messages, "utter_adr_stated_open")
    assert stated["raised"] == "Wednesday 1 April 2026"
    assert stated["opens"] == "Wednesday 27 May 2026"
    assert stated["rules_weeks"] == 8
    assert stated["rule_dates"] == "until Tuesday 7 April 2026"
    assert "you may go to ADR now" in DOMAIN["responses"]["utter_adr_stated_open"][0]["text"]
    sources = stated["custom"]["sources"]
    assert {"applies_until": "2026-04-07"}.items() <= sources[0].items()
    assert "utter_adr_code_differs" not in said  # the code's 8 weeks is the same date


def test_a_complaint_raised_after_the_rule_change_waits_six_weeks_from_its_day() -> None:
    # 20 November 2026 + 6 weeks: Friday 1 January 2027 (calendar weeks; the bank holiday is
    # no matter), still to come on 22 December.
    messages, _ = ask(
        "infinium", "ask_adr", "I complained on 20 November 2026, when can I go to CISAS?"
    )
    stated = only(messages, "utter_adr_stated_from")
    assert stated["raised"] == "Friday 20 November 2026"
    assert stated["opens"] == "Friday 1 January 2027"
    assert (stated["rules_weeks"], stated["rule_dates"]) == (6, "from Wednesday 8 April 2026")
    assert stated["custom"]["sources"][0]["applies_from"] == "2026-04-08"
    assert "utter_adr_dates" not in responses(messages)


def test_a_day_without_a_year_still_to_come_this_year_is_last_years() -> None:
    # On 22 December 2026, "30 December" is 30 December 2025: 8 weeks, open since 24 February.
    messages, _ = ask(
        "invictanet", "ask_adr", "I first complained on 30 December, can I go to ADR?"
    )
    stated = only(messages, "utter_adr_stated_open")
    assert (stated["raised"], stated["opens"]) == (
        "Tuesday 30 December 2025",
        "Tuesday 24 February 2026",
    )


@pytest.mark.parametrize(
    "text",
    [
        "I complained on 31/02/2026, when can I go to the ombudsman?",
        "Is the wait 8 weeks or 6 weeks for a complaint from before 8 April 2026?",
    ],
)
def test_no_real_day_gets_the_answer_for_today(text: str) -> None:
    # A day still to come is answered for that day (issue 14; tests/actions/test_truth_asked.py).
    messages, _ = ask("infinity-group", "ask_adr", text)
    assert not {"utter_adr_stated_open", "utter_adr_stated_from"} & set(responses(messages))
    assert only(messages, "utter_adr_dates")["raised"] == "Tuesday 22 December 2026"


# --- "What is a deadlock letter?" (outside compliance review, M3) --------------------------------


@pytest.mark.parametrize(
    ("provider", "text"),
    [
        ("infinity-group", "What is a deadlock letter?"),
        ("infinity-group", "Can I get a deadlock letter?"),
        ("infinium", "What is a deadlock letter and can I ask for one?"),
        ("infinity-system-solutions", "What is a deadlock letter?"),
        ("invictanet", "Can I ask you for a deadlock letter?"),
        ("invictanet", "what's an eight-week letter?"),
    ],
)
def test_a_question_about_a_deadlock_letter_is_answered_from_todays_rules(
    provider: str, text: str
) -> None:
    messages, _ = ask(provider, "ask_adr", text)
    said = responses(messages)
    assert said[:2] == ["utter_adr_letter_explained", "utter_adr_letter_what_you_can_do"]
    assert "utter_adr_dates" in said  # their own date, which stands either way
    explained = only(messages, "utter_adr_letter_explained")
    wording = DOMAIN["responses"]["utter_adr_letter_explained"][0]["text"]
    # One letter since October 2018, sent unprompted at deadlock and when the wait has run out.
    for words in ("Since October 2018", "eight-week letter", "without being asked", "deadlock"):
        assert words in wording
    assert explained["months"] == 12
    sources = explained["custom"]["sources"]
    assert sources[0]["applies_from"] == "2018-10-01"
    assert "deadlock letters" in sources[0]["source"]
    can_do = DOMAIN["responses"]["utter_adr_letter_what_you_can_do"][0]["text"]
    assert "ask us" in can_do and "your own date stands" in can_do
    # A letter is never promised on request: no source gives one.
    for message in ("utter_adr_letter_explained", "utter_adr_letter_what_you_can_do"):
        text_said = DOMAIN["responses"][message][0]["text"].lower()
        assert "we will send" not in text_said and "on request" not in text_said


def test_a_deadlock_letter_question_with_a_first_complaint_day_gets_that_days_date() -> None:
    messages, _ = ask(
        "infinity-group",
        "ask_adr",
        "I first complained on 1 April 2026, is there a deadlock letter?",
    )
    assert responses(messages)[-1] == "utter_adr_stated_open"


# --- the time limit to go to ADR: the code's, and today's (outside compliance review, M2) --------


def test_infinity_groups_six_months_is_quoted_and_todays_twelve_said_plainly() -> None:
    messages, _ = ask(
        "infinity-group",
        "ask_adr",
        "Your code says I only have 6 months after your letter to go to the ombudsman. Is that right?",
    )
    assert responses(messages) == [
        "utter_adr_limits",
        "utter_adr_limit_code_differs",
        "utter_adr_limit_no_letter_code",
    ]
    assert only(messages, "utter_adr_limits")["months"] == 12
    differs = only(messages, "utter_adr_limit_code_differs")
    assert "within 6 months of our writing" in differs["quote"]
    assert (differs["code_months"], differs["months"]) == (6, 12)
    assert differs["custom"]["sources"][0]["quote"] == differs["quote"]
    assert (
        "Today's rules give you more"
        in DOMAIN["responses"]["utter_adr_limit_code_differs"][0]["text"]
    )
    no_letter = only(messages, "utter_adr_limit_no_letter_code")
    assert (no_letter["code_months"], no_letter["months"]) == (9, 12)
    assert any(s.get("applies_from") == "2018-10-01" for s in no_letter["custom"]["sources"])


def test_what_if_you_never_wrote_is_answered() -> None:
    messages, _ = ask("infinity-group", "ask_adr", "What if you never wrote to me at all?")
    assert "utter_adr_limit_no_letter_code" in responses(messages)
    assert "utter_adr_scheme" not in responses(messages)


def test_never_written_to_says_the_twelve_months_have_not_started_and_gives_their_date() -> None:
    # Outside compliance review F12 (x-ig-1): the code's 9 months (run out on 1 November 2026)
    # were quoted, and never that under today's rules the 12 months run from the ADR letter, so
    # without one they have not started; nor the customer's own date.
    messages, _ = ask(
        "infinity-group",
        "ask_adr",
        "I complained on 1 February 2026 and you never wrote to me. Is it too late to go to the "
        "ombudsman?",
    )
    assert responses(messages) == [
        "utter_adr_limits",
        "utter_adr_limit_code_differs",
        "utter_adr_limit_no_letter_code",
        "utter_adr_stated_open",
    ]
    text = DOMAIN["responses"]["utter_adr_limit_no_letter_code"][0]["text"]
    # Outside compliance review, 27 Nov (H2): "today's rules replace that ... it is not too late"
    # is in no source. regulation.md gives 12 months from an ADR letter and nothing for no letter.
    assert "our code gives you up to {code_months} months" in text
    assert "replace" not in text and "not too late" not in text
    assert "don't say what happens when no letter was sent" in text
    stated = only(messages, "utter_adr_stated_open")
    assert (stated["raised"], stated["opens"], stated["rules_weeks"]) == (
        "Sunday 1 February 2026",
        "Sunday 29 March 2026",  # 8 weeks: first raised before 8 April 2026
        8,
    )


@pytest.mark.parametrize("provider", ["infinium", "invictanet", "infinity-system-solutions"])
def test_a_code_without_a_limit_claims_no_limit_the_sources_do_not_give(provider: str) -> None:
    messages, _ = ask(provider, "ask_adr", "you never wrote to me, is it too late for CISAS?")
    assert responses(messages) == ["utter_adr_limits", "utter_adr_limit_no_letter"]
    text = DOMAIN["responses"]["utter_adr_limit_no_letter"][0]["text"]
    assert "not too late" not in text and "not started" not in text
    assert "don't give a time limit for a customer who never had a letter" in text


@pytest.mark.parametrize("provider", ["infinium", "invictanet", "infinity-system-solutions"])
def test_a_code_without_a_limit_gets_todays_limit_and_the_letter_rule(provider: str) -> None:
    messages, _ = ask(provider, "ask_adr", "How long do I have to apply to the ombudsman?")
    assert responses(messages) == ["utter_adr_limits", "utter_adr_limit_no_letter"]
    assert only(messages, "utter_adr_limit_no_letter")["months"] == 12


def test_how_long_to_wait_is_still_the_date_question() -> None:
    messages, _ = ask(
        "infinity-group", "ask_adr", "How long do I have to wait to go to the ombudsman?"
    )
    assert "utter_adr_dates" in responses(messages)


# --- the day of an ADR (deadlock) letter is not the day first raised (outside testers, 26 Nov) ---


@pytest.mark.parametrize(
    ("provider", "text", "letter", "until"),
    [
        (
            "infinity-group",
            "I got my deadlock letter yesterday, when can I go to the ombudsman?",
            "Monday 21 December 2026",
            "Tuesday 21 December 2027",
        ),
        (
            "infinity-group",
            "my deadlock letter is dated 3 June 2026, how long have I got to go to the ombudsman?",
            "Wednesday 3 June 2026",
            "Thursday 3 June 2027",
        ),
    ],
)
def test_with_an_adr_letter_the_scheme_is_open_now_for_12_months_from_it(
    provider: str, text: str, letter: str, until: str
) -> None:
    # Before: the letter's day was read as the day the complaint was first raised, and the
    # customer holding a letter from yesterday was told to wait until January.
    messages, _ = ask(provider, "ask_adr", text)
    said = responses(messages)
    assert not {"utter_adr_stated_open", "utter_adr_stated_from", "utter_adr_dates"} & set(said)
    dated = only(messages, "utter_adr_letter_dated")
    assert (dated["letter"], dated["until"], dated["months"]) == (letter, until, 12)
    assert dated["custom"]["sources"], "from today's rules, with their source"


@pytest.mark.parametrize(
    "text",
    [
        "I got an ADR letter on 20 October 2025, how long do I have to go to the ombudsman?",
        "my 8 week letter came on 3 November 2025, is it too late for the ombudsman?",
    ],
)
def test_an_adr_letter_more_than_12_months_old_is_said_to_have_run_out(text: str) -> None:
    messages, _ = ask("invictanet", "ask_adr", text)
    past = only(messages, "utter_adr_letter_dated_past")
    assert past["until"].endswith("2026") and past["phone"]
    assert "utter_adr_stated_open" not in responses(messages)


# --- "I've waited 8 weeks": the ADR date for the time said (outside compliance review H2) --------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("intent", "text", "raised", "opened"),
    [
        # 8 weeks before Tuesday 22 December 2026 is 27 October: 6 weeks later, 8 December.
        (
            "ask_adr",
            "I've waited 8 weeks for you to sort my complaint, what can I do?",
            "Tuesday 27 October 2026",
            "Tuesday 8 December 2026",
        ),
        # Read as a contact question by NLU: still the ADR question for that day.
        (
            "ask_contact",
            "My complaint has been open 6 weeks, who do I contact?",
            "Tuesday 10 November 2026",
            "Tuesday 22 December 2026",
        ),
        (
            "ask_adr",
            "it's been two months since I complained, can I go to the ombudsman?",
            "Thursday 22 October 2026",
            "Thursday 3 December 2026",
        ),
        (
            "ask_adr",
            "I've been waiting since September, can I go to the ombudsman?",
            "Tuesday 1 September 2026",
            "Tuesday 13 October 2026",
        ),
    ],
)
def test_a_question_saying_how_long_ago_it_was_raised_is_answered_for_that_day(
    provider: str, intent: str, text: str, raised: str, opened: str
) -> None:
    # Before: "For a complaint raised today (Tuesday 22 December 2026), you may go to ADR from
    # Tuesday 2 February 2027", to a customer who could go now; the contact question got only the
    # provider's own phone numbers.
    messages, _ = ask(provider, intent, text)
    said = responses(messages)
    assert "utter_adr_dates" not in said
    stated = only(messages, "utter_adr_stated_open")
    assert (stated["raised"], stated["opens"], stated["rules_weeks"]) == (raised, opened, 6)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_adr_question_with_no_day_gives_the_rule_not_todays_date_as_theirs(
    provider: str,
) -> None:
    # "Can I go to the ombudsman right now?" was told "For a complaint raised today ... from
    # Tuesday 2 February 2027", as if it had been raised today.
    messages, _ = ask(provider, "ask_adr", "Can I go to the ombudsman right now?")
    dates = only(messages, "utter_adr_dates")
    assert dates["open_if_raised_by"] == "Tuesday 10 November 2026"  # 6 weeks before today
    assert dates["rules_weeks"] == 6
    text = DOMAIN["responses"]["utter_adr_dates"][0]["text"]
    assert text.startswith("The wait before ADR counts from when your complaint was first raised")
    assert "on or before {open_if_raised_by}" in text and "you may go to ADR now" in text
    assert "For a complaint raised today" not in text
