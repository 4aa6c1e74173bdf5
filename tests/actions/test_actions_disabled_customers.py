"""Questions a disabled customer asks, answered from regulation.md's "Disabled and vulnerable
customers" (Ofcom General Condition C5, in bot/rules/uk-communications.yaml) and the provider's own
code, whichever intent the model read (outside compliance review, 27 Nov 2026: M3, M4, M9, L8).

Each answer says what the sources say and no more: a question none of them answers is told so.
"""

from __future__ import annotations

import pytest

from actions.chitchat import ActionClarify
from actions.faults import ActionReportFault
from actions.rights import ActionAnswerQuestion
from bot.regulation import load_rules
from tests.action_support import (
    DOMAIN,
    make_tracker,
    only,
    read_as_intent,
    responses,
    run_action,
)

pytestmark = pytest.mark.usefixtures("action_database")

PROVIDERS = ["infinium", "infinity-group", "infinity-system-solutions", "invictanet"]
# The fault line each provider's code gives (Infinium names none: its phone number).
FAULT_LINES = {
    "infinium": "01253 353537",
    "infinity-group": "0345 450 4600",
    "infinity-system-solutions": "0330 9000 009",
    "invictanet": "",
}


def ask(provider: str, intent: str, text: str) -> tuple[list[dict], list]:
    tracker = make_tracker({"provider": provider}, text=text, intent=intent)
    return run_action(ActionAnswerQuestion(), tracker)


def rule_source(row: str) -> str:
    return load_rules().disabled_customers[row]["source"]


def sources(message: dict) -> list[dict]:
    return message["custom"]["sources"]


# --- M3: "I'm deaf, how can I contact you?" -----------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_deaf_customer_asking_how_to_contact_is_told_about_relay_uk(provider: str) -> None:
    messages, _ = ask(provider, "ask_contact", "I'm deaf, how can I contact you?")
    said = responses(messages)
    assert "utter_contact_details" in said
    relay = only(messages, "utter_text_relay_contact")
    assert [s.get("source") for s in sources(relay)] == [rule_source("text_relay")]
    wording = DOMAIN["responses"]["utter_text_relay_contact"][0]["text"]
    assert "Relay UK" in wording and "no extra cost" in wording


def test_a_hearing_customer_asking_for_contacts_is_not_told_about_relay_uk() -> None:
    messages, _ = ask("infinium", "ask_contact", "how can I contact you?")
    assert "utter_text_relay_contact" not in responses(messages)


def test_a_deaf_customer_the_model_was_unsure_of_is_answered_as_a_contact_question() -> None:
    tracker = make_tracker(
        {"provider": "infinium"}, text="I'm deaf, how can I contact you?", intent="nlu_fallback"
    )
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "report_fault", "confidence": 0.3},
    ]
    messages, events = run_action(ActionClarify(), tracker)
    assert messages == []
    assert read_as_intent(events) == "ask_contact"


# --- M4: priority fault repair --------------------------------------------------------------------

PRIORITY = "I'm disabled and rely on my phone line, can I get priority fault repair?"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["ask_accessible_formats", "ask_contact", "ask_compensation"])
def test_priority_fault_repair_is_answered_from_gc_c5_with_the_fault_line(
    provider: str, intent: str
) -> None:
    messages, _ = ask(provider, intent, PRIORITY)
    said = responses(messages)
    assert said[0] == "utter_priority_fault_repair_rules"
    assert [s.get("source") for s in sources(messages[0])] == [rule_source("priority_fault_repair")]
    assert {
        "utter_fault_line",
        "utter_fault_line_not_named",
        "utter_fault_line_not_named_hours",
    } & set(said)
    fault = next(m for m in messages if m["response"].startswith("utter_fault_line"))
    assert said.index("utter_priority_fault_repair_how_to_ask") > messages.index(fault)
    assert FAULT_LINES[provider] in str(fault)
    assert sources(fault)[0]["quote"]
    # Nothing about accessible formats, and no complaint started.
    assert "utter_accessible_formats_rules" not in said


def test_invictanets_own_words_on_vulnerable_customers_are_quoted() -> None:
    """Invictanet's code §9: "Provision for the protection or support of ... vulnerable groups –
    e.g. minors, disabled and elderly consumers – ... is covered in our Acceptable Use Policy"."""
    messages, _ = ask("invictanet", "ask_accessible_formats", PRIORITY)
    code_says = only(messages, "utter_topic_vulnerable_customers")
    assert "Acceptable Use Policy" in code_says["code_text"]
    [quote] = [s["quote"] for s in sources(code_says)]
    assert quote.startswith("Provision for the protection or support of")
    # The others' codes say nothing on it: nothing is quoted for them.
    for provider in ("infinium", "infinity-group", "infinity-system-solutions"):
        other, _ = ask(provider, "ask_accessible_formats", PRIORITY)
        assert "utter_topic_vulnerable_customers" not in responses(other)


@pytest.mark.parametrize("action", [ActionClarify, ActionReportFault])
def test_priority_fault_repair_read_as_a_fault_is_put_back_as_the_question(action) -> None:
    """The model read it as report_fault: "Do you mean you'd like to report a fault?"."""
    tracker = make_tracker({"provider": "infinium"}, text=PRIORITY, intent="report_fault")
    tracker.latest_message["intent_ranking"] = [
        {"name": "report_fault", "confidence": 0.4},
        {"name": "ask_accessible_formats", "confidence": 0.2},
    ]
    messages, events = run_action(action(), tracker)
    assert "utter_did_you_mean_report_fault" not in responses(messages)
    assert read_as_intent(events) == "ask_accessible_formats"


# --- M9: "Can I complain to Ofcom instead? What's their number?" ---------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_asking_to_complain_to_ofcom_gets_ofcoms_details_from_regulation_md(
    provider: str,
) -> None:
    messages, _ = ask(provider, "ask_adr", "Can I complain to Ofcom instead? What's their number?")
    ofcom = messages[0]
    assert ofcom["response"] == "utter_other_body_contact"
    assert ofcom["body"] == "Ofcom"
    assert ofcom["why"] == "Ofcom itself does not decide individual complaints."
    assert "020 7981 3040" in ofcom["contacts"]
    assert "Riverside House, 2a Southwark Bridge Road, London SE1 9HA" in ofcom["contacts"]
    # Only regulation.md's number: not the 0845 one in Infinity System Solutions' code.
    assert "0845" not in str(ofcom)
    assert all(s.get("source") for s in sources(ofcom))
    # Then the scheme that does decide individual complaints.
    assert {"utter_adr_scheme", "utter_adr_no_scheme"} & set(responses(messages))


# --- L8: someone acting for the customer ---------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "text",
    [
        "Can my daughter deal with my complaint for me?",
        "Can a friend or my daughter deal with my complaint for me?",
    ],
)
def test_someone_acting_for_the_customer_is_answered_from_the_sources_only(
    provider: str, text: str
) -> None:
    messages, _ = ask(provider, "ask_accessible_formats", text)
    said = responses(messages)
    assert said[0] == "utter_someone_acting_not_covered"
    assert "utter_accessible_formats_rules" not in said
    noted = only(messages, "utter_someone_acting_noted")
    assert all(s.get("source") for s in sources(noted))
    # No promise the team will arrange it: no source says so.
    for name in ("utter_someone_acting_not_covered", "utter_someone_acting_noted"):
        wording = DOMAIN["responses"][name][0]["text"]
        assert "arrange" not in wording and "we will" not in wording.lower()
    # Infinium's code on confidentiality ("... except yourself, or in accordance with your
    # instructions to us") is quoted where it has one.
    if provider == "infinium":
        code_says = only(messages, "utter_topic_confidentiality")
        assert "in accordance with your instructions" in sources(code_says)[0]["quote"]


def test_a_question_that_only_mentions_ofcom_gets_the_adr_answer_alone() -> None:
    messages, _ = ask("infinium", "ask_adr", "Is CISAS approved by Ofcom?")
    assert "utter_other_body_contact" not in responses(messages)
    assert "utter_adr_scheme" in responses(messages)
