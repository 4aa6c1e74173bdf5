"""A note of the custom action whose call to the action server failed, and a shorter wait for it.

Wraps `rasa.core.actions.action.RemoteAction.run` and sets `rasa.core.actions.action.
DEFAULT_REQUEST_TIMEOUT` (Rasa 3.6.21). Rasa's own handling, in `rasa/core/processor.py`:

    try:
        events = await action.run(output_channel, nlg, temporary_tracker, self.domain)
        ...
    except Exception:
        logger.exception(
            f"Encountered an exception while running action '{action.name()}'."
            "Bot will continue, but the actions events are lost. ..."
        )
        events = []

and `DEFAULT_REQUEST_TIMEOUT = 60 * 5` in `rasa/core/constants.py`, which `RemoteAction.run`
reads at each call and which no setting changes.

Written for Rasa 3.6.21. Upstream: RasaHQ/rasa#7630 ("Action server failure handling", open) and
RasaHQ/rasa#5588 (a default message when the action server fails) for the silence;
RasaHQ/rasa#9789 ("Allow setting value for DEFAULT_REQUEST_TIMEOUT") for the wait.

Why: when the action server is down, hangs or answers 5xx, the customer hears nothing, after up to
five minutes. The wrapper notes the failing action's name in a context variable of the turn being
handled and re-raises, so Rasa's own handling is unchanged; `rasa_plugins/outage.py`'s policy reads
the note and has the assistant apologise. `ACTION_SERVER_TIMEOUT` (seconds, default 20) shortens
the wait. With the patches off the policy never sees a note and stays silent, as Rasa does.
"""

from __future__ import annotations

import logging
import os
from contextvars import ContextVar
from typing import Any

NAME = "action_failures"

logger = logging.getLogger(__name__)

DEFAULT_ACTION_TIMEOUT_SECONDS = 20.0

# The action whose call to the action server failed during the turn being handled (each request to
# the Rasa server runs in its own asyncio task, so its own context).
failed_call: ContextVar[str | None] = ContextVar("action_server_failed_call", default=None)

_rasa_timeout: list[float] = []  # Rasa's own value, while ours is set


def action_timeout_seconds(environ: dict[str, str] | None = None) -> float:
    """How long a turn waits for the action server (ACTION_SERVER_TIMEOUT, seconds)."""
    raw = (os.environ if environ is None else environ).get("ACTION_SERVER_TIMEOUT", "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_ACTION_TIMEOUT_SECONDS
    except ValueError:
        logger.warning("ACTION_SERVER_TIMEOUT=%r is not a number; using the default", raw)
        return DEFAULT_ACTION_TIMEOUT_SECONDS
    return value if value > 0 else DEFAULT_ACTION_TIMEOUT_SECONDS


def noting_failures(run: Any) -> Any:
    """`RemoteAction.run`, noting the action's name in `failed_call` when the call fails."""
    import rasa.core.actions.action as rasa_actions

    async def run_noting_failures(
        self: rasa_actions.RemoteAction, *args: Any, **kwargs: Any
    ) -> Any:
        failed_call.set(None)
        try:
            return await run(self, *args, **kwargs)
        except rasa_actions.ActionExecutionRejection:
            raise  # a form's ordinary "that answer does not fit": not a failure
        except Exception:
            failed_call.set(self.name())
            raise

    run_noting_failures.rasa_original = run  # type: ignore[attr-defined]
    return run_noting_failures


def is_installed() -> bool:
    import rasa.core.actions.action as rasa_actions

    return getattr(rasa_actions.RemoteAction.run, "rasa_original", None) is not None


def install() -> None:
    import rasa.core.actions.action as rasa_actions

    if is_installed():
        return
    _rasa_timeout.append(rasa_actions.DEFAULT_REQUEST_TIMEOUT)
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds()
    rasa_actions.RemoteAction.run = noting_failures(rasa_actions.RemoteAction.run)  # type: ignore[method-assign]


def uninstall() -> None:
    import rasa.core.actions.action as rasa_actions

    if is_installed():
        rasa_actions.RemoteAction.run = rasa_actions.RemoteAction.run.rasa_original  # type: ignore[method-assign,attr-defined]
        rasa_actions.DEFAULT_REQUEST_TIMEOUT = _rasa_timeout.pop()
