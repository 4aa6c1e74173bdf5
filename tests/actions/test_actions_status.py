"""Checking a complaint, asking to escalate it or for an ADR letter, and asking for a person
(actions/status.py), against a real case store (a SQLite file of each test's own).

Nothing about a case is said until the customer gives the email address or postcode on it, and
the disclosing action asks the store for a check this conversation passed, whatever the slots say.
The counting and locking themselves are tested in tests/bot/test_verification.py; what a verified
customer is told about each kind of case, in tests/bot/test_customer_requests.py.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from actions.chitchat import ActionClarify, ActionDefaultFallback
from actions.intake import ActionStartComplaint
from actions.status import (
    ActionHandleCaseRequest,
    ActionSetCaseRequest,
    ActionStopCaseCheck,
    ActionTalkToHuman,
    ValidateCaseLookupForm,
)
from bot.cases.models import VerificationAttemptRecord
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from bot.cases.views import Case
from tests.action_support import (
    DOMAIN,
    database_outage,
    form_turn,
    make_tracker,
    only,
    open_store,
    responses,
    run_action,
    slots_set,
    validate,
)
from tests.cases_support import make_intake

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)
FORM = "case_lookup_form"
RESET = [
    SlotSet("case_reference", None),
    SlotSet("verification_answer", None),
    SlotSet("pending_request", None),
]


pytestmark = pytest.mark.usefixtures("action_database")


def new_case(action_store: CaseStore, received: datetime = TODAY, **changes: Any) -> Case:
    """Jane Doe's billing complaint (email jane.doe@example.co.uk, postcode TN1 2PY)."""
    return action_store.create_case(
        make_intake(channel="chat", **changes), received=received, actor="assistant", channel="chat"
    )


def passed_check(reference: str, sender: str = "conversation-1") -> None:
    """The store records that `sender` passed a check on `reference` (at the tests' clock)."""
    with open_store(os.environ["DATABASE_URL"]) as action_store:
        CaseVerification(action_store).record_owner(
            reference, conversation_id=sender, channel="rest", now=TODAY
        )


# --- ActionSetCaseRequest -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intent", "pending"),
    [
        ("check_case", "status"),
        ("request_escalation", "escalation"),
        ("request_adr_letter", "adr_letter"),
        ("talk_to_human", "status"),
    ],
)
def test_the_request_is_remembered_and_verification_starts_afresh(
    intent: str, pending: str
) -> None:
    said = {"request_escalation": "please escalate it", "request_adr_letter": "an ADR letter"}
    tracker = make_tracker(intent=intent, text=said.get(intent, "how is my complaint doing"))
    messages, events = run_action(ActionSetCaseRequest(), tracker)
    if pending == "adr_letter":
        # No reference named: what the letter is comes first (test_actions_own_words.py).
        assert responses(messages)[-1] == "utter_adr_letter_request_needs_reference"
    else:
        assert messages == []
    assert events == [
        SlotSet("pending_request", pending),
        SlotSet("case_reference", None),
        SlotSet("verification_answer", None),
    ]


@pytest.mark.parametrize("named", [None, "ig-7k3q9x", "IG 7K3Q9X"])
def test_a_case_already_verified_in_this_conversation_needs_no_new_answer(
    named: str | None,
) -> None:
    tracker = make_tracker(
        {"verified_reference": "IG-7K3Q9X"},
        intent="request_escalation",
        entities={"reference": named} if named else {},
        text=f"please escalate {named or 'it'}",
    )
    _, events = run_action(ActionSetCaseRequest(), tracker)
    # No verdict is set here; validating the reference when the lookup form starts gives it.
    assert events == [
        SlotSet("pending_request", "escalation"),
        SlotSet("case_reference", "IG-7K3Q9X"),
        SlotSet("pending_request_for", "IG-7K3Q9X"),  # the request carries its case (issue 13)
        SlotSet("verification_answer", None),
    ]


@pytest.mark.parametrize(
    "said", ["ig g27a5d", "status of complaint IGG27A5D please", "its IG G27 A5D"]
)
def test_a_reference_typed_with_a_space_or_no_hyphen_is_checked_not_asked_again(
    said: str,
) -> None:
    # Outside testing, 27 Nov: "ig g27a5d" at the reference question, read as asking about a
    # case with no entity, was met with the same question again and no hint.
    tracker = make_tracker(intent="check_case", text=said)
    _, events = run_action(ActionSetCaseRequest(), tracker)
    assert SlotSet("case_reference", "IG-G27A5D") in events
    result, messages = reference_given(said)
    assert result["case_reference"] == "IG-G27A5D"
    assert messages == []


@pytest.mark.parametrize("order", ["reference first", "answer first"])
def test_when_the_lookup_form_starts_an_already_verified_case_is_verified(order: str) -> None:
    """The form validates what ActionSetCaseRequest set, in whichever order Rasa hands it over."""
    passed_check("IG-7K3Q9X")
    candidates = {"case_reference": "IG-7K3Q9X", "verification_answer": None}
    if order == "answer first":
        candidates = dict(reversed(list(candidates.items())))
    tracker = form_turn(
        "case_lookup_form",
        None,
        candidates,
        before={"verified_reference": "IG-7K3Q9X", "provider": "infinity-group"},
        intent="request_escalation",
    )
    messages, events = run_action(ValidateCaseLookupForm(), tracker)
    assert messages == []
    assert slots_set(events)["verification_answer"] == "verified"
    assert slots_set(events)["case_reference"] == "IG-7K3Q9X"


