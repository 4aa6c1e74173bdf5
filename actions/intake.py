"""Taking a complaint: the form's validators, the read-back summary, and creating the case."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cases import ensure_outbox_worker, with_store
from actions.conversation import provider_facts, provider_for
from actions.rights import utter_adr_outcome, utter_commitments, utter_escalation_route
from bot import clock, intake
from bot.answers import find_email, find_employee_count, is_skip
from bot.cases.store import submission_key
from bot.cases.verification import CaseVerification
from bot.outbox import Outbox
from bot.regulation import load_rules
from bot.rights import adr_rights

logger = logging.getLogger(__name__)

NOT_GIVEN = "none"

# The form's slots, in the order they are asked, and the intake field each one fills.
FORM_FIELDS: dict[str, str] = {
    "complaint_category": "category",
    "complaint_description": "description",
    "customer_name": "name",
    "customer_email": "email",
    "customer_phone": "phone",
    "customer_postcode": "postcode",
    "contact_preference": "contact_preference",
    "customer_type": "customer_type",
    "employees": "employees",
    "account_number": "account",
    "accessibility_needs": "accessibility_needs",
}
# Answers in the customer's own words, which may mention prices, numbers or places in passing
# (a name like "Bill" is not a billing complaint).
FREE_TEXT_SLOTS = {"complaint_description", "customer_name", "accessibility_needs"}
MAX_PROBLEM_CHARS = 300


def button_choice(domain: DomainDict, slot: str, value: Any) -> Any:
    """On a channel without buttons Rasa sends them as numbered lines ("2: Billing ..."): a reply
    of "2" chooses the second button of the question for `slot`."""
    text = str(value or "").strip().rstrip(".")
    if not text.isdigit():
        return value
    variations = domain.get("responses", {}).get(f"utter_ask_{slot}", [])
    buttons = variations[0].get("buttons", []) if variations else []
    index = int(text) - 1
    if not 0 <= index < len(buttons):
        return value
    # Payloads are written with doubled braces in domain.yml, as Rasa's templating requires.
    payload = buttons[index].get("payload", "").replace("{{", "{").replace("}}", "}")
    try:
        entities = json.loads(payload[payload.index("{") :])
    except ValueError:
        return value
    return next(iter(entities.values()), value)


def _latest_entity(tracker: Tracker, entity: str) -> str | None:
    return next(tracker.get_latest_entity_values(entity), None)


def _reask(dispatcher: CollectingDispatcher, slot: str, error: Exception) -> dict[str, Any]:
    """Tell the customer what was wrong with the answer and how to give it; clear the slot."""
    problem = (
        error.message if isinstance(error, intake.IntakeError) else "Sorry, I couldn't use that."
    )
    if len(problem) > MAX_PROBLEM_CHARS:  # the message may quote a very long answer back
        problem = problem[: MAX_PROBLEM_CHARS - 1] + "…"
    dispatcher.utter_message(response="utter_invalid_field", problem=problem)
    dispatcher.utter_message(response=f"utter_hint_{slot}")
    return {slot: None}


def value_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value as it stood before the customer's latest message."""
    seen_latest_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_latest_user = True
        elif seen_latest_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def _declined(tracker: Tracker, slot: str, value: Any) -> bool:
    """The customer declined the optional question just asked ("skip", "no email", "none")."""
    return tracker.get_slot("requested_slot") == slot and is_skip(value)


def _checked(
    slot: str,
    clean: Callable[[Any], Any],
    dispatcher: CollectingDispatcher,
    value: Any,
    tracker: Tracker,
) -> dict[str, Any]:
    """Clean the answer for `slot`. Only the question just asked is re-asked when an answer will
    not do; a value picked up in passing (an entity in another answer) is simply ignored, and
    nothing is picked up in passing from the customer's own account of what happened."""
    requested = tracker.get_slot("requested_slot")
    if requested != slot and requested in FREE_TEXT_SLOTS:
        return {slot: value_before_latest_message(tracker, slot)}
    try:
        return {slot: clean(value)}
    except Exception as error:  # a validator must never crash the conversation
        if requested != slot:
            return {slot: value_before_latest_message(tracker, slot)}
        if not isinstance(error, intake.IntakeError):
            logger.exception("validating %s failed", slot)
        return _reask(dispatcher, slot, error)


