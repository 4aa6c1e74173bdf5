"""Customers in vulnerable circumstances, as outside testers played them on 27 November (issue 18:
/work/outside/customersB F1, F2, F9, F14, F15, F17, F19, F22, F23; customersA F6; compliance F2,
F21), through the actions. Each test failed before the change it names.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import pytest

from actions.chitchat import ActionGoodbye
from actions.intake import ActionStartComplaint, ValidateComplaintForm
from actions.rights import ActionQuoteResponseTimes
from actions.vulnerability import ActionAskSupportOffer, ActionConfirmNeedsRemoval
from tests.action_support import (
    CONSUMER_FORM,
    at_are_you_sure,
    followups,
    form_answer,
    form_turn,
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

FORM = "complaint_form"

pytestmark = pytest.mark.usefixtures("action_database")


# --- 1. words about health are never kept as the accessibility need ------------------------------


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("large print please, i have macular degeneration", "large print"),
        ("large print letters please my eyes arent great", "large print"),
        ("braille and audio please, I lost my sight after a stroke", "braille, audio"),
    ],
)
def test_only_the_need_is_kept_never_the_words_about_health(said: str, kept: str) -> None:
    before = {"accessibility_needs": None}
    _, slots = form_answer(said, "accessibility_needs", before, filled=CONSUMER_FORM)
    assert slots["accessibility_needs"] == kept


def test_a_request_in_words_no_need_names_is_a_note_to_ask_never_the_words() -> None:
    said = "i have macular degeneration and my hands shake, so something easier please"
    _, slots = form_answer(
        said, "accessibility_needs", {"accessibility_needs": None}, filled=CONSUMER_FORM
    )
    value = slots["accessibility_needs"]
    assert "macular" not in value and "shake" not in value
    assert "please ask" in value


def test_the_customers_own_words_are_kept_when_they_ask() -> None:
    said = "large print please, and please keep a note of my condition: macular degeneration"
    _, slots = form_answer(
        said, "accessibility_needs", {"accessibility_needs": None}, filled=CONSUMER_FORM
    )
    assert slots["accessibility_needs"] == said


def test_a_correction_at_the_read_back_keeps_only_the_need_too() -> None:
    from actions.intake import ActionChangeComplaint

    said = "accessibility needs: large print, my eyes arent great"
    tracker = make_tracker({**CONSUMER_FORM, "accessibility_needs": "none"}, text=said)
    _, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events)["accessibility_needs"] == "large print"


# --- 2. the answer to "are you sure? this removes ..." is read in words -----------------------------


@pytest.mark.parametrize(
    ("said", "intent", "action"),
    [
        ("no keep it", "make_complaint", ActionStartComplaint()),
        ("no, keep them please", "make_complaint", ActionStartComplaint()),
        ("take off the call after 6pm thing", "goodbye", ActionGoodbye()),
        ("only remove the first one, keep writing only", "make_complaint", ActionStartComplaint()),
    ],
)
def test_an_answer_read_as_another_intent_answers_the_question(said, intent, action) -> None:
    pending = {"needs": ["accessible_formats", "writing_only"], "where": "case",
               "reference": "IV-52Y7ZF", "all": True}  # fmt: skip
    messages, events = run_action(action, at_are_you_sure(said, intent, pending))
    assert messages == []  # no new complaint, no goodbye
    assert followups(events) == ["action_confirm_needs_removal"]


@pytest.mark.parametrize("said", ["no keep it", "no, keep them please"])
def test_no_in_words_keeps_every_need(action_database: str, said: str) -> None:
    reference = verified_case(action_database, ["call_back_time"], {"call_back_time": "after 6pm"})
    pending = {"needs": ["call_back_time"], "where": "case", "reference": reference, "all": True}
    messages, _ = run_action(ActionConfirmNeedsRemoval(), at_are_you_sure(said, "deny", pending))
    assert responses(messages) == ["utter_needs_removal_kept"]
    assert recorded_needs(action_database, reference) == ["call_back_time"]


def test_one_need_named_by_its_words_is_removed_and_the_others_kept(action_database: str) -> None:
    reference = verified_case(
        action_database, ["accessible_formats", "call_back_time"], {"call_back_time": "after 6pm"}
    )
    pending = {"needs": ["accessible_formats", "call_back_time"], "where": "case",
               "reference": reference, "all": True}  # fmt: skip
    said = "take off the call after 6pm thing"
    messages, _ = run_action(ActionConfirmNeedsRemoval(), at_are_you_sure(said, "goodbye", pending))
    assert "utter_some_needs_withdrawn" in responses(messages)
    assert recorded_needs(action_database, reference) == ["accessible_formats"]


def test_one_need_named_by_its_place_is_removed_before_the_complaint_is_logged() -> None:
    agreed = {"needs": ["accessible_formats", "writing_only"], "at": "2026-12-22T09:58:00+00:00"}
    pending = {"needs": ["accessible_formats", "writing_only"], "where": "read_back"}
    said = "only remove the first one, keep writing only"
    tracker = at_are_you_sure(said, "inform", pending)
    tracker.slots.update({**CONSUMER_FORM, "support_needs": agreed, "support_offer": "yes"})
    messages, events = run_action(ActionConfirmNeedsRemoval(), tracker)
    assert slots_set(events)["support_needs"]["needs"] == ["writing_only"]
    assert "writing" not in only(messages, "utter_pending_needs_dropped")["needs"]


# --- 3. "actually no, don't record anything about me" is a no --------------------------------------


def test_a_refusal_in_ordinary_words_is_a_no_and_the_list_is_not_put_again() -> None:
    said = "actually no, don't record anything about me, I'm not vulnerable"
    before = {"circumstances": ["disability"], "support_offer": "yes", "support_needs": None}
    messages, slots = form_answer(said, "support_needs", before, filled=CONSUMER_FORM)
    assert slots["support_needs"] == "none"
    assert responses(messages) == ["utter_needs_not_recorded"]


def test_a_refusal_at_the_offer_itself_is_a_no() -> None:
    said = "actually no, don't record anything about me"
    before = {"circumstances": ["disability"], "support_offer": None}
    messages, slots = form_answer(said, "support_offer", before, filled=CONSUMER_FORM)
    assert slots["support_offer"] == "no"
    assert "utter_hint_support_offer" not in responses(messages)


# --- 4. "only ring me after 6pm" is noted as the call-back time, with consent ----------------------

SHIFTS = (
    "hiya. bill went up by £12 a month in october and nobody told me. i work shifts till 6 so "
    "can someone only ring me after 6pm please"
)


def test_a_time_to_call_in_the_first_message_is_noted_as_the_need() -> None:
    tracker = form_turn(
        FORM, None, {}, before={"provider": "infinity-system-solutions"}, text=SHIFTS
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    needs = slots_set(events)["support_needs"]
    assert needs["needs"] == ["call_back_time"]
    assert needs["details"] == {"call_back_time": "after 6pm"}
    assert needs["at"] == "2026-12-22T10:00:00+00:00"
    said = only(messages, "utter_call_time_will_be_recorded")
    assert "after 6pm" in rendered({**said, "provider_name": "x"})
    [source] = said["custom"]["sources"]  # where it comes from: the rules on needs
    assert "C5" in str(source)


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("accessibility_needs", "just calls after 6pm like I said"),
        ("contact_preference", "phone, after 6pm only"),
    ],
)
def test_a_time_to_call_at_any_question_is_noted_not_kept_as_free_text(asked, said) -> None:
    messages, slots = form_answer(said, asked, {asked: None}, filled=CONSUMER_FORM)
    assert slots["support_needs"]["details"] == {"call_back_time": "after 6pm"}
    assert "utter_call_time_will_be_recorded" in responses(messages)
    if asked == "accessibility_needs":
        assert slots["accessibility_needs"] == "none"  # not the words, as free text


def test_a_time_asked_for_stays_when_help_for_a_circumstance_is_then_offered() -> None:
    before = {"circumstances": ["bereavement"], "support_offer": None,
              "support_needs": {"needs": ["call_back_time"], "at": "2026-12-22T09:00:00+00:00",
                                "details": {"call_back_time": "after 6pm"}, "stated_only": True}}  # fmt: skip
    _, slots = form_answer("yes please", "support_offer", before, filled=CONSUMER_FORM)
    assert slots["support_offer"] == "yes"
    assert slots["support_needs"] is None  # so the consent question is asked
    kept = {**before, **slots}
    _, slots = form_answer(
        "just someone to speak for me", "support_needs", kept, filled=CONSUMER_FORM
    )
    assert slots["support_needs"]["needs"] == ["someone_to_speak", "call_back_time"]
    assert slots["support_needs"]["details"] == {"call_back_time": "after 6pm"}


# --- 5. "will my ex (the account holder) see my complaint?" ------------------------------------------

EX_FIRST = (
    "my ex-husband is the account holder. if I complain about the broadband at my house will he "
    "be told or be able to see what I say? I don't want him knowing where I live now"
)


def test_asking_if_the_account_holder_sees_it_is_answered_with_what_the_sources_say() -> None:
    tracker = form_turn(
        FORM, None, {}, before={"provider": "infinity-system-solutions"}, text=EX_FIRST
    )
    messages, _ = run_action(ValidateComplaintForm(), tracker)
    said = responses(messages)
    # Fear said: the safety numbers first.
    assert said[0] == "utter_urgent_help"
    answer = only(messages, "utter_account_holder_sees_not_covered")
    assert answer["phone"] == "0330 9000 009"  # from Infinity System Solutions' code
    assert "utter_account_holder_sees_no_address" in said


def test_asked_again_mid_complaint_it_is_answered_not_met_with_reply_times() -> None:
    again = "wait, first answer my question - will he see it?"
    events = [user_event(EX_FIRST, "make_complaint"), user_event(again, "ask_response_time")]
    tracker = make_tracker({"provider": "infinity-system-solutions", "urgent_help_given": ["domestic_abuse"],
                            "circumstances": ["domestic_abuse"]},
                           text=again, intent="ask_response_time", events=events)  # fmt: skip
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    assert "utter_account_holder_sees_not_covered" in responses(messages)


def test_a_question_about_someone_else_not_holding_the_account_gets_no_such_answer() -> None:
    said = "will the engineer be told about my complaint?"
    tracker = form_turn(FORM, None, {}, before={"provider": "invictanet"}, text=said)
    messages, _ = run_action(ValidateComplaintForm(), tracker)
    assert "utter_account_holder_sees_not_covered" not in responses(messages)


# --- 6. a cue in a name, or about someone else, is never said as the customer's own -----------------


def test_a_cue_inside_an_organisations_name_is_not_heard() -> None:
    said = "Gwen Morgan, for Ebbw Valley Food Bank"
    messages, slots = form_answer(
        said, "customer_name", {"customer_name": None}, filled=CONSUMER_FORM
    )
    assert "circumstances" not in slots
    assert "utter_ask_support_offer" not in responses(messages)


def test_a_circumstance_of_someone_else_is_not_said_as_the_customers_own() -> None:
    said = "Hello, I have lasting power of attorney for my dad who has dementia."
    events = [user_event(said, "make_complaint")]
    tracker = make_tracker({"circumstances": ["illness"]}, text=said, events=events)
    messages, _ = run_action(ActionAskSupportOffer(), tracker)
    mention = only(messages, "utter_ask_support_offer")["mention"]
    assert "your" not in mention.split()


# --- 2 (F14). a removal asked for in words outside the question is a removal, not goodbye ----------


@pytest.mark.parametrize(
    ("said", "intent", "action"),
    [
        ("please take off the call after 6pm thing, i'm off work now so any time is fine",
         "goodbye", ActionGoodbye()),
        ("i want to remove the 6pm call time from my complaint", "make_complaint",
         ActionStartComplaint()),
    ],
)  # fmt: skip
def test_a_removal_in_words_read_as_another_intent_is_put_back_as_withdrawing(
    said, intent, action
) -> None:
    tracker = make_tracker({"provider": "invictanet"}, text=said, intent=intent)
    messages, events = run_action(action, tracker)
    assert messages == []
    reread = [e["parse_data"]["intent"]["name"] for e in events if e.get("event") == "user"]
    assert reread == ["withdraw_consent"]


def test_a_plain_goodbye_is_still_goodbye() -> None:
    tracker = make_tracker({"provider": "invictanet"}, text="thanks, bye", intent="goodbye")
    messages, _ = run_action(ActionGoodbye(), tracker)
    assert responses(messages) == ["utter_goodbye"]


def test_a_time_asked_for_with_a_complaint_logged_is_not_carried_to_the_next() -> None:
    events = [user_event(SHIFTS, "make_complaint"), slot_event("created_reference", "ISS-AJRFR3"),
              user_event("another complaint: my router is broken", "make_complaint")]  # fmt: skip
    tracker = form_turn(FORM, None, {}, before={"provider": "infinity-system-solutions"},
                        text="another complaint: my router is broken")  # fmt: skip
    tracker.events[:0] = events[:2]
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert "support_needs" not in slots_set(events)
    assert "utter_call_time_will_be_recorded" not in responses(messages)
