"""Customers in vulnerable circumstances, as outside customers B played them on 27 November (r10:
F35, F34, F25/F31, F33/F14; compliance F33), through the actions. Each test failed before the
change it names.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import ActionNothingToStop, ActionStartComplaint
from actions.status import ActionSetCaseRequest
from tests.action_support import (
    CONSUMER_FORM,
    form_answer,
    make_tracker,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)

FORM = "complaint_form"
WRITING = {"needs": ["writing_only"], "at": "2026-12-22T09:58:00+00:00"}
DISABLED = {
    "complaint_category": "cancellation",
    "complaint_description": (
        "Ive been trying to cancel for a month. Im disabled and my carer usually does this for me "
        "but shes off sick"
    ),
    "circumstances": ["disability"],
    "support_offer": "yes",
}

pytestmark = pytest.mark.usefixtures("action_database")


def _agreed(value: Any) -> list[str]:
    return list(value.get("needs") or []) if isinstance(value, dict) else []


# --- F35: nothing is recorded without a yes; a withdrawal is never a detail's answer --------------


def test_a_question_about_a_need_at_the_consent_question_records_nothing() -> None:
    said = "what does number 4 mean, would you only write?"
    messages, slots = form_answer(
        said, "support_needs", {**DISABLED, "support_needs": None}, filled=CONSUMER_FORM
    )
    assert not _agreed(slots.get("support_needs"))
    assert "utter_needs_will_be_recorded" not in responses(messages)
    assert "utter_support_offer" in responses(messages)  # the question is answered


@pytest.mark.parametrize(
    "said", ["no i was only asking, i didnt say yes to that", "remove the writing only one"]
)
def test_taking_back_a_need_at_the_name_question_is_never_the_name(said: str) -> None:
    before = {**DISABLED, "support_needs": WRITING, "customer_name": None}
    messages, slots = form_answer(said, "customer_name", before, filled=CONSUMER_FORM)
    assert slots.get("customer_name") in (None,)
    assert said not in str(slots.get("complaint_description") or "")
    removing = slots.get("needs_removal")
    dropped = slots.get("support_needs") == "none"
    assert dropped or (isinstance(removing, dict) and removing["needs"] == ["writing_only"])


# --- F34: risk to life about a relative, in ordinary words -------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "my dads 88 and his broadband has been off for 2 weeks, he's been really low, he told me "
        "yesterday he doesn't see the point in living anymore",
        "my mum keeps saying she doesnt see the point in going on",
        "my grandad is on his own and says he doesn't want to live like this, he wants to die",
    ],
)
def test_risk_to_life_about_a_relative_gets_the_urgent_numbers_at_once(said: str) -> None:
    tracker = make_tracker({}, text=said, intent="make_complaint")
    messages, _ = run_action(ActionStartComplaint(), tracker)
    assert responses(messages)[0] == "utter_urgent_help"
    helplines = " ".join(m.get("help", "") for m in messages)
    assert "999" in helplines and "116 123" in helplines


# --- F25 / F31: a cue said inside another detail's answer is heard (the detail still taken) ---------


@pytest.mark.parametrize(
    ("said", "postcode", "heard"),
    [
        ("TN25 5AA, sorry my mum passed last week so im all over the place", "TN25 5AA",
         "bereavement"),
        ("NP23 9PP. please dont send anything by post, my ex still has a key to the house and "
         "reads my post", "NP23 9PP", "domestic_abuse"),
    ],
)  # fmt: skip
def test_a_cue_in_the_postcode_answer_is_heard_and_the_postcode_kept(
    said: str, postcode: str, heard: str
) -> None:
    before = {"customer_postcode": None, "contact_preference": None}
    messages, slots = form_answer(said, "customer_postcode", before, filled=CONSUMER_FORM)
    assert slots["customer_postcode"] == postcode
    assert heard in slots.get("circumstances", [])
    if heard == "domestic_abuse":
        assert responses(messages)[0] == "utter_urgent_help"  # the numbers at once


# --- F33 / F14: a customer who said no (or whose yes was lost) can still have the help -------------

BEREAVED = {
    "complaint_category": "billing",
    "complaint_description": (
        "my husband died in october and you're still sending him bills, its upsetting every time "
        "one arrives"
    ),
    "circumstances": ["bereavement"],
    "circumstances_declined": ["bereavement"],
    "support_offer": "no",
    "support_needs": None,
    "customer_name": None,
}


@pytest.mark.parametrize(
    ("said", "before"),
    [
        ("actually sorry, yes I would like to hear about the help", BEREAVED),
        ("what help? you didnt say anything", {**BEREAVED, "support_offer": "yes",
                                               "circumstances_declined": []}),
        ("what help can you offer?", BEREAVED),
    ],
)  # fmt: skip
def test_asking_for_the_help_after_all_gives_it_and_is_never_the_name(
    said: str, before: dict[str, Any]
) -> None:
    messages, slots = form_answer(said, "customer_name", before, filled=CONSUMER_FORM)
    assert slots.get("customer_name") is None
    assert said not in str(slots.get("complaint_description") or "")
    assert slots.get("support_offer", before["support_offer"]) == "yes"
    assert slots.get("requested_slot") == "support_needs"  # the help is listed next, then consent
    assert "bereavement" not in slots.get(
        "circumstances_declined", before["circumstances_declined"]
    )


# --- compliance F33: right after logging, a need taken off in plain words is a withdrawal ------------


@pytest.mark.parametrize(
    ("said", "intent", "action"),
    [
        ("actually I've changed my mind, please take the writing only note off my complaint",
         "stop", ActionNothingToStop()),
        ("actually I've changed my mind, please take the writing only note off my complaint",
         "make_complaint", ActionStartComplaint()),
        ("sorry can you take the priority repair thing off again, I don't want it on there",
         "make_complaint", ActionStartComplaint()),
        # Outside re-test, 27 Nov afternoon (Invictanet): read as a case check, and answered
        # with the status and "contact us directly"; the need stayed.
        ("sorry can you take the priority repair thing off again, I don't want it on there",
         "check_case", ActionSetCaseRequest()),
    ],
)  # fmt: skip
def test_a_need_taken_off_in_plain_words_after_logging_is_withdrawn(said, intent, action) -> None:
    tracker = make_tracker({"provider": "infinity-system-solutions"}, text=said, intent=intent)
    messages, events = run_action(action, tracker)
    assert "utter_carry_on_again" not in responses(messages)
    reread = [e["parse_data"]["intent"]["name"] for e in events if e.get("event") == "user"]
    assert reread == ["withdraw_consent"]


def test_taking_a_charge_off_the_bill_is_not_a_withdrawal() -> None:
    said = "please take the call charges off my bill"
    tracker = make_tracker({"provider": "invictanet"}, text=said, intent="make_complaint")
    _, events = run_action(ActionStartComplaint(), tracker)
    reread = [e["parse_data"]["intent"]["name"] for e in events if e.get("event") == "user"]
    assert "withdraw_consent" not in reread


# --- F6: "don't send letters ... email only" is never recorded as a letters-based need ------------


def test_no_letters_email_only_is_never_recorded_as_writing_or_a_format() -> None:
    said = "please dont send letters to the house he might see them. email only"
    before = {
        "complaint_description": "my ex used to pay the bill and now you keep writing to him",
        "circumstances": ["domestic_abuse"],
        "support_offer": "yes",
        "support_needs": None,
    }
    messages, slots = form_answer(said, "support_needs", before, filled=CONSUMER_FORM)
    agreed = _agreed(slots.get("support_needs"))
    assert not {"call_back", "writing_only", "accessible_formats"} & set(agreed)
    # Since issue 18 (care12): recorded as what it asks for, contact by e-mail only.
    assert agreed == ["email_only"]


# --- compliance F29: a need chosen by number is never dropped for the words after it --------------


def test_numbers_before_a_dash_all_choose() -> None:
    said = "1, 3 and 4 - please only contact me in writing"
    _, slots = form_answer(
        said, "support_needs", {**DISABLED, "support_needs": None}, filled=CONSUMER_FORM
    )
    agreed = _agreed(slots.get("support_needs"))
    assert set(agreed) == {"priority_fault_repair", "text_relay", "writing_only"}


def test_the_consent_question_asked_again_after_a_question_records_nothing() -> None:
    from actions.vulnerability import ActionAskSupportNeeds

    said = "what does number 4 mean, would you only write?"
    events = [slot_event("requested_slot", "support_needs"), user_event(said, "inform")]
    slots = {**CONSUMER_FORM, **DISABLED, "requested_slot": "support_needs"}
    tracker = make_tracker(slots, text=said, events=events, active_loop=FORM)
    messages, events = run_action(ActionAskSupportNeeds(), tracker)
    assert "support_needs" not in slots_set(events)
    assert "utter_needs_will_be_recorded" not in responses(messages)
    assert responses(messages)[-1] == "utter_ask_support_needs"  # the question again


# --- Outside re-test, 27 Nov afternoon: fear of an ex in other words; a relative's alarm line ----


@pytest.mark.parametrize("provider", ["invictanet", "infinity-group"])
def test_fear_after_what_an_ex_did_gets_the_safety_numbers_at_once(provider: str) -> None:
    said = (
        "my ex smashed the router and now he keeps ringing me on the landline, i want the number "
        "changed and ex-directory, im frightened"
    )
    tracker = make_tracker({"provider": provider}, text=said, intent="make_complaint")
    messages, _ = run_action(ActionStartComplaint(), tracker)
    assert responses(messages)[0] == "utter_urgent_help"
    assert "999" in " ".join(m.get("help", "") for m in messages)


@pytest.mark.parametrize("provider", ["invictanet", "infinity-group", "infinity-system-solutions"])
def test_a_dead_line_a_relatives_alarm_uses_gets_999_and_the_fault_line_first(
    provider: str,
) -> None:
    said = (
        "my dad had a stroke last year and the phone line he uses for his alarm is dead since "
        "tuesday"
    )
    tracker = make_tracker({"provider": provider}, text=said, intent="make_complaint")
    messages, _ = run_action(ActionStartComplaint(), tracker)
    assert responses(messages)[0] == "utter_urgent_help", responses(messages)
    assert "999" in " ".join(m.get("help", "") for m in messages)
