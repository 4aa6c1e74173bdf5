"""Customers' own words, tenth round (issues 15 and 19, outside testers' open points).

1. After "remove my needs" on a logged case ("Are you sure? This removes: ..."), "just the large
   print one, keep the others" removes that one only, says which stay, and is no new complaint nor
   a circumstance heard in passing.
2. "can you take off the time that suits me one" on a logged case (Infinity System Solutions) got
   the case's status: it asks to remove that need ("Are you sure?").
3. "we run a small cafe, 4 of us, the card machine line keeps dropping" asked consumer or business:
   a business with a head count is a business, and the 4 is kept.
4. "yes, Mary Jones" at the offer of help lost the name: the yes is the answer, the name is kept.
5. "my broadband has been down for 5 days and nobody has fixed it" asked what the complaint is
   about: a first message that makes the category clear gives it.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionOutOfScope
from actions.intake import ActionStartComplaint
from actions.status import ActionHandleCaseRequest, ActionSetCaseRequest
from actions.vulnerability import ActionConfirmNeedsRemoval
from tests.action_support import (
    CONSUMER_FORM,
    at_are_you_sure,
    followups,
    form_answer,
    make_tracker,
    only,
    recorded_needs,
    rendered,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
    verified_case,
)

pytestmark = pytest.mark.usefixtures("action_database")

PROVIDERS = ["infinity-group", "infinity-system-solutions", "infinium", "invictanet"]


def _rereads(events: list[dict[str, Any]]) -> list[str]:
    return [e["parse_data"]["intent"]["name"] for e in events if e.get("event") == "user"]


# --- 1. "just the large print one, keep the others" on a logged case ------------------------------

THREE = ["priority_fault_repair", "accessible_formats", "call_back"]
ANSWER = "just the large print one, keep the others"


def _at_are_you_sure(reference: str, provider: str, intent: str, pending: dict[str, Any]) -> Any:
    """After a first need was taken off the case, "remove my needs" asked "Are you sure?"."""
    earlier = [
        user_event("take off the call back one", "withdraw_consent"),
        {"event": "action", "name": "action_confirm_needs_removal"},
        user_event("remove my needs", "withdraw_consent"),
        {"event": "action", "name": "action_set_case_request"},
    ]
    slots = {"provider": provider, "created_reference": reference,
             "verified_reference": reference, "case_reference": reference}  # fmt: skip
    return at_are_you_sure(ANSWER, intent, pending, slots, earlier)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("intent", "action"),
    [
        ("make_complaint", ActionStartComplaint()),
        ("inform", ActionOutOfScope()),
        ("check_case", ActionSetCaseRequest()),
    ],
)
def test_naming_one_need_at_are_you_sure_on_a_case_is_that_answer(
    action_database: str, provider: str, intent: str, action: Any
) -> None:
    reference = verified_case(action_database, THREE)
    pending = {"needs": THREE, "where": "case", "reference": reference, "all": True}
    messages, events = run_action(action, _at_are_you_sure(reference, provider, intent, pending))
    assert followups(events) == ["action_confirm_needs_removal"]
    # Its words about large print are the answer, not a circumstance heard in passing ("If you
    # make a complaint with me, I'll ask ...").
    assert messages == [] and "circumstances" not in slots_set(events)
    assert "utter_start_complaint" not in responses(messages)

    tracker = _at_are_you_sure(reference, provider, intent, pending)
    messages, events = run_action(ActionConfirmNeedsRemoval(), tracker)
    assert recorded_needs(action_database, reference) == ["priority_fault_repair", "call_back"]
    said = rendered(only(messages, "utter_some_needs_withdrawn"))
    removed, kept = said.split("stay recorded")
    assert "format" in removed and "format" not in kept
    # The others are said to be kept, by name.
    assert "repair" in kept.lower() and "time that suits" in kept, said
    assert followups(events) == ["action_listen"]


# --- 2. "can you take off the time that suits me one" on a logged case ---------------------------

TIME_SAID = "can you take off the time that suits me one"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_taking_off_the_time_that_suits_me_asks_to_remove_that_need(
    action_database: str, provider: str
) -> None:
    # "You'd like us to contact you at a time that suits you, or only in writing."
    reference = verified_case(action_database, ["call_back", "accessible_formats"])
    events = [
        user_event("yes", "affirm"),
        {"event": "action", "name": "action_submit_complaint"},
        slot_event("created_reference", reference),
        slot_event("verified_reference", reference),
        {"event": "action", "name": "action_listen"},
        user_event(TIME_SAID, "withdraw_consent"),
    ]
    slots = {"provider": provider, "created_reference": reference,
             "verified_reference": reference}  # fmt: skip
    tracker = make_tracker(slots, text=TIME_SAID, intent="withdraw_consent", events=events)
    _, events = run_action(ActionSetCaseRequest(), tracker)
    set_now = slots_set(events)
    assert set_now.get("pending_request") == "withdraw_needs", set_now

    # The case check passes (this conversation logged it): "Are you sure?" about that need only.
    checked = {**slots, **set_now, "case_reference": reference, "verification_answer": "verified"}
    tracker = make_tracker(checked, text=TIME_SAID, intent="withdraw_consent",
                           events=[user_event(TIME_SAID, "withdraw_consent")])  # fmt: skip
    messages, events = run_action(ActionHandleCaseRequest(), tracker)
    assert "utter_case_status" not in responses(messages)
    assert slots_set(events)["needs_removal"]["needs"] == ["call_back"]
    assert followups(events) == ["action_ask_confirm_needs_removal"]
    assert recorded_needs(action_database, reference) == ["call_back", "accessible_formats"]


# --- 3. a business with a head count -------------------------------------------------------------

CAFE = "we run a small cafe, 4 of us, the card machine line keeps dropping"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_cafe_of_4_in_the_first_message_is_a_business_of_4(provider: str) -> None:
    tracker = make_tracker({"provider": provider}, text=CAFE, intent="make_complaint")
    _, events = run_action(ActionStartComplaint(), tracker)
    slots = slots_set(events)
    assert slots.get("customer_type") == "business", slots
    assert str(slots.get("employees")) in ("4", "4 employees"), slots


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_cafe_of_4_at_the_consumer_or_business_question_is_a_business_of_4(
    provider: str,
) -> None:
    before = {"provider": provider, "complaint_category": "fault_repair",
              "complaint_description": "card machine line keeps dropping",
              "customer_name": "Sam Lee", "customer_email": "sam@example.com",
              "customer_phone": "07700 900123", "customer_postcode": "TN1 2PY",
              "contact_preference": "email"}  # fmt: skip
    messages, slots = form_answer(CAFE, "customer_type", before)
    assert slots["customer_type"] == "business", (responses(messages), slots)
    assert str(slots.get("employees")) in ("4", "4 employees"), slots
    assert slots.get("requested_slot") != "customer_type"
    assert not any(r.startswith("utter_hint") for r in responses(messages))


@pytest.mark.parametrize(
    "text",
    ["my cafe's phone line is dead, 4 of us work here", "i run a small shop with 3 staff"],
)
def test_other_small_businesses_are_businesses(text: str) -> None:
    from bot.answers.business import customer_type_in, find_head_count

    assert customer_type_in(text) == "business"
    assert find_head_count(text) is not None


# --- 4. a name typed at the offer of help ---------------------------------------------------------

OFFERED = {
    "complaint_category": "billing",
    "complaint_description": "I use a wheelchair and you billed me twice.",
    "circumstances": ["disability"],
}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", ["yes, Mary Jones", "yes please, my name is Mary Jones"])
def test_a_name_with_the_yes_at_the_offer_is_kept_as_the_name(provider: str, said: str) -> None:
    messages, slots = form_answer(said, "support_offer", {**OFFERED, "provider": provider})
    assert slots["support_offer"] == "yes", responses(messages)
    assert slots.get("customer_name") == "Mary Jones", slots
    assert "Mary" not in str(slots.get("complaint_description") or "")


def test_a_name_given_already_is_not_changed_at_the_offer() -> None:
    _, slots = form_answer("yes, Mary Jones", "support_offer",
                           {**OFFERED, "customer_name": "Jane Doe"})  # fmt: skip
    assert slots["support_offer"] == "yes"
    assert slots.get("customer_name") in (None, "Jane Doe")


# --- 5. the category from a clear first message ---------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my broadband has been down for 5 days and nobody has fixed it", "fault_repair"),
        ("you have overcharged me on my last three bills", "billing"),
    ],
)
def test_a_clear_first_message_gives_its_category(provider: str, text: str, category: str) -> None:
    tracker = make_tracker({"provider": provider}, text=text, intent="make_complaint")
    messages, events = run_action(ActionStartComplaint(), tracker)
    assert "utter_start_complaint" in responses(messages)
    assert slots_set(events).get("complaint_category") == category, slots_set(events)


@pytest.mark.parametrize(
    "text",
    [
        "you charged me for broadband that has been down for weeks",  # billing or a fault
        "I want to complain",
    ],
)
def test_an_unclear_first_message_leaves_the_category_to_ask(text: str) -> None:
    tracker = make_tracker({"provider": "infinium"}, text=text, intent="make_complaint")
    _, events = run_action(ActionStartComplaint(), tracker)
    assert slots_set(events).get("complaint_category") is None


def test_the_category_taken_is_read_back_and_can_be_changed() -> None:
    from actions.intake import ActionSummariseComplaint

    slots = {**CONSUMER_FORM, "complaint_category": "fault_repair", "provider": "infinium"}
    messages, _ = run_action(ActionSummariseComplaint(), make_tracker(slots, text="none"))
    assert any("fault" in rendered(m).lower() for m in messages)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_name_with_the_yes_at_record_these_is_kept_as_the_name(provider: str) -> None:
    """ "Would you like me to record any of these ...?": "yes, Mary Jones" agrees to them all and
    gives the name."""
    before = {**OFFERED, "provider": provider, "support_offer": "yes"}
    messages, slots = form_answer("yes, Mary Jones", "support_needs", before)
    assert slots["support_needs"]["needs"], responses(messages)
    assert slots.get("customer_name") == "Mary Jones", slots


def test_a_word_the_model_took_for_the_category_gives_way_to_the_clear_one() -> None:
    """The model's entity "broadband" is no category: the words' own category is taken."""
    text = "my broadband has been down for 5 days and nobody has fixed it"
    slots = {"provider": "infinium", "complaint_category": "broadband"}
    tracker = make_tracker(slots, text=text, intent="make_complaint")
    _, events = run_action(ActionStartComplaint(), tracker)
    assert slots_set(events).get("complaint_category") == "fault_repair", slots_set(events)
