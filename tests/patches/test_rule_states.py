"""`rule_states` (rasa_plugins/patches/rule_states.py) against Rasa's own rule policy: the trained
model's RulePolicy predicts the same, from the same source, with and without the patch, on a real
complaint's trackers (every prefix) and on generated ones (rules with conversation_start, forms'
active_loop, interruptions, restarts, reverted messages); and `_get_possible_keys` finds the same
rules for the same states."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_plugins.patches import rule_states
from tests.servers import trained_model

pytestmark = [pytest.mark.usefixtures("rasa_as_released"), pytest.mark.model]


@pytest.fixture(scope="module")
def loaded() -> tuple[RulePolicy, Any]:
    """The trained model's rule policy and domain, as Rasa's processor loads them."""
    from rasa.core.agent import Agent

    processor = Agent.load(str(trained_model())).processor
    (policy,) = [
        node._component
        for node in processor.graph_runner._instantiated_nodes.values()
        if type(node._component) is RulePolicy
    ]
    return policy, processor.domain


def outcome(policy: RulePolicy, tracker: DialogueStateTracker, domain: Any) -> Any:
    """Everything `_predict` answers: the prediction and the rule (or states) it came from."""
    prediction, source = policy._predict(tracker, domain)
    return (
        prediction.probabilities,
        prediction.policy_name,
        prediction.policy_priority,
        [event.as_dict() for event in prediction.events],
        prediction.is_end_to_end_prediction,
        prediction.is_no_user_prediction,
        prediction.hide_rule_turn,
        source,
    )


def both(policy: RulePolicy, tracker: DialogueStateTracker, domain: Any) -> tuple[Any, Any]:
    rule_states.uninstall()
    rasas = outcome(policy, tracker, domain)
    rule_states.install()
    try:
        ours = outcome(policy, tracker, domain)
        # The states Rasa's other callers get outside a prediction are Rasa's own.
        assert policy._prediction_states(
            tracker, domain
        ) == RulePolicy._prediction_states.rasa_original(  # type: ignore[attr-defined]
            policy, tracker, domain
        )
    finally:
        rule_states.uninstall()
    return rasas, ours


def a_complaints_trackers(domain: Any) -> list[DialogueStateTracker]:
    """A whole complaint's form turns (bench/action_profile.py's), each cut after every event."""
    from bench.action_profile import _form_trackers

    last = _form_trackers()[-1]
    events = [
        *last.events,
        {"event": "action", "name": ACTION_LISTEN_NAME},
        {"event": "user", "text": "yes", "parse_data": {"intent": {"name": "affirm"}}},
    ]
    trackers = []
    for cut in range(1, len(events) + 1):
        trackers.append(DialogueStateTracker.from_dict("complaint", events[:cut], domain.slots))
    return trackers


def test_a_real_complaint_gets_rasas_own_predictions_at_every_step(
    loaded: tuple[RulePolicy, Any],
) -> None:
    policy, domain = loaded
    trackers = a_complaints_trackers(domain)
    assert len(trackers) > 50
    for tracker in trackers:
        rasas, ours = both(policy, tracker, domain)
        assert ours == rasas


def vocabulary(policy: RulePolicy) -> dict[str, list[str]]:
    """The intents, actions and loops the rules speak of (so generated trackers meet rules)."""
    intents, actions, loops = set(), set(), set()
    for key in [*policy.lookup["rules"], *policy.lookup["rules_for_loop_unhappy_path"]]:
        for state in json.loads(key):
            intents.add(state.get("user", {}).get("intent"))
            actions.add(state.get("prev_action", {}).get("action_name"))
            loops.add(state.get("active_loop", {}).get("name"))
    return {
        "intents": sorted(i for i in intents if i),
        "actions": sorted(a for a in actions if a and a != ACTION_LISTEN_NAME),
        "loops": sorted(loop for loop in loops if loop and loop != "should_not_be_set"),
    }


@st.composite
def conversations(draw: st.DrawFn, words: dict[str, list[str]]) -> list[Any]:
    events: list[Any] = [ActionExecuted(ACTION_LISTEN_NAME)]
    for _ in range(draw(st.integers(0, 14))):
        intent = draw(st.sampled_from(words["intents"]))
        entities = draw(
            st.sampled_from([[], [{"entity": "reference", "value": "AB-123456", "start": 0}]])
        )
        events.append(
            UserUttered(draw(st.sampled_from(["hi", "x", ""])), {"name": intent}, entities)
        )
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.integers(0, 9))
            if kind <= 4:
                events.append(ActionExecuted(draw(st.sampled_from(words["actions"]))))
            elif kind == 5:
                loop = draw(st.sampled_from(words["loops"]))
                events += [ActionExecuted(loop), ActiveLoop(loop), SlotSet(REQUESTED_SLOT, "x")]
            elif kind == 6:
                events += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
            elif kind == 7:
                events.append(
                    draw(st.sampled_from([Restarted(), SessionStarted(), ActionReverted()]))
                )
            elif kind == 8:
                events.append(UserUtteranceReverted())
            else:
                events.append(ActionExecuted(draw(st.sampled_from(words["loops"]))))
        if draw(st.booleans()):
            events.append(ActionExecuted(ACTION_LISTEN_NAME))
    if draw(st.booleans()):
        events.append(UserUttered("last", {"name": draw(st.sampled_from(words["intents"]))}))
    return events


def test_generated_conversations_get_rasas_own_predictions(
    loaded: tuple[RulePolicy, Any],
) -> None:
    policy, domain = loaded
    words = vocabulary(policy)
    matched = []

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(conversations(words))
    def check(events: list[Any]) -> None:
        tracker = DialogueStateTracker.from_events("generated", events, domain.slots)
        rasas, ours = both(policy, tracker, domain)
        assert ours == rasas
        matched.append(rasas[-1] is not None and rasas[-1].startswith("["))

    check()
    assert any(matched)  # some generated conversations met a rule


@st.composite
def states_near_rules(draw: st.DrawFn, rules: list[list[dict[str, Any]]]) -> list[Any]:
    """Conversation states made of the rules' own states (so they match), changed a little."""
    states: list[Any] = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 5)) == 0:
            states.append({})  # a conversation's start
            continue
        rule = draw(st.sampled_from(rules))
        for state in rule[draw(st.integers(0, len(rule) - 1)) :]:
            state = {kind: dict(sub) for kind, sub in state.items()}
            if draw(st.integers(0, 3)) == 0 and "prev_action" in state:
                state["prev_action"] = {
                    "action_name": draw(st.sampled_from(["action_listen", "x"]))
                }
            if draw(st.integers(0, 3)) == 0:
                state.pop(draw(st.sampled_from(["user", "active_loop", "slots"])), None)
            states.append(state)
    return states


def test_the_same_rules_are_found_for_the_same_states(loaded: tuple[RulePolicy, Any]) -> None:
    policy, _ = loaded
    lookups = [policy.lookup["rules"], policy.lookup["rules_for_loop_unhappy_path"]]
    rules = [json.loads(key) for lookup in lookups for key in lookup]
    original = RulePolicy._get_possible_keys
    found = []

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(states_near_rules(rules), st.sampled_from([0, 1]))
    def check(states: list[Any], which: int) -> None:
        lookup = lookups[which]
        rasas = original(policy, lookup, states)
        rule_states.install()
        try:
            assert policy._get_possible_keys(lookup, states) == rasas
        finally:
            rule_states.uninstall()
        found.append(bool(rasas))

    check()
    assert any(found) and not all(found)


def test_installs_once_and_uninstalls_to_rasas_own() -> None:
    original = RulePolicy._get_possible_keys
    rule_states.install()
    rule_states.install()
    assert RulePolicy._get_possible_keys.rasa_original is original  # type: ignore[attr-defined]
    rule_states.uninstall()
    assert RulePolicy._get_possible_keys is original
    assert not rule_states.is_installed()
