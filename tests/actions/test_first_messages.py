"""First messages read by the model as something else (issue 15: at least 95 % of first messages
must start the right flow; the outside set's run of 27 November reached 91.9 %).

A customer who tells what went wrong starts a complaint whichever intent the model read (small
talk, a question, a fault, a case to check, not sure); a question the model was unsure of whose
words name what it asks is answered as that question; a message that ends with a question about
the complaint is that question, never a complaint started. Each test failed before the change
(bot.answers.routing.tells_a_complaint and question_named, bot.answers.asking.asks_at_the_end;
actions.conversation.complaint_told, question_in_words). The messages are this file's own, in the
manner of the outside set's misses.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Action

from actions.chitchat import ActionClarify, ActionOutOfScope
from actions.faults import ActionReportFault
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from actions.status import ActionSetCaseRequest
from bot.answers.asking import asks_at_the_end
from bot.answers.routing import question_named, tells_a_complaint
from tests.action_support import make_tracker, responses, run_action

PROVIDERS = ["infinity-group", "infinity-system-solutions", "infinium", "invictanet"]

# Accounts of something gone wrong, none with a question in it.
TOLD = [
    "Still no landline at the flat 3 weeks after the engineer was meant to connect it",
    "Waited on hold for over an hour yesterday then got cut off. Not good enough",
    "every single time I phone I get passed around departments and nobody calls back",
    "your salesman talked my dad into a 24 month contract he didn't need",
    "monthly price went up by £6 with no letter or email telling us",
    "the engineer visit was missed twice this month and I took both days off work",
]


def rereads(events: list[dict[str, Any]]) -> list[str]:
    """The intents the action put the customer's message back as."""
    return [e["parse_data"]["intent"]["name"] for e in events if e.get("event") == "user"]


def first_message(text: str, intent: str, provider: str, ranking: list[str] | None = None) -> Any:
    tracker = make_tracker({"provider": provider}, text=text, intent=intent)
    if ranking is not None:
        tracker.latest_message["intent_ranking"] = [
            {"name": name, "confidence": 0.3} for name in ranking
        ]
    return tracker


@pytest.mark.parametrize("text", TOLD)
def test_an_account_of_what_went_wrong_tells_a_complaint(text: str) -> None:
    assert tells_a_complaint(text)


