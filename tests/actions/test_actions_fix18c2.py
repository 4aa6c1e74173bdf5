"""Outside testers typing as customers during the complaint form (issue "customers' own words",
round 18), through the actions; each test failed before its fix:

- F2: a first message giving name, e-mail and phone with the complaint kept them in "What
  happened" (read back and on the case), though each was taken into its own field;
- F16: a phone number's extension ("01632 960123 ext 45") was dropped;
- F18: "stop asking for my email" at the e-mail question was refused as an address and the same
  question asked again (or, read as stop, could end the complaint);
- F19: "12 Acacia Avenue, Leeds LS6 2AB" at the postcode question kept only the postcode;
- F64: "sorry it was the 13th not the 3rd" while another question was asked was not applied.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import ActionExecuted

from actions.intake import (
    ActionStartComplaint,
    ActionStopComplaint,
    ActionSubmitComplaint,
    ActionSummariseComplaint,
    ValidateComplaintForm,
)
from bot.cases.store import CaseStore
from tests.action_support import (
    CONSUMER_FORM,
    at_read_back,
    form_answer,
    make_tracker,
    only,
    rendered,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")

FORM = "complaint_form"
EARLIER = {
    "complaint_category": "fault_repair",
    "complaint_description": "My broadband has been down since Monday and nobody has come out.",
    "customer_name": "Jane Doe",
}


def _read_back(slots: dict[str, Any]) -> str:
    """The read-back the customer sees for these answers."""
    messages, _ = run_action(ActionSummariseComplaint(), make_tracker(slots, text="none"))
    return rendered(only(messages, "utter_complaint_summary"))


# --- F2: details given with the complaint are not part of what happened --------------------------

SARAH = (
    "Hi I'm Sarah Jones, sarah.jones@example.com, 07700 900123, "
    "my broadband has been down since Monday"
)


def _what_happened_after_first_message(first: str, answer: str) -> tuple[dict[str, Any], str]:
    """The slots the first message sets, then the account once "What happened?" is answered."""
    _, started = run_action(
        ActionStartComplaint(), make_tracker({}, text=first, intent="make_complaint")
    )
    slots = slots_set(started)
    if slots.get("complaint_description"):
        return slots, slots["complaint_description"]
    before = {"complaint_category": "fault_repair", **slots}
    events = [user_event(first, "make_complaint"), *(slot_event(k, v) for k, v in before.items())]
    events += [
        user_event(answer),
        slot_event("requested_slot", "complaint_description"),
        ActionExecuted(FORM),
        slot_event("complaint_description", answer),
    ]
    tracker = make_tracker(
        {**before, "requested_slot": "complaint_description", "complaint_description": answer},
        text=answer,
        events=events,
        active_loop=FORM,
    )
    _, validated = run_action(ValidateComplaintForm(), tracker)
    return {**slots, **slots_set(validated)}, slots_set(validated)["complaint_description"]


@pytest.mark.parametrize("answer", ["no engineer has come and I work from home", "nothing else"])
def test_contact_details_in_the_first_message_are_not_what_happened(answer: str) -> None:
    slots, description = _what_happened_after_first_message(SARAH, answer)
    assert slots["customer_name"] == "Sarah Jones"
    assert slots["customer_email"] == "sarah.jones@example.com"
    assert slots["customer_phone"] == "07700 900123"
    assert "broadband has been down since Monday" in description
    for detail in ("Sarah", "Jones", "sarah.jones@example.com", "07700", "900123", "I'm"):
        assert detail not in description


def test_the_read_back_and_the_case_keep_the_complaint_without_the_details(
    action_store: CaseStore,
) -> None:
    slots = {**CONSUMER_FORM, "provider": "infinium", "customer_name": "Sarah Jones"}
    slots["customer_email"] = "sarah.jones@example.com"
    slots["complaint_description"] = SARAH
    shown = _read_back(slots)
    assert "broadband has been down since Monday" in shown
    assert "What happened" in shown or "happened" in shown
    what_happened = [line for line in shown.splitlines() if "broadband" in line]
    assert what_happened and "sarah.jones@example.com" not in what_happened[0]
    assert "Sarah Jones" not in what_happened[0] and "900123" not in what_happened[0]
    messages, _ = run_action(ActionSubmitComplaint(), at_read_back("yes", "affirm", slots))
    [case] = action_store.list_cases()
    assert "broadband has been down since Monday" in case.description
    for detail in ("Sarah Jones", "sarah.jones@example.com", "900123", "Hi I'm"):
        assert detail not in case.description
    assert case.customer.name == "Sarah Jones"


def test_words_of_the_complaint_that_look_like_details_stay() -> None:
    """Only the details taken into fields go: a number the customer rang stays in the account."""
    told = "I rang 0800 123 4567 three times and you still charged me twice for December"
    slots = {**CONSUMER_FORM, "provider": "infinium", "complaint_description": told}
    assert told in _read_back(slots)


# --- F16: a phone number's extension is kept -----------------------------------------------------


@pytest.mark.parametrize(
    ("said", "number", "extension"),
    [
        ("01632 960123 ext 45", "01632 960123", "45"),
        ("0161 496 0000 extension 12", "0161 496 0000", "12"),
        ("07700 900123 x12", "07700 900123", "12"),
        ("it's 01632 960123, ext. 4567", "01632 960123", "4567"),
    ],
)
def test_a_phone_extension_is_kept_and_read_back(said: str, number: str, extension: str) -> None:
    before = {**EARLIER, "customer_email": "jane@example.com"}
    messages, slots = form_answer(said, "customer_phone", before)
    kept = slots["customer_phone"]
    assert kept.startswith(number) and kept.endswith(extension) and kept != number
    assert slots["requested_slot"] != "customer_phone"
    assert len(kept) <= 20  # the case's phone column
    shown = _read_back({**CONSUMER_FORM, "provider": "infinium", "customer_phone": kept})
    assert kept in shown


def test_a_phone_extension_reaches_the_case(action_store: CaseStore) -> None:
    slots = {**CONSUMER_FORM, "provider": "infinium", "customer_phone": "01632 960123 x45"}
    run_action(ActionSubmitComplaint(), at_read_back("yes", "affirm", slots))
    [case] = action_store.list_cases()
    assert case.customer.phone == "01632 960123 x45"


# --- F18: "stop asking for my email" means no e-mail ----------------------------------------------

STOP_ASKING = [
    "stop asking for my email",
    "stop asking me for an email, I don't have one",
    "will you stop asking me about email",
]


@pytest.mark.parametrize("said", STOP_ASKING)
@pytest.mark.parametrize("intent", ["inform", "deny", "nlu_fallback"])
def test_stop_asking_for_my_email_is_no_email(said: str, intent: str) -> None:
    messages, slots = form_answer(said, "customer_email", EARLIER, intent=intent)
    assert slots["customer_email"] == "none"
    assert slots["requested_slot"] != "customer_email"
    assert "utter_hint_customer_email" not in responses(messages)
    assert "utter_no_email_alternatives" in responses(messages)


@pytest.mark.parametrize("said", STOP_ASKING)
def test_stop_asking_for_my_email_read_as_stop_never_stops_the_complaint(said: str) -> None:
    events = [
        *(slot_event(k, v) for k, v in EARLIER.items()),
        slot_event("requested_slot", "customer_email"),
        user_event(said, "stop"),
    ]
    tracker = make_tracker(
        {**EARLIER, "requested_slot": "customer_email"}, text=said, intent="stop", events=events
    )
    messages, stopped = run_action(ActionStopComplaint(), tracker)
    assert "utter_complaint_stopped" not in responses(messages)
    assert slots_set(stopped).get("complaint_description", EARLIER["complaint_description"])
    # Given back to the form as the answer to the e-mail question, which takes it as no e-mail.
    assert slots_set(stopped)["requested_slot"] == "customer_email"
    assert any(e.get("name") == "complaint_form" for e in stopped if e["event"] == "followup")
    messages, slots = form_answer(said, "customer_email", EARLIER, intent="stop")
    assert slots["customer_email"] == "none"


# --- F19: an address given with its postcode keeps the street ------------------------------------


def test_an_address_with_its_postcode_keeps_both() -> None:
    said = "12 Acacia Avenue, Leeds LS6 2AB"
    before = {**EARLIER, "customer_email": "jane@example.com", "customer_phone": "07700 900123"}
    _, slots = form_answer(said, "customer_postcode", before)
    assert slots["customer_postcode"] == "LS6 2AB"
    assert slots["customer_address"] == "12 Acacia Avenue, Leeds"
    shown = _read_back({**CONSUMER_FORM, "provider": "infinium", **slots, "requested_slot": None})
    assert "12 Acacia Avenue, Leeds" in shown and "LS6 2AB" in shown


@pytest.mark.parametrize("said", ["LS6 2AB", "the postcode is LS6 2AB", "its ls6 2ab thanks"])
def test_a_postcode_alone_is_no_address(said: str) -> None:
    before = {**EARLIER, "customer_email": "jane@example.com", "customer_phone": "07700 900123"}
    _, slots = form_answer(said, "customer_postcode", before)
    assert slots["customer_postcode"] == "LS6 2AB"
    assert not slots.get("customer_address")


def test_an_address_with_its_postcode_at_the_address_question_keeps_both() -> None:
    said = "12 Acacia Avenue, Leeds LS6 2AB"
    before = {
        **EARLIER,
        "customer_email": "none",
        "customer_phone": "none",
        "customer_postcode": "none",
        "contact_preference": "letter",
    }
    _, slots = form_answer(said, "customer_address", before)
    assert slots["customer_address"] == "12 Acacia Avenue, Leeds"
    assert slots["customer_postcode"] == "LS6 2AB"


# --- F64: a day corrected mid-form is applied ---------------------------------------------------


@pytest.mark.parametrize(
    ("held", "said", "old", "new"),
    [
        (
            "My broadband went down on the 3rd and has not worked since.",
            "sorry it was the 13th not the 3rd",
            "the 3rd",
            "the 13th",
        ),
        (
            "My broadband has been down since Monday and nobody has come out.",
            "actually it started on Tuesday not Monday",
            "Monday",
            "Tuesday",
        ),
    ],
)
def test_a_day_corrected_mid_form_is_applied_and_the_question_asked_again(
    held: str, said: str, old: str, new: str
) -> None:
    before = {**EARLIER, "complaint_description": held}
    messages, slots = form_answer(said, "customer_email", before)
    assert new in slots["complaint_description"]
    assert old not in slots["complaint_description"].replace(new, "")
    assert slots.get("customer_email") is None
    assert slots["requested_slot"] == "customer_email"
    assert "utter_hint_customer_email" not in responses(messages)
    said_back = rendered(only(messages, "utter_description_words_changed"))
    assert old in said_back and new in said_back


def test_a_day_first_raised_corrected_mid_form_is_applied() -> None:
    held = "I complained on the 3rd about being charged twice and nothing has happened."
    before = {
        **EARLIER,
        "complaint_description": held,
        "complaint_first_raised": "2026-12-03",
        "customer_email": "jane@example.com",
    }
    messages, slots = form_answer("sorry it was the 13th not the 3rd", "customer_phone", before)
    assert slots["complaint_first_raised"] == "2026-12-13"
    assert "utter_first_raised_updated" in responses(messages)
    assert slots["requested_slot"] == "customer_phone"
    assert slots.get("customer_phone") is None
