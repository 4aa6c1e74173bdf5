"""Answers "how long will you take to reply?" from the provider's code and the working calendar."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import provider_facts, provider_for
from bot import clock
from bot.regulation import load_rules, long_date
from bot.rights import quote_response_times


class ActionGreet(Action):
    """Greets the customer in the name of the provider this conversation serves."""

    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        code = provider_for(tracker)
        dispatcher.utter_message(response="utter_greet", **provider_facts(code))
        return [SlotSet("provider", code.id)]


class ActionQuoteResponseTimes(Action):
    """Tells the customer, with real dates, when each promised reply to a chat complaint is due."""

    def name(self) -> str:
        return "action_quote_response_times"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        code = provider_for(tracker)
        quote = quote_response_times(code, load_rules(), channel="chat", received=clock.now())
        facts = provider_facts(code)
        if not quote.commitments:
            dispatcher.utter_message(response="utter_no_commitments", **facts)
            return [SlotSet("provider", code.id)]
        dispatcher.utter_message(
            response="utter_response_times_intro",
            effective_channel=quote.effective_channel,
            **facts,
        )
        for due in quote.commitments:
            dispatcher.utter_message(
                response=f"utter_commitment_{due.commitment.kind}",
                due_date=long_date(due.due.date()),
                due_time=f"{due.due:%H:%M}",
                period=due.commitment.period.describe(),
                **facts,
            )
        return [SlotSet("provider", code.id)]