def test_when_the_lookup_form_starts_an_unverified_case_asks_for_the_answer() -> None:
    tracker = form_turn(
        "case_lookup_form",
        None,
        {"case_reference": "IG-7K3Q9X", "verification_answer": None},
        before={"provider": "infinity-group"},
        intent="check_case",
    )
    messages, events = run_action(ValidateCaseLookupForm(), tracker)
    assert messages == []  # no wrong answer counted: nothing has been answered yet
    assert slots_set(events)["verification_answer"] is None
    assert "verification_failures" not in slots_set(events)


def test_naming_another_case_than_the_verified_one_needs_verifying() -> None:
    tracker = make_tracker(
        {"verified_reference": "IG-7K3Q9X"},
        intent="check_case",
        entities={"reference": "IG-AAAAAA"},
    )
    _, events = run_action(ActionSetCaseRequest(), tracker)
    # The named reference (set by its entity) is left for the lookup form to check.
    assert events == [SlotSet("pending_request", "status"), SlotSet("verification_answer", None)]


def test_a_malformed_reference_entity_does_not_crash_the_request() -> None:
    tracker = make_tracker(
        {"verified_reference": "IG-7K3Q9X"},
        text="check IG-123",
        intent="check_case",
        entities={"reference": "IG-123"},
    )
    _, events = run_action(ActionSetCaseRequest(), tracker)
    assert slots_set(events)["verification_answer"] is None


def _reread_as(events: list) -> str | None:
    """The intent a message was put back as (read_as), if it was."""
    for event in events:
        if event.get("event") == "user":
            return event["parse_data"]["intent"]["name"]
    return None


@pytest.mark.parametrize("intent", ["check_case", "request_adr_letter", "request_escalation"])
@pytest.mark.parametrize(
    "text",
    [
        "You've put my price up again without telling me. Can I take you to the ombudsman over it?",
        "my bill went up by £6 a month and nobody told me, can adr deal with a price rise?",
        "I was promised a fixed price and it went up, what if I go to CISAS",
    ],
)
def test_a_price_rise_question_about_adr_is_answered_not_checked_as_a_case(
    intent: str, text: str
) -> None:
    """F6 (outside compliance reader): a price-rise question phrased like a complaint was asked
    "What is your complaint reference?"; it is the ADR question, whose answer says what ADR takes
    about prices."""
    tracker = make_tracker({"provider": "infinity-group"}, text=text, intent=intent)
    messages, events = run_action(ActionSetCaseRequest(), tracker)
    assert messages == []
    assert _reread_as(events) == "ask_adr"


@pytest.mark.parametrize("intent", ["check_case", "request_escalation"])
@pytest.mark.parametrize(
    "text",
    [
        "how do I contact Ofcom?",
        "what's ofcom's phone number",
        "can I complain to Ofcom instead?",
        "I want to know Ofcom's address",
    ],
)
def test_a_question_about_reaching_ofcom_gets_ofcoms_contact_not_a_case_check(
    intent: str, text: str
) -> None:
    """F6: "how do I contact Ofcom?" read as a case check was asked for a reference; it is the
    contact question, which gives Ofcom's own contact centre (regulation.md)."""
    tracker = make_tracker({"provider": "infinity-system-solutions"}, text=text, intent=intent)
    messages, events = run_action(ActionSetCaseRequest(), tracker)
    assert messages == []
    assert _reread_as(events) == "ask_contact"


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("what is happening with IG-7K3Q9X? the price went up and I want the ombudsman", {}),
        ("I complained to Ofcom, where is my complaint up to?", {}),
        ("my complaint about the price rise, can you escalate it", {}),
        ("has my complaint IG-7K3Q9X about Ofcom been sent on?", {"reference": "IG-7K3Q9X"}),
    ],
)
def test_a_case_request_that_mentions_prices_or_ofcom_is_still_a_case_request(
    text: str, entities: dict[str, str]
) -> None:
    tracker = make_tracker(
        {"provider": "infinity-group"}, text=text, intent="check_case", entities=entities
    )
    _, events = run_action(ActionSetCaseRequest(), tracker)
    assert _reread_as(events) is None
    assert SlotSet("pending_request", "status") in events


# --- ValidateCaseLookupForm.validate_case_reference -----------------------------------------------


def reference_given(value: str, slots: dict[str, Any] | None = None, entity: str | None = None):
    tracker = form_turn(
        FORM,
        "case_reference",
        {"case_reference": value},
        before=slots,
        text=value,
        entities={"reference": entity} if entity else {},
    )
    return validate(ValidateCaseLookupForm().validate_case_reference, value, tracker)


def test_a_malformed_reference_is_refused_with_what_a_reference_looks_like() -> None:
    result, messages = reference_given("IG-123")
    assert result["case_reference"] is None
    assert "requested_slot" not in result  # the first time, it asks again
    assert responses(messages) == ["utter_reference_invalid"]
    assert messages[0]["example"] == "IG-7K3Q9X"
    assert messages[0]["phone"] == "0345 450 4600"
    assert "IG-123" not in str(messages[0])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("ig-7k3q9x", "IG-7K3Q9X"),
        ("IG 7K3Q9X", "IG-7K3Q9X"),
        (" ig7k3q9x ", "IG-7K3Q9X"),
        ("IG-7K3Q-9X", "IG-7K3Q9X"),
        ("ig-7k3o9x", "IG-7K309X"),  # O read as zero (Crockford)
    ],
)
def test_a_reference_is_normalised(given: str, expected: str) -> None:
    result, messages = reference_given(given)
    assert result == {
        "case_reference": expected,
        "verification_answer": None,
        "pending_request_for": expected,  # any request waiting is made for it (issue 13)
    }
    assert messages == []


