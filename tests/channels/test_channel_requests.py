"""The request checks and the web chat's session ids, without servers
(tests/servers/test_request_edges.py and tests/servers/test_private_data_and_faults.py hold them through the real
servers; the '/'-message log line, rasa_plugins/patches/log_privacy.py, is in
tests/patches/test_rasa_patches.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from channels.requests import (
    MAX_METADATA_BYTES,
    ChannelRequest,
    RequestRefused,
    check_content_type,
    check_request,
    max_body_bytes,
)
from channels.webchat import SessionIds

LIMIT = max_body_bytes(5000)


def deep(levels: int) -> list:
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


ROOT = Path(__file__).resolve().parents[2]


def refusal(body: bytes) -> tuple[int, str]:
    with pytest.raises(RequestRefused) as refused:
        check_request(body, len(body), LIMIT)
    return refused.value.status, refused.value.reason


def test_a_message_at_the_text_limit_in_json_escapes_fits_the_body_limit() -> None:
    body = json.dumps(
        {"sender": "s" * 128, "message": "😡" * 5000, "metadata": {"k": "v" * 4000}}
    ).encode()
    assert len(body) <= LIMIT
    assert check_request(body, len(body), LIMIT).message == "😡" * 5000


def test_what_fits_is_passed_on() -> None:
    body = json.dumps({"sender": "whatsapp:+447700900123", "message": "hi"}).encode()
    assert check_request(body, None, LIMIT) == ChannelRequest("whatsapp:+447700900123", "hi", None)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{", (400, "the body must be a JSON object")),
        (b"\xff\xfe", (400, "the body must be a JSON object")),
        (b"null", (400, "the body must be a JSON object")),
        (b'{"message": "hi"}', (400, "sender is missing")),
        (b'{"sender": "a", "message": null}', (400, "message is missing")),
        (b'{"sender": "a", "message": ["hi"]}', (400, "message must be a string")),
        (
            b'{"sender": "a@b.com", "message": "hi"}',
            (400, "sender must be 1 to 128 letters, digits or any of - _ . : +"),
        ),
        (
            b'{"sender": "a", "message": "hi", "metadata": 3}',
            (400, "metadata must be a JSON object"),
        ),
        (
            json.dumps(
                {"sender": "a", "message": "", "metadata": {"x": "y" * MAX_METADATA_BYTES}}
            ).encode(),
            (400, f"metadata must be at most {MAX_METADATA_BYTES} bytes"),
        ),
        (b" " * (LIMIT + 1), (413, f"the request body must be at most {LIMIT} bytes")),
        # Outside testing: a 2 KB body nested ~990 levels deep was a 500 through the servers.
        (
            b'{"sender": "a", "message": "hi", "x": ' + b"[" * 30000 + b"]" * 30000 + b"}",
            (400, "the body is nested too deeply"),
        ),
        (
            json.dumps(
                {
                    "sender": "a",
                    "message": "hi",
                    "metadata": {"provider": "infinium", "x": deep(20)},
                }
            ).encode(),
            (400, "metadata must nest at most 16 levels deep"),
        ),
    ],
)
def test_what_does_not_fit_is_refused_with_a_reason(body: bytes, expected: tuple) -> None:
    assert refusal(body) == expected


def test_session_ids_are_the_servers_own(tmp_path: Path) -> None:
    ids = SessionIds.from_environment({}, tmp_path / "var" / "key")
    issued = {ids.issue() for _ in range(100)}
    assert len(issued) == 100 and all(len(i) == 64 and ids.recognises(i) for i in issued)
    assert (tmp_path / "var" / "key").stat().st_mode & 0o777 == 0o600
    again = SessionIds.from_environment({}, tmp_path / "var" / "key")  # after a restart
    assert all(again.recognises(i) for i in issued)
    other = SessionIds.from_environment({"WEBCHAT_SESSION_SECRET": "another server's secret"})
    assert not any(other.recognises(i) for i in issued)
    one = next(iter(issued))
    for chosen in (None, 7, "", "0" * 64, one.upper(), one[:-1] + "x", one + "0", "é" * 64):
        assert not ids.recognises(chosen), chosen


def test_a_key_given_twice_is_refused_at_any_depth() -> None:
    """Python's parser keeps the last of two `sender`s; a proxy or log reading the first would see
    another conversation (outside attacker, 27 Nov)."""
    assert refusal(b'{"sender": "a", "sender": "b", "message": "hi"}') == (
        400,
        "the body must not give a key twice",
    )
    assert refusal(
        b'{"sender": "a", "message": "hi", "metadata": {"provider": "x", "provider": "y"}}'
    ) == (400, "the body must not give a key twice")


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
)
def test_json_is_accepted_with_or_without_parameters(content_type: str) -> None:
    check_content_type(content_type)


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/jsonp",
        "text/json",
    ],
)
def test_a_body_not_declared_as_json_is_refused(content_type: str | None) -> None:
    """A page on any site can make a browser POST text/plain or a form with no CORS preflight."""
    with pytest.raises(RequestRefused) as refused:
        check_content_type(content_type)
    assert (refused.value.status, refused.value.reason) == (
        415,
        "the body must be sent as application/json",
    )


def test_a_website_chat_session_id_is_refused_as_a_rest_sender() -> None:
    """A web chat id worked as a REST sender id, even 15 minutes after its page was closed, and
    gave that conversation's case status (outside attacker, 27 Nov)."""
    session = SessionIds(b"k" * 32).issue()
    body = json.dumps({"sender": session, "message": "what is the status"}).encode()
    assert refusal(body) == (400, "sender must not be a website chat session id")
    longer = json.dumps({"sender": session + "0", "message": "hi"}).encode()
    assert check_request(longer, None, LIMIT).sender == session + "0"
