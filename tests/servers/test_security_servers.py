"""Security and privacy through the real Rasa server and action server.

- The HTTP API: started as scripts/serve.sh starts it by default (no options), /status and the rest
  of the API are not served at all; with RASA_ENABLE_API=1 and a token (the options come from
  scripts/rasa-server-options.sh, as serve.sh uses them) the API answers only with the token.
- CORS: only the origins in CORS_ORIGINS get an Access-Control-Allow-Origin header; none by default.
- The message size limit: a message over COMPLAINTS_MAX_MESSAGE_CHARS (default 5,000) is refused
  politely on the REST, callback and socket.io channels and never reaches the tracker; a message at
  the limit goes through.
- Personal data: a whole complaint with a distinctive name, email, phone number, postcode,
  description and accessibility needs, then a check on the case; none of them appears in either
  server's log (both at their default INFO level).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import socketio

from channels.limits import DEFAULT_MAX_MESSAGE_CHARS, refusal_text
from tests.channels.test_server_options import server_options
from tests.servers import Assistant, Receiver, running_assistant, tracker_texts

pytestmark = pytest.mark.servers

TOKEN = secrets.token_hex(32)
ALLOWED_ORIGIN = "https://shop.example.co.uk"
OTHER_ORIGIN = "https://evil.example.net"
REFUSAL = refusal_text(DEFAULT_MAX_MESSAGE_CHARS)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


def http(
    url: str, *, method: str = "GET", headers: dict[str, str] | None = None, body: object = None
) -> Reply:
    """One HTTP request with any status as an answer (not an exception)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url,
        data=data,
        method=method,
        headers={**({"Content-Type": "application/json"} if data else {}), **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return Reply(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers.items()), error.read())


def allow_origin(reply: Reply) -> str | None:
    return next(
        (v for k, v in reply.headers.items() if k.lower() == "access-control-allow-origin"), None
    )


# --- the HTTP API and CORS, switched on --------------------------------------------------------


class TestTheHttpApiSwitchedOn:
    """RASA_ENABLE_API=1 with a token and one CORS origin (a class, so its servers stop before the
    module's other servers start: two cores, shared)."""

    @pytest.fixture(scope="class")
    def server(self, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
        code, options, _ = server_options(
            {"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": TOKEN, "CORS_ORIGINS": ALLOWED_ORIGIN}
        )
        assert code == 0
        tmp = tmp_path_factory.mktemp("api-on")
        env = {"DATABASE_URL": f"sqlite:///{tmp / 'cases.db'}"}
        with running_assistant(tmp, env, options) as running:
            yield running

    def test_the_api_refuses_a_request_without_the_token(self, server: Assistant) -> None:
        for path in ("/status", "/conversations/someone/tracker", "/domain"):
            assert http(f"{server.rasa_url}{path}").status in (401, 403), path
        assert http(f"{server.rasa_url}/status?token=not-the-token").status in (401, 403)
        parse = http(f"{server.rasa_url}/model/parse", method="POST", body={"text": "hello"})
        assert parse.status in (401, 403)

    def test_the_api_answers_with_the_token(self, server: Assistant) -> None:
        reply = http(f"{server.rasa_url}/status?token={TOKEN}")
        assert reply.status == 200
        assert "model_file" in reply.json()

    def test_cors_allows_only_the_configured_origin(self, server: Assistant) -> None:
        root = f"{server.rasa_url}/"
        assert allow_origin(http(root, headers={"Origin": ALLOWED_ORIGIN})) == ALLOWED_ORIGIN
        assert allow_origin(http(root, headers={"Origin": OTHER_ORIGIN})) is None
        webhook = f"{server.rasa_url}/webhooks/rest/webhook"
        preflight = {"Access-Control-Request-Method": "POST"}
        allowed = http(webhook, method="OPTIONS", headers={"Origin": ALLOWED_ORIGIN, **preflight})
        assert allow_origin(allowed) == ALLOWED_ORIGIN
        other = http(webhook, method="OPTIONS", headers={"Origin": OTHER_ORIGIN, **preflight})
        assert allow_origin(other) is None
        status = http(f"{server.rasa_url}/status?token={TOKEN}", headers={"Origin": ALLOWED_ORIGIN})
        assert (status.status, allow_origin(status)) == (200, ALLOWED_ORIGIN)


# --- as serve.sh starts it by default -----------------------------------------------------------


@dataclass
class Plain:
    assistant: Assistant
    receiver: Receiver
    tracker_db: Path
    cases_db: str


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Plain]:
    """Both servers with serve.sh's defaults: no API, no CORS, the default size limit, INFO logs."""
    code, options, _ = server_options({})
    assert (code, options) == (0, [])
    tmp = tmp_path_factory.mktemp("plain")
    receiver = Receiver()
    env = {
        "COMPLAINTS_NOW": "2026-12-22T10:00",
        "DATABASE_URL": f"sqlite:///{tmp / 'cases.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp / 'tracker.db'}",
        "CALLBACK_URL": f"http://127.0.0.1:{receiver.port}/bot",
        "COMPLAINTS_PROVIDER": "infinity-group",
    }
    for variable in ("COMPLAINTS_MAX_MESSAGE_CHARS", "RASA_ENABLE_API", "CORS_ORIGINS"):
        env.pop(variable, None)
    try:
        with running_assistant(tmp, env, options) as running:
            yield Plain(running, receiver, tmp / "tracker.db", env["DATABASE_URL"])
    finally:
        receiver.close()