def test_the_reference_entity_is_preferred_to_the_whole_text() -> None:
    result, _ = reference_given("it's ig 7k3q9x thanks", entity="ig-7k3q9x")
    assert result["case_reference"] == "IG-7K3Q9X"


def test_a_reference_verified_earlier_needs_no_new_answer() -> None:
    passed_check("IG-7K3Q9X")
    result, _ = reference_given("IG-7K3Q9X", {"verified_reference": "IG-7K3Q9X"})
    assert result == {
        "case_reference": "IG-7K3Q9X",
        "verification_answer": "verified",
        "pending_request_for": "IG-7K3Q9X",
    }


def test_a_verified_slot_the_store_does_not_back_asks_for_the_answer() -> None:
    passed_check("IG-7K3Q9X", sender="another-conversation")
    result, _ = reference_given("IG-7K3Q9X", {"verified_reference": "IG-7K3Q9X"})
    assert result == {
        "case_reference": "IG-7K3Q9X",
        "verification_answer": None,
        "pending_request_for": "IG-7K3Q9X",
    }


# --- ValidateCaseLookupForm.validate_verification_answer ------------------------------------------


def answer_given(
    answer: str, reference: str, slots: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    before = {"case_reference": reference, **(slots or {})}
    tracker = form_turn(
        FORM, "verification_answer", {"verification_answer": answer}, before=before, text=answer
    )
    return validate(ValidateCaseLookupForm().validate_verification_answer, answer, tracker)


@pytest.mark.parametrize(
    "answer",
    [
        "jane.doe@example.co.uk",
        "  JANE.DOE@EXAMPLE.CO.UK ",
        "TN1 2PY",
        "tn12py",
        "t n 1 2 p y",
    ],
)
def test_the_email_or_postcode_on_the_case_verifies_the_customer(
    action_store: CaseStore, answer: str
) -> None:
    case = new_case(action_store)
    result, messages = answer_given(answer, case.reference)
    assert result == {"verification_answer": "verified", "verified_reference": case.reference}
    assert messages == []


def test_five_wrong_answers_lock_the_reference(action_store: CaseStore) -> None:
    case = new_case(action_store)
    for attempt in range(1, 6):
        result, messages = answer_given(f"wrong{attempt}@example.co.uk", case.reference)
        assert result == {"verification_answer": "not_verified"}
        assert messages == []  # the handling action gives the one reply
    # Locked now: even the right answer does not verify.
    result, _ = answer_given("TN1 2PY", case.reference)
    assert result == {"verification_answer": "not_verified"}
    assert "verification_locked" in [e.kind for e in action_store.events(case.reference)]


def test_the_right_answer_for_another_case_does_not_verify(action_store: CaseStore) -> None:
    jane = new_case(action_store)
    john = new_case(action_store, name="John Roe", email="john@example.com", postcode="SW1A 1AA")
    result, _ = answer_given("jane.doe@example.co.uk", john.reference)
    assert result["verification_answer"] == "not_verified"
    assert answer_given("SW1A 1AA", john.reference)[0]["verification_answer"] == "verified"
    assert answer_given("sw1a1aa", jane.reference)[0]["verification_answer"] == "not_verified"


def test_an_unknown_reference_gets_the_same_verdict_as_a_wrong_answer(
    action_store: CaseStore,
) -> None:
    new_case(action_store)
    result, messages = answer_given("jane.doe@example.co.uk", "IG-0000ZZ")
    assert result == {"verification_answer": "not_verified"}
    assert messages == []


def test_another_providers_reference_is_treated_as_a_wrong_answer(action_store: CaseStore) -> None:
    case = new_case(action_store)  # an Infinity Group case: IG-...
    result, _ = answer_given("jane.doe@example.co.uk", case.reference, {"provider": "invictanet"})
    assert result == {"verification_answer": "not_verified"}


def test_a_database_outage_makes_the_check_unavailable(
    action_store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(action_store)
    database_outage(monkeypatch)
    result, messages = answer_given("jane.doe@example.co.uk", case.reference)
    assert result == {"verification_answer": "unavailable"}
    assert messages == []


def test_typing_the_word_verified_is_never_a_verification(action_store: CaseStore) -> None:
    case = new_case(action_store)
    result, messages = answer_given("verified", case.reference)
    # Neither an e-mail address nor a postcode: nothing checked, and said so.
    assert result == {"verification_answer": None}
    assert responses(messages) == ["utter_verification_not_a_detail"]


# "idk", "dunno", "I don't remember which email": not counted either, and told how to reach the
# provider instead (tests/actions/test_actions_identity_answers.py).
@pytest.mark.parametrize("said", ["hi", "hello?", "?", "verified", "07700 900123"])
def test_an_answer_with_no_email_or_postcode_is_not_counted_against_the_case(
    action_store: CaseStore, said: str
) -> None:
    # The outside attacker: five of these locked the owner out of their own case, each answered
    # "a detail was mistyped"; now none is a guess, and the right postcode still verifies.
    case = new_case(action_store)
    for _ in range(6):
        result, messages = answer_given(said, case.reference)
        assert result == {"verification_answer": None}
        assert responses(messages) == ["utter_verification_not_a_detail"]
    result, _ = answer_given(case.customer.postcode, case.reference)
    assert result["verification_answer"] == "verified"


def test_typing_the_word_verified_discloses_nothing(action_store: CaseStore) -> None:
    case = new_case(action_store)
    result, _ = answer_given("verified", case.reference)
    messages, _ = handle(case.reference, result["verification_answer"], "status")
    assert "utter_case_status" not in responses(messages)


def test_giving_a_new_reference_while_the_answer_is_asked_is_not_a_wrong_answer(
    action_store: CaseStore,
) -> None:
    first, second = new_case(action_store), new_case(action_store, description="Another matter.")
    tracker = form_turn(
        FORM,
        "verification_answer",
        {"case_reference": second.reference, "verification_answer": second.reference},
        before={"case_reference": first.reference},
        text=second.reference,
        entities={"reference": second.reference},
    )
    messages, events = run_action(ValidateCaseLookupForm(), tracker)
    assert "utter_verification_failed" not in responses(messages)
    assert slots_set(events).get("verification_answer") != "not_verified"


def test_the_whole_lookup_validation_verifies_a_customer(action_store: CaseStore) -> None:
    case = new_case(action_store)
    tracker = form_turn(
        FORM,
        "verification_answer",
        {"verification_answer": "TN1 2PY"},
        before={"case_reference": case.reference},
        text="TN1 2PY",
    )
    messages, events = run_action(ValidateCaseLookupForm(), tracker)
    assert messages == []
    assert events == [
        SlotSet("verification_answer", "verified"),
        SlotSet("verified_reference", case.reference),
    ]


# --- ActionHandleCaseRequest ----------------------------------------------------------------------


def handle(
    reference: str | None,
    outcome: str | None,
    request: str | None,
    record: bool = True,
    **slots: Any,
):
    if outcome == "verified" and reference and record:
        passed_check(reference)
    tracker = make_tracker(
        {
            "case_reference": reference,
            "verification_answer": outcome,
            "pending_request": request,
            # The lookup form always says which case the request was made for (issue 13: the
            # action refuses one made for another case, or for none).
            "pending_request_for": reference,
            **slots,
        }
    )
    return run_action(ActionHandleCaseRequest(), tracker)


# What `handle` leaves: the request's case cleared too.
HANDLED = [*RESET, SlotSet("pending_request_for", None)]


def test_a_verified_customer_gets_the_status_and_the_next_date(action_store: CaseStore) -> None:
    case = new_case(action_store)
    messages, events = handle(case.reference, "verified", "status")
    assert responses(messages) == [
        "utter_case_status",
        "utter_case_next_date_normally",  # Infinity Group "will normally respond"
        "utter_case_adr_from",
        "utter_adr_code_wait_longer",  # its code's 8 weeks beside today's 6 (issue 14)
    ]
    status = only(messages, "utter_case_status")
    assert status["reference"] == case.reference
    assert status["category"] == "billing"
    assert status["status"] == "raised"
    assert status["handler"] == "Customer Service Team or your Account Manager"
    next_date = only(messages, "utter_case_next_date_normally")
    assert (next_date["next_commitment"], next_date["next_due"]) == (
        "respond",
        "Thursday 31 December 2026",
    )
    adr = only(messages, "utter_case_adr_from")
    assert (adr["scheme"], adr["opens"]) == (
        "the Communications Ombudsman",
        "Tuesday 2 February 2027",
    )
    assert events == [*HANDLED, SlotSet("provider", "infinity-group")]


def test_a_request_with_no_pending_request_gives_the_status(action_store: CaseStore) -> None:
    case = new_case(action_store)
    messages, _ = handle(case.reference, "verified", None)
    assert responses(messages)[0] == "utter_case_status"


def test_an_escalation_request_is_logged_for_staff(action_store: CaseStore) -> None:
    case = new_case(action_store)
    messages, events = handle(case.reference, "verified", "escalation")
    requested = only(messages, "utter_escalation_requested")
    assert requested["reference"] == case.reference
    assert requested["next_role"] == "Operations Director"
    next_date = only(messages, "utter_case_next_date_normally")
    assert (next_date["next_commitment"], next_date["next_due"]) == (
        "respond",
        "Thursday 31 December 2026",
    )

    after = action_store.get(case.reference)
    assert after is not None and after.escalation_requested
    assert after.status == "raised"  # staff act on it; the customer's request changes no status
    logged = [e for e in action_store.events(case.reference) if e.kind == "customer_request"]
    assert len(logged) == 1
    assert logged[0].detail["request"] == "escalation"
    assert (logged[0].actor, logged[0].channel) == ("customer", "chat")
    assert events == [*HANDLED, SlotSet("provider", "infinity-group")]


def test_an_escalation_request_at_the_top_of_the_ladder_points_to_adr(
    action_store: CaseStore,
) -> None:
    case = new_case(action_store)
    for _ in range(2):  # Operations Director, then Managing Director
        action_store.escalate(case.reference, now=TODAY, actor="sam", channel="desk")
    messages, _ = handle(case.reference, "verified", "escalation")
    top = only(messages, "utter_escalation_at_top")
    assert top["role"] == "Managing Director"
    assert top["adr"] == "from Tuesday 2 February 2027"
    after = action_store.get(case.reference)
    assert after is not None and after.escalation_requested


def test_an_adr_letter_request_is_logged_for_staff(action_store: CaseStore) -> None:
    case = new_case(action_store)
    messages, _ = handle(case.reference, "verified", "adr_letter")
    requested = only(messages, "utter_adr_letter_requested")
    assert requested["scheme"] == "the Communications Ombudsman"
    assert requested["months"] == 12
    after = action_store.get(case.reference)
    assert after is not None and after.adr_letter_requested
    logged = [e for e in action_store.events(case.reference) if e.kind == "customer_request"]
    assert [e.detail["request"] for e in logged] == ["adr_letter"]


@pytest.mark.parametrize(
    ("provider", "phone", "email"),
    [
        ("infinity-group", "0345 450 4600", " or by email at customerservices@infinitygroup.co.uk"),
        ("infinium", "01253 353537", None),
    ],
)
@pytest.mark.parametrize("outcome", [None, "not_verified", "locked"])
def test_an_unverified_request_says_nothing_and_gives_the_providers_contacts(
    action_store: CaseStore, provider: str, phone: str, email: str | None, outcome: str | None
) -> None:
    case = new_case(action_store)
    messages, events = handle(case.reference, outcome, "escalation", provider=provider)
    assert responses(messages) == ["utter_verification_failed"]
    assert messages[0]["phone"] == phone
    if email is not None:
        assert messages[0]["email"] == email
    assert events == [*HANDLED, SlotSet("verified_reference", None)]
    after = action_store.get(case.reference)
    assert after is not None and not after.escalation_requested


def test_slots_saying_verified_without_the_stores_record_disclose_nothing(
    action_store: CaseStore,
) -> None:
    case = new_case(action_store)
    passed_check(case.reference, sender="someone-else")
    tracker = make_tracker(
        {
            "case_reference": case.reference,
            "verification_answer": "verified",
            "verified_reference": case.reference,
            "pending_request": "adr_letter",
        }
    )
    messages, _ = run_action(ActionHandleCaseRequest(), tracker)
    assert responses(messages) == ["utter_verification_failed"]
    after = action_store.get(case.reference)
    assert after is not None and not after.adr_letter_requested


def test_the_store_being_down_while_checking_says_so(action_store: CaseStore) -> None:
    case = new_case(action_store)
    messages, events = handle(case.reference, "unavailable", "escalation")
    assert responses(messages) == ["utter_case_request_failed"]
    assert events == HANDLED


def test_a_case_gone_since_verification_is_not_described(action_store: CaseStore) -> None:
    messages, events = handle("IG-0000ZZ", "verified", "status")
    assert responses(messages) == ["utter_case_request_failed"]
    assert events == HANDLED


def test_a_database_outage_while_handling_says_so(
    action_store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(action_store)
    passed_check(case.reference)
    database_outage(monkeypatch)
    messages, events = handle(case.reference, "verified", "escalation", record=False)
    assert responses(messages) == ["utter_case_request_failed"]
    assert events == HANDLED


# --- ActionTalkToHuman ----------------------------------------------------------------------------


def talk(slots: dict[str, Any] | None = None):
    return run_action(ActionTalkToHuman(), make_tracker(slots, intent="talk_to_human"))


def test_a_person_is_reachable_by_phone_now() -> None:
    messages, events = talk()
    assert responses(messages) == ["utter_contact_details", "utter_open_now"]
    contact = messages[0]
    assert (contact["channel"], contact["value"], contact["hours"]) == (
        "phone",
        "0345 450 4600",
        "",
    )
    assert only(messages, "utter_open_now")["closes"] == "17:30"
    assert events == [SlotSet("provider", "infinity-group")]


@pytest.mark.parametrize(
    ("now", "next_opening"),
    [
        ("2026-12-22T19:00", "Wednesday 23 December 2026 at 09:00"),
        ("2026-12-26T11:00", "Tuesday 29 December 2026 at 09:00"),
    ],
)
def test_out_of_hours_the_next_opening_is_given(
    monkeypatch: pytest.MonkeyPatch, now: str, next_opening: str
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", now)
    messages, _ = talk()
    assert only(messages, "utter_closed_now")["next_opening"] == next_opening


def test_a_code_without_hours_says_so() -> None:
    messages, events = talk({"provider": "infinium"})
    assert responses(messages) == ["utter_contact_details", "utter_hours_not_stated"]
    assert messages[0]["value"] == "01253 353537"
    assert events == [SlotSet("provider", "infinium")]


@pytest.mark.parametrize("slot", ["created_reference", "verified_reference"])
def test_a_call_back_is_flagged_on_the_customers_case(action_store: CaseStore, slot: str) -> None:
    case = new_case(action_store)
    passed_check(case.reference)
    messages, _ = talk({slot: case.reference})
    assert only(messages, "utter_call_back_flagged")["reference"] == case.reference
    after = action_store.get(case.reference)
    assert after is not None and after.callback_requested
    logged = [e for e in action_store.events(case.reference) if e.kind == "customer_request"]
    assert [e.detail["request"] for e in logged] == ["call_back"]


def test_a_call_back_is_not_flagged_on_a_case_the_store_does_not_tie_to_the_conversation(
    action_store: CaseStore,
) -> None:
    case = new_case(action_store)
    messages, _ = talk({"verified_reference": case.reference})
    assert "utter_call_back_flagged" not in responses(messages)
    after = action_store.get(case.reference)
    assert after is not None and not after.callback_requested


def test_a_call_back_that_cannot_be_flagged_is_admitted(
    action_store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(action_store)
    database_outage(monkeypatch)
    messages, events = talk({"created_reference": case.reference})
    assert responses(messages) == [
        "utter_contact_details",
        "utter_open_now",
        "utter_case_request_failed",
    ]
    assert events == [SlotSet("provider", "infinity-group")]


@pytest.mark.parametrize(
    ("provider", "response", "words"),
    [
        # Infinium: "We always aim to respond to your correspondence within 3 business days."
        ("infinium", "utter_case_next_date_aim", "We always aim to respond"),
        # Infinity Group: "We will normally respond to a letter within ten working days, an email ..."
        ("infinity-group", "utter_case_next_date_normally", "We will normally respond"),
        # Infinity System Solutions: the case handler's 48 hours come first, and are unhedged;
        # given in the code's words, from when the complaint was raised, not as a date (F2).
        (
            "infinity-system-solutions",
            "utter_case_next_case_handler_contact_from_raised",
            "Your case handler will then",
        ),
        # Invictanet's one working day is unhedged: a plain date.
        ("invictanet", "utter_case_next_date", "within one working day"),
    ],
)
def test_the_next_date_in_the_status_is_worded_as_firmly_as_the_code(
    action_store: CaseStore, provider: str, response: str, words: str
) -> None:
    """Outside compliance review (H3): the status view said "Our next date: respond by ..." for
    Infinium's "always aim" and Infinity Group's "normally"."""
    case = new_case(action_store, provider=provider)
    messages, _ = handle(case.reference, "verified", "status", provider=provider)
    said = responses(messages)
    assert [r for r in said if r.startswith("utter_case_next_")] == [response]
    next_date = only(messages, response)
    quotes = [s.get("quote") or "" for s in next_date["custom"]["sources"]]
    assert any(words in q for q in quotes), quotes
    wording = DOMAIN["responses"][response][0]["text"]
    if response.endswith("_aim"):
        assert "an aim, not a promise" in wording
    elif response.endswith("_normally"):
        assert "we normally" in wording


@pytest.mark.parametrize(
    ("provider", "response", "words"),
    [
        ("infinium", "utter_case_next_date_aim", "We always aim to respond"),
        ("infinity-group", "utter_case_next_date_normally", "We will normally respond"),
        (
            "infinity-system-solutions",
            "utter_case_next_case_handler_contact_from_raised",
            "Your case handler will then",
        ),
        ("invictanet", "utter_case_next_date", "within one working day"),
    ],
)
def test_the_next_date_after_an_escalation_is_worded_as_the_status_words_it(
    action_store: CaseStore, provider: str, response: str, words: str
) -> None:
    """Outside compliance review (H4): after an escalation, "our next date still stands: respond
    by ..." dropped Infinium's "always aim" and Infinity Group's "normally", which the status
    check for the same case kept, and gave Infinity System Solutions' 48 hours as a Sunday."""
    case = new_case(action_store, provider=provider)
    status, _ = handle(case.reference, "verified", "status", provider=provider)
    escalated, _ = handle(case.reference, "verified", "escalation", provider=provider)
    [requested] = [r for r in responses(escalated) if r.startswith("utter_escalation_requested")]
    next_replies = [m for m in escalated if (m.get("response") or "").startswith("utter_case_next")]
    assert [m["response"] for m in next_replies] == [response]
    assert next_replies == [m for m in status if m["response"] == response]
    quotes = [s.get("quote") or "" for s in next_replies[0]["custom"]["sources"]]
    assert any(words in q for q in quotes), quotes
    # No reply states a date without the code's strength: the escalation's own words give none.
    wording = DOMAIN["responses"][requested][0]["text"]
    assert "{next_due}" not in wording
    assert "next_due" not in only(escalated, requested)


# --- the ADR date from the day the customer first raised it (issue 14) ----------------------------
# Before: the status counted the ADR wait from the day the case was logged (22 December 2026: ADR
# from 2 February 2027) whatever day the customer said they first raised it.


def test_the_status_counts_adr_from_the_day_first_raised(action_store: CaseStore) -> None:
    case = new_case(action_store, first_raised=date(2026, 12, 1))
    messages, _ = handle(case.reference, "verified", "status")
    assert "utter_case_adr_from" not in responses(messages)
    adr = only(messages, "utter_case_adr_from_first_raised")
    assert (adr["raised"], adr["opens"]) == ("Tuesday 1 December 2026", "Tuesday 12 January 2027")
    text = DOMAIN["responses"]["utter_case_adr_from_first_raised"][0]["text"]
    assert "from when you first raised it on {raised}" in text


def test_a_case_first_raised_more_than_six_weeks_ago_may_go_to_adr_now(
    action_store: CaseStore,
) -> None:
    case = new_case(action_store, first_raised=date(2026, 11, 3))
    messages, _ = handle(case.reference, "verified", "status")
    adr = only(messages, "utter_case_adr_open_first_raised")
    assert adr["raised"] == "Tuesday 3 November 2026"
    assert "utter_adr_first_raised_past_limit" not in responses(messages)


def test_a_case_first_raised_over_a_year_ago_says_the_12_month_limit(
    action_store: CaseStore,
) -> None:
    case = new_case(action_store, first_raised=date(2025, 10, 1))
    messages, _ = handle(case.reference, "verified", "status")
    said = responses(messages)
    assert said[-2:] == ["utter_case_adr_open_first_raised", "utter_adr_first_raised_past_limit"]
    assert only(messages, "utter_adr_first_raised_past_limit")["months"] == 12


# --- a detail typed again after a failed check (issue 13: "sorry I mistyped" got "didn't follow") --


def after_a_failed_check(
    reference: str, text: str, intent: str = "inform", request: str = "status", **entities: str
):
    """The conversation just after the lookup form's check failed and the assistant said so."""
    events = [
        {"event": "user", "text": f"check {reference}", "parse_data": {}, "metadata": {}},
        SlotSet("pending_request", request),
        SlotSet("case_reference", reference),
        {"event": "active_loop", "name": FORM},
        SlotSet("verification_answer", "not_verified"),
        {"event": "active_loop", "name": None},
        {"event": "action", "name": "action_handle_case_request"},
        {
            "event": "bot",
            "text": "Sorry, I can't confirm those details.",
            "metadata": {"utter_action": "utter_verification_failed"},
        },
        *RESET,
        SlotSet("verified_reference", None),
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": {}, "metadata": {}},
    ]
    return make_tracker(text=text, intent=intent, entities=entities, events=events)


def attempts(action_store: CaseStore, reference: str) -> list[str]:
    with action_store.session_scope() as session:
        return [r.outcome for r in session.query(VerificationAttemptRecord).order_by("id")]


@pytest.mark.parametrize(
    ("action", "intent"),
    [
        ("action_default_fallback", "inform"),
        ("action_clarify", "nlu_fallback"),
        ("action_set_case_request", "check_case"),
        # CI's retrained model read a postcode typed after the failure as starting a complaint.
        ("action_start_complaint", "make_complaint"),
    ],
)
def test_the_right_detail_typed_again_is_checked_and_answered(
    action_store: CaseStore, action: str, intent: str
) -> None:
    run = {
        "action_default_fallback": ActionDefaultFallback,
        "action_clarify": ActionClarify,
        "action_set_case_request": ActionSetCaseRequest,
        "action_start_complaint": ActionStartComplaint,
    }[action]
    case = new_case(action_store)
    tracker = after_a_failed_check(case.reference, "sorry I mistyped, it's TN1 2PY", intent)
    messages, events = run_action(run(), tracker)
    assert responses(messages)[0] == "utter_case_status"
    assert "utter_core_fallback" not in responses(messages)
    assert slots_set(events)["verified_reference"] == case.reference
    assert events[-1] == FollowupAction("action_listen")
    assert attempts(action_store, case.reference)[-1] == "verified"


def after_a_passed_check(reference: str, text: str, intent: str = "make_complaint"):
    """The conversation just after the lookup form's check passed and the status was shown."""
    failed = after_a_failed_check(reference, text, intent).events
    events = [
        *failed[:5],
        SlotSet("verification_answer", "verified"),
        {"event": "active_loop", "name": None},
        {"event": "action", "name": "action_handle_case_request"},
        {
            "event": "bot",
            "text": "There are no outstanding dated promises on it.",
            "metadata": {"utter_action": "utter_case_no_next_date"},
        },
        *RESET,
        SlotSet("verified_reference", reference),
        *failed[-2:],
    ]
    return make_tracker(text=text, intent=intent, events=events)


@pytest.mark.parametrize(
    ("action", "intent"),
    [("action_start_complaint", "make_complaint"), ("action_default_fallback", "nlu_fallback")],
)
def test_a_detail_corrected_after_a_passed_check_is_checked_never_a_new_complaint(
    action_store: CaseStore, action: str, intent: str
) -> None:
    """Outside attacker, round 12, M3: "sorry I mistyped, it's alan.testwood@example.org" after
    the check had passed started a new complaint form. It is the identity check's answer,
    corrected: checked again with it (counted like any answer), and the status given."""
    run = {"action_start_complaint": ActionStartComplaint, "action_default_fallback": ActionDefaultFallback}[action]  # fmt: skip
    case = new_case(action_store)
    tracker = after_a_passed_check(
        case.reference, "sorry I mistyped, it's jane.doe@example.co.uk", intent
    )
    messages, events = run_action(run(), tracker)
    assert "utter_start_complaint" not in responses(messages)
    assert responses(messages)[0] == "utter_case_status"
    assert attempts(action_store, case.reference)[-1] == "verified"
    assert not action_store.require(case.reference).escalation_requested


def test_a_wrong_detail_typed_again_counts_towards_the_lock(action_store: CaseStore) -> None:
    case = new_case(action_store)
    for attempt in range(1, 5):  # four wrong answers in the lookup form
        result, _ = answer_given(f"wrong{attempt}@example.co.uk", case.reference)
        assert result == {"verification_answer": "not_verified"}
    tracker = after_a_failed_check(case.reference, "oops, I meant wrong5@example.co.uk")
    messages, events = run_action(ActionDefaultFallback(), tracker)
    assert responses(messages) == ["utter_verification_failed"]
    assert slots_set(events)["verified_reference"] is None
    # The fifth failure: locked, so even the right detail typed again now verifies nothing.
    assert "verification_locked" in [e.kind for e in action_store.events(case.reference)]
    tracker = after_a_failed_check(case.reference, "sorry, it's TN1 2PY")
    messages, _ = run_action(ActionDefaultFallback(), tracker)
    assert responses(messages) == ["utter_verification_failed"]


def test_an_escalation_asked_for_is_logged_once_the_retyped_detail_checks_out(
    action_store: CaseStore,
) -> None:
    case = new_case(action_store)
    tracker = after_a_failed_check(
        case.reference, "Sorry typo: jane.doe@example.co.uk", request="escalation"
    )
    messages, _ = run_action(ActionDefaultFallback(), tracker)
    assert responses(messages)[0] == "utter_escalation_requested"
    assert action_store.require(case.reference).escalation_requested


def test_a_detail_with_no_failed_check_just_before_is_not_an_answer(
    action_store: CaseStore,
) -> None:
    text = "my postcode is TN1 2PY"
    case = new_case(action_store)
    tracker = after_a_failed_check(case.reference, text)
    # A complaint begun in between: the check is left. (A question answered in between leaves it
    # open: outside attacker, round 20, F2, tests/servers/test_round20_servers.py.)
    events = tracker.events
    tracker = make_tracker(
        text=text,
        events=[
            *events[:-1],
            {"event": "user", "text": "i want to complain", "parse_data": {}, "metadata": {}},
            {"event": "active_loop", "name": "complaint_form"},
            {"event": "bot", "text": "What is it about?", "metadata": {"utter_action": "utter_x"}},
            {"event": "active_loop", "name": None},
            {"event": "user", "text": "stop", "parse_data": {}, "metadata": {}},
            {"event": "bot", "text": "Stopped", "metadata": {"utter_action": "utter_y"}},
            events[-1],
        ],
    )
    messages, _ = run_action(ActionDefaultFallback(), tracker)
    assert responses(messages) == ["utter_core_fallback"]
    assert attempts(action_store, case.reference) == []


def test_a_message_after_a_failed_check_with_no_detail_or_a_new_reference_is_not_an_answer(
    action_store: CaseStore,
) -> None:
    case = new_case(action_store)
    messages, _ = run_action(
        ActionDefaultFallback(), after_a_failed_check(case.reference, "sorry I mistyped")
    )
    assert responses(messages) == ["utter_core_fallback"]
    # A new reference with its postcode is a new case to check, from the start (outside customers
    # A F8, compliance F24: it was "Sorry, I didn't follow that"), never an answer for the old one.
    text = "it's IG-7K3Q9X with postcode TN1 2PY"
    messages, events = run_action(
        ActionDefaultFallback(), after_a_failed_check(case.reference, text)
    )
    assert messages == []
    meant = [e for e in events if e.get("event") == "user"]
    assert meant[-1]["parse_data"]["intent"]["name"] == "check_case"
    assert attempts(action_store, case.reference) == []


# --- stopping the check (CI's retrained model read "I don't have it" as stop) ----------------------


@pytest.mark.parametrize("text", ["I don't have it", "lost it sorry", "i never got a reference"])
def test_no_reference_read_as_stop_gets_the_way_to_reach_the_provider(text: str) -> None:
    tracker = make_tracker(
        {"requested_slot": "case_reference", "pending_request": "adr_letter"},
        text=text,
        intent="stop",
        active_loop=FORM,
    )
    messages, events = run_action(ActionStopCaseCheck(), tracker)
    assert responses(messages) == ["utter_no_reference"]
    assert ActiveLoop(None) in events
    assert slots_set(events)["pending_request"] is None


@pytest.mark.parametrize(
    ("asked", "text"), [("case_reference", "stop"), ("verification_answer", "I don't have it")]
)
def test_stop_while_checking_a_case_stops(asked: str, text: str) -> None:
    tracker = make_tracker(
        {"requested_slot": asked, "case_reference": "IG-7K3Q9X", "pending_request": "status"},
        text=text,
        intent="stop",
        active_loop=FORM,
    )
    messages, events = run_action(ActionStopCaseCheck(), tracker)
    assert responses(messages) == ["utter_complaint_stopped"]
    assert ActiveLoop(None) in events
    assert slots_set(events)["case_reference"] is None


# --- a new complaint named as one, read as asking about a case (CI's retrained model) ------------


@pytest.mark.parametrize(
    "text", ["complaint about being kept on hold", "no internet 3 wks, complaint"]
)
def test_a_complaint_named_as_one_starts_the_complaint_not_the_case_check(text: str) -> None:
    messages, events = run_action(
        ActionSetCaseRequest(), make_tracker(intent="check_case", text=text)
    )
    assert messages == []
    assert events[-1]["event"] == "user"
    assert events[-1]["parse_data"]["intent"]["name"] == "make_complaint"


@pytest.mark.parametrize(
    "text", ["my complaint about billing, any update?", "what's happening with my complaint"]
)
def test_a_question_about_an_existing_complaint_still_checks_the_case(text: str) -> None:
    _, events = run_action(ActionSetCaseRequest(), make_tracker(intent="check_case", text=text))
    assert SlotSet("pending_request", "status") in events


def test_needs_taken_off_after_a_retyped_detail_ask_are_you_sure(action_store: CaseStore) -> None:
    """Outside customers B (27 Nov, F15; 3 of 3 on re-test): "take my needs off my complaint",
    a wrong postcode, then the right one typed again got an empty reply (`[]`): the retyped check
    passed, but the turn was ended before "Are you sure? This removes ..." was asked."""
    from bot.cases.needs import record_needs

    case = new_case(action_store)
    with open_store(os.environ["DATABASE_URL"]) as store:
        record_needs(
            store, case.reference, ["call_back"], consented_at=TODAY, actor="assistant",
            channel="chat",
        )  # fmt: skip
    tracker = after_a_failed_check(
        case.reference, "sorry typo its TN1 2PY", "check_case", request="withdraw_needs"
    )
    _, events = run_action(ActionSetCaseRequest(), tracker)
    followups = [e["name"] for e in events if e.get("event") == "followup"]
    assert followups == ["action_ask_confirm_needs_removal"], events
