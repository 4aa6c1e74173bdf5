"""The action server's settings, read from the environment in one place."""

from __future__ import annotations

import os

# The provider a conversation serves when its first message names none (or an unknown one).
DEFAULT_PROVIDER = "infinity-group"


def configured_provider() -> str:
    return os.environ.get("COMPLAINTS_PROVIDER") or DEFAULT_PROVIDER