def test_without_the_api_option_the_api_is_not_served(plain: Plain) -> None:
    url = plain.assistant.rasa_url
    assert http(f"{url}/").status == 200  # the server is up
    for path in ("/status", "/version", "/conversations/someone/tracker", "/domain"):
        assert http(f"{url}/{path.lstrip('/')}").status == 404, path
    for token in ("", f"?token={TOKEN}"):
        assert http(f"{url}/status{token}").status == 404
    parse = http(f"{url}/model/parse", method="POST", body={"text": "my email is a@b.co"})
    assert parse.status in (404, 405)


def test_without_cors_origins_no_origin_is_allowed(plain: Plain) -> None:
    url = plain.assistant.rasa_url
    assert allow_origin(http(f"{url}/", headers={"Origin": ALLOWED_ORIGIN})) is None
    preflight = {"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"}
    options = http(f"{url}/webhooks/rest/webhook", method="OPTIONS", headers=preflight)
    assert allow_origin(options) is None


def over_the_limit() -> str:
    """A complaint one character over the limit: real words, emoji and right-to-left text."""
    words = "My broadband 📡 drops every evening; שלום; the engineer never came. "
    text = (words * (DEFAULT_MAX_MESSAGE_CHARS // len(words) + 2))[:DEFAULT_MAX_MESSAGE_CHARS]
    return text + "!"


def test_the_rest_channel_refuses_an_over_long_message_before_the_assistant(plain: Plain) -> None:
    long_message = over_the_limit()
    reply = http(
        f"{plain.assistant.rasa_url}/webhooks/rest/webhook",
        method="POST",
        body={"sender": "rest-long", "message": long_message},
    )
    assert reply.status == 200
    assert reply.json() == [{"recipient_id": "rest-long", "text": REFUSAL}]
    assert tracker_texts(plain, "rest-long") == []  # never stored, never parsed
    # One character less is an ordinary message: it reaches the assistant and is stored.
    at_limit = long_message[: DEFAULT_MAX_MESSAGE_CHARS - 1] + "."
    assert len(at_limit) == DEFAULT_MAX_MESSAGE_CHARS
    replies = plain.assistant.texts("rest-at-limit", at_limit)
    assert replies and REFUSAL not in replies
    assert tracker_texts(plain, "rest-at-limit") == [at_limit]


def test_the_callback_channel_refuses_an_over_long_message(plain: Plain) -> None:
    already = len(plain.receiver.messages)
    reply = http(
        f"{plain.assistant.rasa_url}/webhooks/callback/webhook",
        method="POST",
        body={"sender": "callback-long", "message": over_the_limit()},
    )
    assert (reply.status, reply.body) == (200, b"success")
    assert plain.receiver.messages[already:] == [{"recipient_id": "callback-long", "text": REFUSAL}]
    assert tracker_texts(plain, "callback-long") == []
    http(
        f"{plain.assistant.rasa_url}/webhooks/callback/webhook",
        method="POST",
        body={"sender": "callback-long", "message": "hello"},
    )
    greeting = [m.get("text", "") for m in plain.receiver.messages[already + 1 :]]
    assert any("complaints assistant" in text for text in greeting), greeting


async def socket_conversation(url: str, messages: list[str]) -> tuple[str, list[list[str]]]:
    """Rasa's socket.io protocol, as the web chat speaks it: the session id the server issued, and
    the replies to each message."""
    client = socketio.AsyncClient()
    replies: asyncio.Queue[str] = asyncio.Queue()
    confirmed = asyncio.Event()
    issued: list[str] = []

    @client.on("session_confirm")
    async def on_confirm(session_id: str) -> None:
        issued.append(session_id)
        confirmed.set()

    @client.on("bot_uttered")
    async def on_reply(data: dict) -> None:
        await replies.put(data.get("text", ""))

    # Long-polling: this python-engineio's websocket client needs a newer aiohttp than Rasa pins.
    await client.connect(url, transports=["polling"], socketio_path="/socket.io")
    try:
        await client.emit("session_request", {"session_id": None})
        await asyncio.wait_for(confirmed.wait(), 30)
        session_id = issued[-1]
        answers = []
        for message in messages:
            await client.emit(
                "user_uttered",
                {
                    "message": message,
                    "session_id": session_id,
                    "metadata": {"provider": "infinium"},
                },
            )
            texts = [await asyncio.wait_for(replies.get(), 60)]
            while True:  # the rest of this turn's replies, if any
                try:
                    texts.append(await asyncio.wait_for(replies.get(), 2))
                except asyncio.TimeoutError:
                    break
            answers.append(texts)
        return session_id, answers
    finally:
        await client.disconnect()


def test_the_web_chat_refuses_an_over_long_message(plain: Plain) -> None:
    session_id, (refused, greeted) = asyncio.run(
        socket_conversation(plain.assistant.rasa_url, [over_the_limit(), "hello"])
    )
    assert refused == [REFUSAL]
    assert any("complaints assistant for Infinium" in text for text in greeted), greeted
    assert tracker_texts(plain, session_id) == ["hello"]


# --- personal data in the logs ------------------------------------------------------------------

PERSONAL = {
    "name": "Zebedee Quillfeather",
    "email": "zebedee.quillfeather@example.org",
    "phone": "07700 900461",
    "postcode": "EH99 1SP",
    "description": "The Quillfeather router flashes amber and the bill shows a phantom £77.77 fee",
    "accessibility": "Braille letters for the Quillfeather household",
}


def personal_variants() -> list[str]:
    """Each item as given and as the assistant normalises it (case, spacing)."""
    variants = []
    for value in PERSONAL.values():
        variants += [value, value.lower(), value.replace(" ", "")]
    return variants + ["Quillfeather", "quillfeather", "07700900461", "+447700900461"]


def test_personal_data_never_reaches_the_logs(plain: Plain) -> None:
    say = plain.assistant.texts
    sender = "privacy-check"
    say(sender, "hello", {"provider": "infinity-group"})
    say(sender, "I want to make a complaint")
    say(sender, '/inform{"category":"billing"}')
    assert "What is your name?" in say(sender, PERSONAL["description"])
    assert any("email address" in r for r in say(sender, PERSONAL["name"]))
    assert any("phone number" in r for r in say(sender, PERSONAL["email"]))
    assert "What is your postcode?" in say(sender, PERSONAL["phone"])
    say(sender, PERSONAL["postcode"])
    say(sender, '/inform{"contact_preference":"email"}')
    say(sender, '/inform{"customer_type":"consumer"}')
    say(sender, "skip")
    # Braille asked for at the accessibility question is recorded as the customer asked, said
    # back, and the summary follows (care15b: it was only free text, and the offer of extra help
    # asked for it again).
    summary = "\n".join(say(sender, PERSONAL["accessibility"]))
    assert "I'll record it on your complaint" in summary, summary
    assert PERSONAL["description"] in summary and PERSONAL["email"] in summary, summary
    created = "\n".join(say(sender, "/affirm"))
    assert "Your complaint is logged with reference" in created, created
    reference = created.split("reference ")[1].split(".")[0]
    # Checking the case: the reference, then the email (verification), in another conversation.
    say("privacy-check-2", f"what's happening with my complaint {reference}")
    status = " ".join(say("privacy-check-2", PERSONAL["email"]))
    assert f"Complaint {reference}" in status, status

    rasa_log = plain.assistant.rasa.log.read_text(errors="replace")
    action_log = plain.assistant.actions.log.read_text(errors="replace")
    # The logs are being written at INFO: our own INFO line about this case is there.
    assert f"case {reference} created from conversation" in action_log
    assert "Rasa server is up and running" in rasa_log
    for name, log in (("Rasa server", rasa_log), ("action server", action_log)):
        found = [v for v in personal_variants() if v.lower() in log.lower()]
        assert not found, f"the {name}'s log holds personal data: {found}"


def test_a_client_that_goes_away_before_the_reply_leaves_no_words_in_the_log(plain: Plain) -> None:
    """Outside attacker, 27 Nov (F2): with the REST client gone before the answer (a timeout, a
    dropped mobile connection), Rasa's REST channel logged the whole message at ERROR
    (`rest.message.received.timeout`), e-mail and phone included, in a log every local user
    could read."""
    import socket
    import time

    words = "my bill is wrong, reach me at zk4-gone@example.com or 07700 900488"
    body = json.dumps(
        {"sender": "gone-early", "message": words, "metadata": {"provider": "infinity-group"}}
    ).encode()
    host, port = plain.assistant.rasa_url.removeprefix("http://").split(":")
    request = (
        f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    for _ in range(3):  # a new conversation's first turn takes far longer than the client waits
        with socket.create_connection((host, int(port)), timeout=5) as client:
            client.sendall(request)
            time.sleep(0.02)
    time.sleep(3)  # the turns finish (or are cancelled) and their log lines are written
    rasa_log = plain.assistant.rasa.log.read_text(errors="replace")
    assert "zk4-gone" not in rasa_log and "900488" not in rasa_log
    assert "went away before the reply" in rasa_log  # what happened, without the words