@pytest.mark.parametrize(
    "text",
    [
        "I am moving house next month and need to move my broadband please",
        "I would like to upgrade my package to the faster broadband one",
        "my daughter wants to set up an account with you next month",
        "i sent my complaint in by post on monday, how long have you got to answer it",
        "emailed your complaints team this morning, when should I hear something",
        "I was promised a fixed price and it went up, what if I go to the ombudsman",
        "no dial tone",
    ],
)
def test_a_request_a_question_or_too_little_tells_no_complaint(text: str) -> None:
    assert not tells_a_complaint(text)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("i posted it last week, how long have you got to reply", True),
        ("wrote to you on the 3rd. when do i get an answer", True),
        ("I've been charged twice, can you sort it out", False),  # a request to put it right
        ("why am i being charged for calls i never made", False),  # anger, not a question
        ("my bill has doubled and what is going on", False),
    ],
)
def test_a_question_at_the_end_is_a_question(text: str, asks: bool) -> None:
    assert asks_at_the_end(text) is asks


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionOutOfScope(), "out_of_scope"),
        (ActionClarify(), "nlu_fallback"),
        (ActionAnswerQuestion(), "ask_contact"),
        (ActionAnswerQuestion(), "ask_escalation"),
        (ActionSetCaseRequest(), "check_case"),
    ],
)
def test_a_complaint_read_as_something_else_starts_the_complaint(
    provider: str, action: Action, intent: str
) -> None:
    """Told "I can't help with that", "Do you mean ...?", contact details, the escalation ladder,
    or asked for a reference, before."""
    for text in TOLD:
        tracker = first_message(text, intent, provider, ranking=["ask_response_time"])
        messages, events = run_action(action, tracker)
        assert rereads(events) == ["make_complaint"], (text, responses(messages))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_fault_told_as_a_complaint_gets_the_fault_line_and_the_complaint(provider: str) -> None:
    """Issue 15: "offer both". Before, the fault line and a button offering a complaint."""
    text = "broadband went down on friday and we lost the whole weekend of bookings"
    messages, events = run_action(
        ActionReportFault(), first_message(text, "report_fault", provider)
    )
    assert rereads(events) == ["make_complaint"]
    assert responses(messages)[0] in (
        "utter_fault_line",
        "utter_fault_line_not_named",
        "utter_fault_line_not_named_hours",
    )
    assert "utter_offer_complaint" not in responses(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_bare_fault_report_is_still_only_the_fault_line(provider: str) -> None:
    messages, events = run_action(
        ActionReportFault(), first_message("my broadband is down", "report_fault", provider)
    )
    assert rereads(events) == []
    assert "utter_offer_complaint" in responses(messages)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("can i talk to a supervisor about my complaint", "ask_escalation"),
        ("is there a postal address? i want to write", "ask_contact"),
        ("got a dial tone problem - how do i report a fault?", "report_fault"),
        ("I'm dyslexic, could you send it as audio instead of writing", "ask_accessible_formats"),
        ("sent it by email on tuesday, when will i hear back", "ask_response_time"),
        ("track my case", "check_case"),
        ("hi hello", None),
        ("my line has been dead for a week", None),  # not a question: no question named
    ],
)
def test_the_question_a_message_names(text: str, intent: str | None) -> None:
    assert question_named(text) == intent


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_question_the_model_was_unsure_of_is_answered_not_clarified(provider: str) -> None:
    """Before: "Do you mean ...?" with the model's guess (the outside set's "clarify")."""
    tracker = first_message(
        "can i talk to a supervisor about my complaint", "nlu_fallback", provider, ["ask_adr"]
    )
    messages, events = run_action(ActionClarify(), tracker)
    assert rereads(events) == ["ask_escalation"]
    assert not any(r.startswith("utter_did_you_mean") for r in responses(messages))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_reply_time_question_after_the_complaint_was_sent_starts_no_complaint(
    provider: str,
) -> None:
    """ "i posted my complaint to you last week, how long have you got to answer it" started a
    complaint (the outside set's question-response-times-03) before."""
    text = "i sent my complaint in by post on monday, how long have you got to answer it"
    messages, events = run_action(
        ActionQuoteResponseTimes(), first_message(text, "ask_response_time", provider)
    )
    assert "make_complaint" not in rereads(events)
    assert messages


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "text",
    [
        "my internet isnt working, whats the number for tech support",
        "the phone line is not working and there is a crackle on it when it rings",
    ],
)
def test_a_fault_that_does_not_work_is_reported_not_complained_of(provider: str, text: str) -> None:
    """The fresh outside group's fault-reports-02 started a complaint after the first change."""
    messages, events = run_action(
        ActionReportFault(), first_message(text, "report_fault", provider)
    )
    assert rereads(events) == []
    assert "utter_offer_complaint" in responses(messages)


@pytest.mark.parametrize(
    "text",
    [
        "I made a complaint last week, what's happening with it",
        "we already complained about this in october and heard nothing back at all",
    ],
)
def test_a_complaint_already_made_is_not_a_new_one(text: str) -> None:
    """The outside set's case-checks-04 was started as a new complaint after the first change."""
    assert not tells_a_complaint(text)
    tracker = first_message(text, "check_case", "infinium")
    _, events = run_action(ActionSetCaseRequest(), tracker)
    assert "make_complaint" not in rereads(events)


def test_something_that_keeps_happening_is_something_gone_wrong() -> None:
    assert tells_a_complaint(
        "the router keeps restarting itself every night and you sent a new one"
    )


@pytest.mark.parametrize("provider", PROVIDERS)
def test_can_ofcom_take_up_my_complaint_read_as_contact_gets_the_adr_route(provider: str) -> None:
    """The outside set's question-adr-16 ("Can Ofcom deal with my complaint?") got Ofcom's
    contacts only; Ofcom decides no individual complaint, so the answer goes on to ADR."""
    tracker = first_message("could ofcom sort out my complaint for me?", "ask_contact", provider)
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    said = responses(messages)
    assert said[0].startswith("utter_other_body"), said
    assert any(r.startswith("utter_adr") for r in said), said
    only_contact, _ = run_action(
        ActionAnswerQuestion(), first_message("how do I contact Ofcom?", "ask_contact", provider)
    )
    assert not any(r.startswith("utter_adr") for r in responses(only_contact))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_code_naming_cisas_former_operator_is_told_who_runs_it_today(provider: str) -> None:
    """Compliance reader, 27 Nov (F14): Infinium's code gives CISAS as "The Chartered Institute of
    Arbitrators"; the chat said the address was out of date but never who runs CISAS today."""
    messages, _ = run_action(
        ActionAnswerQuestion(), first_message("how do I contact cisas?", "ask_adr", provider)
    )
    changed = [m for m in messages if m["response"] == "utter_adr_scheme_operator_changed"]
    if provider == "infinium":
        assert [(m["operator"], m["former_operator"]) for m in changed] == [
            ("CEDR", "The Chartered Institute of Arbitrators")
        ]
        assert changed[0]["custom"]["sources"]
    else:
        assert changed == []  # their codes name no former operator


