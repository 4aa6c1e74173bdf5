"""Wrong text kept as the name (outside customers A, round 14: F15, F33, F2).

"fine. its lisa" was stored as the name "fine. its lisa"; "how many more questions are there?" typed
at "What is your name?" was stored as the name, and letters would have gone to it; "THIS IS A JOKE.
... my name is sarah o'neill" was stored as "A JOKE".
"""

from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.intake import (
    NOT_GIVEN,
    ActionStartComplaint,
    ActionStopComplaint,
    ValidateComplaintForm,
)
from bot.answers.commands import change_asked
from bot.answers.what_happened import first_message_facts
from bot.cases.store import CaseStore
from tests.action_support import (
    form_turn,
    make_tracker,
    rendered,
    responses,
    run_action,
    slot_event,
    slots_set,
    user_event,
)
from tests.actions.test_actions_after15 import PROVIDERS, after_logging, ends_the_turn, new_case

pytestmark = pytest.mark.usefixtures("action_database")

STARTED = {"complaint_category": "billing", "complaint_description": "they overcharged me"}


def name_turn(text: str):
    tracker = form_turn(
        "complaint_form",
        "customer_name",
        {"customer_name": text},
        before=STARTED,
        text=text,
        intent="inform",
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    return messages, slots_set(events)


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("fine. its lisa", "lisa"),
        ("ok fine its paul", "paul"),
        ("fine its Lisa Grant", "Lisa Grant"),
    ],
)
def test_a_reluctant_answer_keeps_only_the_name(said: str, name: str) -> None:
    _, slots = name_turn(said)
    assert slots.get("customer_name") == name


def test_a_question_at_the_name_question_is_never_the_name() -> None:
    messages, slots = name_turn("how many more questions are there?")
    assert slots.get("customer_name") in (None, "")
    assert "?" not in str(slots.get("customer_name") or "")
    said = " ".join(rendered(m) for m in messages if m.get("response"))
    assert "up to 7 more short questions" in said
    assert "{" not in said


def test_my_name_is_wins_over_a_shouted_this_is() -> None:
    facts = first_message_facts(
        "THIS IS A JOKE. you put my broadband price up from 30 to 38 quid in the middle of my "
        "contract and nobody told me. my name is sarah o'neill, email sarah.oneill@btinternet.com, "
        "postcode pr1 2hj"
    )
    assert facts.get("name", "").lower() == "sarah o'neill"


# --- a stop at the read-back starts no new complaint (F32) -----------------------------------

REFUSED = "no dont log it, ill ring them on monday instead"


def test_a_refusal_at_the_read_back_stops_and_starts_no_new_complaint() -> None:
    events = [
        user_event("none", "inform"),
        {"event": "action", "name": "action_summarise_complaint"},
        {"event": "action", "name": "action_listen"},
        user_event(REFUSED, "make_complaint"),
        {"event": "action", "name": "action_stop_complaint"},
    ]
    tracker = make_tracker({}, text=REFUSED, intent="make_complaint", events=events)
    messages, result = run_action(ActionStartComplaint(), tracker)
    assert messages == []
    assert result == [FollowupAction("action_listen")]


# --- a detail added after logging is added to the logged complaint (F1, F22) ------------------

ADDITIONS = [
    "also they charged me a £10 late fee on top",  # F1
    "can you add to it that they also charged a £10 late fee",  # F1
    "oh i forgot to mention they also want a £60 exit fee if i leave",  # F22
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("said", ADDITIONS)
def test_an_addition_after_logging_is_recorded_on_the_logged_case(
    action_store: CaseStore, provider: str, said: str
) -> None:
    reference = new_case(action_store, provider)
    messages, events = run_action(ActionStartComplaint(), after_logging(provider, reference, said))
    assert responses(messages) == ["utter_addition_recorded"]
    text = rendered(messages[0])
    assert reference in text and said in text
    assert ends_the_turn(events)  # no new complaint form
    notes = [e.detail["text"] for e in action_store.events(reference) if e.kind == "note"]
    assert notes == [said]


NO_NEW = "no i dont want a new complaint, its for the one i just made"


def test_no_new_complaint_inside_a_form_started_after_logging_stops_it() -> None:
    tracker = form_turn(
        "complaint_form",
        "customer_name",
        {"customer_name": NO_NEW},
        before={**STARTED, "created_reference": "IN-3Q8NJB"},
        text=NO_NEW,
        intent="inform",
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert FollowupAction("action_stop_complaint") in events
    assert "complaint_description" not in slots_set(events)
    stopping = make_tracker(
        {**STARTED, "created_reference": "IN-3Q8NJB"},
        text=NO_NEW,
        events=[
            slot_event("created_reference", "IN-3Q8NJB"),
            slot_event("requested_slot", "customer_name"),
            user_event(NO_NEW, "inform"),
        ],
    )
    messages, events = run_action(ActionStopComplaint(), stopping)
    assert responses(messages) == ["utter_complaint_stopped_case_kept"]
    assert "IN-3Q8NJB" in rendered(messages[0])
    assert SlotSet("complaint_description", None) in events


# --- the postal address kept clean (F23) -------------------------------------------------------

ADDRESSED = {**STARTED, "customer_email": NOT_GIVEN, "contact_preference": "letter"}


@pytest.mark.parametrize(
    "said",
    [
        "oh ok, 22 grove hill road, tunbridge wells",
        "22 grove hill road, tunbridge wells. also i rang them on 3 november",
    ],
)
def test_the_postal_address_is_kept_without_the_words_around_it(said: str) -> None:
    tracker = form_turn(
        "complaint_form",
        "customer_address",
        {"customer_address": said},
        before=ADDRESSED,
        text=said,
    )
    _, events = run_action(ValidateComplaintForm(), tracker)
    assert slots_set(events)["customer_address"] == "22 grove hill road, tunbridge wells"


def test_an_address_corrected_at_the_read_back_leaves_the_remark_out() -> None:
    said = "my address is 22 Grove Hill Road, Tunbridge Wells. also i rang them on 3 november"
    assert change_asked(said) == ("address", "22 Grove Hill Road, Tunbridge Wells")