class ValidateComplaintForm(FormValidationAction):
    """Checks each answer in the complaint form and re-asks helpfully when one will not do."""

    def name(self) -> str:
        return "validate_complaint_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        slots = list(domain_slots)
        if tracker.get_slot("customer_type") != "business" and "employees" in slots:
            slots.remove("employees")
        return slots

    def validate_complaint_category(self, value, dispatcher, tracker, domain):
        chosen = _latest_entity(tracker, "category") or button_choice(
            domain, "complaint_category", value
        )
        return _checked("complaint_category", intake.clean_category, dispatcher, chosen, tracker)

    def validate_complaint_description(self, value, dispatcher, tracker, domain):
        return _checked(
            "complaint_description", intake.clean_description, dispatcher, value, tracker
        )

    def validate_customer_name(self, value, dispatcher, tracker, domain):
        return _checked("customer_name", intake.clean_name, dispatcher, value, tracker)

    def validate_customer_email(self, value, dispatcher, tracker, domain):
        if _declined(tracker, "customer_email", value):
            return {"customer_email": NOT_GIVEN}
        found = _latest_entity(tracker, "email") or find_email(str(value)) or value
        return _checked("customer_email", intake.clean_email, dispatcher, found, tracker)

    def validate_customer_phone(self, value, dispatcher, tracker, domain):
        if _declined(tracker, "customer_phone", value):
            if tracker.get_slot("customer_email") in (None, NOT_GIVEN):
                dispatcher.utter_message(response="utter_need_email_or_phone")
                return {"customer_phone": None}
            return {"customer_phone": NOT_GIVEN}
        found = _latest_entity(tracker, "phone") or value
        return _checked("customer_phone", intake.clean_phone, dispatcher, found, tracker)

    def validate_customer_postcode(self, value, dispatcher, tracker, domain):
        found = _latest_entity(tracker, "postcode") or value
        return _checked("customer_postcode", intake.clean_postcode, dispatcher, found, tracker)

    def validate_contact_preference(self, value, dispatcher, tracker, domain):
        found = _latest_entity(tracker, "contact_preference") or button_choice(
            domain, "contact_preference", value
        )
        return _checked(
            "contact_preference", intake.clean_contact_preference, dispatcher, found, tracker
        )

    def validate_customer_type(self, value, dispatcher, tracker, domain):
        found = _latest_entity(tracker, "customer_type") or button_choice(
            domain, "customer_type", value
        )
        return _checked("customer_type", intake.clean_customer_type, dispatcher, found, tracker)

    def validate_employees(self, value, dispatcher, tracker, domain):
        count = find_employee_count(_latest_entity(tracker, "employees") or value)
        found = count if count is not None else value
        return _checked("employees", intake.clean_employees, dispatcher, found, tracker)

    def validate_account_number(self, value, dispatcher, tracker, domain):
        if _declined(tracker, "account_number", value):
            return {"account_number": NOT_GIVEN}
        found = _latest_entity(tracker, "account_number") or value
        return _checked("account_number", intake.clean_account, dispatcher, found, tracker)

    def validate_accessibility_needs(self, value, dispatcher, tracker, domain):
        if _declined(tracker, "accessibility_needs", value):
            return {"accessibility_needs": NOT_GIVEN}
        return _checked(
            "accessibility_needs", intake.clean_accessibility, dispatcher, value, tracker
        )


def intake_fields(tracker: Tracker, provider_id: str) -> dict[str, Any]:
    """The form's answers as intake fields (declined optional answers left out)."""
    raw: dict[str, Any] = {"provider": provider_id, "channel": "chat"}
    for slot, field in FORM_FIELDS.items():
        value = tracker.get_slot(slot)
        if value not in (None, NOT_GIVEN):
            raw[field] = value
    if raw.get("customer_type") != "business":
        raw.pop("employees", None)
    return raw


def _shown(value: Any) -> str:
    return "—" if value in (None, NOT_GIVEN, "") else str(value)


def _label(value: Any) -> str:
    """A choice such as fault_repair or text_relay, as words."""
    return _shown(value).replace("_", " ")