@pytest.mark.parametrize(
    "text",
    [
        "I want to add something to complaint IN-V1FSQ8: they also overcharged me £20",
        "and what about IG-VG7TYA?",
    ],
)
def test_a_complaint_named_by_its_reference_is_a_case_to_check_not_a_new_one(text: str) -> None:
    """Outside attacker, 27 Nov (F2, F15): read as a new complaint, the form started, and a
    second case would have been logged."""
    from actions.intake import ActionStartComplaint

    _, events = run_action(
        ActionStartComplaint(), first_message(text, "make_complaint", "infinium")
    )
    assert rereads(events) == ["check_case"]


def test_an_answer_to_the_needs_question_read_as_asking_for_a_person_is_the_answer() -> None:
    """The outside set's fault-elderly-mum (27 Nov, new model): "she's hard of hearing so please
    speak slowly and clearly" read as asking for a person got the phone number and the needs
    question again, four times."""
    from actions.status import ActionTalkToHuman
    from tests.action_support import form_turn, slots_set

    text = "she's hard of hearing so please speak slowly and clearly"
    tracker = form_turn(
        "complaint_form",
        "accessibility_needs",
        {},
        before={"provider": "infinity-group"},
        text=text,
        intent="talk_to_human",
    )
    messages, events = run_action(ActionTalkToHuman(), tracker)
    assert "utter_contact_details" not in responses(messages)
    assert slots_set(events).get("accessibility_needs") == text
    asking = form_turn(
        "complaint_form",
        "accessibility_needs",
        {},
        before={"provider": "infinity-group"},
        text="can I speak to someone please",
        intent="talk_to_human",
    )
    assert "utter_contact_details" in responses(run_action(ActionTalkToHuman(), asking)[0])


