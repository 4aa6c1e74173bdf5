"""The actions with the domain the action server holds (rasa_sdk_plugins/domain.py): one read-only
object shared by every call, in the shape Rasa sends (`Domain.as_dict()`). A whole consumer
complaint (the form turn by turn, the read-back, its handling and the submit, as
bench/action_profile.py replays it) says and does exactly what it does with an ordinary copy of the
domain, and no action changes the shared one (a change would raise TypeError)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from actions.intake import (
    ActionChangeComplaint,
    ActionSubmitComplaint,
    ActionSummariseComplaint,
    ValidateComplaintForm,
)
from bench.action_profile import _form_trackers
from rasa_sdk_plugins.domain import digest_of, load_domains
from tests.action_support import at_the_read_back, responses, run_action

pytestmark = pytest.mark.usefixtures("action_database")


def _held() -> Any:
    """The domain the action server gives a call naming this checkout's domain as loaded."""
    from rasa.shared.core.domain import Domain

    sent = Domain.load("domain.yml").as_dict()
    return load_domains()[digest_of(sent)]


def _calls() -> list[tuple[Any, Any]]:
    calls: list[tuple[Any, Any]] = [(ValidateComplaintForm(), t) for t in _form_trackers()]
    calls += [
        (ActionSummariseComplaint(), at_the_read_back("none", "inform")),
        (ActionSubmitComplaint(), at_the_read_back("no dont log it", "affirm")),
        (ActionSubmitComplaint(), at_the_read_back("hang on dont submit that", "affirm")),
        (
            ActionChangeComplaint(),
            at_the_read_back("actually i rang on the 30th not yesterday", "change_complaint"),
        ),
    ]
    return calls


def test_a_whole_complaint_with_the_held_domain_is_the_same_as_with_a_copy() -> None:
    held = _held()
    before = copy.deepcopy(held)
    for action, tracker in _calls():
        with_held = run_action(action, tracker.copy(), held)
        with_copy = run_action(action, tracker.copy(), copy.deepcopy(held))
        assert with_held == with_copy, action.name()
    assert held == before


def test_the_complaint_is_logged_with_the_held_domain() -> None:
    held = _held()
    before = copy.deepcopy(held)
    messages, events = run_action(ActionSubmitComplaint(), at_the_read_back("yes", "affirm"), held)
    assert responses(messages)[0] == "utter_complaint_created" and events
    assert held == before
