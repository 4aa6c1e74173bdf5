"""When the action server is down or too slow: apologise, keep the conversation, carry on later.

Rasa 3.6 handles a custom action that fails (connection refused, time-out, 5xx) by logging the error
and dropping the action's events; the customer then hears nothing. This policy notices exactly that
state and has the assistant say `utter_service_trouble`: sorry, send that again in a few minutes, or
call the provider (its complaints number, read here from the provider's code in `bot/`).

How a failure is noticed: every call to the action server goes through Rasa's `RemoteAction.run`
(custom actions, and the forms' validation actions, which a form calls inside its own run). A thin
wrapper (rasa_plugins/patches/action_failures.py, installed with the other Rasa patches) notes the
name of an action whose call failed, in a context variable of the turn being handled, and re-raises, so Rasa's own handling is unchanged. The policy then speaks only
when the turn's last event is the `ActionExecuted` of that custom action or form with nothing after
it. (A test story, replayed without an action server, never sets the note, so the policy stays out
of `rasa test`.) The form stays active and the slots already filled stay filled, so once the server
is back the customer's next message continues the complaint where it stopped.

Rasa waits up to five minutes for an action server (`DEFAULT_REQUEST_TIMEOUT`, not configurable in
3.6); `ACTION_SERVER_TIMEOUT` (seconds, default 20; set by the same patch) shortens that wait, so a
hung action server gives the customer the apology in seconds rather than minutes. With the patches
off (`RASA_PATCHES=off`) the policy never sees a note and stays silent, as Rasa does.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.provider_codes import choose_code, complaints_phone
from rasa_plugins.patches.action_failures import (  # noqa: F401 - the settings' home, re-exported
    DEFAULT_ACTION_TIMEOUT_SECONDS,
    action_timeout_seconds,
)
from rasa_plugins.patches.action_failures import failed_call as _failed_call
from rasa_plugins.policies import UntrainedPolicy

logger = logging.getLogger(__name__)

APOLOGY = "utter_service_trouble"


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
