"""Outside testers, typing as real customers do, after a complaint was logged (issue "customers' own
words"; Infinity Group "IG-", logged on Friday 27 November 2026 for a broadband fault):

1. "is it the same one?", "is that the same complaint as before?", "so is that added to my
   complaint?" started a new complaint or asked for a reference: answered with the reference of
   the complaint logged here (and whether the last thing said was added to it);
2. an addition said after another question was answered ("how long will it take?", then "oh and
   they also charged me £20 for the engineer who never came") started a new complaint;
3. "and the engineer didn't turn up on Tuesday either", "also I've been without internet for 9
   days now" started a new complaint form: additions to the case;
4. "I first reported this on 3 November", "I actually rang about this back on the 2nd" were
   dropped: recorded on the case as the day first raised, and the new ADR date told, counted as
   at logging.

Each conversation is played through the actions Rasa's rules run for the intent the model may give
(and again for the intent a message is put back as), whatever the model reads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Action

from actions.chitchat import ActionClarify, ActionDefaultFallback
from actions.faults import ActionReportFault
from actions.intake import ActionStartComplaint
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from actions.status import ActionSetCaseRequest
from bot.cases.verification import CaseVerification
from tests.action_support import (
    make_tracker,
    open_store,
    rendered,
    responses,
    run_action,
    slot_event,
    user_event,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database", "friday_27_november")

LOGGED_ON = datetime(2026, 11, 27, 11, 0, tzinfo=ZoneInfo("Europe/London"))
PROVIDER = "infinity-group"

# The first action Rasa's rules (data/rules/) run for each intent when no form is active.
ACTION_FOR_INTENT: dict[str, type[Action]] = {
    **dict.fromkeys(("ask_adr", "ask_escalation", "ask_contact"), ActionAnswerQuestion),
    "ask_response_time": ActionQuoteResponseTimes,
    "make_complaint": ActionStartComplaint,
    "nlu_fallback": ActionClarify,
    "inform": ActionDefaultFallback,
    "affirm": ActionDefaultFallback,
    "check_case": ActionSetCaseRequest,
    "report_fault": ActionReportFault,
    "ask_compensation": ActionAnswerQuestion,
}


# What Rasa takes out of an action's message before keeping the rest as the bot event's metadata.
_NOT_METADATA = {"text", "image", "json_message", "response", "attachment", "buttons", "elements"}


class AfterLogging:
    """A conversation in which a broadband fault was just logged (`reference`), played on."""

    def __init__(self, database: str, category: str = "fault_repair") -> None:
        with open_store(database) as store:
            self.reference = store.create_case(
                make_intake(channel="chat", provider=PROVIDER, category=category),
                received=LOGGED_ON,
                actor="assistant",
                channel="chat",
            ).reference
            CaseVerification(store).record_owner(
                self.reference, conversation_id="conversation-1", channel="rest", now=LOGGED_ON
            )
        self.slots: dict[str, Any] = {
            "provider": PROVIDER,
            "created_reference": self.reference,
            "verified_reference": self.reference,
        }
        self.events: list[dict[str, Any]] = [
            user_event("my broadband keeps dropping out every evening", "make_complaint"),
            slot_event("complaint_category", category),
            slot_event("complaint_description", "My broadband keeps dropping out every evening."),
            {"event": "action", "name": "action_submit_complaint"},
            {
                "event": "bot",
                "text": f"Your complaint reference is {self.reference}.",
                "metadata": {"utter_action": "utter_complaint_created"},
            },
            slot_event("complaint_category", None),
            slot_event("complaint_description", None),
            slot_event("created_reference", self.reference),
            slot_event("verified_reference", self.reference),
            {"event": "action", "name": "action_listen"},
        ]
        self.database = database

    def say(self, text: str, intent: str) -> list[dict[str, Any]]:
        """What the assistant says to `text`, read by the model as `intent`."""
        latest = user_event(text, intent)
        self.events.append(latest)
        said: list[dict[str, Any]] = []
        for _ in range(3):
            parse_data = latest["parse_data"]
            tracker = make_tracker(
                self.slots,
                text=parse_data["text"],
                intent=parse_data["intent"]["name"],
                events=list(self.events),
            )
            tracker.latest_message = parse_data
            action = ACTION_FOR_INTENT[parse_data["intent"]["name"]]()
            messages, returned = run_action(action, tracker)
            said += messages
            self.events.append({"event": "action", "name": action.name()})
            # As Rasa keeps a response's event: its name, and what it was filled with.
            self.events += [
                {
                    "event": "bot",
                    "text": rendered(m),
                    "metadata": {
                        **{k: v for k, v in m.items() if k not in _NOT_METADATA and v},
                        "utter_action": m["response"],
                    },
                }
                for m in messages
            ]
            self.events += returned
            self.slots.update({e["name"]: e["value"] for e in returned if e.get("event") == "slot"})
            put_back = [e for e in returned if e.get("event") == "user"]
            if not put_back:
                return said
            latest = put_back[-1]
        raise AssertionError("a message was put back more than twice")

    def notes(self) -> list[str]:
        with open_store(self.database) as store:
            return [
                str(e.detail.get("text"))
                for e in store.events(self.reference)
                if e.kind == "note" and e.detail.get("text")
            ]

    def case(self) -> Any:
        with open_store(self.database) as store:
            return store.get(self.reference)


# Replies that start a new complaint, or ask which complaint or for a reference.
NOT_ANSWERED = {
    "utter_start_complaint",
    "utter_ask_logged_or_new",
    "utter_ask_case_reference",
    "utter_ask_complaint_category",
    "utter_ask_complaint_description",
}


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(rendered(m) for m in messages)


def never_a_new_complaint(messages: list[dict[str, Any]]) -> None:
    assert not NOT_ANSWERED & set(responses(messages)), responses(messages)


# --- 1. "is it the same one?" -----------------------------------------------------------------


SAME_ONE = ["is it the same one?", "is that the same complaint as before?"]
INTENTS = ["make_complaint", "nlu_fallback", "check_case", "affirm"]


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize("asked", SAME_ONE)
def test_is_it_the_same_one_right_after_logging_names_the_complaint_logged(
    action_database: str, asked: str, intent: str
) -> None:
    chat = AfterLogging(action_database)
    said = chat.say(asked, intent)
    never_a_new_complaint(said)
    assert chat.reference in texts(said)


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    "asked", ["so is that added to my complaint?", "is it the same one?", "is that on the same one"]
)
def test_after_an_addition_it_says_it_was_added_to_the_complaint_logged(
    action_database: str, asked: str, intent: str
) -> None:
    chat = AfterLogging(action_database)
    added = chat.say("oh and they told me it would be fixed by friday", "nlu_fallback")
    assert "utter_addition_recorded" in responses(added)
    said = chat.say(asked, intent)
    never_a_new_complaint(said)
    assert chat.reference in texts(said)
    assert "added" in texts(said)
    assert len(chat.notes()) == 1  # never added twice


# --- 2. an addition said across another question -----------------------------------------------


@pytest.mark.parametrize(
    "intent", ["make_complaint", "nlu_fallback", "inform", "report_fault", "ask_compensation"]
)
@pytest.mark.parametrize("category", ["fault_repair", "service"])
def test_an_addition_after_another_question_is_added_to_the_case(
    action_database: str, intent: str, category: str
) -> None:
    # Logged as a service complaint, the £20 charge named billing: a new complaint form started.
    chat = AfterLogging(action_database, category)
    chat.say("how long will it take?", "ask_response_time")
    addition = "oh and they also charged me £20 for the engineer who never came"
    said = chat.say(addition, intent)
    never_a_new_complaint(said)
    assert "utter_addition_recorded" in responses(said)
    assert chat.reference in texts(said)
    assert chat.notes() == [addition]


# --- 3. follow-ups about the logged complaint ----------------------------------------------------

FOLLOW_UPS = [
    "and the engineer didn't turn up on Tuesday either",
    "also I've been without internet for 9 days now",
]


@pytest.mark.parametrize("intent", ["make_complaint", "nlu_fallback", "inform", "report_fault"])
@pytest.mark.parametrize("addition", FOLLOW_UPS)
@pytest.mark.parametrize("category", ["fault_repair", "service", "billing"])
def test_a_follow_up_about_the_complaint_is_added_to_it(
    action_database: str, addition: str, intent: str, category: str
) -> None:
    chat = AfterLogging(action_database, category)
    said = chat.say(addition, intent)
    never_a_new_complaint(said)
    assert "utter_addition_recorded" in responses(said)
    assert chat.notes() == [addition]


@pytest.mark.parametrize(
    "new",
    [
        "I have another complaint",
        "also my bill is wrong",
        "my bill is wrong as well",
        "i want to make a new complaint",
    ],
)
def test_a_clearly_new_complaint_still_starts_one(action_database: str, new: str) -> None:
    chat = AfterLogging(action_database)
    said = chat.say(new, "make_complaint")
    assert responses(said) == ["utter_start_complaint"]
    assert chat.notes() == []


# --- 4. the day first raised, given after logging -----------------------------------------------


@pytest.mark.parametrize("intent", ["make_complaint", "nlu_fallback", "inform"])
@pytest.mark.parametrize(
    ("told", "raised"),
    [
        ("I first reported this on 3 November", date(2026, 11, 3)),
        ("I actually rang about this back on the 2nd", date(2026, 11, 2)),
    ],
)
def test_the_day_first_raised_after_logging_is_kept_and_the_new_dates_told(
    action_database: str, told: str, raised: date, intent: str
) -> None:
    chat = AfterLogging(action_database)
    before = chat.case()
    said = chat.say(told, intent)
    never_a_new_complaint(said)
    after = chat.case()
    assert after.first_raised == raised
    # Counted as at logging: the ADR date from the day first raised, the replies from the log.
    assert after.adr_opens < before.adr_opens
    assert [c.due for c in after.commitments] == [c.due for c in before.commitments]
    shown = texts(said)
    assert chat.reference in shown
    assert f"{after.adr_opens:%A} {after.adr_opens.day} {after.adr_opens:%B %Y}" in shown


@pytest.mark.parametrize("intent", ["make_complaint", "nlu_fallback", "inform"])
def test_a_later_adr_question_counts_from_the_day_first_raised_given_after_logging(
    action_database: str, intent: str
) -> None:
    """The lead's open point from round 18: the day given after logging was recorded on the case,
    but "when can I go to the ombudsman?" later in the same chat still counted from the log."""
    chat = AfterLogging(action_database)
    before = chat.case()
    chat.say("I first reported this on 3 November", intent)
    after = chat.case()
    assert after.adr_opens < before.adr_opens
    shown = texts(chat.say("so when can I go to the ombudsman?", "ask_adr"))
    assert f"{after.adr_opens:%A} {after.adr_opens.day} {after.adr_opens:%B %Y}" in shown, shown
    assert f"{before.adr_opens:%A} {before.adr_opens.day} {before.adr_opens:%B %Y}" not in shown


@pytest.mark.parametrize("intent", INTENTS)
def test_asked_if_added_when_nothing_was_it_never_says_yes(
    action_database: str, intent: str
) -> None:
    chat = AfterLogging(action_database)
    chat.say("how long will it take?", "ask_response_time")
    said = chat.say("so is that added to my complaint?", intent)
    never_a_new_complaint(said)
    shown = texts(said)
    assert chat.reference in shown
    assert "not added" in shown and not shown.startswith("Yes")
    assert chat.notes() == []
