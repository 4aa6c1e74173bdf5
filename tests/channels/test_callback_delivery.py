"""The callback channel's replies when the callback URL fails (channels/rest.py, `CallbackReplies`).

Outside testing (issue 13): with the callback URL unreachable, Rasa's callback channel raised
through the turn, so the message was lost and the platform got a bare 500. Now the turn goes on,
the failure is logged by what failed (never the reply's words or its recipient), and nothing is
raised. tests/servers/test_request_edges.py checks the same through the real servers.
"""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest
from rasa.core.channels.channel import UserMessage

import channels.rest
from channels.rest import LimitedCallbackInput, guarded

WORDS = "my postcode is SW1A 1AA and my email zeb.quill@example.org"


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def output_to(url: str):
    return LimitedCallbackInput.from_credentials({"url": url}).get_output_channel()


def test_an_unreachable_callback_url_is_logged_and_the_reply_kept(
    caplog: pytest.LogCaptureFixture,
) -> None:
    output = output_to(f"http://127.0.0.1:{closed_port()}/bot")
    with caplog.at_level(logging.ERROR, logger="channels.rest"):
        asyncio.run(output.send_text_message("customer-7f3a", WORDS))  # raised before
    assert output.messages == [{"recipient_id": "customer-7f3a", "text": WORDS}]
    [record] = [r for r in caplog.records if r.name == "channels.rest"]
    assert record.getMessage() == (
        "callback: a reply could not be delivered to the callback URL (ClientConnectorError)"
    )
    assert record.exc_info is None  # no stack trace


def test_a_turn_whose_replies_cannot_be_delivered_still_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Through the stack the channel puts in front of the agent: the agent's turn completes (Rasa
    stores it), and the failure answer is not tried on top of it."""
    turns: list[str] = []

    async def agent(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "Thank you, " + WORDS)
        turns.append("done")

    handler, _ = guarded("callback", agent)
    output = output_to(f"http://127.0.0.1:{closed_port()}/bot")
    with caplog.at_level(logging.INFO):
        asyncio.run(handler(UserMessage(WORDS, output, "customer-7f3a", input_channel="callback")))
    assert turns == ["done"]
    assert [m["text"] for m in output.messages] == ["Thank you, " + WORDS]
    logged = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("channels"))
    assert "could not be delivered" in logged
    assert "a turn failed" not in logged
    assert "SW1A" not in logged and "zeb.quill" not in logged and "customer-7f3a" not in logged


async def _serve(answer: bytes | None) -> tuple[asyncio.AbstractServer, int]:
    """A callback receiver that answers `answer` as raw HTTP, or never answers (None)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        if answer is None:
            await asyncio.sleep(30)
        else:
            writer.write(answer)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def test_a_receiver_that_fails_is_logged_by_status_without_what_it_said(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = b"could not deliver: " + WORDS.encode()
    answer = (
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
    )

    async def run() -> None:
        server, port = await _serve(answer)
        async with server:
            await output_to(f"http://127.0.0.1:{port}/bot").send_text_message("c-1", WORDS)

    with caplog.at_level(logging.ERROR):
        asyncio.run(run())
    logged = [r.getMessage() for r in caplog.records if r.name.startswith(("channels", "rasa"))]
    assert logged == ["callback: a reply was refused by the callback URL (status 500)"]


def test_a_receiver_that_never_answers_is_given_up(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(channels.rest, "CALLBACK_REPLY_TIMEOUT_SECONDS", 0.2)

    async def run() -> None:
        server, port = await _serve(None)
        async with server:
            await output_to(f"http://127.0.0.1:{port}/bot").send_text_message("c-1", WORDS)

    with caplog.at_level(logging.ERROR, logger="channels.rest"):
        asyncio.run(run())
    assert [r.getMessage() for r in caplog.records if r.name == "channels.rest"] == [
        "callback: a reply could not be delivered to the callback URL (TimeoutError)"
    ]


def test_a_cancelled_turn_is_logged_without_the_words(caplog: pytest.LogCaptureFixture) -> None:
    """A client gone before the reply: Sanic cancels the turn, and Rasa's REST channel logged the
    message whole (outside attacker, 27 Nov). The cancellation ends in the channel, logged by what
    happened only."""

    async def agent(message: UserMessage) -> None:
        raise asyncio.CancelledError

    handler, _ = guarded("rest", agent)
    output = output_to(f"http://127.0.0.1:{closed_port()}/bot")
    with caplog.at_level(logging.INFO):
        assert asyncio.run(handler(UserMessage(WORDS, output, "customer-7f3a"))) is None
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "rest: the client went away before the reply" in logged
    assert "SW1A" not in logged and "zeb.quill" not in logged
