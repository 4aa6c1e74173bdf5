"""A request is logged only on the case it names, after that case's own identity check (issue 13).

Outside testers (five repros): verified on case A, the customer asks for an ADR letter or an
escalation on case B and is asked B's e-mail address or postcode; a second request waits there too;
then they ask the status of A, and one of the requests meant for B was logged on A.

Each test walks whole turns as Rasa runs them (`Conversation`): the slots Rasa extracts from the
message, the rule's `action_set_case_request`, the lookup form's validation of what was set, and
`action_handle_case_request` once the form is done; between turns the events are stored as the
project's tracker store stores them (answers at the identity question redacted) and read back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa.shared.core.events import Event
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted

from actions.status import (
    ActionHandleCaseRequest,
    ActionSetCaseRequest,
    ActionTalkToHuman,
    ValidateCaseLookupForm,
)
from bot.cases.store import CaseStore
from rasa_plugins.private_events import _redacted, answers_to_redact
from tests.action_support import message, only, responses, run_action, user_event
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)
FORM = "case_lookup_form"
REQUEST_INTENTS = ("check_case", "request_escalation", "request_adr_letter", "withdraw_consent")
POSTCODE = "TN1 2PY"  # make_intake's


@dataclass
class Conversation:
    """One conversation's events, turn by turn, through the case-check actions."""

    events: list[dict[str, Any]] = field(default_factory=list)
    loop: str | None = None
    said: list[dict[str, Any]] = field(default_factory=list)
    stored: int = 0

    def slots(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for event in self.events:
            if event.get("event") == "slot":
                values[event["name"]] = event["value"]
            elif event.get("event") == "restart":
                values = {}
        return values

    def tracker(self, latest: dict[str, Any]) -> Tracker:
        events = list(self.events)
        restarted = [i for i, e in enumerate(events) if e.get("event") == "restart"]
        if restarted:
            events = events[restarted[-1] + 1 :]  # what Rasa sends after a restart
        return Tracker(
            "conversation-1",
            self.slots(),
            latest,
            events,
            False,
            None,
            {"name": self.loop} if self.loop else {},
            "action_listen",
        )

    def _apply(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            if event.get("event") == "active_loop":
                self.loop = event.get("name")
            self.events.append(dict(event))

    def _run(self, action: Any, latest: dict[str, Any]) -> list[dict[str, Any]]:
        messages, events = run_action(action, self.tracker(latest))
        self.said += messages
        self._apply(events)
        return events

    def _store_and_reload(self) -> None:
        """What the tracker store writes (answers at the identity question redacted), read back."""
        parsed = [Event.from_parameters(e) for e in self.events]
        for index in answers_to_redact(parsed):
            if index >= self.stored:
                self.events[index] = _redacted(parsed[index].as_dict(), parsed[index])
        self.stored = len(self.events)

    def back(self) -> None:
        """Rasa's `/back` (action_back): the customer's latest message and its turn undone."""
        self.events.append(user_event("/back", "back"))
        for _ in range(2):  # UserUtteranceReverted twice: `/back` itself and the message before
            latest_user = max(i for i, e in enumerate(self.events) if e.get("event") == "user")
            del self.events[latest_user:]
        self.loop = None
        for event in self.events:
            if event.get("event") == "active_loop":
                self.loop = event.get("name")
        self.stored = min(self.stored, len(self.events))

    def restart(self) -> None:
        """Rasa's `/restart` (action_restart): every slot and the form forgotten."""
        self.events += [user_event("/restart", "restart"), {"event": "restart"}]
        self.loop = None
        self.stored = len(self.events)

    def turn(
        self,
        text: str,
        intent: str = "inform",
        references: tuple[str, ...] = (),
        **entities: str,
    ) -> list[str]:
        """The customer says `text`; the responses the assistant gave in reply."""
        self.said = []
        pairs = [*entities.items(), *(("reference", r) for r in references)]
        if references:
            entities = {**entities, "reference": references[0]}
        latest = message(text, intent, pairs)
        event = user_event(text, intent)
        event["parse_data"] = latest
        self.events.append(event)
        slots = self.slots()
        extracted: dict[str, Any] = {}
        if "reference" in entities:
            extracted["case_reference"] = entities["reference"]  # from_entity, no condition
        if self.loop == FORM and slots.get("requested_slot") == "verification_answer":
            answer = entities.get("postcode") or entities.get("email")
            if answer is None and intent not in (*REQUEST_INTENTS, "stop", "restart", "back"):
                answer = text
            if answer is not None:
                extracted["verification_answer"] = answer
        self._apply([{"event": "slot", "name": k, "value": v} for k, v in extracted.items()])
        if intent in REQUEST_INTENTS:
            self._run(ActionSetCaseRequest(), latest)
            self._apply([{"event": "action", "name": "action_set_case_request"}])
            if self.loop != FORM:
                self._apply([{"event": "active_loop", "name": FORM}])
        if self.loop == FORM:
            self._form(latest)
        self._store_and_reload()
        return responses(self.said)

    def _form(self, latest: dict[str, Any]) -> None:
        # Rasa's form: the slots set this turn are validated (appended after the form's event).
        set_now: dict[str, Any] = {}
        for event in reversed(self.events):
            if event.get("event") == "user":
                break
            if event.get("event") == "slot" and event["name"] != "requested_slot":
                set_now.setdefault(event["name"], event["value"])
        self.events.append(ActionExecuted(FORM))
        self._apply([{"event": "slot", "name": k, "value": v} for k, v in set_now.items()])
        self._run(ValidateCaseLookupForm(), latest)
        if self.loop != FORM:
            return
        slots = self.slots()
        for slot in ("case_reference", "verification_answer"):
            if not slots.get(slot):
                self._apply([{"event": "slot", "name": "requested_slot", "value": slot}])
                self.said.append({"response": f"utter_ask_{slot}"})
                return
        self._apply(
            [
                {"event": "active_loop", "name": None},
                {"event": "slot", "name": "requested_slot", "value": None},
            ]
        )
        self.events.append(ActionExecuted("action_handle_case_request"))
        self._run(ActionHandleCaseRequest(), latest)


def two_cases(action_store: CaseStore) -> tuple[str, str]:
    """Two of Jane Doe's cases; the first verified in this conversation a moment ago."""
    first, second = (
        action_store.create_case(
            make_intake(channel="chat", description=words),
            received=TODAY,
            actor="assistant",
            channel="chat",
        ).reference
        for words in ("Charged twice.", "Line down.")
    )
    return first, second


def logged(action_store: CaseStore, reference: str) -> list[str]:
    return [
        e.detail["request"] for e in action_store.events(reference) if e.kind == "customer_request"
    ]


def verified_on(first: str) -> Conversation:
    """A conversation that has checked `first` (its postcode given) and been told its status."""
    talk = Conversation()
    assert talk.turn(f"status of {first}", "check_case", reference=first) == [
        "utter_ask_verification_answer"
    ]
    assert "utter_case_status" in talk.turn(POSTCODE, postcode=POSTCODE)
    return talk


SECOND_REQUESTS = [
    ("and escalate it too", "request_escalation"),
    ("and an ADR letter too please", "request_adr_letter"),
    ("also I want it escalated to a manager", "request_escalation"),
]
STATUS_OF_FIRST = [
    ("what is the status of {first}?", "check_case", True),
    ("ok whats happening with my other complaint", "check_case", False),
    ("how is {first} going", "inform", True),
]


@pytest.mark.parametrize(("second_words", "second_intent"), SECOND_REQUESTS)
@pytest.mark.parametrize(("status_words", "status_intent", "names"), STATUS_OF_FIRST)
@pytest.mark.parametrize(
    ("first_words", "first_intent"),
    [
        ("I want an ADR letter for {second}", "request_adr_letter"),
        ("please escalate {second}", "request_escalation"),
    ],
)
def test_requests_waiting_for_another_case_are_never_logged_on_the_verified_one(
    action_store: CaseStore,
    first_words: str,
    first_intent: str,
    second_words: str,
    second_intent: str,
    status_words: str,
    status_intent: str,
    names: bool,
) -> None:
    first, second = two_cases(action_store)
    talk = verified_on(first)
    said = talk.turn(first_words.format(second=second), first_intent, reference=second)
    assert said[-1] == "utter_ask_verification_answer"
    talk.turn(second_words, second_intent)
    status = {"reference": first} if names else {}
    said = talk.turn(status_words.format(first=first), status_intent, **status)
    assert logged(action_store, first) == []
    assert logged(action_store, second) == []
    if names:
        # The first case's status, and the request for the second plainly not done.
        assert "utter_case_status" in said
        dropped = only(talk.said, "utter_case_request_not_done_unchecked")
        assert dropped["reference"] == second
        return
    # No case named: still the second case's question; its own postcode logs its request there.
    assert said == ["utter_ask_verification_answer"]
    said = talk.turn(POSTCODE, postcode=POSTCODE)
    assert {"utter_escalation_requested", "utter_adr_letter_requested"} & set(said)
    assert logged(action_store, first) == []
    assert len(logged(action_store, second)) == 1


@pytest.mark.parametrize(("second_words", "second_intent"), SECOND_REQUESTS)
def test_a_second_request_at_the_other_cases_question_waits_for_that_case(
    action_store: CaseStore, second_words: str, second_intent: str
) -> None:
    first, second = two_cases(action_store)
    talk = verified_on(first)
    talk.turn(f"please escalate {second}", "request_escalation", reference=second)
    assert talk.turn(second_words, second_intent) == ["utter_ask_verification_answer"]
    assert logged(action_store, first) == []
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, first) == []
    assert len(logged(action_store, second)) == 1


# --- an attacker with only the actions: their own case A verified, the victim's case C ----------

VICTIM_POSTCODE = "M1 1AE"


def own_and_victims(action_store: CaseStore) -> tuple[str, str]:
    own, _ = two_cases(action_store)
    victim = action_store.create_case(
        make_intake(
            channel="chat",
            name="Sam Roe",
            email="sam.roe@example.co.uk",
            postcode=VICTIM_POSTCODE,
        ),
        received=TODAY,
        actor="assistant",
        channel="chat",
    ).reference
    return own, victim


def disclosed(talk: Conversation, reference: str) -> bool:
    return any(
        m.get("reference") == reference
        for m in talk.said
        if m.get("response") != "utter_case_request_not_done_unchecked"
    )


@pytest.mark.parametrize(
    ("words", "intent", "order"),
    [
        ("please escalate {victim} and {own}", "request_escalation", "victim first"),
        ("please escalate {own} and {victim}", "request_escalation", "own first"),
        ("ADR letter for {victim}, also for {own}", "request_adr_letter", "victim first"),
        ("status of {own} and {victim}", "check_case", "own first"),
    ],
)
def test_two_references_in_one_message_log_nothing_on_the_unchecked_one(
    action_store: CaseStore, words: str, intent: str, order: str
) -> None:
    own, victim = own_and_victims(action_store)
    talk = verified_on(own)
    named = (victim, own) if order == "victim first" else (own, victim)
    talk.turn(words.format(own=own, victim=victim), intent, references=named)
    assert not disclosed(talk, victim)
    assert logged(action_store, victim) == []
    if order == "victim first":
        assert logged(action_store, own) == []  # the request waits for the victim's check
        talk.turn(f"status of {own}", "check_case", reference=own)
        assert logged(action_store, own) == []
        assert logged(action_store, victim) == []


@pytest.mark.parametrize(
    ("words", "intent"),
    [
        ("sorry I meant {other}", "inform"),
        ("{other}", "inform"),
        ("no wait, it's {other} {postcode}", "inform"),
        ("escalate {other} instead", "request_escalation"),
    ],
)
def test_a_reference_changed_at_the_identity_question_takes_no_request_with_it(
    action_store: CaseStore, words: str, intent: str
) -> None:
    own, victim = own_and_victims(action_store)
    talk = verified_on(own)
    talk.turn(f"please escalate {victim}", "request_escalation", reference=victim)
    # To the verified case: its status, the victim's escalation not logged on it.
    talk.turn(words.format(other=own, postcode=POSTCODE), intent, reference=own)
    if "escalate" not in words:
        assert logged(action_store, own) == []
    assert logged(action_store, victim) == []
    # And the other way: a request for the own case, then the victim's reference at its question.
    talk.turn(f"please escalate {own}", "request_escalation", reference=own)
    before = logged(action_store, own)
    talk = verified_on(own)
    talk.turn(f"ADR letter for {victim}", "request_adr_letter", reference=victim)
    talk.turn(words.format(other=victim, postcode=POSTCODE), intent, reference=victim)
    talk.turn(POSTCODE, postcode=POSTCODE)  # the attacker's own postcode, wrong for the victim
    assert not disclosed(talk, victim)
    assert logged(action_store, victim) == []
    assert logged(action_store, own) == before


def test_back_and_restart_at_the_victims_question_land_nothing_anywhere(
    action_store: CaseStore,
) -> None:
    own, victim = own_and_victims(action_store)
    talk = verified_on(own)
    talk.turn(f"please escalate {victim}", "request_escalation", reference=victim)
    talk.turn("and an ADR letter too please", "request_adr_letter")
    talk.back()
    talk.turn(f"status of {own}", "check_case", reference=own)
    talk.turn("and escalate it too", "request_escalation")
    talk.back()
    talk.turn(POSTCODE, postcode=POSTCODE)
    talk.turn(f"ADR letter for {victim}", "request_adr_letter", reference=victim)
    talk.restart()
    talk.turn(f"status of {own}", "check_case", reference=own)
    talk.turn(POSTCODE, postcode=POSTCODE)
    talk.turn("and an ADR letter too please", "request_adr_letter")
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, victim) == []
    assert not disclosed(talk, victim)
    # Only what was asked of the verified case itself ("and escalate it too" right after its
    # status is its own request, logged at once: `/back` after it undoes no record).
    assert set(logged(action_store, own)) <= {"escalation", "adr_letter"}


