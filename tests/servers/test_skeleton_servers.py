"""The whole path: Rasa server -> action server -> bot/ answers "how long will you take to reply?"."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest

from tests.servers import running_assistant, tracker_texts

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    # Tuesday 22 December 2026, 10:00: the worked example.
    env = {"COMPLAINTS_NOW": "2026-12-22T10:00", "COMPLAINTS_PROVIDER": "infinity-group"}
    tmp = tmp_path_factory.mktemp("skeleton")
    with running_assistant(tmp, env) as running:
        yield SimpleNamespace(
            texts=running.texts, rasa_url=running.rasa_url, tracker_db=tmp / "tracker.db"
        )


def test_reply_time_for_the_default_provider_is_the_email_promise(assistant):
    replies = assistant.texts("skeleton-default", "how long will you take to reply?")
    assert any("Infinity Group" in r for r in replies), replies
    # Five working days after Tuesday 22 December 2026, skipping 25 and 28 December.
    assert "We normally reply by Thursday 31 December 2026 (5 working days)." in replies


def test_provider_comes_from_the_first_messages_metadata(assistant):
    greeting = assistant.texts("skeleton-invictanet", "hello", {"provider": "invictanet"})
    assert any("Invictanet" in r for r in greeting), greeting
    # Later turns carry no metadata; the conversation keeps its provider.
    replies = assistant.texts("skeleton-invictanet", "when will I hear back?")
    assert "We will reply by Wednesday 23 December 2026 (1 working day)." in replies


def test_working_hours_promise_for_a_provider_with_opening_hours(assistant):
    replies = assistant.texts(
        "skeleton-iss",
        "how long will you take to reply?",
        {"provider": "infinity-system-solutions"},
    )
    # 24 working hours of 09:00-17:00 from Tuesday 10:00: 7 + 8 (Wed) + 8 (Thu) + 1 on Tuesday
    # 29 December (25 and 28 December are bank holidays), so the 24th hour ends Tuesday 29 December.
    assert (
        "We aim to acknowledge your complaint by Tuesday 29 December 2026 (24 working hours); our "
        "code states this as an aim, not a promise." in replies
    )


def test_an_unknown_provider_is_refused_not_served_as_the_default(assistant):
    """Issue 13: an id with no code used to be served as the default provider, so the customer
    was told another company's promises; now the channel refuses it (channels/providers.py)."""
    replies = assistant.texts(
        "skeleton-unknown", "how long will you take to reply?", {"provider": "no-such-isp"}
    )
    assert any("isn't set up for that provider" in r for r in replies), replies
    assert not any("Infinity Group" in r or "31 December 2026" in r for r in replies), replies


def test_the_callback_channel_is_off_unless_a_callback_url_is_set(assistant):
    """Outside attacker, 27 Nov: `make run` set a default CALLBACK_URL, so anyone who reached the
    server could make it POST replies to a loopback port nobody had chosen. With no URL set (as
    `make run` now starts), the channel refuses every message and stores nothing."""
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{assistant.rasa_url}/webhooks/callback/webhook",
        data=json.dumps({"sender": "callback-off", "message": "hello"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)  # noqa: S310
    assert refused.value.code == 404
    assert json.loads(refused.value.read()) == {
        "error": "the callback channel is off: CALLBACK_URL is not set"
    }
    assert tracker_texts(assistant, "callback-off") == []
