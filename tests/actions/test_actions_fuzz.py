"""Every custom action's run(), the two forms' validation actions included, fuzzed with hypothesis.

Whatever a conversation holds (arbitrary Unicode in the latest message, its intent and entities,
every slot, the sender id and the provider metadata: emoji, right-to-left script, control
characters, markup, SQL, very long text; surrogates excluded, as JSON cannot carry them), an action:
- never raises;
- says something or returns events (never nothing at all);
- says only responses domain.yml has, with every placeholder filled;
- returns events Rasa can read back (each one deserialises with Rasa's own Event.from_parameters,
  names only slots of the domain) and that survive the JSON trip to the Rasa server.

tests/actions/test_actions_properties.py fuzzes the validators' `validate_<slot>` methods one by one; here
the whole run() of every action registered with the action server is exercised.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.shared.core.events import Event
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SlotSet

import actions
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    janes_case,
    run_action,
)

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SPECIAL = "😡📡👍🏽שלוםمرحبا\u202e\u202c\u2066\u200f\u200d\ufeff\u0085\x00\x07\x1b\x7f\r\n\t @.,-'\"<>{}%\\"
HOSTILE = [
    "",
    " ",
    "Robert'); DROP TABLE cases;--",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{provider_name}{0}{{}}%s%n",
    "\u202ejane@example.co.uk\u202c",
    "jane@example.co.uk\x00",
    "Broadband 📡 down again 😡👍🏽",
    "مرحبا، الفاتورة خاطئة",
    "verified",
    "locked",
    "unavailable",
    "none",
    "skip",
    "IG-7K3Q9X",
    "ig 7k3q9x",
    "9" * 400,
]
PROVIDERS = ["infinity-group", "infinium", "invictanet", "infinity-system-solutions"]
SLOT_TYPES = {name: spec.get("type") for name, spec in DOMAIN["slots"].items()}
SLOTS = set(SLOT_TYPES) | {"requested_slot", "session_started_metadata"}
FORMS = {name: spec["required_slots"] for name, spec in DOMAIN["forms"].items()}

text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(SPECIAL + "aZ09"), max_size=120),
    st.tuples(
        st.text(alphabet=st.sampled_from(SPECIAL + "ab"), min_size=1), st.integers(1, 6000)
    ).map(lambda pair: (pair[0] * pair[1])[:6000]),
    st.sampled_from(HOSTILE),
)


def realistic(slot: str, reference: str) -> st.SearchStrategy[Any]:
    """Values a slot really takes, so the fuzz reaches the actions' deeper branches too."""
    values: list[Any] = ["none", reference, "verified", "locked", "status", *PROVIDERS]
    if slot in CONSUMER_FORM and CONSUMER_FORM[slot] is not None:
        values.append(CONSUMER_FORM[slot])
    return st.sampled_from(values)


def slot_value(slot: str, reference: str) -> st.SearchStrategy[Any]:
    kind = SLOT_TYPES.get(slot)
    if kind == "list":
        return st.one_of(st.none(), st.lists(st.one_of(text, st.just(reference)), max_size=3))
    if kind == "any" or slot == "session_started_metadata":
        return st.one_of(
            st.none(),
            text,
            st.dictionaries(st.one_of(text, st.just(reference)), st.integers(-3, 9), max_size=3),
            st.fixed_dictionaries({"provider": st.one_of(text, st.sampled_from(PROVIDERS))}),
        )
    return st.one_of(st.none(), text, realistic(slot, reference))


