"""A name given when the complaint form asks for one is the answer, whatever intent NLU saw in it.

People's names are words the NLU model has mostly never seen, so the intent it gives a bare name is
close to noise: "Leo Walker" came out as `talk_to_human`, "George Evans" as `stop` (which ends the
complaint). The form's slot mappings rightly ignore text whose intent is an interruption, so such a
name was not taken and the conversation went astray.

This policy looks at exactly that moment: the complaint form is active and has asked for the name,
the customer has just replied, NLU gave the reply an intent other than `inform`, and the reply has
the shape of a name (`bot.answers.names.looks_like_a_name`: two to five words of letters, none a
word of ordinary speech, so "stop", "cancel that" or "can I talk to someone" are still heard as
such). It then sets the name and runs the form, which validates it as usual. Otherwise it abstains.

The same holds for the customer's account of what happened (issue 19): "The chat agent closed the
chat on me mid sentence" came out as `talk_to_human`, so the phone number was given and "what
happened?" asked again and again. With `shape: description`, a reply to that question is the answer
unless it is a short command or courtesy, or a question ("how long will this take?"), which the
interruption rules then answer. A bare name there ("Gareth Jones") goes to the form too, whose check
keeps it as the name and asks what happened again, saying why.

With `shape: call_back_way`, the same for the question "a call at a time that suits you, or contact
in writing only?": a reply that chooses one (`bot.vulnerability.call_back_way`) is the answer. The
first button's own title typed, "A call at a time that suits me", came out as `talk_to_human`, and
the call-back flow took the turn from the form (the lead's server test, 28 November). "can I talk
to someone now" chooses neither and is still heard as a request.

With `form: case_lookup_form`, `slot: case_reference` and `shape: reference`, the same for "What is
your complaint reference?": a reply that is only a provider's reference, typed with a space, in
lower case or with any dash ("IN WDVYAJ", "in wdvyaj", `bot.cases.references.reference_typed_alone`)
is the answer, set in its normal form for the form to check. "IN WDVYAJ" came out as
`ask_accessible_formats`, and the interruption rule answered that and asked again (outside attacker,
round 19, F6). The actions those rules run check such a reference too (`actions.status.
reference_answered`), so a model trained before this shape was configured is covered as well.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_EXTRACT_SLOTS, REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.answers.names import bare_name, looks_like_a_name
from bot.answers.what_happened import looks_like_a_description
from bot.cases.references import reference_typed_alone
from bot.provider_codes import load_all_codes
from bot.vulnerability import call_back_way
from rasa_plugins.policies import UntrainedPolicy


def _answers_what_happened(text: str) -> bool:
    """An account of what happened, or a bare name typed in its place ("Gareth Jones", misread as
    asking for a person): the form's check then keeps the name as the name and asks again, saying
    why, where the interruption rules would have asked again with no reason (issue 19)."""
    return looks_like_a_description(text) or bare_name(text) is not None


def _chooses_a_call_back_way(text: str) -> bool:
    """A reply that chooses a call at a time that suits, writing only, or either."""
    return call_back_way(text) is not None


def _reference_alone(text: str) -> str | None:
    """A message that is only a reference of one of the providers, in its normal form (whose it
    is, the form's check says: another provider's is told where to go)."""
    for code in load_all_codes().values():
        reference = reference_typed_alone(text, code.reference_prefix)
        if reference is not None:
            return reference
    return None


_SHAPES = {
    "name": looks_like_a_name,
    "description": _answers_what_happened,
    "call_back_way": _chooses_a_call_back_way,
    "reference": lambda text: _reference_alone(text) is not None,
}
# What is set for the form: the reply as typed, or for these shapes its normal form.
_VALUES = {"reference": _reference_alone}


def _just_replied(tracker: DialogueStateTracker) -> UserUttered | None:
    """The customer's latest message, if nothing but slot extraction has run since it."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return event
        if isinstance(event, ActionExecuted) and event.action_name != ACTION_EXTRACT_SLOTS:
            return None
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class NameAnswerPolicy(UntrainedPolicy):
    """Takes a name-shaped reply to the name question as the answer, and runs the form."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Priority above RulePolicy's, whose interruption rules would act on the misread intent.
        return {
            **UntrainedPolicy.get_default_config(),
            "form": "complaint_form",
            "slot": "customer_name",
            "shape": "name",
        }

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        form, slot = self.config["form"], self.config["slot"]
        if tracker.active_loop_name != form or tracker.get_slot(REQUESTED_SLOT) != slot:
            return self._prediction(probabilities)
        message = _just_replied(tracker)
        intent = (message.intent or {}).get("name") if message else None
        if message is None or intent == "inform":
            return self._prediction(probabilities)
        if self.config.get("shape") == "description" and intent == "stop":
            return self._prediction(probabilities)  # "forget it, I'll ring instead"
        text = (message.text or "").strip()
        if not _SHAPES[self.config.get("shape", "name")](text):
            return self._prediction(probabilities)
        value = _VALUES.get(self.config.get("shape", "name"), lambda said: said)(text)
        probabilities[domain.index_for_action(form)] = 1.0
        return self._prediction(
            probabilities, events=[SlotSet(slot, value)], is_no_user_prediction=True
        )
