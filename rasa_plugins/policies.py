"""What the project's own dialogue policies share: nothing to learn, and a rank above RulePolicy."""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates

# RulePolicy's priority is 6: these policies act in moments where a rule would do the wrong thing.
ABOVE_RULES = 7


class UntrainedPolicy(Policy):
    """A policy that decides from the tracker as it stands, so training leaves it as it is."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": ABOVE_RULES}

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource
