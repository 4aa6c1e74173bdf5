"""Customers in vulnerable circumstances, outside testers' round 13 (27 Nov), issue 18, tenth
round (care16): numbers chosen index the list as shown; a correction of the needs chosen is
applied and said; withdrawal in plain words at any question; a need negated in the same message is
not recorded; urgent-help cues made consistent; contact wishes read. Each test failed before the
change."""

from __future__ import annotations

from typing import Any

import pytest

from tests.action_support import form_answer, make_tracker, rendered, responses, run_action

PROVIDERS = ["infinity-system-solutions", "invictanet"]
# Help offered for a relative's age: 1 formats, 2 contact time, 3 someone to speak for him.
AT_CONSENT = {
    "complaint_category": "billing",
    "complaint_description": "my dad is 85 and his bill is wrong",
    "circumstances": ["age"],
    "support_offer": "yes",
}


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in messages if m.get("response"))


def _needs(slots: dict[str, Any]) -> list[str]:
    value = slots.get("support_needs")
    return list(value.get("needs") or []) if isinstance(value, dict) else []


# --- 1. numbers index the list as shown --------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "said",
    [
        "1 and 3 please, large print for his letters and i want to be the one who speaks to you for him",
        "the first and third, he needs large print",
        "1 and 3 please",
    ],
)
def test_numbers_index_the_list_shown_not_the_full_list(provider: str, said: str) -> None:
    messages, slots = form_answer(said, "support_needs", {**AT_CONSENT, "provider": provider})
    assert _needs(slots) == ["accessible_formats", "someone_to_speak"]
    assert "priority fault repair" not in _said(messages)
    assert "Relay UK" not in _said(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_correction_of_the_needs_chosen_is_applied_and_said(provider: str) -> None:
    before = {
        **AT_CONSENT,
        "provider": provider,
        "support_needs": {"needs": ["priority_fault_repair", "text_relay"], "at": "2026-11-27"},
    }
    said = "no! i said large print and someone to speak for him"
    messages, slots = form_answer(said, "customer_name", before)
    assert _needs(slots) == ["accessible_formats", "someone_to_speak"]
    assert "utter_needs_corrected" in responses(messages)
    assert "priority fault repair" not in _said(messages)
    assert not slots.get("customer_name")


# --- 2. withdrawal in plain words at any form question -------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "said",
    ["actually no, don't record anything about me", "please dont record anything about him"],
)
def test_withdrawal_at_the_email_question_is_read(provider: str, said: str) -> None:
    before = {
        **AT_CONSENT,
        "provider": provider,
        "customer_name": "Jane Smith",
        "support_needs": {"needs": ["accessible_formats"], "at": "2026-11-27"},
    }
    messages, slots = form_answer(said, "customer_email", before)
    assert "utter_hint_customer_email" not in responses(messages)
    assert slots.get("customer_email") is None
    assert slots.get("needs_removal") or slots.get("support_needs") == "none"


def test_dont_record_anything_about_me_at_the_consent_question_still_declines() -> None:
    messages, slots = form_answer(
        "actually no, don't record anything about me", "support_needs", AT_CONSENT
    )
    assert slots["support_needs"] == "none"
    assert "utter_needs_not_recorded" in responses(messages)


# --- 3. a need negated in the same message --------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "said",
    [
        "writing only and large print no actually not large print, just writing only",
        "writing only, not large print",
        "large print no, just writing only",
    ],
)
def test_a_need_negated_in_the_same_message_is_not_recorded(provider: str, said: str) -> None:
    _, slots = form_answer(said, "support_needs", {**AT_CONSENT, "provider": provider})
    assert "accessible_formats" not in _needs(slots)
    assert "writing_only" in _needs(slots)


# --- 4. after logging, "actually dont record that" is a withdrawal ------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "said", ["actually dont record that", "actually dont record that after all"]
)
def test_dont_record_that_after_logging_is_a_withdrawal_not_a_misunderstanding(
    provider: str, said: str
) -> None:
    from actions.chitchat import ActionClarify

    tracker = make_tracker({"provider": provider}, text=said, intent="nlu_fallback")
    messages, events = run_action(ActionClarify(), tracker)
    assert "utter_default" not in responses(messages)
    [reread] = [e for e in events if e.get("event") == "user"]
    assert reread["parse_data"]["intent"]["name"] == "withdraw_consent"


# --- 5. "dont ring me", "text messages only" -----------------------------------------------------