def test_a_request_made_before_and_after_verifying_another_case_stays_with_its_own(
    action_store: CaseStore,
) -> None:
    own, victim = own_and_victims(action_store)
    talk = Conversation()
    talk.turn(f"please escalate {victim}", "request_escalation", reference=victim)
    # At the victim's question, the attacker's own case and postcode.
    talk.turn(f"{own} {POSTCODE}", "inform", reference=own, postcode=POSTCODE)
    assert logged(action_store, own) == []
    talk.turn("escalate it please", "request_escalation")
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert logged(action_store, victim) == []
    assert not disclosed(talk, victim)


def test_a_call_back_asked_at_another_cases_question_is_not_flagged_on_the_verified_case(
    action_store: CaseStore,
) -> None:
    # Verified on A, asking about B, "can someone call me?" at B's question: the call back is
    # not noted on A (it was asked while B was the case in hand); the number is still given.
    first, second = two_cases(action_store)
    talk = verified_on(first)
    talk.turn(f"please escalate {second}", "request_escalation", reference=second)
    latest = message("can someone call me about it", "talk_to_human")
    talk.events.append(user_event("can someone call me about it", "talk_to_human"))
    messages, _ = run_action(ActionTalkToHuman(), talk.tracker(latest))
    assert "utter_call_back_flagged" not in responses(messages)
    assert "utter_contact_details" in responses(messages)
    assert logged(action_store, first) == []
    assert logged(action_store, second) == []
