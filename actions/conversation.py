"""Which provider a conversation serves, and the facts every answer shares."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker

from actions.settings import DEFAULT_PROVIDER, configured_provider
from bot.provider_codes import ProviderCode, UnknownProvider, get_code

logger = logging.getLogger(__name__)


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
    for candidate in (_requested_provider(tracker), configured_provider()):
        if not candidate:
            continue
        try:
            return get_code(candidate)
        except UnknownProvider:
            logger.warning("unknown provider %r for a conversation; using the default", candidate)
    return get_code(DEFAULT_PROVIDER)


def provider_facts(code: ProviderCode) -> dict[str, Any]:
    """Facts about the provider that many responses fill in."""
    phone = code.contact("phone", purpose="complaints")
    return {"provider_name": code.trading_name, "phone": phone.value if phone else ""}
