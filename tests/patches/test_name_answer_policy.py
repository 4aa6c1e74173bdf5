"""The name-answer policy, on hand-built Rasa trackers, and the name-shape test it relies on."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.answers.names import looks_like_a_name
from rasa_plugins.form_answers import NameAnswerPolicy
from tests.servers import ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture
def policy(tmp_path) -> NameAnswerPolicy:
    return NameAnswerPolicy.create(
        NameAnswerPolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("names"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def asked_for(slot: str, reply: str, intent: str, form: str = "complaint_form") -> list:
    return [
        ActionExecuted("action_listen"),
        UserUttered("I want to complain", {"name": "make_complaint"}),
        ActionExecuted(form),
        ActiveLoop(form),
        SlotSet("requested_slot", slot),
        BotUttered("What is your name?"),
        ActionExecuted("action_listen"),
        UserUttered(reply, {"name": intent, "confidence": 0.9}),
        ActionExecuted("action_extract_slots"),
    ]


def predict(policy, domain, events):
    tracker = DialogueStateTracker.from_events("customer", events, domain.slots)
    prediction = policy.predict_action_probabilities(tracker, domain)
    if prediction.max_confidence == 0:
        return None, prediction.events
    return domain.action_names_or_texts[prediction.max_confidence_index], prediction.events


@pytest.mark.parametrize(
    ("reply", "intent"),
    [
        ("Leo Walker", "talk_to_human"),
        ("George Evans", "stop"),
        ("Oluwaseun Adebayo", "ask_compensation"),
        ("Mrs J. Smith-Jones", "bot_challenge"),
        ("Zoë Łukasiewicz", "out_of_scope"),
        # Outside attacker, round 19, F11: "Person" is a surname too; misread as asking for the
        # contact details, the name question was asked again and again.
        ("Victim Person", "ask_contact"),
        ("Alice Human", "talk_to_human"),
    ],
)
def test_a_name_misread_as_another_intent_is_taken_as_the_name(policy, domain, reply, intent):
    action, events = predict(policy, domain, asked_for("customer_name", reply, intent))
    assert action == "complaint_form"
    assert events == [SlotSet("customer_name", reply)]


@pytest.mark.parametrize(
    ("events", "why"),
    [
        (asked_for("customer_name", "stop", "stop"), "a real stop"),
        (asked_for("customer_name", "cancel that", "stop"), "a real stop, two words"),
        (asked_for("customer_name", "can I talk to someone", "talk_to_human"), "a real request"),
        (asked_for("customer_name", "how long will it take", "ask_response_time"), "a question"),
        (asked_for("customer_name", "Jane Doe", "inform"), "already heard as an answer"),
        (asked_for("customer_email", "Leo Walker", "talk_to_human"), "another question asked"),
        (
            asked_for("case_reference", "Leo Walker", "talk_to_human", form="case_lookup_form"),
            "another form",
        ),
        (
            [*asked_for("customer_name", "Leo Walker", "talk_to_human"), ActionExecuted("x")],
            "something already ran after the reply",
        ),
    ],
)
def test_it_abstains_otherwise(policy, domain, events, why):
    assert predict(policy, domain, events) == (None, []), why


@pytest.mark.parametrize(
    "text",
    ["Leo Walker", "siobhan o'neill", "Dr A. Khan", "Jean-Luc Picard", "Nguyễn Thị Minh Khai"],
)
def test_names_look_like_names(text):
    assert looks_like_a_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Tracey",  # one word: left to NLU, which knows many single names from training
        "stop",
        "forget it",
        "no thanks",
        "talk to a human",
        "is this a bot",
        "Good morning",
        "Good Morning",
        "Talk To A Person",
        "A Real Person",
        "07700 900123",
        "jane@example.com",
        "R2 D2",
        "one two three four five six",
    ],
)
def test_other_replies_do_not(text):
    assert not looks_like_a_name(text)


@pytest.fixture
def description_policy(tmp_path) -> NameAnswerPolicy:
    config = {
        **NameAnswerPolicy.get_default_config(),
        "slot": "complaint_description",
        "shape": "description",
    }
    return NameAnswerPolicy.create(
        config,
        LocalModelStorage(tmp_path),
        Resource("descriptions"),
        ExecutionContext(GraphSchema({}), "test"),
    )


@pytest.mark.parametrize(
    ("reply", "intent"), [("Gareth Jones", "talk_to_human"), ("Mrs J. Whitfield", "bot_challenge")]
)
def test_a_name_at_what_happened_goes_to_the_form_whose_check_says_why(
    description_policy, domain, reply, intent
):
    # Issue 19: "What happened?" was asked again with no reason given; the form's check keeps a
    # bare name as the name and says why it asks again (tests/actions/test_actions_testers_words.py).
    events = asked_for("complaint_description", reply, intent)
    action, set_slots = predict(description_policy, domain, events)
    assert action == "complaint_form"
    assert set_slots == [SlotSet("complaint_description", reply)]


@pytest.mark.parametrize(("reply", "intent"), [("stop", "stop"), ("human please", "talk_to_human")])
def test_the_description_policy_still_leaves_short_commands(
    description_policy, domain, reply, intent
):
    assert predict(
        description_policy, domain, asked_for("complaint_description", reply, intent)
    ) == (
        None,
        [],
    )


@pytest.fixture
def call_back_policy(tmp_path) -> NameAnswerPolicy:
    config = {
        **NameAnswerPolicy.get_default_config(),
        "slot": "call_back_which",
        "shape": "call_back_way",
    }
    return NameAnswerPolicy.create(
        config,
        LocalModelStorage(tmp_path),
        Resource("call_back_way"),
        ExecutionContext(GraphSchema({}), "test"),
    )


@pytest.mark.parametrize(
    ("reply", "intent"),
    [
        # The first button's own title, typed: the model reads a request for a person (the lead's
        # server test, 28 Nov: the form was left for the call-back flow and the name never asked).
        ("A call at a time that suits me", "talk_to_human"),
        ("a call at a time that suits me", "talk_to_human"),
        ("call me after 6pm please", "talk_to_human"),
        ("write to me instead", "ask_contact"),
    ],
)
def test_a_choice_of_way_misread_as_a_request_goes_to_the_form(
    call_back_policy, domain, reply, intent
):
    events = asked_for("call_back_which", reply, intent)
    action, set_slots = predict(call_back_policy, domain, events)
    assert action == "complaint_form"
    assert set_slots == [SlotSet("call_back_which", reply)]


@pytest.mark.parametrize(
    ("reply", "intent"),
    [("can I talk to someone now", "talk_to_human"), ("stop", "stop"), ("in writing", "inform")],
)
def test_the_call_back_way_policy_leaves_other_replies(call_back_policy, domain, reply, intent):
    assert predict(call_back_policy, domain, asked_for("call_back_which", reply, intent)) == (
        None,
        [],
    )


@pytest.fixture
def reference_policy(tmp_path) -> NameAnswerPolicy:
    config = {
        **NameAnswerPolicy.get_default_config(),
        "form": "case_lookup_form",
        "slot": "case_reference",
        "shape": "reference",
    }
    return NameAnswerPolicy.create(
        config,
        LocalModelStorage(tmp_path),
        Resource("reference"),
        ExecutionContext(GraphSchema({}), "test"),
    )


@pytest.mark.parametrize(
    ("reply", "intent", "reference"),
    [
        # Outside attacker, round 19, F6: read as asking about accessible formats, the answer to
        # that was given and the reference asked for again.
        ("IN WDVYAJ", "ask_accessible_formats", "IN-WDVYAJ"),
        ("in wdvyaj", "ask_accessible_formats", "IN-WDVYAJ"),
        ("IV JPHPSK", "out_of_scope", "IV-JPHPSK"),
        ("IN–JBKQ9Q", "bot_challenge", "IN-JBKQ9Q"),
    ],
)
def test_a_reference_misread_at_the_reference_question_goes_to_the_form(
    reference_policy, domain, reply, intent, reference
):
    events = asked_for("case_reference", reply, intent, form="case_lookup_form")
    action, set_slots = predict(reference_policy, domain, events)
    assert action == "case_lookup_form"
    assert set_slots == [SlotSet("case_reference", reference)]


@pytest.mark.parametrize(
    ("reply", "intent"),
    [
        ("do you do large print", "ask_accessible_formats"),
        ("in person", "talk_to_human"),
        ("stop", "stop"),
        ("IN WDVYAJ", "inform"),  # heard as the answer already
    ],
)
def test_the_reference_policy_leaves_other_replies(reference_policy, domain, reply, intent):
    events = asked_for("case_reference", reply, intent, form="case_lookup_form")
    assert predict(reference_policy, domain, events) == (None, [])
