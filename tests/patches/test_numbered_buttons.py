"""rasa_plugins/patches/numbered_buttons.py: on a channel without buttons Rasa sends them as numbered
lines, and a reply that is only a number is read as a click on that button (outside testers, round
12, customers A, H2; issue 15). Rasa's own `MessageProcessor.parse_message` runs, wrapped, with a
stand-in processor whose NLU step records the text it was given and reads it as Rasa's graph reads a
click (its RegexMessageHandler), on a real tracker holding the bot's messages as Rasa renders them
from domain.yml."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa.core.actions.action import create_bot_utterance
from rasa.core.channels.channel import UserMessage
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.processor import MessageProcessor
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_plugins import patches
from rasa_plugins.patches import numbered_buttons

pytestmark = pytest.mark.usefixtures("rasa_as_released")

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(ROOT / "domain.yml")
RASA_PARSE = MessageProcessor.parse_message


class StandInProcessor:
    """What Rasa's parse_message uses of its processor; the NLU step notes the text it was given
    and reads it as the graph's RegexMessageHandler does (so "/affirm" is the affirm intent)."""

    http_interpreter = None
    _update_full_retrieval_intent = MessageProcessor._update_full_retrieval_intent

    def __init__(self) -> None:
        self.given: list[str] = []

    def _parse_message_with_graph(
        self,
        message: UserMessage,
        tracker: DialogueStateTracker,
        only_output_properties: bool = True,
    ) -> dict[str, Any]:
        self.given.append(message.text)
        handler = RegexMessageHandler()
        (parsed,) = handler.process([Message(data={TEXT: message.text})], DOMAIN)
        return {
            TEXT: "",
            INTENT: {"name": None, "confidence": 0.0},
            ENTITIES: [],
            **parsed.as_dict(only_output_properties=only_output_properties),
        }

    def _check_for_unseen_features(self, parse_data: dict[str, Any]) -> None:
        pass


def bot(response: str, **fill: Any) -> Event:
    """The bot's message as Rasa logs it: the domain's response rendered, buttons and all."""
    tracker = DialogueStateTracker.from_events("c", [], slots=DOMAIN.slots)
    generated = asyncio.run(
        TemplatedNaturalLanguageGenerator(DOMAIN.responses).generate(
            response, tracker, "rest", **fill
        )
    )
    return create_bot_utterance(generated)


def conversation(*events: Event) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        "customer", [ActionExecuted("action_listen"), UserUttered("hello"), *events]
    )


def parse(typed: str, tracker: DialogueStateTracker | None) -> tuple[list[str], dict[str, Any]]:
    """Rasa's parse_message, patched as installed, for `typed`: what its NLU was given, and what
    came back."""
    processor = StandInProcessor()
    parse_data = asyncio.run(MessageProcessor.parse_message(processor, UserMessage(typed), tracker))
    return processor.given, parse_data


READ_BACK = bot("utter_complaint_summary", summary="• About: billing")
REMOVAL = bot("utter_ask_confirm_needs_removal", where="", needs="• large print")


@pytest.fixture
def installed() -> None:
    assert "numbered_buttons" in patches.install(environ={"RASA_PATCHES": "off"})


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("typed", "intent"), [("1", "affirm"), ("2", "deny"), ("2.", "deny"), (" 1 ", "affirm")]
)
def test_a_number_at_the_read_back_is_the_click_on_that_button(typed: str, intent: str) -> None:
    """'Shall I log it? [1] Yes, log it [2] No, change something': "1" logs it, "2" changes
    something, where both showed the read-back again, round and round."""
    given, parse_data = parse(typed, conversation(READ_BACK, ActionExecuted("action_listen")))
    _, clicked = parse(f"/{intent}", conversation(READ_BACK))
    assert given == [f"/{intent}"]
    assert parse_data == clicked
    assert parse_data[INTENT]["name"] == intent


@pytest.mark.usefixtures("installed")
def test_one_at_the_removal_confirmation_removes_and_two_keeps() -> None:
    """'Are you sure? This removes ...': "1" (Yes, remove it) kept the needs."""
    assert parse("1", conversation(REMOVAL))[1][INTENT]["name"] == "affirm"
    assert parse("2", conversation(REMOVAL))[1][INTENT]["name"] == "deny"


@pytest.mark.usefixtures("installed")
def test_a_number_at_a_choice_gives_the_buttons_entity() -> None:
    given, parse_data = parse("2", conversation(bot("utter_ask_customer_type")))
    assert given == ['/inform{"customer_type":"business"}']
    assert parse_data[INTENT]["name"] == "inform"
    assert [(e["entity"], e["value"]) for e in parse_data[ENTITIES]] == [
        ("customer_type", "business")
    ]


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("typed", "events"),
    [
        ("3", [READ_BACK]),  # out of range
        ("0", [READ_BACK]),
        ("1 please", [READ_BACK]),  # not only a number
        ("2", [bot("utter_ask_employees")]),  # a free question: no buttons
        ("2", [READ_BACK, UserUttered("2"), bot("utter_ask_employees")]),  # buttons answered before
        (
            "2",
            [bot("utter_ask_customer_type"), bot("utter_ask_employees")],
        ),  # a free question after
        ("1", [READ_BACK, SessionStarted()]),  # a new session
        ("1", []),  # no bot message at all
    ],
)
def test_a_number_without_buttons_just_before_it_is_left_as_typed(
    typed: str, events: list[Event]
) -> None:
    """ "2" at "how many employees does the business have?" stays 2."""
    given, _ = parse(typed, conversation(*events))
    assert given == [typed.strip()]


@pytest.mark.usefixtures("installed")
def test_only_the_bots_own_buttons_are_used() -> None:
    """A customer's earlier message carrying buttons in its data is not the bot's: nothing but the
    number comes from the customer; and with no tracker the number stays as typed."""
    customer = UserUttered("1", parse_data={"buttons": [{"title": "x", "payload": "/stop"}]})
    assert parse("1", conversation(customer))[0] == ["1"]
    assert parse("1", None)[0] == ["1"]


def test_without_the_patch_a_number_is_read_as_typed() -> None:
    assert MessageProcessor.parse_message is RASA_PARSE
    given, parse_data = parse("1", conversation(READ_BACK))
    assert given == ["1"] and parse_data[INTENT]["name"] is None


def test_installed_whatever_rasa_patches_says_and_uninstalled() -> None:
    for environ in ({}, {"RASA_PATCHES": "off"}):
        assert "numbered_buttons" in patches.install(environ=environ)
        assert "numbered_buttons" in patches.installed()
        patches.uninstall()
        assert MessageProcessor.parse_message is RASA_PARSE
        assert not numbered_buttons.is_installed()


def test_left_out_on_another_rasa_and_the_line_says_so(caplog: pytest.LogCaptureFixture) -> None:
    versions = {**patches.WRITTEN_FOR, "rasa": "3.7.0"}
    assert patches.install(environ={"COMPLAINTS_LOG_PRIVACY": "off"}, versions=versions) == []
    assert MessageProcessor.parse_message is RASA_PARSE
    (line,) = [r.getMessage() for r in caplog.records if r.name == patches.__name__]
    assert "without numbered_buttons" in line
