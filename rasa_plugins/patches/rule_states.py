"""The rule policy's tracker states worked out once per prediction, and its rules matched from an
index.

Replaces, in `rasa.core.policies.rule_policy.RulePolicy` (Rasa 3.6.21):

    def _get_possible_keys(self, lookup, states):
        possible_keys = set(lookup.keys())
        for i, state in enumerate(reversed(states)):
            # find rule keys that correspond to current state
            possible_keys = set(
                filter(
                    lambda _key: self._is_rule_applicable(_key, i, state), possible_keys
                )
            )
        return possible_keys

and, inside `_predict(tracker, domain)`, the second of the two calls of `_find_action_from_rules`
(after the customer's message: once reading the message's text, once its intent), each of which
begins with

    states = self._prediction_states(
        tracker, domain, use_text_for_last_user_input,
        rule_only_data=self._get_rule_only_data(),
    )

that is `tracker.past_states(domain)` (the state before every action of the whole conversation,
rebuilt by replaying every event), sliced to `max_history` (none for the rule policy) and the last
user input reduced to its text or its intent.

Written for Rasa 3.6.21. No upstream issue found.

Why: the rule policy was about 18% of the Rasa server's Python time in-process (bench/results/
load-notes.md, round 5): half working out the whole conversation's states twice per message, half
`_get_possible_keys` trying each of the 213 rules (`_is_rule_applicable`, with a list copy of the
rule's states each time) against the latest state, then every remaining rule against each state
of the whole conversation back to its start, though no rule is longer than 4 states.

Here:

- `_predict` works the conversation's states out once; each `_find_action_from_rules` call of that
  prediction gets its own copy (Rasa's `_choose_last_user_input` then edits the copy as it edits
  its own), sliced and reduced as Rasa does. The tracker is not changed within `_predict`, so the
  states are the ones Rasa works out each time. Anything else (another featurizer or policy kind,
  another tracker, a call outside `_predict`) goes to Rasa's own `_prediction_states`.
- `_get_possible_keys` first sets aside the rules that cannot match the latest state: a rule whose
  last state names a previous action (`action_name`, not "should not be set") fails Rasa's own
  check against a state whose previous action is another. The rest go through Rasa's own function,
  with only the conversation's last N states, N the longest rule: from the N+1-th state back, Rasa
  keeps every rule (a rule shorter than the turn index applies), so the answer is the same set.
  (Where several rules of the same length match, Rasa takes the first `max` meets in the set, an
  order that already varies from process to process with Python's string hashing.)
"""

from __future__ import annotations

import contextvars
import functools
from typing import Any

NAME = "rule_states"

# The conversation's states for the prediction under way: (tracker, domain, rule-only data, states).
_PREDICTION: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "rule_states_prediction", default=None
)


class RuleIndex:
    """A lookup's rules grouped by the previous action their last state names."""

    def __init__(self, lookup: dict[str, Any]) -> None:
        from rasa.core.policies.rule_policy import RulePolicy
        from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
        from rasa.shared.nlu.constants import ACTION_NAME

        self.lookup = lookup
        self.keys = set(lookup)
        self.anywhere: list[str] = []
        self.by_action: dict[str, list[str]] = {}
        self.longest = 0
        for key in lookup:
            rule_states = RulePolicy._rule_key_to_state(key)
            self.longest = max(self.longest, len(rule_states))
            previous = rule_states[-1].get(PREVIOUS_ACTION) if rule_states else None
            name = previous.get(ACTION_NAME) if isinstance(previous, dict) else None
            if isinstance(name, str) and name and name != SHOULD_NOT_BE_SET:
                self.by_action.setdefault(name, []).append(key)
            else:
                self.anywhere.append(key)

    def still_fits(self, lookup: dict[str, Any]) -> bool:
        return lookup is self.lookup and lookup.keys() == self.keys

    def candidates(self, state: Any) -> dict[str, Any]:
        """The rules that may match `state` as the conversation's latest, as a lookup."""
        from rasa.shared.core.constants import PREVIOUS_ACTION
        from rasa.shared.nlu.constants import ACTION_NAME

        previous = state.get(PREVIOUS_ACTION) if isinstance(state, dict) else None
        name = previous.get(ACTION_NAME) if isinstance(previous, dict) else None
        named = self.by_action.get(name, ()) if isinstance(name, str) else ()
        return dict.fromkeys([*self.anywhere, *named])


