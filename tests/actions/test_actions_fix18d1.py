"""Outside testers, issue 18 (fix18d1): customers in vulnerable circumstances through the actions.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from rasa_sdk import Action

from actions.intake import ValidateComplaintForm
from actions.vulnerability import ActionAskConfirmNeedsRemoval, ActionAskSupportOffer
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    form_answer,
    form_turn_after,
    make_tracker,
    rendered,
    responses,
    run_action,
    slots_set,
)

pytestmark = pytest.mark.usefixtures("action_database")

CONTROLLED = (
    "my ex controls the broadband account, its in his name and he wont let me cancel it, hes"
    " threatened me. i need to get it out of his control"
)
SAFETY_FORM = {
    "provider": "infinity-system-solutions",
    "complaint_category": "service",
    "complaint_description": CONTROLLED,
    "circumstances": ["domestic_abuse"],
    "urgent_help_given": ["domestic_abuse"],
}


def _ask_actions() -> dict[str, Action]:
    found: dict[str, Action] = {}
    for module in ("intake", "vulnerability", "status", "conversation", "after_logging"):
        loaded = importlib.import_module(f"actions.{module}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, Action) and not inspect.isabstract(cls) and cls is not Action:
                name = cls().name() if cls.__module__ == loaded.__name__ else ""
                if name.startswith("action_ask_"):
                    found[name] = cls()
    return found


def _what_the_form_asks_next(tracker: Any, events: list[dict[str, Any]]) -> list[dict]:
    """Rasa's FormAction after its validation action: the slot the events request, else the first
    of the domain's required slots still empty; then that slot's question (its action or its
    response)."""
    slots = {**tracker.slots, **slots_set(events)}
    requested = slots_set(events).get("requested_slot")
    if "requested_slot" not in slots_set(events) or requested is None:
        required = DOMAIN["forms"]["complaint_form"]["required_slots"]
        requested = next((s for s in required if slots.get(s) is None), None)
    if requested is None:
        return []
    action = _ask_actions().get(f"action_ask_{requested}")
    if action is None:
        return [{"response": f"utter_ask_{requested}"}]
    after = make_tracker(
        {**slots, "requested_slot": requested},
        text=tracker.latest_message.get("text", ""),
        events=[*tracker.events, *events],
        active_loop="complaint_form",
    )
    messages, _ = run_action(action, after)
    return messages


@pytest.mark.parametrize("asked", ["support_offer", "customer_name", "complaint_first_raised"])
@pytest.mark.parametrize(
    "said", ["he's just come back, I have to go", "hes just come back i have to go"]
)
def test_leaving_in_a_hurry_gets_the_safety_reply_and_nothing_else(asked: str, said: str) -> None:
    # Outside care, round 18, F2: after the short safety reply, "Are you sure? This removes:" with
    # an empty list and Yes/No buttons (the form asked its first required slot, the removal).
    tracker = form_turn_after([CONTROLLED], asked, {asked: said}, dict(SAFETY_FORM), said)
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert responses(messages) == ["utter_safe_to_leave"]
    assert "999" in rendered(messages[0])
    then = _what_the_form_asks_next(tracker, events)
    assert then == []
    slots = slots_set(events)
    assert slots.get(asked) is None  # nothing of it kept
    assert slots.get("complaint_description", CONTROLLED) == CONTROLLED


@pytest.mark.parametrize("in_form", [True, False])
@pytest.mark.parametrize("pending", [None, {}, {"needs": []}, {"needs": ["no_such_need"]}])
def test_are_you_sure_is_never_asked_over_nothing(in_form: bool, pending: Any) -> None:
    tracker = make_tracker(
        {"needs_removal": pending, "requested_slot": "confirm_needs_removal" if in_form else None},
        text="ok",
        active_loop="complaint_form" if in_form else None,
    )
    messages, _ = run_action(ActionAskConfirmNeedsRemoval(), tracker)
    assert "utter_ask_confirm_needs_removal" not in responses(messages)
    assert not any("This removes" in rendered(m) for m in messages)


# --- F6: someone to speak for the customer, and her number -------------------------------------

JEAN = "Jean can talk for me, her number is 07700 900456"
AGE = {
    **CONSUMER_FORM,
    "customer_phone": None,
    "complaint_description": "My line has been dead for a week, I'm 84 and live on my own.",
    "circumstances": ["age"],
}


@pytest.mark.parametrize(
    ("asked", "before"),
    [
        ("support_offer", {"support_offer": None}),
        ("support_needs", {"support_offer": "yes", "support_needs": None}),
        ("accessibility_needs", {"support_offer": "no", "accessibility_needs": None}),
    ],
)
@pytest.mark.parametrize(
    ("said", "who"),
    [
        (JEAN, "Jean"),
        ("Jean can speak for me. Jean's number is 07700 900456", "Jean"),
        ("my neighbour can talk to you for me, my neighbour's number is 07700 900456", "neighbour"),
    ],
)
def test_someone_to_speak_for_them_is_recorded_with_her_number(
    asked: str, before: dict, said: str, who: str
) -> None:
    # Outside care, round 18, F6: not recorded as someone to speak for the customer, and her
    # number stored as the customer's own phone.
    messages, slots = form_answer(said, asked, {**AGE, **before})
    assert slots.get("customer_phone") != "07700 900456"
    agreed = slots["support_needs"]
    assert "someone_to_speak" in agreed["needs"]
    assert agreed["at"]  # agreed, dated, as the other needs are
    assert who in agreed["details"]["someone_to_speak"]
    assert "07700 900456" in agreed["details"]["someone_to_speak"]
    assert "their number, not yours" in " ".join(rendered(m) for m in messages)


@pytest.mark.parametrize(
    "said",
    [
        JEAN,
        "her number is 07700 900456",
        "Jean's number is 07700 900456",
        "my neighbour's number is 07700 900456",
    ],
)
def test_someone_elses_number_is_never_the_customers_phone(said: str) -> None:
    messages, slots = form_answer(said, "customer_phone", AGE)
    assert slots.get("customer_phone") != "07700 900456"


# --- F3: a cue about someone else is never put on the customer ---------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "mums alarm pendant doesnt work, shes 88",
        "dads telecare alarm hasnt worked since monday, hes 91 and lives alone",
    ],
)
def test_the_mothers_circumstances_are_never_said_to_be_the_customers(said: str) -> None:
    # Outside care, round 18, F3: "You mentioned living on your own or your age".
    before = {"complaint_category": "fault_repair", "provider": "infinity-system-solutions"}
    tracker = form_turn_after(
        [said], "complaint_description", {"complaint_description": said}, before, said
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    now = responses(messages)
    # The care alarm's help stays: 999, the fault line, priority repair.
    assert "utter_urgent_help" in now
    assert "999" in " ".join(rendered(m) for m in messages)
    assert any(r.startswith("utter_fault_line") for r in now)
    slots = {**tracker.slots, **slots_set(events), "requested_slot": "support_offer"}
    offer_tracker = make_tracker(
        slots, text=said, events=[*tracker.events, *events], active_loop="complaint_form"
    )
    asked, _ = run_action(ActionAskSupportOffer(), offer_tracker)
    offered = " ".join(rendered(m) for m in asked)
    assert "You mentioned" in offered
    assert "your age" not in offered and "your own" not in offered
    assert "your line" not in offered


# --- F16: needs told as a parent's are theirs --------------------------------------------------

DAD = "my dad is deaf and needs everything in writing"
MUM = "it's for my mum, she's 88 and can't use the phone"


def test_needs_told_as_the_dads_are_recorded_as_his(action_store: Any) -> None:
    # Outside testers, round 18, F16: recorded and said back as the customer's own.
    before = {**CONSUMER_FORM, "circumstances": ["disability"], "support_offer": "yes"}
    messages, slots = form_answer(DAD, "support_needs", {**before, "support_needs": None})
    agreed = slots["support_needs"]
    assert agreed["needs"] and agreed["at"]  # recorded with consent, dated
    said = " ".join(rendered(m) for m in messages)
    assert "the person the complaint is for, your dad" in said
    assert "You'd like" not in said
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bot.cases.needs import record_needs
    from tests.cases_support import make_intake

    now = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    case = action_store.create_case(
        make_intake(channel="chat"), received=now, actor="assistant", channel="chat"
    )
    held = record_needs(
        action_store,
        case.reference,
        agreed["needs"],
        consented_at=now,
        actor="assistant",
        channel="chat",
        details=agreed["details"],
    )
    assert held and all(
        "needs of the person the complaint is for: their dad" in n.need for n in held
    )


@pytest.mark.parametrize(("said", "who"), [(DAD, "dad"), (MUM, "mum")])
def test_a_parents_needs_at_the_accessibility_question_are_theirs(said: str, who: str) -> None:
    messages, slots = form_answer(
        said, "accessibility_needs", {**CONSUMER_FORM, "accessibility_needs": None}
    )
    kept = slots["accessibility_needs"]
    assert f"needs of the person the complaint is for, their {who}" in kept
    agreed = slots.get("support_needs")
    if isinstance(agreed, dict) and agreed.get("needs"):
        assert agreed["details"]["needs_of"] == who


def test_the_customers_own_needs_stay_theirs() -> None:
    before = {**CONSUMER_FORM, "circumstances": ["disability"], "support_offer": "yes"}
    said = "I'm deaf and my dad is too, I need everything in writing"
    messages, slots = form_answer(said, "support_needs", {**before, "support_needs": None})
    agreed = slots.get("support_needs")
    assert not (isinstance(agreed, dict) and (agreed.get("details") or {}).get("needs_of"))


@pytest.mark.parametrize("asked", ["customer_name", "complaint_description", "customer_postcode"])
def test_someone_to_speak_said_in_passing_is_noted_with_her_number(asked: str) -> None:
    # Outside care, round 18, F6 (in passing): added to the description with the number cut off,
    # nothing recorded.
    said = "my broadband keeps dropping out every evening. Jean can talk for me, her number is"
    said += " 07700 900456" if asked == "complaint_description" else ""
    if asked != "complaint_description":
        said = JEAN
    before = {
        **CONSUMER_FORM,
        "provider": "invictanet",
        asked: None,
        "customer_phone": None,
    }
    messages, slots = form_answer(said, asked, before)
    assert slots.get("customer_phone") != "07700 900456"
    agreed = slots["support_needs"]
    assert agreed["needs"] == ["someone_to_speak"] and agreed["at"]
    assert agreed["details"]["someone_to_speak"] == "Jean, on 07700 900456"
    assert "their number, not yours" in " ".join(rendered(m) for m in messages)
    if asked == "complaint_description":
        assert slots["complaint_description"] == said  # the account kept
    else:
        assert slots.get(asked) is None and slots["requested_slot"] == asked  # asked again
        assert "complaint_description" not in slots


def test_a_yes_on_coming_back_goes_on_with_the_complaint() -> None:
    from actions.vulnerability import ActionConfirmNeedsRemoval

    tracker = make_tracker(
        {**SAFETY_FORM, "requested_slot": "confirm_needs_removal"},
        text="yes",
        intent="affirm",
        active_loop="complaint_form",
    )
    messages, events = run_action(ActionConfirmNeedsRemoval(), tracker)
    assert messages == []
    assert {"event": "followup", "name": "complaint_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]


def test_the_customers_own_number_given_beside_hers_is_kept() -> None:
    said = "mine is 07700 900123, and Jean can talk for me, her number is 07700 900456"
    before = {**CONSUMER_FORM, "provider": "invictanet", "customer_phone": None}
    messages, slots = form_answer(said, "customer_phone", before)
    assert slots["customer_phone"].replace(" ", "") == "07700900123"
    assert slots["support_needs"]["details"]["someone_to_speak"] == "Jean, on 07700 900456"