BEFORE_EMAIL = {
    "complaint_category": "fault_repair",
    "complaint_description": "my line crackles, i am deaf",
    "customer_name": "Sam Lee",
    "circumstances": ["disability"],
    "support_offer": "no",
    "support_needs": "none",
}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "said", ["no email, dont ring me", "i dont have email. please dont call me, i'm deaf"]
)
def test_dont_ring_me_with_no_email_is_noted_and_phone_not_offered(
    provider: str, said: str
) -> None:
    messages, slots = form_answer(said, "customer_email", {**BEFORE_EMAIL, "provider": provider})
    assert slots["customer_email"] == "none"
    assert slots.get("contact_wishes_heard") == ["no phone calls"]
    assert "by phone" not in _said(messages)
    assert "no phone calls" in _said(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_dont_ring_me_at_the_phone_question_is_noted(provider: str) -> None:
    before = {**BEFORE_EMAIL, "provider": provider, "customer_email": "sam@example.co.uk"}
    messages, slots = form_answer("07700 900456, dont ring me", "customer_phone", before)
    assert slots["customer_phone"] == "07700 900456"
    assert slots.get("contact_wishes_heard") == ["no phone calls"]


@pytest.mark.parametrize(
    "said", ["dont ring me, i'm deaf", "dont ring me", "please don't phone me"]
)
def test_dont_ring_me_at_the_accessibility_question_is_a_need(said: str) -> None:
    from bot.answers.needs import access_needs_named, declines_needs

    assert not declines_needs(said)
    assert access_needs_named(said) == "no phone calls"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", ["dont ring me", "please dont call me"])
def test_dont_ring_me_at_the_contact_question_is_never_phone(provider: str, said: str) -> None:
    before = {**BEFORE_EMAIL, "provider": provider, "customer_email": "sam@example.co.uk",
              "customer_phone": "07700 900456"}  # fmt: skip
    _, slots = form_answer(said, "contact_preference", before)
    assert slots.get("contact_preference") != "phone"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_text_messages_only_is_read_as_sms_does(provider: str) -> None:
    before = {**BEFORE_EMAIL, "provider": provider, "customer_email": "sam@example.co.uk",
              "customer_phone": "07700 900456"}  # fmt: skip
    sms, _ = form_answer("SMS", "contact_preference", before)
    texts, _ = form_answer("text messages only", "contact_preference", before)
    assert responses(texts) == responses(sms)
    assert "utter_hint_contact_preference" not in responses(texts)


# --- 6. urgent help for a line down, consistently --------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "said",
    [
        "shes 82 and her broadband has been down since tuesday",
        "my mum who is 85, her broadband has been down since tuesday",
        "his telecare pendant wont connect. He's 88.",
    ],
)
def test_a_line_down_for_someone_old_or_on_telecare_gets_urgent_help(
    provider: str, said: str
) -> None:
    messages, _ = form_answer(
        said, "complaint_description", {"complaint_category": "fault_repair", "provider": provider}
    )
    said_now = responses(messages)
    assert "utter_urgent_help" in said_now
    assert any(r.startswith("utter_fault_line") for r in said_now)
    assert "utter_line_down_priority_repair" in said_now


# --- 7. the accessibility question after a format was agreed ---------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_accessibility_question_says_the_format_agreed_is_noted(provider: str) -> None:
    from actions.intake import ActionAskAccessibilityNeeds

    agreed = {"needs": ["accessible_formats"], "at": "2026-11-27",
              "details": {"accessible_formats": "large print"}}  # fmt: skip
    tracker = make_tracker({"provider": provider, "support_needs": agreed,
                            "requested_slot": "accessibility_needs"})  # fmt: skip
    messages, _ = run_action(ActionAskAccessibilityNeeds(), tracker)
    assert responses(messages) == ["utter_ask_accessibility_needs_format_noted"]
    said = _said(messages)
    assert "large print" in said and "already" in said
    # Without a format agreed, the question as before.
    plain_tracker = make_tracker({"provider": provider, "requested_slot": "accessibility_needs"})
    messages, _ = run_action(ActionAskAccessibilityNeeds(), plain_tracker)
    assert responses(messages) == ["utter_ask_accessibility_needs"]


# --- 8. the contact buttons after the phone was skipped or writing only agreed ----------------------


def _buttons(provider: str, **slots: Any) -> list[str]:
    from actions.intake import ActionAskContactPreference

    tracker = make_tracker({"provider": provider, "customer_email": "sam@example.co.uk", **slots})
    messages, _ = run_action(ActionAskContactPreference(), tracker)
    asked = [m for m in messages if m["response"] == "utter_ask_contact_preference"][0]
    return [b["payload"] for b in asked.get("buttons") or []]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "slots",
    [
        {"customer_phone": "none"},
        {"customer_phone": "07700 900456",
         "support_needs": {"needs": ["writing_only"], "at": "2026-11-27"}},
        {"customer_phone": "07700 900456", "accessibility_needs": "no phone calls"},
    ],
)  # fmt: skip
def test_phone_is_not_offered_after_the_number_was_skipped_or_writing_only(
    provider: str, slots: dict[str, Any]
) -> None:
    payloads = _buttons(provider, **slots)
    assert payloads and not any('"phone"' in p or "text_relay" in p for p in payloads)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_phone_is_still_offered_with_a_number_and_no_wish(provider: str) -> None:
    assert any('"phone"' in p for p in _buttons(provider, customer_phone="07700 900456"))


def test_a_correction_long_after_the_needs_were_agreed_is_the_questions_answer() -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.vulnerability import needs_corrected
    from tests.action_support import slot_event, user_event

    agreed = {"needs": ["accessible_formats"], "at": "2026-11-27"}
    events = [slot_event("support_needs", agreed), user_event("Sam Lee"), user_event("no i said 3")]
    tracker = make_tracker({**AT_CONSENT, "support_needs": agreed, "requested_slot": "employees"},
                           text="no i said 3", events=events)  # fmt: skip
    assert needs_corrected(CollectingDispatcher(), tracker, {}) is None
