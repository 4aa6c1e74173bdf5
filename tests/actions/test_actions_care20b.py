"""Customers in vulnerable circumstances, outside testers round 14 (customers B, issue 18, care20b):
"anything but the phone" never chooses the phone (F27); "i first complained about this by phone on 2
november" at the read-back is the day first raised, never a change of contact (F6); a request not
to record something is never added to what happened, and taking a part out removes that part only
(F15); the format chosen is what the case holds (F22); a withdrawal after logging takes the needs off
the logged case and says so truthfully (F29). Each test failed before the change."""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import ActionAskContactPreference, ActionChangeComplaint, ValidateComplaintForm
from tests.action_support import (
    at_read_back,
    form_turn,
    make_tracker,
    only,
    recorded_needs,
    rendered,
    responses,
    run_action,
    slots_set,
    user_event,
    verified_case,
)

PROVIDERS = ["infinium", "invictanet"]
INTENTS = ["inform", "deny", "nlu_fallback"]


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in messages if m.get("response"))


# --- F27: "anything but the phone" at the contact question ----------------------------------------

CARER_FIRST = (
    "I'm a carer for my disabled son and have no time for calls - please don't phone me. "
    "Your engineer missed two appointments"
)
CARER = {
    "complaint_category": "fault_repair",
    "complaint_description": CARER_FIRST,
    "customer_name": "Ann Hale",
    "customer_email": "ann@example.co.uk",
    "customer_phone": "07700 900456",
}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["inform", "deny", "nlu_fallback"])
@pytest.mark.parametrize(
    "said",
    ["anything but the phone", "not phone", "no calls", "any way except phone", "not by phone"],
)
def test_anything_but_the_phone_at_the_contact_question_is_never_phone(
    provider: str, intent: str, said: str
) -> None:
    before = {**CARER, "provider": provider}
    tracker = form_turn(
        "complaint_form",
        "contact_preference",
        {"contact_preference": "phone"},
        before=before,
        text=said,
        intent=intent,
        entities={"contact_preference": "phone"},
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots.get("contact_preference") != "phone"
    assert "no phone calls" in _said(messages)
    # Asked again: the phone is not among the ways offered.
    asked = make_tracker({**before, **slots, "requested_slot": "contact_preference"})
    shown, _ = run_action(ActionAskContactPreference(), asked)
    [question] = [m for m in shown if m["response"] == "utter_ask_contact_preference"]
    payloads = [b["payload"] for b in question["buttons"]]
    assert not any('"phone"' in p or "text_relay" in p for p in payloads)
    assert any('"email"' in p for p in payloads)


# --- F6: "i first complained about this by phone on 2 november" at the read-back ------------------


@pytest.mark.usefixtures("action_database", "friday_27_november")
@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    ("said", "day", "kept"),
    [
        ("i first complained about this by phone on 2 november", "2026-11-02", "email"),
        (
            "sorry no, i first contacted you by phone through relay on 5 november",
            "2026-11-05",
            "email",
        ),
        ("i first complained about this by phone on 2 november", "2026-11-02", "text_relay"),
    ],
)
def test_the_way_first_complained_is_the_day_first_raised_not_a_contact_change(
    intent: str, said: str, day: str, kept: str
) -> None:
    tracker = at_read_back(
        said, intent, {"contact_preference": kept}, earlier="i asked for it to be closed"
    )
    messages, events = run_action(ActionChangeComplaint(), tracker)
    changed = slots_set(events)
    assert changed.get("complaint_first_raised") == day
    assert changed.get("contact_preference", kept) == kept
    assert "utter_hint_customer_phone" not in responses(messages)
    assert "contact preference" not in _said(messages)
    assert "complaint_description" not in changed


# --- F15: "please dont write 'money difficulties' on my file" -------------------------------------

JOBLESS_FIRST = (
    "lost my job and got behind, now youve cut off my internet without any warning. "
    "i need it to look for work"
)
JOBLESS = {
    "complaint_category": "fault_repair",
    "complaint_description": JOBLESS_FIRST,
    "circumstances": ["financial"],
}
NOT_ON_FILE = [
    "no. and please dont write 'money difficulties' on my file, its embarrassing",
    "no, please don't put money difficulties on my record",
    "no thanks and i dont want you to note that im skint",
]


