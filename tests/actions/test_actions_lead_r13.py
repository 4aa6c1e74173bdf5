"""What the lead fixed from outside round 13 (27 November, evening), each seen failing first.

Outside customers A, F22 (Infinity Group): a customer holding a deadlock letter from an earlier
complaint wrote "... want to log it properly and know my rights"; read as a case to check, the
reference question followed, and "no reference. I want to make a complaint" and "so can i not just
log it here then?" were each answered "Without a complaint reference I can't find your complaint
here. Please contact ... by phone": the complaint could not be made until "new complaint" was said.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.status import ActionHandleCaseRequest, ActionSetCaseRequest, ValidateCaseLookupForm
from tests.action_support import form_turn, make_tracker, rendered, responses, run_action

PROVIDERS = ["infinity-group", "infinium", "invictanet", "infinity-system-solutions"]


def _lookup_turn(provider: str, text: str) -> dict[str, Any]:
    tracker = form_turn(
        "case_lookup_form",
        "case_reference",
        {"case_reference": text},
        before={"provider": provider, "pending_request": "status"},
        text=text,
        intent="inform",
    )
    _, events = run_action(ValidateCaseLookupForm(), tracker)
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "text",
    [
        "no reference. I want to make a complaint",
        "so can i not just log it here then? and whats my rights with the deadlock letter",
        "i dont have one, can you log it here",
        "I'd like to make a complaint instead",
    ],
)
def test_wanting_to_complain_at_the_reference_question_starts_the_complaint(
    provider: str, text: str
) -> None:
    slots = _lookup_turn(provider, text)
    assert slots.get("verification_answer") == "new_complaint"
    assert "requested_slot" in slots and slots["requested_slot"] is None  # the lookup ends
    tracker = make_tracker({"provider": provider, **slots}, text=text, intent="inform")
    messages, events = run_action(ActionHandleCaseRequest(), tracker)
    assert "utter_no_reference" not in responses(messages)
    assert any(e.get("event") == "user" for e in events)  # read again as making a complaint


@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_reference_offers_to_take_the_complaint_here(provider: str) -> None:
    slots = _lookup_turn(provider, "i dont have one of those, it was all on the phone")
    assert slots.get("verification_answer") == "no_reference"
    tracker = make_tracker({"provider": provider, **slots}, text="i dont have one")
    messages, _ = run_action(ActionHandleCaseRequest(), tracker)
    text = " ".join(rendered(m) for m in messages if m.get("response"))
    assert "Without a complaint reference" in text
    assert "make a new complaint here" in text


FIRST = (
    "got a deadlock letter from you lot dated 2/11/26 about my broadband being cut off by mistake "
    "in august. first complained 10th aug. want to log it properly and know my rights"
)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["check_case", "ask_adr_letter", "escalate"])
def test_a_first_message_asking_to_log_it_is_a_complaint_not_a_case_check(
    provider: str, intent: str
) -> None:
    tracker = make_tracker({"provider": provider}, text=FIRST, intent=intent)
    messages, events = run_action(ActionSetCaseRequest(), tracker)
    assert "utter_ask_case_reference" not in responses(messages)
    [reread] = [e for e in events if e.get("event") == "user"]
    assert reread["parse_data"]["intent"]["name"] == "make_complaint"


# Re-test, round 13, NEW-8: "delete my phone and email from the complaint please" on a case logged
# here recorded "e-mail only" and "formats: e-mail" "as you agreed" (four cases, one of a customer
# who has no e-mail). Taking details off is never a need recorded.
@pytest.mark.parametrize("provider", ["infinity-group", "infinium"])
@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("delete my phone and email from the complaint please", "ask_privacy"),
        ("please delete my email address from your records", "ask_accessible_formats"),
        ("remove my email and phone number from it", "ask_contact"),
        ("check complaint {reference} please, my email is tom@reed.me", "check_case"),
    ],
)
def test_asking_to_delete_details_on_a_logged_case_records_no_need(
    action_database, action_store, provider: str, said: str, intent: str
) -> None:
    from actions.rights import ActionAnswerQuestion
    from tests.action_support import recorded_needs
    from tests.actions.test_actions_after15 import after_logging, new_case

    reference = new_case(action_store, provider)
    said = said.format(reference=reference)
    tracker = after_logging(provider, reference, said, intent=intent)
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    assert "utter_needs_recorded" not in responses(messages)
    assert recorded_needs(action_database, reference) == []


@pytest.mark.parametrize(
    "said",
    ["please don't keep my phone number", "please delete my phone number from the complaint"],
)
def test_a_request_about_details_at_the_offer_of_help_is_not_a_yes_to_every_need(said: str) -> None:
    """Re-test, round 13, N5: all five needs were recorded "as you agreed"."""
    from bot.vulnerability import choose_needs, load_vulnerability_rules

    offered = [o for o in load_vulnerability_rules().offers.values() if o.need][:5]
    assert choose_needs(said, offered) is None  # asked again, with the hint
    assert choose_needs("please just carry on", offered) == []
    assert [o.id for o in choose_needs("yes please", offered)] == [o.id for o in offered]


# The outside set tonight: 64 first messages ("got charged £2,975 for data ...") took a word the
# model marked as the category ("charged", "twice", "no") and skipped the category question. The
# message was first read as something else, met the fallback and was read again as a complaint;
# the value "before the latest message" was then the one the model took from the same words the
# first time, and the form kept it when it did not check.
def test_a_category_the_model_took_from_a_message_read_twice_is_not_kept() -> None:
    from rasa_sdk.events import ActionExecuted, SlotSet

    from actions.intake import ValidateComplaintForm
    from tests.action_support import user_event

    said = "got charged £2,975 for data when my son used the phone on holiday, nobody warned us"
    events = [
        {"event": "action", "name": "action_listen"},
        user_event(said, "inform"),
        SlotSet("complaint_category", "charged"),
        ActionExecuted("action_default_fallback"),
        ActionExecuted("action_listen"),
        user_event(said, "make_complaint"),
        SlotSet("complaint_category", "charged"),
        ActionExecuted("action_start_complaint"),
        SlotSet("complaint_category", None),
        SlotSet("complaint_description", said),
        ActionExecuted("complaint_form"),
        SlotSet("complaint_category", "charged"),
        SlotSet("complaint_description", said),
    ]
    tracker = make_tracker(
        {"provider": "infinity-group", "complaint_category": "charged",
         "complaint_description": said, "requested_slot": None},
        text=said, intent="make_complaint", entities=[("category", "charged")], events=events,
        active_loop="complaint_form",
    )  # fmt: skip
    _, out = run_action(ValidateComplaintForm(), tracker)
    slots = {e["name"]: e["value"] for e in out if e.get("event") == "slot"}
    assert slots["complaint_category"] is None
    assert slots["requested_slot"] == "complaint_category"