def test_a_change_of_subject_in_words_at_what_happened_changes_it() -> None:
    """The outside set's change-of-mind-category (27 Nov, new model): "actually no, it's about
    billing. You charged me ..." with no category read by the model kept the complaint as service."""
    from actions.intake import ValidateComplaintForm
    from tests.action_support import form_turn, slots_set

    text = "actually no, it's about billing. You charged me a £19.99 fee but I paid on time"
    tracker = form_turn(
        "complaint_form",
        "complaint_description",
        {"complaint_description": text},
        before={"provider": "infinity-group", "complaint_category": "service"},
        text=text,
        intent="make_complaint",
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert slots_set(events)["complaint_category"] == "billing"
    assert slots_set(events)["complaint_description"] == text
    assert "utter_field_updated" in responses(messages)


def test_an_escalation_of_a_named_case_read_as_a_new_complaint_is_the_escalation() -> None:
    """The outside set's escalate-case (27 Nov): "please escalate my complaint IG-1W9ZDE, I'm not
    happy with the answer", read as a new complaint, was put back as a status check, and the
    escalation was never logged."""
    from actions.intake import ActionStartComplaint

    text = "please escalate my complaint IG-1W9ZDE, I'm not happy with the answer"
    _, events = run_action(
        ActionStartComplaint(), first_message(text, "make_complaint", "infinium")
    )
    assert rereads(events) == ["request_escalation"]


# The fresh held-out set's misses of 27 November (bench/results/conversations.md): each was told
# "Sorry, I can't help with that" or "Do you mean you'd like to report a fault?" on its first
# message. The messages here are this file's own, in the manner of those misses.
TOLD_WITHOUT_GRIEVANCE_WORDS = [
    "signed up for the 500Mb deal, turns out fibre isn't even available at my address, you "
    "should have checked before taking my money",
    "your shop said the tariff was unlimited, it isn't, somebody should have told me that",
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("text", TOLD_WITHOUT_GRIEVANCE_WORDS)
def test_a_sale_that_should_not_have_been_made_is_a_complaint(provider: str, text: str) -> None:
    messages, events = run_action(ActionOutOfScope(), first_message(text, "out_of_scope", provider))
    assert rereads(events) == ["make_complaint"], responses(messages)


FAULTS_WITHOUT_FAULT_WORDS = [
    ("need an engineer booked, the line is crackling all the time", "out_of_scope"),
    ("the light on the router has gone red and nothing will connect, what now", "nlu_fallback"),
    ("loud hissing on my landline whenever i make a call", "out_of_scope"),
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(("text", "intent"), FAULTS_WITHOUT_FAULT_WORDS)
def test_a_fault_in_words_the_model_missed_gets_the_fault_answer(
    provider: str, text: str, intent: str
) -> None:
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionClarify()
    messages, events = run_action(action, first_message(text, intent, provider))
    assert rereads(events) == ["report_fault"], responses(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "text", ["what can you help me with", "I'd like a pizza", "can I book an engineer for my dog"]
)
def test_no_fault_is_read_into_other_words(provider: str, text: str) -> None:
    _, events = run_action(ActionOutOfScope(), first_message(text, "out_of_scope", provider))
    assert "report_fault" not in rereads(events)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what are my rights", "nlu_fallback"),
        ("What are my rights?", "nlu_fallback"),
        ("my rights", "out_of_scope"),
        ("what rights do i have if you cant sort it", "nlu_fallback"),
    ],
)
def test_asking_for_my_rights_gets_the_ladder_and_the_scheme(
    provider: str, text: str, intent: str
) -> None:
    """Outside attacker, 27 Nov (F13): the greeting offers to "explain your rights (escalation and
    the ombudsman)", and "what are my rights" got "Sorry, I still didn't understand that"."""
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionClarify()
    messages, events = run_action(action, first_message(text, intent, provider))
    assert rereads(events) == ["ask_escalation"], responses(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # Outside compliance reader, 27 Nov (F28, F38): each started the complaint form.
        (
            "you raised my bill in march without a letter, can i take that to the ombudsman",
            "ask_adr",
        ),
        ("can I make my complaint over the phone instead?", "ask_contact"),
        ("is it ok to send my complaint by letter?", "ask_contact"),
    ],
)
def test_a_question_read_as_a_complaint_is_answered(provider: str, text: str, asked: str) -> None:
    from actions.intake import ActionStartComplaint

    messages, events = run_action(
        ActionStartComplaint(), first_message(text, "make_complaint", provider)
    )
    assert rereads(events) == [asked], responses(messages)
    assert "utter_start_complaint" not in responses(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_complaint_asked_for_in_question_form_is_still_taken(provider: str) -> None:
    from actions.intake import ActionStartComplaint

    for text in ["can I make a complaint please?", "can i complain about my bill"]:
        messages, events = run_action(
            ActionStartComplaint(), first_message(text, "make_complaint", provider)
        )
        assert rereads(events) == [], (text, responses(messages))
        assert "utter_start_complaint" in responses(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_company_of_40_people_in_the_first_message_is_its_head_count(provider: str) -> None:
    """Outside compliance reader, 27 Nov (F13, re-rated HIGH on re-test): not taken, then "none"
    at the staff question stored as 0, and a 40-person firm told the ombudsman was open."""
    from actions.intake import ActionStartComplaint
    from tests.action_support import slots_set

    text = "our leased line has been down since monday, we are a company of 40 people"
    _, events = run_action(ActionStartComplaint(), first_message(text, "make_complaint", provider))
    assert "40" in str(slots_set(events).get("employees")), slots_set(events)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "text",
    [
        "wrong bill, first rang on 03/11/26",
        "overcharged again, rang you on the 3rd",
        "bill is wrong",
    ],
)
def test_a_short_grievance_about_a_bill_starts_the_complaint(provider: str, text: str) -> None:
    """Outside re-test, 27 Nov afternoon: read as a contact question, given the contact list, and
    every answer typed after it got "Sorry, I didn't follow that"."""
    messages, events = run_action(
        ActionAnswerQuestion(), first_message(text, "ask_contact", provider)
    )
    assert rereads(events) == ["make_complaint"], responses(messages)