@st.composite
def conversations(draw: st.DrawFn, reference: str, form: str | None = None) -> Tracker:
    """A tracker as Rasa sends it: earlier slot events, the latest message (with metadata), and for
    a form's validation the slot candidates extracted from that message."""
    # A fresh conversation, a filled-in complaint form, or a verified request about a real case.
    verified_case = {
        "case_reference": reference,
        "verification_answer": "verified",
        "verified_reference": reference,
        "pending_request": draw(st.sampled_from(["status", "escalation", "adr_letter", None])),
    }
    base = draw(st.sampled_from([{}, CONSUMER_FORM, verified_case]), label="base")
    overridden = draw(st.sets(st.sampled_from(sorted(SLOTS - {"requested_slot"})), max_size=6))
    before = dict(base)
    for slot in sorted(overridden):
        before[slot] = draw(slot_value(slot, reference), label=slot)
    message = draw(text, label="message")
    intent = draw(st.one_of(st.none(), st.sampled_from(DOMAIN["intents"]), text), label="intent")
    entities = draw(
        st.lists(
            st.tuples(
                st.sampled_from(DOMAIN["entities"]),
                st.one_of(text, st.just(reference), st.integers(-5, 10**9)),
            ),
            max_size=3,
        ),
        label="entities",
    )
    metadata = draw(
        st.one_of(
            st.just({}),
            st.fixed_dictionaries({"provider": st.one_of(text, st.sampled_from(PROVIDERS))}),
        ),
        label="metadata",
    )
    sender = draw(st.one_of(st.just("conversation-1"), st.text(min_size=1, max_size=64)))
    latest = {
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": [{"entity": name, "value": value} for name, value in entities],
        "text": message,
    }
    events: list[dict[str, Any]] = [SlotSet(name, value) for name, value in before.items()]
    events.append(
        {
            "event": "user",
            "timestamp": None,
            "text": message,
            "parse_data": latest,
            "input_channel": "rest",
            "metadata": metadata,
        }
    )
    slots = dict(before)
    active_loop = None
    if form is not None:
        active_loop = form
        requested = draw(st.one_of(st.none(), st.sampled_from(FORMS[form])), label="requested")
        candidates = draw(
            st.dictionaries(
                st.sampled_from(FORMS[form]),
                st.one_of(text, st.just(reference)),
                min_size=1,
                max_size=3,
            ),
            label="candidates",
        )
        events += [SlotSet("requested_slot", requested), ActionExecuted(form)]
        events += [SlotSet(name, value) for name, value in candidates.items()]
        slots.update({"requested_slot": requested, **candidates})
    return Tracker(
        sender,
        slots,
        latest,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def custom_actions() -> dict[str, type[Action]]:
    """Every action class in actions/, by the name it registers with the action server."""
    found: dict[str, type[Action]] = {}
    for module_info in pkgutil.iter_modules(actions.__path__):
        module = importlib.import_module(f"actions.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, Action)
                and cls.__module__ == module.__name__
                and not inspect.isabstract(cls)
            ):
                found[cls().name()] = cls
    return found


ACTIONS = custom_actions()


def test_every_action_in_the_domain_is_fuzzed() -> None:
    assert set(ACTIONS) == set(DOMAIN["actions"])


pytestmark = pytest.mark.usefixtures("action_database")


@pytest.fixture
def reference(action_database: str) -> str:
    """A real case (Jane Doe's), so a fuzzed conversation can name one that exists."""
    return janes_case(action_database)


def check_outcome(messages: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    """run_action has already checked every message against domain.yml."""
    assert messages or events, "the action said nothing and did nothing"
    for event in events:
        assert isinstance(event, dict) and isinstance(event.get("event"), str), event
        assert Event.from_parameters(event) is not None, event
        if event["event"] == "slot":
            assert event["name"] in SLOTS, event
    # What the action server sends back to Rasa, as JSON.
    json.dumps({"events": events, "responses": messages}, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    "name", sorted(set(ACTIONS) - {f"validate_{form}" for form in FORMS}), ids=str
)
@FUZZ
@given(data=st.data())
def test_an_action_never_crashes_whatever_the_conversation_holds(
    name: str, reference: str, data: st.DataObject
) -> None:
    tracker = data.draw(conversations(reference), label="tracker")
    messages, events = run_action(ACTIONS[name](), tracker)
    check_outcome(messages, events)


@pytest.mark.parametrize("form", sorted(FORMS))
@FUZZ
@given(data=st.data())
def test_a_form_validation_action_never_crashes(
    form: str, reference: str, data: st.DataObject
) -> None:
    tracker = data.draw(conversations(reference, form), label="tracker")
    messages, events = run_action(ACTIONS[f"validate_{form}"](), tracker)
    check_outcome(messages, events)