@pytest.mark.parametrize("intent", ["inform", "deny", "nlu_fallback"])
@pytest.mark.parametrize("said", NOT_ON_FILE)
def test_a_request_not_to_record_is_never_added_to_what_happened(intent: str, said: str) -> None:
    tracker = form_turn(
        "complaint_form",
        "support_offer",
        {"support_offer": said},
        before=JOBLESS,
        text=said,
        intent=intent,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert "utter_added_to_description" not in responses(messages)
    assert slots.get("complaint_description", JOBLESS_FIRST) == JOBLESS_FIRST
    assert slots.get("support_offer") == "no"


ADDED_BEFORE = (
    f"{JOBLESS_FIRST} and please dont write 'money difficulties' on my file, its embarrassing"
)


@pytest.mark.usefixtures("action_database")
@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    "said",
    [
        "no, take the bit about money difficulties out of what happened, i never wanted that in",
        "take the part about money difficulties out please",
        "remove the bit about money difficulties",
    ],
)
def test_taking_a_part_out_removes_that_part_only(intent: str, said: str) -> None:
    tracker = at_read_back(said, intent, {**JOBLESS, "complaint_description": ADDED_BEFORE})
    messages, events = run_action(ActionChangeComplaint(), tracker)
    kept = slots_set(events)["complaint_description"]
    assert kept == JOBLESS_FIRST
    assert "utter_part_taken_out" in responses(messages)


# --- F22: the format chosen is what the case holds and what the removal names ---------------------


@pytest.mark.parametrize("intent", ["withdraw_consent", "inform", "nlu_fallback"])
def test_the_removal_names_the_format_recorded_on_the_case(
    action_database: str, intent: str
) -> None:
    from actions.status import ActionHandleCaseRequest
    from actions.vulnerability import ActionAskConfirmNeedsRemoval

    details = {"accessible_formats": "large print and braille"}
    reference = verified_case(action_database, ["accessible_formats"], details)
    said = f"I want to remove my needs from complaint {reference}"
    tracker = make_tracker(
        {"case_reference": reference, "verification_answer": "verified",
         "pending_request": "withdraw_needs", "pending_request_for": reference},
        text="TN1 2PY",
        events=[user_event(said, intent), user_event("TN1 2PY")],
    )  # fmt: skip
    _, events = run_action(ActionHandleCaseRequest(), tracker)
    pending = slots_set(events)["needs_removal"]
    shown, _ = run_action(ActionAskConfirmNeedsRemoval(), make_tracker({"needs_removal": pending}))
    question = rendered(only(shown, "utter_ask_confirm_needs_removal"))
    assert "large print and braille" in question
    assert "such as large print, braille, audio" not in question


# --- F29: a withdrawal after logging ---------------------------------------------------------------

CHANGED_MIND = "actually i've changed my mind, i don't want you to keep the note about writing only"


@pytest.mark.parametrize(
    ("intent", "action"),
    [
        ("stop", "actions.intake:ActionNothingToStop"),
        ("nlu_fallback", "actions.chitchat:ActionDefaultFallback"),
        ("make_complaint", "actions.intake:ActionStartComplaint"),
        ("greet", "actions.chitchat:ActionGreet"),
    ],
)
def test_a_withdrawal_after_logging_is_a_withdrawal_never_nothing_saved(
    action_database: str, intent: str, action: str
) -> None:
    import importlib

    from actions.conversation import REREADS  # noqa: F401  (the re-read is a withdraw_consent)

    module, name = action.split(":")
    reference = verified_case(action_database, ["writing_only"])
    tracker = make_tracker({"case_reference": reference}, text=CHANGED_MIND, intent=intent)
    messages, events = run_action(getattr(importlib.import_module(module), name)(), tracker)
    assert "utter_carry_on_again" not in responses(messages)
    assert "Nothing was saved" not in _said(messages)
    reread = [e for e in events if e.get("event") == "user"]
    assert reread and reread[-1]["parse_data"]["intent"]["name"] == "withdraw_consent"


@pytest.mark.parametrize("intent", ["withdraw_consent", "stop", "nlu_fallback"])
def test_the_withdrawal_on_the_logged_case_names_the_note_it_removes(
    action_database: str, intent: str
) -> None:
    from actions.status import ActionHandleCaseRequest
    from actions.vulnerability import ActionAskConfirmNeedsRemoval, ActionConfirmNeedsRemoval

    reference = verified_case(action_database, ["writing_only", "large_print"][:1])
    tracker = make_tracker(
        {"case_reference": reference, "verification_answer": "verified",
         "pending_request": "withdraw_needs", "pending_request_for": reference},
        text=f"About {reference}",
        events=[user_event(CHANGED_MIND, intent), user_event(f"About {reference}")],
    )  # fmt: skip
    _, events = run_action(ActionHandleCaseRequest(), tracker)
    pending = slots_set(events)["needs_removal"]
    assert pending["needs"] == ["writing_only"]
    shown, _ = run_action(ActionAskConfirmNeedsRemoval(), make_tracker({"needs_removal": pending}))
    assert "only in writing" in rendered(only(shown, "utter_ask_confirm_needs_removal"))
    messages, _ = run_action(
        ActionConfirmNeedsRemoval(),
        make_tracker({"needs_removal": pending}, text="yes", intent="affirm"),
    )
    assert only(messages, "utter_needs_withdrawn")["reference"] == reference
    assert recorded_needs(action_database, reference) == []