_indexes: dict[int, RuleIndex] = {}


def _index(lookup: dict[str, Any]) -> RuleIndex:
    index = _indexes.get(id(lookup))
    if index is None or not index.still_fits(lookup):
        index = _indexes[id(lookup)] = RuleIndex(lookup)
    return index


def _copy_states(states: list[Any]) -> list[Any]:
    """A copy Rasa's edits of the last user input (deleting a sub-state's key) cannot reach."""
    return [
        {kind: dict(sub) if isinstance(sub, dict) else sub for kind, sub in state.items()}
        for state in states
    ]


def is_installed() -> bool:
    from rasa.core.policies.rule_policy import RulePolicy

    return getattr(RulePolicy._get_possible_keys, "rasa_original", None) is not None


def install() -> None:
    """Make Rasa's rule policy work a prediction's states out once and match rules from an index."""
    from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
    from rasa.core.policies.rule_policy import RulePolicy

    if is_installed():
        return
    get_possible_keys = RulePolicy._get_possible_keys
    predict = RulePolicy._predict
    prediction_states = RulePolicy._prediction_states

    @functools.wraps(get_possible_keys)
    def _get_possible_keys(self: RulePolicy, lookup: Any, states: Any) -> Any:
        if type(lookup) is not dict or not states:
            return get_possible_keys(self, lookup, states)
        index = _index(lookup)
        if index.longest == 0:
            return get_possible_keys(self, lookup, states)
        return get_possible_keys(self, index.candidates(states[-1]), states[-index.longest :])

    @functools.wraps(predict)
    def _predict(self: RulePolicy, tracker: Any, domain: Any) -> Any:
        token = _PREDICTION.set([])
        try:
            return predict(self, tracker, domain)
        finally:
            _PREDICTION.reset(token)

    @functools.wraps(prediction_states)
    def _prediction_states(
        self: RulePolicy,
        tracker: Any,
        domain: Any,
        use_text_for_last_user_input: bool = False,
        rule_only_data: Any = None,
    ) -> Any:
        kept = _PREDICTION.get()
        featurizer = self.featurizer
        if (
            kept is None
            or type(self) is not RulePolicy
            or type(featurizer) is not MaxHistoryTrackerFeaturizer
        ):
            return prediction_states(
                self, tracker, domain, use_text_for_last_user_input, rule_only_data
            )
        if not (kept and kept[0] is tracker and kept[1] is domain and kept[2] == rule_only_data):
            # As Rasa's `_prediction_states` for this policy: the rule policy learns from rules
            # and stories, so no turn is left out (`ignore_rule_only_turns` is false).
            states = featurizer._create_states(
                tracker, domain, ignore_rule_only_turns=False, rule_only_data=rule_only_data
            )
            kept[:] = [tracker, domain, rule_only_data, states]
        states = featurizer.slice_state_history(_copy_states(kept[3]), featurizer.max_history)
        featurizer._choose_last_user_input([states], use_text_for_last_user_input)
        return states

    for name, patched, original in (
        ("_get_possible_keys", _get_possible_keys, get_possible_keys),
        ("_predict", _predict, predict),
        ("_prediction_states", _prediction_states, prediction_states),
    ):
        patched.rasa_original = original  # type: ignore[attr-defined]
        setattr(RulePolicy, name, patched)


def uninstall() -> None:
    from rasa.core.policies.rule_policy import RulePolicy

    if is_installed():
        for name in ("_get_possible_keys", "_predict", "_prediction_states"):
            setattr(RulePolicy, name, getattr(RulePolicy, name).rasa_original)
    _indexes.clear()
