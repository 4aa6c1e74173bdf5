"""Which provider a conversation serves (actions/conversation.py): the provider slot, the session's
metadata, the first message's metadata, COMPLAINTS_PROVIDER, then the default."""

from __future__ import annotations

import logging

import pytest

import actions.intake
import actions.rights
import actions.status
import actions.vulnerability
from actions.conversation import provider_facts, provider_for, sourced
from bot.provider_codes import get_code
from tests.action_support import (
    make_tracker,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")


# --- provider_for ---------------------------------------------------------------------------------


def test_a_conversation_with_no_provider_named_serves_the_default() -> None:
    assert provider_for(make_tracker()).id == "infinity-group"


def test_the_provider_slot_decides_first() -> None:
    tracker = make_tracker(
        {"provider": "invictanet", "session_started_metadata": {"provider": "infinium"}}
    )
    assert provider_for(tracker).id == "invictanet"


def test_the_session_started_metadata_names_the_provider() -> None:
    tracker = make_tracker({"session_started_metadata": {"provider": "infinium"}})
    assert provider_for(tracker).id == "infinium"


def test_metadata_that_is_not_a_mapping_is_ignored() -> None:
    tracker = make_tracker({"session_started_metadata": "infinium"})
    assert provider_for(tracker).id == "infinity-group"


def test_the_first_user_message_with_metadata_names_the_provider() -> None:
    events = [
        user_event("hello", "greet"),  # no metadata
        user_event("hi", "greet", metadata={"provider": "infinity-system-solutions"}),
        user_event("how long?", "ask_response_time", metadata={"provider": "invictanet"}),
    ]
    assert provider_for(make_tracker(events=events)).id == "infinity-system-solutions"


def test_the_environment_names_the_provider_when_the_conversation_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMPLAINTS_PROVIDER", "invictanet")
    assert provider_for(make_tracker()).id == "invictanet"
    # ... but the conversation's own metadata wins over the environment.
    tracker = make_tracker({"session_started_metadata": {"provider": "infinium"}})
    assert provider_for(tracker).id == "infinium"


def test_an_unknown_provider_falls_back_to_the_default_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tracker = make_tracker({"session_started_metadata": {"provider": "acme-telecom"}})
    with caplog.at_level(logging.WARNING, logger="bot.provider_codes"):
        code = provider_for(tracker)
    assert code.id == "infinity-group"
    warnings = [r for r in caplog.records if r.name == "bot.provider_codes"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "'acme-telecom'" in warnings[0].getMessage()


def test_an_unknown_provider_in_the_conversation_falls_back_to_the_environment_one(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("COMPLAINTS_PROVIDER", "infinium")
    events = [user_event("hi", "greet", metadata={"provider": "nobody"})]
    with caplog.at_level(logging.WARNING, logger="bot.provider_codes"):
        assert provider_for(make_tracker(events=events)).id == "infinium"
    assert any("'nobody'" in r.getMessage() for r in caplog.records)


def test_an_unknown_provider_in_the_environment_is_logged_too(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("COMPLAINTS_PROVIDER", "not-a-provider")
    with caplog.at_level(logging.WARNING, logger="bot.provider_codes"):
        assert provider_for(make_tracker()).id == "infinity-group"
    assert any("'not-a-provider'" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("provider", "name", "phone"),
    [
        ("infinity-group", "Infinity Group", "0345 450 4600"),
        ("infinity-system-solutions", "Infinity System Solutions", "0330 9000 009"),
        ("infinium", "Infinium", "01253 353537"),
        # Invictanet lists no phone for complaints: its general number is given.
        ("invictanet", "Invictanet", "0333 101 4400"),
    ],
)
def test_provider_facts_give_the_trading_name_and_complaints_phone(
    provider: str, name: str, phone: str
) -> None:
    facts = provider_facts(get_code(provider))
    assert (facts["provider_name"], facts["phone"]) == (name, phone)


# --- sourced --------------------------------------------------------------------------------------


def test_sourced_carries_each_source_in_order_in_the_custom_payload() -> None:
    letter = {"document": "Infinium's Code of Practice", "quote": "We will reply."}
    rule = {"document": "UK communications complaint rules", "applies_from": "2026-04-08"}
    assert sourced(letter, rule) == {"json_message": {"sources": [letter, rule]}}
    assert sourced() == {"json_message": {"sources": []}}


@pytest.mark.parametrize(
    "module", [actions.intake, actions.rights, actions.status, actions.vulnerability]
)
def test_every_action_module_gives_sources_with_the_one_sourced(module: object) -> None:
    # Issue 16: actions/vulnerability.py had kept a twin of actions/rights.py's `sourced`.
    assert module.sourced is sourced  # type: ignore[attr-defined]
