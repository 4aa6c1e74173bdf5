"""The message size limit (channels/limits.py) without servers: the setting, the wording from the
domain, the guard in front of Rasa's agent, and that every channel in credentials.yml has it.

tests/servers/test_security_servers.py checks the same through the real REST, callback and socket.io
channels.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.intake import MAX_DESCRIPTION_CHARS
from channels.commands import TypedCommands
from channels.commands import reply_text as commands_reply_text
from channels.limits import (
    DEFAULT_MAX_MESSAGE_CHARS,
    LIMIT_VARIABLE,
    MessageSizeLimit,
    max_message_chars,
    refusal_text,
)
from channels.rest import LimitedCallbackInput, LimitedRestInput
from channels.webchat import WebChatInput
from tests.action_support import DOMAIN

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_limit_never_refuses_an_answer_the_form_accepts() -> None:
    assert max_message_chars({}) == DEFAULT_MAX_MESSAGE_CHARS == 5000
    assert DEFAULT_MAX_MESSAGE_CHARS > MAX_DESCRIPTION_CHARS


def test_the_limit_is_configurable() -> None:
    assert max_message_chars({LIMIT_VARIABLE: "300"}) == 300
    assert max_message_chars({LIMIT_VARIABLE: " 12000 "}) == 12000
    assert max_message_chars({LIMIT_VARIABLE: ""}) == DEFAULT_MAX_MESSAGE_CHARS


@pytest.mark.parametrize("value", ["0", "-5", "3.5", "lots", "5e3", "٣٠٠"])
def test_a_limit_that_is_not_a_positive_whole_number_stops_the_server(value: str) -> None:
    with pytest.raises(ValueError, match=f"{LIMIT_VARIABLE} must be a whole number"):
        max_message_chars({LIMIT_VARIABLE: value})


def test_the_refusal_is_the_domains_wording_with_the_limit() -> None:
    assert "{max_chars}" in DOMAIN["responses"]["utter_message_too_long"][0]["text"]
    text = refusal_text(5000)
    assert "too long" in text
    assert "5,000 characters" in text
    assert "split it into shorter messages" in text
    assert "{" not in text


def test_the_wording_is_read_from_the_domain_file(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text(
        'version: "3.1"\nresponses:\n  utter_message_too_long:\n'
        '    - text: "Too long: {max_chars} at most."\n',
        encoding="utf-8",
    )
    assert refusal_text(1234, domain) == "Too long: 1,234 at most."
    domain.write_text('version: "3.1"\nresponses: {}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no response utter_message_too_long"):
        refusal_text(1234, domain)


class Agent:
    """Stands in for Rasa's agent: records what reaches it."""

    def __init__(self) -> None:
        self.received: list[str | None] = []

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, "the assistant's reply")


def send(limit: MessageSizeLimit, agent: Agent, text: str | None) -> list[dict]:
    output = CollectingOutputChannel()
    message = UserMessage(text, output, "customer-1", input_channel="rest")
    asyncio.run(limit.guard(agent)(message))
    return output.messages


def test_a_message_over_the_limit_never_reaches_the_agent() -> None:
    limit, agent = MessageSizeLimit(10, "Too long."), Agent()
    assert send(limit, agent, "x" * 11) == [{"recipient_id": "customer-1", "text": "Too long."}]
    assert send(limit, agent, "😡" * 11) == [{"recipient_id": "customer-1", "text": "Too long."}]
    assert agent.received == []


def test_a_message_within_the_limit_goes_to_the_agent_unchanged() -> None:
    limit, agent = MessageSizeLimit(10, "Too long."), Agent()
    for text in ("x" * 10, "😡" * 10, "", None, "  padded  "):
        replies = send(limit, agent, text)
        assert replies == [{"recipient_id": "customer-1", "text": "the assistant's reply"}]
    assert agent.received == ["x" * 10, "😡" * 10, "", None, "padded"]


def test_the_channels_keep_rasas_names_and_urls() -> None:
    assert LimitedRestInput().url_prefix() == "rest"
    assert LimitedCallbackInput.from_credentials({"url": "http://127.0.0.1:9/"}).url_prefix() == (
        "callback"
    )
    assert WebChatInput.name() == "webchat"


def test_every_channel_in_credentials_enforces_the_limit() -> None:
    """A built-in `rest:`, `callback:` or `socketio:` entry would let over-long messages through, and
    so would a messaging channel uncommented in credentials.yml (docs/production.md, "Security and privacy")."""
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert set(credentials) == {
        "channels.rest.LimitedRestInput",
        "channels.webchat.WebChatInput",
        "channels.rest.LimitedCallbackInput",
    }


def test_a_refusal_is_logged_without_the_message(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="channels.limits")
    words = "my email is zeb.quill@example.org " * 3
    send(MessageSizeLimit(10, "Too long."), Agent(), words)
    [record] = caplog.records
    assert (
        record.getMessage()
        == f"rest: a message of {len(words.strip())} characters refused (limit 10)"
    )


# --- Rasa's conversation commands typed by a customer (issue 13: "/back" got `200 []`) ----------


def command(agent: Agent, text: str) -> list[dict]:
    output = CollectingOutputChannel()
    message = UserMessage(text, output, "customer-1", input_channel="rest")
    asyncio.run(TypedCommands("Not a command here.").guard(agent)(message))
    return output.messages


@pytest.mark.parametrize(
    "text",
    [
        "/restart",
        "/back",
        "/session_start",
        " /restart",
        " /RESTART ",  # outside recheck: became the account of what happened
        '/session_start{"provider":"x"}',
        "/back@1",
    ],
)
def test_a_typed_command_gets_an_answer_and_never_reaches_the_agent(text: str) -> None:
    agent = Agent()
    assert command(agent, text) == [{"recipient_id": "customer-1", "text": "Not a command here."}]
    assert agent.received == []


@pytest.mark.parametrize(
    "text",
    [
        '/inform{"contact_preference":"email"}',
        "/affirm",
        "/restarted",
        "back",
        "go /back",
        "/greet",
    ],
)
def test_button_payloads_and_words_go_to_the_agent(text: str) -> None:
    agent = Agent()
    assert command(agent, text) == [{"recipient_id": "customer-1", "text": "the assistant's reply"}]
    assert agent.received == [text]


def test_the_command_answer_is_the_domains_and_tells_the_customer_what_to_do() -> None:
    text = commands_reply_text()
    assert "{" not in text and "in your own words" in text and "'stop'" in text
