"""Reporting a fault: the line the provider's code names for faults, and a complaint offered too."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import answer_to_the_question, provider_for
from actions.vulnerability import hears_cues_in_passing, utter_fault_route


@hears_cues_in_passing
class ActionReportFault(Action):
    """Tells the customer where to report a fault (issue 15), and that they may complain too."""

    def name(self) -> str:
        return "action_report_fault"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answered = answer_to_the_question(tracker)
        if answered is not None:
            return answered  # "faults" to "What is your complaint about?"
        code = provider_for(tracker)
        utter_fault_route(dispatcher, code)
        if tracker.active_loop.get("name") is None:
            dispatcher.utter_message(response="utter_offer_complaint")
        return [SlotSet("provider", code.id)]
