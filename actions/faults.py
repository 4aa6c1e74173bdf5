"""Reporting a fault: the line the provider's code names for faults, and a complaint offered too."""

from __future__ import annotations

import contextlib

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.after_logging import tells_more_of_logged_complaint
from actions.conversation import (
    answer_to_the_question,
    complaint_told,
    disability_question_in_words,
    provider_for,
    read_as,
    repair_time_question_in_words,
)
from actions.intake import NOT_GIVEN
from actions.vulnerability import hears_cues_in_passing, utter_fault_route
from bot.answers.questions import asks_when_called_back
from bot.answers.what_happened import says_what_happened
from bot.intake import IntakeError, clean_description


@hears_cues_in_passing
class ActionReportFault(Action):
    """Tells the customer where to report a fault (issue 15), and that they may complain too."""

    def name(self) -> str:
        return "action_report_fault"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answered = answer_to_the_question(tracker, dispatcher, domain)
        if answered is not None:
            return answered  # "faults" to "What is your complaint about?"
        asked = disability_question_in_words(tracker)
        if asked is not None:
            return asked  # "I'm disabled, can I get priority fault repair?": answered as asked
        asked = repair_time_question_in_words(tracker)
        if asked is not None:
            return asked  # "how long will it take to fix my fault?": what the code says of it
        if asks_when_called_back(tracker.latest_message.get("text")):
            # "if I ring at 5.45pm and you can't fix it, when will you call back?": the code's call
            # back after a phoned complaint, with its date (outside testers, issue 14).
            return read_as(tracker.latest_message, "ask_response_time")
        if tells_more_of_logged_complaint(tracker):
            # "and the engineer didn't turn up on Tuesday either" after a complaint was logged
            # here (outside testers, "customers' own words": the fault line and a complaint
            # offered): added to that complaint, as the new-complaint action adds it.
            return read_as(tracker.latest_message, "make_complaint")
        code = provider_for(tracker)
        utter_fault_route(dispatcher, code)
        told = complaint_told(tracker, fault=True)
        if told is not None:
            # "the leased line at our office went down on 02/12 and we lost two days of trading":
            # where to report the fault, then the complaint it tells of (issue 15: offer both).
            return [SlotSet("provider", code.id), *told]
        if tracker.active_loop.get("name") is None:
            dispatcher.utter_message(response="utter_offer_complaint")
            return [SlotSet("provider", code.id)]
        if (
            tracker.active_loop.get("name") == "complaint_form"
            and tracker.get_slot("requested_slot") == "complaint_category"
        ):
            # "the line is DEAD i told you" to "What is your complaint about?": a fault repair
            # complaint, and what happened when it says (outside testing, 27 Nov: the question
            # came four times, with the fault line each time).
            events: list[EventType] = [
                SlotSet("provider", code.id),
                SlotSet("complaint_category", "fault_repair"),
            ]
            text = str(tracker.latest_message.get("text") or "")
            if tracker.get_slot("complaint_description") in (
                None,
                NOT_GIVEN,
            ) and says_what_happened(text):
                with contextlib.suppress(IntakeError):  # too long: asked for in the form
                    events.append(SlotSet("complaint_description", clean_description(text)))
            return [*events, FollowupAction("complaint_form")]
        return [SlotSet("provider", code.id)]
