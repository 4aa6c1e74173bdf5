"""Which provider a conversation serves, and the facts every answer shares."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.provider_codes import ProviderCode, choose_code, complaints_phone


def _requested_provider(tracker: Tracker) -> str | None:
    """The provider named by the conversation: its slot, the session's or first message's metadata."""
    slot = tracker.get_slot("provider")
    if slot:
        return str(slot)
    session_metadata = tracker.get_slot("session_started_metadata") or {}
    if isinstance(session_metadata, dict) and session_metadata.get("provider"):
        return str(session_metadata["provider"])
    for event in tracker.events:
        if event.get("event") == "user":
            metadata = event.get("metadata") or {}
            if isinstance(metadata, dict) and metadata.get("provider"):
                return str(metadata["provider"])
    return None


def provider_for(tracker: Tracker) -> ProviderCode:
    """metadata.provider, else COMPLAINTS_PROVIDER, else the default; an unknown id is logged."""
    return choose_code(_requested_provider(tracker))


def provider_facts(code: ProviderCode) -> dict[str, Any]:
    """Facts about the provider that many responses fill in."""
    return {"provider_name": code.trading_name, "phone": complaints_phone(code)}
