"""Greetings and the last-resort reply when the assistant has not understood."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import provider_facts, provider_for


class ActionGreet(Action):
    """Greets the customer in the name of the provider this conversation serves."""

    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = provider_for(tracker)
        dispatcher.utter_message(response="utter_greet", **provider_facts(code))
        return [SlotSet("provider", code.id)]


class ActionDefaultFallback(Action):
    """After a second misunderstanding: says what the assistant can do and how to reach a person."""

    def name(self) -> str:
        return "action_default_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_default", **provider_facts(provider_for(tracker)))
        return [UserUtteranceReverted()]
