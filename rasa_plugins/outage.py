"""When the action server is down or too slow: apologise, keep the conversation, carry on later.

Rasa 3.6 handles a custom action that fails (connection refused, time-out, 5xx) by logging the error
and dropping the action's events; the customer then hears nothing. This policy notices exactly that
state and has the assistant say `utter_service_trouble`: sorry, send that again in a few minutes, or
call the provider (its complaints number, read here from the provider's code in `bot/`).

How a failure is noticed: every call to the action server goes through Rasa's `RemoteAction.run`
(custom actions, and the forms' validation actions, which a form calls inside its own run). A thin
wrapper installed here notes the name of an action whose call failed, in a context variable of the
turn being handled, and re-raises, so Rasa's own handling is unchanged. The policy then speaks only
when the turn's last event is the `ActionExecuted` of that custom action or form with nothing after
it. (A test story, replayed without an action server, never sets the note, so the policy stays out
of `rasa test`.) The form stays active and the slots already filled stay filled, so once the server
is back the customer's next message continues the complaint where it stopped.

Rasa waits up to five minutes for an action server (`DEFAULT_REQUEST_TIMEOUT`, not configurable in
3.6); `ACTION_SERVER_TIMEOUT` (seconds, default 20) shortens that wait, so a hung action server gives
the customer the apology in seconds rather than minutes.
"""

from __future__ import annotations

import logging
import os
from contextvars import ContextVar
from typing import Any

import rasa.core.actions.action as rasa_actions
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.provider_codes import choose_code, complaints_phone
from rasa_plugins.policies import UntrainedPolicy

logger = logging.getLogger(__name__)

APOLOGY = "utter_service_trouble"
DEFAULT_ACTION_TIMEOUT_SECONDS = 20.0


def action_timeout_seconds(environ: dict[str, str] | None = None) -> float:
    """How long a turn waits for the action server (ACTION_SERVER_TIMEOUT, seconds)."""
    raw = (os.environ if environ is None else environ).get("ACTION_SERVER_TIMEOUT", "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_ACTION_TIMEOUT_SECONDS
    except ValueError:
        logger.warning("ACTION_SERVER_TIMEOUT=%r is not a number; using the default", raw)
        return DEFAULT_ACTION_TIMEOUT_SECONDS
    return value if value > 0 else DEFAULT_ACTION_TIMEOUT_SECONDS


# RemoteAction reads this module-level constant at each call; Rasa 3.6 offers no setting for it.
rasa_actions.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds()

# The action whose call to the action server failed during the turn being handled (each request to
# the Rasa server runs in its own asyncio task, so its own context).
_failed_call: ContextVar[str | None] = ContextVar("action_server_failed_call", default=None)


def _noting_failures(run: Any) -> Any:
    async def run_noting_failures(
        self: rasa_actions.RemoteAction, *args: Any, **kwargs: Any
    ) -> Any:
        _failed_call.set(None)
        try:
            return await run(self, *args, **kwargs)
        except rasa_actions.ActionExecutionRejection:
            raise  # a form's ordinary "that answer does not fit": not a failure
        except Exception:
            _failed_call.set(self.name())
            raise

    run_noting_failures.notes_failures = True  # type: ignore[attr-defined]
    return run_noting_failures


if not getattr(rasa_actions.RemoteAction.run, "notes_failures", False):
    rasa_actions.RemoteAction.run = _noting_failures(rasa_actions.RemoteAction.run)


def failed_action(tracker: DialogueStateTracker, domain: Domain) -> str | None:
    """The custom action or form the action server just failed to run, if that is the state."""
    if _failed_call.get() is None or not tracker.events:
        return None
    last = tracker.events[-1]
    if not isinstance(last, ActionExecuted) or not last.action_name:
        return None
    name = last.action_name
    if name in domain.responses or name.startswith("utter_"):
        return None  # a response: the Rasa server utters it without the action server
    return name if name in domain.user_actions or name in domain.form_names else None


def requested_provider(tracker: DialogueStateTracker) -> str | None:
    """The provider the conversation named (its slot, the session's or a message's metadata), as
    actions/conversation.py reads it on the action server's side."""
    if tracker.get_slot("provider"):
        return str(tracker.get_slot("provider"))
    session = tracker.get_slot("session_started_metadata")
    if isinstance(session, dict) and session.get("provider"):
        return str(session["provider"])
    for event in tracker.events:
        metadata = event.metadata if isinstance(event, UserUttered) else None
        if isinstance(metadata, dict) and metadata.get("provider"):
            return str(metadata["provider"])
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ActionServerOutagePolicy(UntrainedPolicy):
    """Predicts the apology after a failed custom action, then listening; abstains otherwise."""

    # Priority above RulePolicy's: an active form's rule would otherwise run the failing form again.

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        failed = failed_action(tracker, domain)
        if failed and APOLOGY in domain.action_names_or_texts:
            logger.warning("action %r got no answer from the action server; apologising", failed)
            probabilities[domain.index_for_action(APOLOGY)] = 1.0
            # The apology gives the number to call; the action server cannot be asked for it.
            phone = complaints_phone(choose_code(requested_provider(tracker)))
            return self._prediction(
                probabilities, events=[SlotSet("provider_phone", phone)], is_no_user_prediction=True
            )
        if tracker.latest_action_name == APOLOGY:
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
            return self._prediction(probabilities, is_no_user_prediction=True)
        return self._prediction(probabilities)
