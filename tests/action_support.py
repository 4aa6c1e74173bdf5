"""Helpers for the custom actions' tests: hand-built trackers, running an action, and reading back
what it said (checked against domain.yml) and the events it returned.

A tracker here is built the way Rasa hands it to the action server: the conversation's events (slot
events from earlier turns, the customer's latest message, and, for a form's validation, the slot
candidates Rasa extracted from that message at the very end) plus the slots as they now stand.
"""

from __future__ import annotations

import asyncio
import inspect
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.shared.core.events import Event
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.cases
from actions.status import ActionHandleCaseRequest, ActionSetCaseRequest, ValidateCaseLookupForm
from bot import clock
from bot.cases.needs import needs_by_reference, record_needs
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from rasa_plugins.private_events import _redacted, answers_to_redact
from tests.cases_support import LONDON, at, make_intake

ROOT = Path(__file__).resolve().parents[1]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))

# "Today" for every action test unless a test says otherwise: a Tuesday, three days before Christmas.
NOW = "2026-12-22T10:00"
# Nothing listens on port 1: connecting is refused at once, as in a database outage.
UNREACHABLE_DATABASE = "postgresql://postgres@127.0.0.1:1/x"

# A complaint form filled in as a consumer who prefers email.
CONSUMER_FORM: dict[str, Any] = {
    "complaint_category": "billing",
    "complaint_description": "I was charged twice for December.",
    "customer_name": "Jane Doe",
    "customer_email": "jane.doe@example.co.uk",
    "customer_phone": "07700 900123",
    "customer_postcode": "TN1 2PY",
    "contact_preference": "email",
    "customer_type": "consumer",
    "employees": None,
    "account_number": "none",
    "accessibility_needs": "none",
}


# --- the environment and the case store -----------------------------------------------------------


def forget_case_store() -> None:
    """Close the action server's store, if one is open, and forget it."""
    opened = actions.cases._store
    if opened is not None:
        opened.dispose()
    actions.cases.reset_case_store()


