"""The outage policy, on hand-built Rasa trackers: it speaks up only when the action server failed."""
# ruff: noqa: SLF001 - the tests set and read the turn's failure note directly

from __future__ import annotations

import pytest
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.provider_codes import complaints_phone, get_code
from rasa_plugins import outage
from rasa_plugins.outage import APOLOGY, ActionServerOutagePolicy
from tests.servers import ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture
def policy(tmp_path) -> ActionServerOutagePolicy:
    return ActionServerOutagePolicy.create(
        ActionServerOutagePolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("outage"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def predict(policy, domain, events, failed_call: str | None = "noted") -> PolicyPrediction:
    """The policy's prediction, with the turn's failure note set as the wrapper would set it."""
    tracker = DialogueStateTracker.from_events("customer", events, domain.slots)
    token = outage._failed_call.set(failed_call)
    try:
        return policy.predict_action_probabilities(tracker, domain)
    finally:
        outage._failed_call.reset(token)


def predicted(prediction: PolicyPrediction, domain: Domain) -> str | None:
    if prediction.max_confidence == 0:
        return None
    return domain.action_names_or_texts[prediction.max_confidence_index]


def hello(metadata=None):
    return [
        ActionExecuted("action_listen"),
        UserUttered("hello", {"name": "greet"}, metadata=metadata),
    ]


def test_a_custom_action_that_returned_nothing_gets_the_apology_with_the_providers_phone(
    policy, domain
):
    events = [*hello({"provider": "infinium"}), ActionExecuted("action_greet")]
    prediction = predict(policy, domain, events)
    assert predicted(prediction, domain) == APOLOGY
    assert prediction.max_confidence == 1.0
    assert prediction.events == [SlotSet("provider_phone", complaints_phone(get_code("infinium")))]
    # It must outrank RulePolicy (priority 6), whose active-loop rule would run the form again.
    assert prediction.policy_priority > 6


def test_a_failed_form_gets_the_apology_and_the_slot_names_the_conversations_provider(
    policy, domain
):
    events = [
        *hello(),
        ActionExecuted("complaint_form"),
        ActiveLoop("complaint_form"),
        SlotSet("provider", "invictanet"),
        SlotSet("requested_slot", "customer_phone"),
        BotUttered("What is your phone number?"),
        ActionExecuted("action_listen"),
        UserUttered("07700 900123", {"name": "inform"}),
        ActionExecuted("complaint_form"),  # the validation call failed: no events after it
    ]
    prediction = predict(policy, domain, events)
    assert predicted(prediction, domain) == APOLOGY
    assert prediction.events == [
        SlotSet("provider_phone", complaints_phone(get_code("invictanet")))
    ]


def test_after_the_apology_it_listens(policy, domain):
    events = [
        *hello(),
        ActionExecuted("action_greet"),
        ActionExecuted(APOLOGY),
        BotUttered("Sorry, something went wrong"),
    ]
    assert predicted(predict(policy, domain, events), domain) == "action_listen"


@pytest.mark.parametrize(
    "events",
    [
        pytest.param([*hello()], id="a fresh user message"),
        pytest.param(
            [
                *hello(),
                ActionExecuted("action_greet"),
                BotUttered("Hello"),
                SlotSet("provider", "x"),
            ],
            id="a custom action that answered",
        ),
        pytest.param(
            [*hello(), ActionExecuted("utter_greet")], id="a response (no action server involved)"
        ),
        pytest.param([*hello(), ActionExecuted("action_listen")], id="listening"),
        pytest.param([], id="an empty conversation"),
    ],
)
def test_it_abstains_when_nothing_failed(policy, domain, events):
    prediction = predict(policy, domain, events)
    assert prediction.max_confidence == 0
    assert prediction.events == []


def test_without_a_failed_call_it_abstains_as_when_test_stories_are_replayed(policy, domain):
    # `rasa test` replays stories without an action server: an action with no events after it is
    # ordinary there, and must not be taken for an outage.
    events = [*hello(), ActionExecuted("action_summarise_complaint")]
    assert predict(policy, domain, events, failed_call=None).max_confidence == 0


@pytest.mark.usefixtures("rasa_as_released")
def test_the_wrapper_notes_a_failed_call_and_lets_rasa_handle_the_error(domain):
    import asyncio
    import socket

    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import EndpointConfig

    from rasa_plugins.patches import action_failures

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # nothing listens here once closed
    action_failures.install()  # as rasa_plugins/launch.py installs it
    action = RemoteAction("action_greet", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
    tracker = DialogueStateTracker.from_events("customer", hello(), domain.slots)

    async def one_turn() -> str | None:
        assert outage._failed_call.get() is None
        with pytest.raises(RasaException):  # Rasa's own error, for Rasa's own handling
            await action.run(
                CollectingOutputChannel(),
                TemplatedNaturalLanguageGenerator(domain.responses),
                tracker,
                domain,
            )
        return outage._failed_call.get()

    assert asyncio.run(one_turn()) == "action_greet"


def test_the_timeout_setting_is_read_and_bad_values_fall_back_to_the_default():
    assert outage.action_timeout_seconds({"ACTION_SERVER_TIMEOUT": "7.5"}) == 7.5
    assert outage.action_timeout_seconds({}) == outage.DEFAULT_ACTION_TIMEOUT_SECONDS
    assert outage.action_timeout_seconds({"ACTION_SERVER_TIMEOUT": "soon"}) == 20.0
    assert outage.action_timeout_seconds({"ACTION_SERVER_TIMEOUT": "-1"}) == 20.0


def test_the_apology_is_worded_in_the_domain_and_fills_in_the_phone(domain):
    texts = [r["text"] for r in domain.responses[APOLOGY]]
    assert texts and all("{provider_phone}" in t for t in texts)
    assert "provider_phone" in [slot.name for slot in domain.slots]