class ActionSummariseComplaint(Action):
    """Reads the complaint back before anything is written, and asks the customer to confirm."""

    def name(self) -> str:
        return "action_summarise_complaint"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = provider_for(tracker)
        try:
            intake.validate_intake(intake_fields(tracker, code.id))
        except intake.IntakeErrors as errors:
            # A correction after the read-back was not valid: ask that question again.
            first = errors.errors[0]
            slot = next((s for s, f in FORM_FIELDS.items() if f == first.field), None)
            dispatcher.utter_message(
                response="utter_invalid_field", problem=first.message[:MAX_PROBLEM_CHARS]
            )
            if slot is None:
                return []
            return [SlotSet(slot, None), FollowupAction("complaint_form")]
        customer_type = tracker.get_slot("customer_type")
        if customer_type == "business" and tracker.get_slot("employees") in (None, NOT_GIVEN):
            # Became a business in a correction after the form: ask how many employees.
            return [FollowupAction("complaint_form")]
        if customer_type == "business":
            customer_type = f"business, {tracker.get_slot('employees')} employees"
        lines = [
            f"• About: {_label(tracker.get_slot('complaint_category'))}",
            f"• What happened: {_shown(tracker.get_slot('complaint_description'))}",
            f"• Name: {_shown(tracker.get_slot('customer_name'))}",
            f"• Email: {_shown(tracker.get_slot('customer_email'))}",
            f"• Phone: {_shown(tracker.get_slot('customer_phone'))}",
            f"• Postcode: {_shown(tracker.get_slot('customer_postcode'))}",
            f"• Contact by: {_label(tracker.get_slot('contact_preference'))}",
            f"• Complaining as: {_shown(customer_type)}",
            f"• Account number: {_shown(tracker.get_slot('account_number'))}",
            f"• Accessibility needs: {_shown(tracker.get_slot('accessibility_needs'))}",
        ]
        dispatcher.utter_message(response="utter_complaint_summary", summary="\n".join(lines))
        return []


def _clear_form() -> list[EventType]:
    return [SlotSet(slot, None) for slot in FORM_FIELDS] + [SlotSet("requested_slot", None)]


class ActionStopComplaint(Action):
    """Stops the complaint when the customer asks; nothing is saved."""

    def name(self) -> str:
        return "action_stop_complaint"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_complaint_stopped")
        return _clear_form()


class ActionSubmitComplaint(Action):
    """Creates the case, then gives the reference, every promised date, next steps and rights."""

    def name(self) -> str:
        return "action_submit_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = provider_for(tracker)
        facts = provider_facts(code)
        fields = intake_fields(tracker, code.id)
        now = clock.now()
        try:
            complaint = intake.validate_intake(fields)
        except intake.IntakeErrors:
            logger.warning("submitted complaint failed validation; asking again")
            return [FollowupAction("action_summarise_complaint")]
        key = submission_key(tracker.sender_id, complaint)
        channel = tracker.get_latest_input_channel() or "unknown"
        try:
            case = await with_store(
                lambda store: store.create_case(
                    complaint, received=now, submission_key=key, actor="assistant", channel="chat"
                )
            )
            # The conversation that raised the case may act on it for a few minutes, as if it
            # had just answered the verification question (recorded in the store, not a slot).
            await with_store(
                lambda store: CaseVerification(store).record_owner(
                    case.reference, conversation_id=tracker.sender_id, channel=channel, now=now
                )
            )
        except Exception as error:
            logger.warning(
                "case database unavailable (%s); complaint kept in the outbox", type(error).__name__
            )
            try:
                await asyncio.to_thread(Outbox().put, key, complaint, now)
            except Exception:
                logger.exception("could not keep the complaint in the outbox either")
                dispatcher.utter_message(response="utter_complaint_not_kept", **facts)
                return [SlotSet("provider", code.id)]
            ensure_outbox_worker()
            dispatcher.utter_message(
                response="utter_complaint_not_saved",
                contact_preference=_label(complaint.contact_preference),
                **facts,
            )
            return [*_clear_form(), SlotSet("provider", code.id)]

        dispatcher.utter_message(
            response="utter_complaint_created",
            name=complaint.name,
            reference=case.reference,
            **facts,
        )
        periods = {c.id: c.period for c in code.commitments}
        utter_commitments(
            dispatcher, [(c.kind, c.due, periods[c.id]) for c in case.commitments], facts
        )
        dispatcher.utter_message(
            response="utter_complaint_next_steps",
            first_handler=code.first_handler.role,
            contact_preference=_label(complaint.contact_preference),
        )
        utter_escalation_route(dispatcher, code, facts, include_first=False)
        rights = adr_rights(
            code,
            load_rules(),
            case.raised_at,
            customer_type=complaint.customer_type,
            employees=complaint.employees,
            category=complaint.category,
        )
        utter_adr_outcome(dispatcher, code, rights, facts)
        logger.info("case %s created from conversation", case.reference)
        return [
            *_clear_form(),
            SlotSet("provider", code.id),
            SlotSet("created_reference", case.reference),
            SlotSet("verified_reference", case.reference),
        ]
