"""Customers in vulnerable circumstances, outside testers on the current code (issue 18, care18):
"don't phone me" never ends as contact by phone; "remove the large print" at the read-back removes
the large print, never the call-back time; a refused format is never recorded; video relay is kept
as video relay, never text relay. Each test failed before the change."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import read_back_routed
from actions.intake import ActionAskContactPreference, ActionChangeComplaint, ValidateComplaintForm
from actions.vulnerability import drop_pending_needs
from tests.action_support import (
    DOMAIN,
    at_read_back,
    form_answer,
    form_turn,
    make_tracker,
    rendered,
    responses,
    run_action,
    slots_set,
)

PROVIDERS = ["infinium", "invictanet"]
DEAF_FIRST = "I'm deaf so please don't phone me, my broadband keeps dropping"
DEAF = {
    "complaint_category": "fault_repair",
    "complaint_description": DEAF_FIRST,
    "customer_name": "Sam Lee",
    "circumstances": ["disability"],
    "support_offer": "no",
    "support_needs": "none",
    "customer_email": "sam@example.co.uk",
    "customer_phone": "07700 900456",
}
NO_CALLS = ["dont phone me", "don't call me", "please don't phone me, I'm deaf"]


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in messages if m.get("response"))


def _validated(asked: str, said: str, before: dict[str, Any], **candidates: Any) -> tuple:
    """The form's validation of `said` at `asked`, with the model's entity "phone" extracted from
    it (as "phone" in "dont phone me" is): its messages and the slots it set."""
    tracker = form_turn(
        "complaint_form",
        asked,
        {asked: said, **candidates} if asked != "contact_preference" else candidates,
        before=before,
        text=said,
        entities={"contact_preference": "phone"},
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    return messages, slots_set(events)


# --- 1. "don't phone me" never ends as contact by phone -------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", NO_CALLS)
def test_dont_phone_me_at_the_contact_question_is_never_phone(provider: str, said: str) -> None:
    before = {**DEAF, "provider": provider}
    messages, slots = _validated("contact_preference", said, before, contact_preference="phone")
    assert slots.get("contact_preference") is None  # asked again, which
    assert "no phone calls" in _said(messages)
    assert "utter_hint_contact_preference" not in responses(messages)
    # Asked again: phone is not among the ways offered.
    asked = make_tracker({**before, **slots, "requested_slot": "contact_preference"})
    shown, _ = run_action(ActionAskContactPreference(), asked)
    [question] = [m for m in shown if m["response"] == "utter_ask_contact_preference"]
    payloads = [b["payload"] for b in question["buttons"]]
    assert not any('"phone"' in p or "text_relay" in p for p in payloads)
    assert any('"email"' in p for p in payloads)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("asked", ["customer_postcode", "customer_type", "accessibility_needs"])
@pytest.mark.parametrize("said", NO_CALLS)
def test_dont_phone_me_later_takes_back_a_phone_preference(
    provider: str, asked: str, said: str
) -> None:
    before = {**DEAF, "provider": provider, "contact_preference": "phone"}
    messages, slots = _validated(asked, said, before, contact_preference="phone")
    assert slots.get("contact_preference", "phone") != "phone"
    noted = str(slots.get("accessibility_needs")) + str(slots.get("contact_wishes_heard"))
    assert "no phone calls" in noted


@pytest.mark.parametrize("provider", PROVIDERS)
def test_dont_phone_me_email_instead_at_the_contact_question_is_email(provider: str) -> None:
    before = {**DEAF, "provider": provider}
    _, slots = _validated(
        "contact_preference", "dont phone me, email me", before, contact_preference="phone"
    )
    assert slots["contact_preference"] == "email"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", NO_CALLS)
def test_dont_phone_me_at_the_read_back_never_keeps_phone(provider: str, said: str) -> None:
    slots = {**DEAF, "contact_preference": "phone", "accessibility_needs": "none"}
    tracker = at_read_back(said, "deny", slots, earlier=DEAF_FIRST, provider=provider)
    assert read_back_routed(tracker) is not None
    messages, events = run_action(ActionChangeComplaint(), tracker)
    changed = slots_set(events)
    assert changed.get("contact_preference", "phone") != "phone"
    assert "no phone calls" in str(changed.get("accessibility_needs"))
    assert "utter_hint_customer_phone" not in responses(messages)
    assert "utter_change_not_understood" not in responses(messages)
    # The form asks which way instead (phone no longer offered), never the same read-back.
    assert {"event": "followup", "name": "complaint_form"}.items() <= next(
        e for e in events if e.get("event") == "followup"
    ).items() or changed.get("contact_preference") not in (None, "phone")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_dont_phone_me_email_instead_at_the_read_back_is_email(provider: str) -> None:
    slots = {**DEAF, "contact_preference": "phone", "accessibility_needs": "none"}
    said = "dont phone me, email me instead"
    tracker = at_read_back(said, "deny", slots, earlier=DEAF_FIRST, provider=provider)
    _, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events)["contact_preference"] == "email"


# --- 2. "remove the large print" removes the large print ------------------------------------------

BEREAVED = {
    "complaint_category": "billing",
    "complaint_description": "my husband passed away and you keep billing him",
    "circumstances": ["bereavement"],
    "support_offer": "yes",
}
CALL_AFTER_6 = {
    "needs": ["call_back_time"],
    "at": "2026-12-22T10:00:00+00:00",
    "details": {"call_back_time": "after 6pm"},
}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "said", ["remove the large print", "please remove the large print", "take off the large print"]
)
@pytest.mark.parametrize("held", ["large print", "large print, no phone calls"])
def test_remove_the_large_print_never_offers_to_remove_the_call_back_time(
    provider: str, said: str, held: str
) -> None:
    slots = {**BEREAVED, "support_needs": CALL_AFTER_6, "accessibility_needs": held}
    tracker = at_read_back(said, "withdraw_consent", slots, provider=provider)
    routed = read_back_routed(tracker) or []
    assert not [e for e in routed if e.get("name") == "needs_removal"]
    messages, events = run_action(ActionChangeComplaint(), tracker)
    changed = slots_set(events)
    assert "needs_removal" not in changed
    assert "large print" not in str(changed.get("accessibility_needs", held))
    assert changed.get("support_needs", CALL_AFTER_6) == CALL_AFTER_6
    if "no phone calls" in held:
        assert changed["accessibility_needs"] == "no phone calls"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_remove_the_large_print_said_as_withdrawing_removes_only_it(provider: str) -> None:
    slots = {**BEREAVED, "support_needs": CALL_AFTER_6, "accessibility_needs": "large print"}
    tracker = at_read_back("remove the large print", "withdraw_consent", slots, provider=provider)
    dispatcher = CollectingDispatcher()
    events = drop_pending_needs(dispatcher, tracker, DOMAIN, mid_form=False)
    changed = slots_set(events)
    assert "needs_removal" not in changed
    assert changed.get("support_needs", CALL_AFTER_6) == CALL_AFTER_6
    # The large print is taken out of the accessibility answer, as the change does it.
    assert [e["name"] for e in events if e.get("event") == "followup"] == [
        "action_change_complaint"
    ]


# --- 3. a refused format is never recorded --------------------------------------------------------

AT_ACCESSIBILITY = {
    **DEAF,
    "contact_preference": "email",
    "customer_postcode": "TN1 2PY",
    "customer_type": "consumer",
    "account_number": "none",
}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("not large print, braille please", "braille"),
        ("no large print, braille please", "braille"),
        ("I don't want large print", None),
        ("i don't want large print, braille", "braille"),
        ("i dont want large print but audio would help", "audio"),
    ],
)
def test_a_refused_format_at_the_accessibility_question_is_never_recorded(
    provider: str, said: str, kept: str | None
) -> None:
    _, slots = form_answer(said, "accessibility_needs", {**AT_ACCESSIBILITY, "provider": provider})
    recorded = str(slots.get("accessibility_needs"))
    assert "large print" not in recorded
    if kept:
        assert kept in recorded


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_refused_format_at_the_read_back_is_never_recorded(provider: str) -> None:
    said = "accessibility needs: not large print, braille"
    slots = {**AT_ACCESSIBILITY, "accessibility_needs": "none"}
    tracker = at_read_back(said, "inform", slots, provider=provider)
    _, events = run_action(ActionChangeComplaint(), tracker)
    recorded = str(slots_set(events).get("accessibility_needs"))
    assert "large print" not in recorded
    assert "braille" in recorded


# --- 4. video relay is kept as video relay ---------------------------------------------------------

BSL = {
    "complaint_category": "fault_repair",
    "complaint_description": "I'm deaf and use BSL, my broadband keeps dropping",
    "circumstances": ["disability"],
    "support_offer": "yes",
}
VIDEO_RELAY = ["video relay", "video relay please, I use BSL", "BSL video relay"]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", VIDEO_RELAY)
def test_video_relay_at_the_consent_question_is_never_text_relay(provider: str, said: str) -> None:
    _, slots = form_answer(said, "support_needs", {**BSL, "provider": provider})
    needs = slots.get("support_needs")
    assert "text_relay" not in (needs.get("needs") if isinstance(needs, dict) else [])


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", VIDEO_RELAY)
def test_video_relay_at_the_contact_question_is_never_text_relay(provider: str, said: str) -> None:
    before = {**BSL, **{k: v for k, v in DEAF.items() if k.startswith("customer_")}}
    before.update(provider=provider, support_offer="no", support_needs="none")
    messages, slots = form_answer(said, "contact_preference", before)
    assert slots.get("contact_preference") != "text_relay"
    assert "video_relay" not in _said(messages)  # never the internal name
    if slots.get("contact_preference") is None:
        assert "video relay" in _said(messages)
    # Said again: kept as the customer's preference, video relay.
    again = {**before, "answer_failures": {"slot": "contact_preference", "count": 1}}
    messages, slots = form_answer(said, "contact_preference", again)
    assert slots.get("contact_preference") == "video_relay"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", VIDEO_RELAY)
def test_video_relay_at_the_accessibility_question_is_kept(provider: str, said: str) -> None:
    _, slots = form_answer(said, "accessibility_needs", {**AT_ACCESSIBILITY, "provider": provider})
    recorded = str(slots.get("accessibility_needs"))
    assert "video relay" in recorded and "text relay" not in recorded


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", ["please don't call me", "please dont phone me"])
def test_please_dont_call_me_at_the_consent_question_chooses_no_need(
    provider: str, said: str
) -> None:
    at_consent = {**BSL, "complaint_description": "I'm deaf and my broadband keeps dropping"}
    messages, slots = form_answer(said, "support_needs", {**at_consent, "provider": provider})
    assert not isinstance(slots.get("support_needs"), dict)  # no need recorded "as agreed"
    assert "utter_needs_will_be_recorded" not in responses(messages)
    assert slots.get("contact_wishes_heard") == ["no phone calls"]