def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """A fixed clock, no configured provider, and an empty SQLite case store and outbox of the
    test's own.

    Yields the store's URL. Use from a fixture: `yield from isolated_environment(...)`.
    """
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    monkeypatch.setenv("COMPLAINTS_NOW", NOW)
    monkeypatch.delenv("COMPLAINTS_PROVIDER", raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COMPLAINTS_OUTBOX", str(tmp_path / "outbox"))
    # No background retries in unit tests: they drain the outbox themselves when they mean to.
    monkeypatch.setattr(actions.cases, "OUTBOX_RETRY_SECONDS", 0)
    monkeypatch.setattr(actions.cases, "MAIL_RETRY_SECONDS", 0)
    forget_case_store()
    try:
        yield url
    finally:
        forget_case_store()


def database_outage(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the action server's database refuses connections."""
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE_DATABASE)
    forget_case_store()


def open_store(url: str) -> CaseStore:
    return CaseStore.open(url)


def janes_case(url: str) -> str:
    """Creates Jane Doe's case (jane.doe@example.co.uk, TN1 2PY; `make_intake`'s customer), raised
    by chat at the tests' clock, so a conversation can name one that exists; its reference."""
    with open_store(url) as store:
        case = store.create_case(
            make_intake(channel="chat"),
            received=datetime.fromisoformat(NOW).replace(tzinfo=LONDON),
            actor="assistant",
            channel="chat",
        )
    return case.reference


def verified_case(url: str, needs: list[str], details: dict[str, str] | None = None) -> str:
    """Jane's case (`janes_case`), owned by this conversation, with `needs` recorded; its reference."""
    reference = janes_case(url)
    with open_store(url) as store:
        CaseVerification(store).record_owner(
            reference, conversation_id="conversation-1", channel="rest", now=clock.now()
        )
        record_needs(store, reference, needs, consented_at=at(2026, 12, 22, 9),
                     actor="assistant", channel="chat", details=details)  # fmt: skip
    return reference


def recorded_needs(url: str, reference: str) -> list[str]:
    """The needs recorded on the case, by id."""
    with open_store(url) as store:
        return [n.need_id for n in needs_by_reference(store).get(reference, [])]


# --- trackers -------------------------------------------------------------------------------------


def message(
    text: str = "",
    intent: str | None = "inform",
    entities: Mapping[str, Any] | Iterable[tuple[str, Any]] = (),
) -> dict[str, Any]:
    """A latest_message as Rasa's NLU gives it (entities as {"entity": name, "value": value})."""
    pairs = entities.items() if isinstance(entities, Mapping) else entities
    return {
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": [{"entity": name, "value": value} for name, value in pairs],
        "text": text,
    }


def user_event(
    text: str = "", intent: str | None = "inform", metadata: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "event": "user",
        "timestamp": None,
        "text": text,
        "parse_data": message(text, intent),
        "input_channel": "rest",
        "metadata": metadata or {},
    }


def slot_event(name: str, value: Any) -> dict[str, Any]:
    return SlotSet(name, value)


def make_tracker(
    slots: Mapping[str, Any] | None = None,
    *,
    text: str = "",
    intent: str | None = "inform",
    entities: Mapping[str, Any] | Iterable[tuple[str, Any]] = (),
    events: list[dict[str, Any]] | None = None,
    sender_id: str = "conversation-1",
    active_loop: str | None = None,
) -> Tracker:
    """A tracker whose latest message is `text`; `events` default to that one user event."""
    latest = message(text, intent, entities)
    if events is None:
        events = [user_event(text, intent)]
    return Tracker(
        sender_id,
        dict(slots or {}),
        latest,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def at_the_read_back(said: str, intent: str, slots: Mapping[str, Any] | None = None) -> Tracker:
    """A tracker at "Shall I log it?" (the read-back just shown), whose latest message is `said`;
    `slots` default to CONSUMER_FORM."""
    events = [
        user_event("none", "inform"),
        {"event": "action", "name": "action_summarise_complaint"},
        {"event": "action", "name": "action_listen"},
        user_event(said, intent),
    ]
    return make_tracker(dict(slots or CONSUMER_FORM), text=said, intent=intent, events=events)


def at_are_you_sure(
    said: str,
    intent: str,
    pending: dict[str, Any],
    slots: Mapping[str, Any] | None = None,
    earlier: Iterable[dict[str, Any]] = (),
) -> Tracker:
    """A tracker just after "Are you sure?" about taking needs off (`pending`, the `needs_removal`
    slot), whose latest message is `said` read as `intent`; `earlier` are the events before the
    question, and `slots` the others as they stand."""
    events = [
        *earlier,
        slot_event("needs_removal", pending),
        {"event": "action", "name": "action_ask_confirm_needs_removal"},
        {"event": "action", "name": "action_listen"},
        user_event(said, intent),
    ]
    return make_tracker(
        {**(slots or {}), "needs_removal": pending}, text=said, intent=intent, events=events
    )


def form_turn(
    form: str,
    requested: str | None,
    candidates: Mapping[str, Any],
    *,
    before: Mapping[str, Any] | None = None,
    text: str = "",
    intent: str | None = "inform",
    entities: Mapping[str, Any] | Iterable[tuple[str, Any]] = (),
    sender_id: str = "conversation-1",
) -> Tracker:
    """The tracker Rasa sends a form's validation action after the customer's latest message.

    `before` is what the slots held before that message (logged as slot events of earlier turns);
    `candidates` are the values Rasa extracted from the message (appended at the end, where
    `Tracker.slots_to_validate` finds them).
    """
    before = dict(before or {})
    events = [slot_event(name, value) for name, value in before.items()]
    events += [
        user_event(text, intent),
        slot_event("requested_slot", requested),
        ActionExecuted(form),
    ]
    events += [slot_event(name, value) for name, value in candidates.items()]
    slots = {**before, "requested_slot": requested, **candidates}
    return make_tracker(
        slots,
        text=text,
        intent=intent,
        entities=entities,
        events=events,
        sender_id=sender_id,
        active_loop=form,
    )


def form_turn_after(
    earlier: list[str],
    requested: str,
    candidates: dict[str, Any],
    before: dict[str, Any],
    text: str,
) -> Tracker:
    """The complaint form's validation tracker after `text`, the customer's `earlier` messages first."""
    events: list[dict[str, Any]] = [user_event(said, "inform") for said in earlier]
    events += [slot_event(name, value) for name, value in before.items()]
    events += [
        user_event(text),
        slot_event("requested_slot", requested),
        ActionExecuted("complaint_form"),
    ]
    events += [slot_event(name, value) for name, value in candidates.items()]
    slots = {**before, "requested_slot": requested, **candidates}
    return make_tracker(slots, text=text, events=events, active_loop="complaint_form")


def account_given(text: str, earlier: tuple[str, ...] = ()) -> dict[str, Any]:
    """The slots the complaint form sets when `text` answers "what happened?" (after `earlier`)."""
    from actions.intake import ValidateComplaintForm

    tracker = form_turn_after(
        list(earlier),
        "complaint_description",
        {"complaint_description": text},
        {"complaint_category": "billing"},
        text,
    )
    _, events = run_action(ValidateComplaintForm(), tracker)
    return slots_set(events)


def form_answer(
    said: str,
    asked: str,
    before: Mapping[str, Any] | None = None,
    intent: str | None = "inform",
    *,
    filled: Mapping[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Validate `said` as the answer to the complaint form's `asked` (after `filled`, then `before`); its messages and the slots it set."""
    from actions.intake import ValidateComplaintForm

    earlier = {**(filled or {}), **(before or {})}
    tracker = form_turn(
        "complaint_form", asked, {asked: said}, before=earlier, text=said, intent=intent
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    return messages, slots_set(events)


def at_read_back(
    text: str,
    intent: str,
    slots: Mapping[str, Any] | None = None,
    *,
    earlier: str | None = "none",
    provider: str | None = "infinium",
) -> Tracker:
    """The tracker at "Shall I log it?": `CONSUMER_FORM` (+ `provider`, `slots`) read back after `earlier`, `text` the reply."""
    events = [user_event(earlier, "inform")] if earlier is not None else []
    events += [
        {"event": "action", "name": "action_summarise_complaint", "timestamp": None},
        {"event": "action", "name": "action_listen", "timestamp": None},
        user_event(text, intent),
    ]
    filled = {**CONSUMER_FORM, **({"provider": provider} if provider is not None else {})}
    return make_tracker({**filled, **(slots or {})}, text=text, intent=intent, events=events)


def complaint_form_answer(
    slot: str,
    value: Any,
    *,
    requested: str | None = None,
    before: dict[str, Any] | None = None,
    entities: dict[str, Any] | None = None,
    text: str | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Validate `value` for `slot` of the complaint form as an answer while `requested` (default:
    `slot`) is asked; the slots the validator set and what it said."""
    from actions.intake import ValidateComplaintForm

    requested = slot if requested is None else requested
    tracker = form_turn(
        "complaint_form",
        requested,
        {slot: value},
        before=before,
        text=str(value) if text is None else text,
        entities=entities or {},
    )
    return validate(getattr(ValidateComplaintForm(), f"validate_{slot}"), value, tracker)


# --- running actions and reading what they did ----------------------------------------------------


def run_action(
    action: Action, tracker: Tracker, domain: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run the action (awaiting it if it is async); its messages (checked against the domain) and
    the events it returned."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, DOMAIN if domain is None else domain)
    if inspect.isawaitable(result):
        result = asyncio.run(_awaited(result))
    check_against_domain(dispatcher.messages)
    return dispatcher.messages, list(result)


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


def call(function: Any, *args: Any) -> Any:
    """Call a validator or other method, awaiting it when it is a coroutine."""
    result = function(*args)
    if inspect.isawaitable(result):
        return asyncio.run(_awaited(result))
    return result


def validate(
    validator: Any, value: Any, tracker: Tracker
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Call one `validate_<slot>` method directly; its result and the messages it sent."""
    dispatcher = CollectingDispatcher()
    result = call(validator, value, dispatcher, tracker, DOMAIN)
    return result, dispatcher.messages


def ask_with(
    action: Action, provider: str, text: str, intent: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run `action` on a one-message tracker: only `provider` set, `text` read as `intent`."""
    event = {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent}, "text": text, "entities": []},
    }
    tracker = make_tracker({"provider": provider}, text=text, intent=intent, events=[event])
    return run_action(action, tracker)


def short_id(value: Any) -> str | None:
    """A readable test id for a long parameter ("<5000 chars>"); pytest's own for the rest."""
    if isinstance(value, str) and (len(value) > 40 or not value.isprintable()):
        return f"<{len(value)} chars>" if len(value) > 40 else repr(value)
    return None


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [m["response"] for m in messages]


def only(messages: list[dict[str, Any]], response: str) -> dict[str, Any]:
    """The one message sent with `response` (fails if there is none or more than one)."""
    found = [m for m in messages if m["response"] == response]
    assert len(found) == 1, f"expected one {response}, got {responses(messages)}"
    return found[0]


def read_as_intent(events: list[dict[str, Any]]) -> str | None:
    """The intent a message was put back as (actions.conversation.read_as), if it was."""
    said = [e for e in events if e.get("event") == "user"]
    return said[-1]["parse_data"]["intent"]["name"] if said else None


def followups(events: list[dict[str, Any]]) -> list[str]:
    """The actions the events ask to run next (followup events), in order."""
    return [e["name"] for e in events if e.get("event") == "followup"]


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots the events set, by name (a later event for the same slot wins)."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def rendered(message: dict[str, Any]) -> str:
    """A response as the customer reads it: its one text in domain.yml, filled in."""
    [variant] = DOMAIN["responses"][message["response"]]
    return str(variant["text"]).format(**message)


def placeholders(response: str) -> set[str]:
    """Every {placeholder} in any variant of a domain response."""
    names: set[str] = set()
    for variant in DOMAIN["responses"][response]:
        for _, name, _, _ in string.Formatter().parse(variant.get("text") or ""):
            if name:
                names.add(name)
    return names


def domain_problems(messages: list[dict[str, Any]]) -> list[str]:
    """What in the messages domain.yml cannot say: unknown responses and unfilled placeholders."""
    problems = []
    for sent in messages:
        name = sent.get("response")
        if name is None:
            problems.append(f"a message without a response: {sent}")
        elif name not in DOMAIN["responses"]:
            problems.append(f"{name} is not a response in domain.yml")
        else:
            missing = placeholders(name) - set(sent)
            if missing:
                problems.append(f"{name} was sent without {sorted(missing)}")
        if name is not None and sent.get("text"):
            # Rasa renders the response, then lays the message's own fields over it
            # (rasa/core/actions/action.py, _utter_responses: draft.update(response)): a `text`
            # sent with a response replaces the whole rendered sentence ("I've logged your request
            # to escalate complaint ..." reached the customer as the code's words alone; outside
            # compliance, round 16, F19, F20).
            problems.append(f"{name} was sent with a text of its own, which Rasa shows instead")
    return problems


def check_against_domain(messages: list[dict[str, Any]]) -> None:
    problems = domain_problems(messages)
    assert not problems, "; ".join(problems)


# --- whole turns through the case-check actions ---------------------------------------------------
# `Conversation` walks whole turns as Rasa runs them: the slots Rasa extracts from the message, the
# rule's `action_set_case_request`, the lookup form's validation of what was set, and
# `action_handle_case_request` once the form is done; between turns the events are stored as the
# project's tracker store stores them (answers at the identity question redacted) and read back.

LOOKUP_FORM = "case_lookup_form"
CASE_REQUEST_INTENTS = (
    "check_case",
    "request_escalation",
    "request_adr_letter",
    "withdraw_consent",
)
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
        elif (
            self.loop == LOOKUP_FORM
            and slots.get("requested_slot") == "case_reference"
            and intent not in (*CASE_REQUEST_INTENTS, "talk_to_human", "stop", "restart", "back")
        ):
            extracted["case_reference"] = text  # from_text at its question (domain.yml)
        if self.loop == LOOKUP_FORM and slots.get("requested_slot") == "verification_answer":
            answer = entities.get("postcode") or entities.get("email")
            if answer is None and intent not in (*CASE_REQUEST_INTENTS, "stop", "restart", "back"):
                answer = text
            if answer is not None:
                extracted["verification_answer"] = answer
        self._apply([{"event": "slot", "name": k, "value": v} for k, v in extracted.items()])
        if intent in CASE_REQUEST_INTENTS:
            self._run(ActionSetCaseRequest(), latest)
            self._apply([{"event": "action", "name": "action_set_case_request"}])
            if self.loop != LOOKUP_FORM:
                self._apply([{"event": "active_loop", "name": LOOKUP_FORM}])
        if self.loop == LOOKUP_FORM:
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
        self.events.append(ActionExecuted(LOOKUP_FORM))
        self._apply([{"event": "slot", "name": k, "value": v} for k, v in set_now.items()])
        self._run(ValidateCaseLookupForm(), latest)
        if self.loop != LOOKUP_FORM:
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


def logged(action_store: CaseStore, reference: str) -> list[str]:
    """The requests (escalation, ADR letter, call back) logged on the case, oldest first."""
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
