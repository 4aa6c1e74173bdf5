"""A message for a provider with no code here (channels/providers.py, bot/provider_codes.py): the
channel tells the customer this chat is not set up for it, and the agent never sees the message.
Outside testing (issue 13): `metadata.provider` "acme-telecom" was served as Infinity Group, its
promises, numbers and ADR scheme told to another company's customer.

Each test goes through `channels.rest.guarded`, the stack every customer channel (REST, callback,
the website chat) puts in front of Rasa's agent. tests/servers/test_request_edges.py checks the same
through the real servers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.provider_codes import load_all_codes, provider_for_message
from channels.providers import ProviderCheck, reply_text
from channels.rest import guarded
from tests.action_support import DOMAIN


class Agent:
    """Stands in for Rasa's agent: records the metadata of what reaches it."""

    def __init__(self) -> None:
        self.received: list[Any] = []

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message.metadata)
        await message.output_channel.send_text_message(message.sender_id, "the assistant's reply")


# Each channel's stack, built once (building one reads the domain several times).
AGENT = Agent()
STACKS: dict[str, Any] = {}
REFUSAL: list[str] = []


def refusal() -> str:
    if not REFUSAL:
        REFUSAL.append(reply_text())
    return REFUSAL[0]


def send(channel: str, metadata: Any, text: str = "hello") -> tuple[list[str], Agent]:
    if channel not in STACKS:
        STACKS[channel] = guarded(channel, AGENT)[0]
    handler, agent = STACKS[channel], AGENT
    agent.received = []
    output = CollectingOutputChannel()
    asyncio.run(
        handler(UserMessage(text, output, "customer-1", input_channel=channel, metadata=metadata))
    )
    return [m["text"] for m in output.messages], agent


@pytest.fixture(autouse=True)
def _no_configured_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPLAINTS_PROVIDER", raising=False)


@pytest.mark.parametrize("channel", ["rest", "callback", "webchat"])
@pytest.mark.parametrize(
    "provider", ["acme-telecom", "Infinity-Group", "infinity-group ", 7, ["infinium"], {"id": "x"}]
)
def test_a_message_for_a_provider_with_no_code_is_refused_in_plain_words(
    channel: str, provider: Any
) -> None:
    replies, agent = send(channel, {"provider": provider})
    assert replies == [refusal()]
    assert agent.received == []  # nothing of it reaches the conversation or its store


@pytest.mark.parametrize("metadata", [None, {}, {"provider": None}, {"provider": ""}])
def test_a_message_naming_no_provider_is_the_default_providers(metadata: Any) -> None:
    replies, agent = send("rest", metadata)
    assert replies == ["the assistant's reply"]
    assert len(agent.received) == 1


def test_every_provider_with_a_code_is_served() -> None:
    for provider in load_all_codes():
        replies, agent = send("webchat", {"provider": provider})
        assert replies == ["the assistant's reply"], provider
        assert agent.received == [{"provider": provider}]


def test_a_configured_default_with_no_code_is_refused_too(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("COMPLAINTS_PROVIDER", "infinty-group")  # mistyped
    with caplog.at_level(logging.ERROR, logger="channels.providers"):
        replies, agent = send("callback", None)
    assert replies == [refusal()] and agent.received == []
    [record] = [r for r in caplog.records if r.name == "channels.providers"]
    assert "COMPLAINTS_PROVIDER" in record.getMessage()
    assert "'infinty-group'" in record.getMessage()
    # A message naming a provider with a code is still served.
    assert send("callback", {"provider": "infinium"})[0] == ["the assistant's reply"]


def test_the_refusal_names_no_provider_and_says_where_to_turn() -> None:
    text = refusal()
    assert "{" not in text
    assert "isn't set up for that provider" in text
    assert "contact your provider directly" in text
    assert "020 7981 3040" in text  # Ofcom's consumer contact centre, bot/rules/
    codes = load_all_codes().values()
    for code in codes:
        assert code.trading_name not in text
        assert all(c.value not in text for c in code.contacts if c.channel != "phone")
    assert "{ofcom_phone}" in DOMAIN["responses"]["utter_provider_not_served"][0]["text"]


def test_the_log_tells_operators_which_id_without_personal_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="channels.providers"):
        send("rest", {"provider": "acme-telecom"}, text="my postcode is SW1A 1AA")
        send("rest", {"provider": "zeb.quill@example.org"})
        send("rest", {"provider": {"email": "zeb.quill@example.org"}})
    messages = [r.getMessage() for r in caplog.records if r.name == "channels.providers"]
    assert len(messages) == 3
    assert "'acme-telecom'" in messages[0]
    assert all("SW1A" not in m and "zeb.quill" not in m for m in messages)
    assert "customer-1" not in " ".join(messages)  # a REST sender id is a bearer secret


def test_the_choice_never_substitutes_another_provider() -> None:
    assert provider_for_message("acme-telecom", {}).code is None
    assert provider_for_message(None, {}).code.id == "infinity-group"
    assert provider_for_message(None, {"COMPLAINTS_PROVIDER": "invictanet"}).code.id == "invictanet"
    assert provider_for_message("infinium", {"COMPLAINTS_PROVIDER": "invictanet"}).code.id == (
        "infinium"
    )
    choice = provider_for_message(None, {"COMPLAINTS_PROVIDER": "nope"})
    assert choice.code is None and choice.configured


def test_the_check_can_be_built_with_any_wording() -> None:
    agent = Agent()
    output = CollectingOutputChannel()
    handler = ProviderCheck("Not here.").guard(agent, environ={})
    asyncio.run(
        handler(UserMessage("hi", output, "c", input_channel="rest", metadata={"provider": "x-y"}))
    )
    assert [m["text"] for m in output.messages] == ["Not here."]
