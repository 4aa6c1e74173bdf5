"""A correction said with a "no" at "Shall I log it?" is made, not asked for again.

"no, my email is jo.b@example.com" or "no the phone number is 07700 900123", answering the
read-back, is read by NLU as `deny`, and the rule for the read-back's deny runs the response
utter_ask_what_to_change ("What would you like to change?"): a response cannot read the message,
so the correction in it was dropped and the customer asked to type it again (round 15, words15c).
Changing that rule to the change action failed the test stories' exact prediction (words19a,
taken back), so the rule stays and this policy looks at exactly that moment: the read-back
(action_summarise_complaint) was the last thing the assistant did, no form is active, the customer
has just replied, NLU read `deny`, and the reply names a change the read-back's change reads
(`bot.answers.commands.correction_said`). It then predicts action_change_complaint, which applies
the change as it does for the same words read as `inform`, says what changed and reads the
complaint back again. A bare "no", a button's payload, or a story's intent with no words name no
change: the policy abstains and the rule asks what to change, as before.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_EXTRACT_SLOTS, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import clock
from bot.answers.commands import correction_said
from rasa_plugins.form_answers import _just_replied
from rasa_plugins.policies import UntrainedPolicy

READ_BACK = "action_summarise_complaint"
CHANGE = "action_change_complaint"


def _action_before_reply(tracker: DialogueStateTracker) -> str | None:
    """The last action the assistant ran before the customer's latest message."""
    replied = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            replied = True
            continue
        if (
            replied
            and isinstance(event, ActionExecuted)
            and event.action_name not in (ACTION_LISTEN_NAME, ACTION_EXTRACT_SLOTS)
        ):
            return event.action_name
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ReadBackCorrectionPolicy(UntrainedPolicy):
    """Sends a "no" that carries a correction at the read-back to the change action."""

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if tracker.active_loop_name:
            return self._prediction(probabilities)
        message = _just_replied(tracker)
        if message is None or (message.intent or {}).get("name") != "deny":
            return self._prediction(probabilities)
        if _action_before_reply(tracker) != READ_BACK:
            return self._prediction(probabilities)
        today = clock.now().astimezone(clock.LONDON).date()
        if not correction_said(message.text, today):
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(CHANGE)] = 1.0
        return self._prediction(probabilities, is_no_user_prediction=True)
