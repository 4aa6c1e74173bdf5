"""Round 20: outside testers' findings through the form's validation; each test failed first.

- Outside customers B, round 19, F6 (HIGH): the complaint typed at "What postal address should
  we write to?" was stored as the postal address (letters would have gone nowhere, and the words
  were lost from what happened). Now they are added to what happened, said, and the address asked
  for again; a real address is still taken.

"Today" is Tuesday 22 December 2026, 10:00.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import ValidateComplaintForm
from tests.action_support import (
    make_tracker,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")

FORM = "complaint_form"
FIRST = "my phone line is dead and i rely on it"
BEFORE: dict[str, Any] = {
    "provider": "invictanet",
    "complaint_category": "faults",
    "complaint_description": FIRST,
    "customer_name": "Edna Hughes",
    "customer_email": "not_given",
    "customer_phone": "not_given",
    "contact_preference": "letter",
}


def _at_the_address(said: str) -> tuple[list[str], dict[str, Any]]:
    slots = {**BEFORE, "requested_slot": "customer_address"}
    events = [
        user_event(FIRST, "make_complaint"),
        *(slot_event(k, v) for k, v in slots.items()),
        user_event(said, "inform"),
        slot_event("customer_address", said),
    ]
    tracker = make_tracker(
        {**slots, "customer_address": said},
        text=said,
        intent="inform",
        events=events,
        active_loop=FORM,
    )
    messages, set_events = run_action(ValidateComplaintForm(), tracker)
    return responses(messages), {**slots, **slots_set(set_events)}


@pytest.mark.parametrize(
    "said",
    [
        "the line has been dead for 2 weeks and nobody has come out to fix it",
        "i rang 3 times and was cut off each time, its a disgrace",
    ],
)
def test_the_complaint_at_the_address_question_is_added_to_what_happened(said: str) -> None:
    reply, slots = _at_the_address(said)
    assert slots["customer_address"] is None, slots["customer_address"]
    assert "utter_added_to_description" in reply, reply
    assert said.split(",")[0] in slots["complaint_description"]
    assert FIRST in slots["complaint_description"]


def test_a_real_address_at_the_address_question_is_kept() -> None:
    reply, slots = _at_the_address("Flat 3, 22 Station Road, Leeds")
    assert slots["customer_address"] == "Flat 3, 22 Station Road, Leeds", reply
    assert slots["complaint_description"] == FIRST


# --- Outside customers A, round 19, F14: "maybe 10 or 12" kept as 10 ------------------------------

BUSINESS: dict[str, Any] = {
    "provider": "infinium",
    "complaint_category": "billing",
    "complaint_description": "charged twice for the office line in november",
    "customer_name": "Priya Shah",
    "customer_email": "priya@shahdental.co.uk",
    "customer_type": "business",
}


def _at_the_head_count(said: str, slots: dict[str, Any] | None = None) -> tuple[list, dict]:
    slots = {**(slots or BUSINESS), "requested_slot": "employees"}
    events = [
        user_event(BUSINESS["complaint_description"], "make_complaint"),
        *(slot_event(k, v) for k, v in slots.items()),
        user_event(said, "inform"),
        slot_event("employees", said),
    ]
    tracker = make_tracker(
        {**slots, "employees": said}, text=said, intent="inform", events=events, active_loop=FORM
    )
    messages, set_events = run_action(ValidateComplaintForm(), tracker)
    return messages, {**slots, **slots_set(set_events)}


@pytest.mark.parametrize("said", ["maybe 10 or 12", "10-12 i think", "between ten and twelve"])
def test_a_head_count_given_as_two_numbers_is_asked_which(said: str) -> None:
    messages, slots = _at_the_head_count(said)
    assert slots["employees"] is None, slots["employees"]
    assert responses(messages) == ["utter_head_count_which"], responses(messages)
    assert messages[0]["low"] == 10 and messages[0]["high"] == 12


def test_one_number_after_the_range_is_kept() -> None:
    _, slots = _at_the_head_count("12")
    assert "12" in str(slots["employees"]), slots["employees"]


# --- Outside customers B, round 19, F33 and F18: "please only email me", then the phone asked -----

ONLY_EMAIL = "my broadband has been off for a week, please only email me, I can't take calls"


def _required(slots: dict[str, Any], said: str) -> list[str]:
    from actions.intake import ValidateComplaintForm as Form
    from tests.action_support import DOMAIN, call

    tracker = make_tracker(
        slots, text="joan@example.com", events=[user_event(said, "make_complaint")]
    )
    tracker.active_loop = {"name": FORM}
    domain_slots = list(DOMAIN["forms"]["complaint_form"]["required_slots"])
    return call(Form().required_slots, domain_slots, None, tracker, DOMAIN)


ASKING: dict[str, Any] = {
    "provider": "invictanet",
    "complaint_category": "fault_repair",
    "complaint_description": ONLY_EMAIL,
    "customer_name": "Joan Smith",
    "customer_email": "joan@example.com",
    "customer_phone": None,
}


def test_no_phone_number_is_asked_of_one_who_wants_no_calls() -> None:
    assert "customer_phone" not in _required(ASKING, ONLY_EMAIL)


def test_the_phone_number_is_asked_when_no_wish_was_said() -> None:
    assert "customer_phone" in _required(ASKING, "my broadband has been off for a week")


def test_the_phone_number_is_asked_when_the_email_was_declined() -> None:
    declined = {**ASKING, "customer_email": "none"}
    assert "customer_phone" in _required(declined, ONLY_EMAIL)


def test_the_first_message_sets_the_way_to_be_contacted() -> None:
    from actions.intake import ActionStartComplaint

    tracker = make_tracker(
        {"provider": "invictanet"},
        text=ONLY_EMAIL,
        intent="make_complaint",
        events=[user_event(ONLY_EMAIL, "make_complaint")],
    )
    _, events = run_action(ActionStartComplaint(), tracker)
    slots = slots_set(events)
    assert slots.get("contact_preference") == "email", slots
    assert slots.get("complaint_category") == "fault_repair", slots


# --- Outside customers B, round 20, F6 (HIGH): a deaf customer's fault complaint not followed ----

DEAF_FAULT = (
    "I'm deaf and can't use the phone. My internet has been down for 9 days and nobody will fix it"
)


def test_a_deaf_customers_complaint_starts_the_complaint() -> None:
    from actions.intake import ActionStartComplaint

    tracker = make_tracker(
        {"provider": "invictanet"},
        text=DEAF_FAULT,
        intent="make_complaint",
        events=[user_event(DEAF_FAULT, "make_complaint")],
    )
    messages, events = run_action(ActionStartComplaint(), tracker)
    # Taken down, never handed to the contact question (which handed it back, and so on).
    assert not [e for e in events if e.get("event") == "user"], events
    assert slots_set(events).get("complaint_category") == "fault_repair"
    assert "nobody will fix it" in str(slots_set(events).get("complaint_description"))


def test_a_deaf_customers_question_is_still_the_contact_question() -> None:
    from actions.conversation import question_in_its_own_words

    assert question_in_its_own_words("im deaf, how can i contact you? i cant do phone calls") == (
        "ask_contact"
    )


# --- Outside attacker, round 20, F3 (HIGH) and F5: an addition said to be added, and lost ---------


def test_an_addition_past_the_limit_is_said_not_added() -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import say_description_added

    dispatcher = CollectingDispatcher()
    held = "my broadband keeps dropping " + "x" * 3900
    assert say_description_added(dispatcher, held, "y" * 3900) is None
    [said] = dispatcher.messages
    assert said["response"] == "utter_addition_too_long"
    assert said["limit"] == "4,000"


def test_an_addition_with_a_nul_in_it_is_added_without_it() -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import say_description_added

    dispatcher = CollectingDispatcher()
    added = say_description_added(dispatcher, "line dead", "and the engineer\x00 never came")
    assert added == "line dead and the engineer never came"
    assert [m["response"] for m in dispatcher.messages] == ["utter_added_to_description"]


def test_a_range_told_at_the_customer_type_question_keeps_no_head_count() -> None:
    # Outside customers A, round 20, F8 (HIGH): "maybe 10 or 12 staff" kept as 22 employees.
    said = "business, we are a small office maybe 10 or 12 staff"
    slots = {**BUSINESS, "customer_type": None, "requested_slot": "customer_type"}
    events = [
        user_event(BUSINESS["complaint_description"], "make_complaint"),
        *(slot_event(k, v) for k, v in slots.items()),
        user_event(said, "inform"),
        slot_event("customer_type", "business"),
        slot_event("employees", "10"),
    ]
    tracker = make_tracker(
        {**slots, "customer_type": "business", "employees": "10"},
        text=said,
        intent="inform",
        events=events,
        active_loop=FORM,
    )
    _, set_events = run_action(ValidateComplaintForm(), tracker)
    kept = slots_set(set_events)
    assert kept.get("customer_type") == "business"
    assert kept.get("employees") is None, kept


def test_a_head_count_taken_back_is_not_added() -> None:
    # Outside customers A, round 20, F9 (HIGH): "no we have about 12 staff not 22" made it 34.
    from bot.answers.business import find_head_count

    assert find_head_count("no we have about 12 staff not 22").counted(("employees",)) == 12


# --- Outside compliance, round 20, F10 (HIGH): "I first complained a few weeks ago", no day -------


def _logged(first_message: str) -> list[str]:
    from actions.intake import ActionSubmitComplaint
    from tests.action_support import CONSUMER_FORM

    said = "yes"
    tracker = make_tracker(
        {**CONSUMER_FORM, "complaint_description": first_message},
        text=said,
        intent="affirm",
        events=[user_event(first_message, "make_complaint"), user_event(said, "affirm")],
    )
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    return responses(messages)


def test_a_complaint_raised_before_with_no_day_is_told_its_date_is_earlier() -> None:
    said = _logged(
        "My internet keeps cutting out. I first complained about it a few weeks ago and nothing "
        "has been done"
    )
    assert "utter_adr_from_date" in said
    assert said.index("utter_adr_from_today_raised_before") == said.index("utter_adr_from_date") + 1


def test_a_complaint_never_raised_before_has_no_such_words() -> None:
    said = _logged("My internet keeps cutting out every evening")
    assert "utter_adr_from_date" in said
    assert "utter_adr_from_today_raised_before" not in said


# --- Outside customers B, round 20, F18 and F11 (HIGH): health words left in what happened -------

ANXIETY = "I have bad anxiety so please don't call me. Your engineer never turned up twice"


def _needs_dropped(description: str, said: str) -> tuple[list[dict], dict[str, Any]]:
    from actions.vulnerability import pending_needs_dropped
    from tests.action_support import DOMAIN

    tracker = make_tracker(
        {"provider": "infinity-system-solutions", "complaint_description": description},
        text=said,
        events=[user_event(description, "make_complaint"), user_event(said, "inform")],
    )
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    events = pending_needs_dropped(dispatcher, tracker, DOMAIN)
    return dispatcher.messages, slots_set(events)


def test_removing_what_was_said_about_health_takes_it_out_of_what_happened() -> None:
    messages, slots = _needs_dropped(ANXIETY, "please remove what I said about my anxiety")
    assert slots["complaint_description"] == "Your engineer never turned up twice"
    assert "utter_circumstances_taken_out" in responses(messages)


def test_removing_a_need_alone_leaves_what_happened() -> None:
    _, slots = _needs_dropped(ANXIETY, "remove the large print")
    assert "complaint_description" not in slots


def test_what_happened_all_about_health_is_asked_to_be_retold() -> None:
    messages, slots = _needs_dropped("I have cancer", "remove what I told you about my health")
    assert "complaint_description" not in slots
    assert "utter_circumstances_still_told" in responses(messages)


# --- Outside customers A, round 20, F4: "when will i get a letter" after logging ------------------


def _asked_after_logging(action_store, said: str) -> tuple[Any, list[dict]]:
    """A case logged in this conversation, then `said` as a reply-time question: the case and
    what the reply-time action said."""
    from actions.rights import ActionQuoteResponseTimes
    from tests.actions.test_actions_status import new_case

    case = new_case(action_store)
    tracker = make_tracker(
        {"provider": "infinity-group", "created_reference": case.reference},
        text=said,
        intent="ask_response_time",
        events=[
            slot_event("created_reference", case.reference),
            user_event(said, "ask_response_time"),
        ],
    )
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    return case, messages


def test_when_will_i_get_a_letter_after_logging_gives_the_replies_owed(action_store) -> None:
    case, messages = _asked_after_logging(action_store, "when will i get a letter")
    said_back = responses(messages)
    assert said_back[0] == "utter_logged_case_replies_owed", said_back
    assert messages[0]["reference"] == case.reference
    assert "utter_response_times_intro_letter" not in said_back
    assert len(said_back) > 1


def test_if_i_post_a_letter_is_still_the_letter_answer(action_store) -> None:
    _, messages = _asked_after_logging(action_store, "if I send a letter, when will I hear back?")
    assert "utter_logged_case_replies_owed" not in responses(messages)


def test_a_name_said_in_the_first_message_is_taken_and_not_left_in_the_account() -> None:
    # Outside customers A, round 20, F7: the name asked again, and "... im raging. name is" stored.
    from actions.intake import ActionStartComplaint

    first = (
        "ur engineer never turned up tuesday, i took the day off work for nothing. im raging. "
        "name is darren cole email dazc@outlook.com phone 07911 123456 postcode tn1 1aa"
    )
    tracker = make_tracker(
        {"provider": "infinity-group"},
        text=first,
        intent="make_complaint",
        events=[user_event(first, "make_complaint")],
    )
    _, events = run_action(ActionStartComplaint(), tracker)
    slots = slots_set(events)
    assert str(slots.get("customer_name")).lower() == "darren cole", slots
    description = slots.get("complaint_description") or ""
    assert "engineer never turned up" in description
    assert not description.rstrip(" .").endswith("name is"), description
