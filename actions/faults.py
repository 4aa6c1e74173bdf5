"""Reporting a fault: the line the provider's code names for faults, and a complaint offered too."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import provider_facts, provider_for
from bot.provider_codes import ProviderCode


def fault_contacts(code: ProviderCode) -> list[str]:
    """The phone numbers and addresses the code names for reporting faults, in its order."""
    values: list[str] = []
    for contact in code.contacts:
        if "faults" in contact.purpose and contact.value not in values:
            values.append(contact.value)
    return values


class ActionReportFault(Action):
    """Tells the customer where to report a fault (issue 15), and that they may complain too."""

    def name(self) -> str:
        return "action_report_fault"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = provider_for(tracker)
        facts = provider_facts(code)
        contacts = fault_contacts(code)
        if contacts:
            dispatcher.utter_message(
                response="utter_fault_line", contacts=" or ".join(contacts), **facts
            )
        else:
            dispatcher.utter_message(response="utter_fault_line_not_named", **facts)
        if tracker.active_loop.get("name") is None:
            dispatcher.utter_message(response="utter_offer_complaint")
        return [SlotSet("provider", code.id)]
