"""Round 15, words15c: a correction said with a "no" at "Shall I log it?", and "not the second" at
the numbered list of recorded needs."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.intake import ActionChangeComplaint
from tests.action_support import at_read_back, followups, rendered, run_action, slots_set
from tests.servers import ROOT

# --- 1. "no, my email is ..." at the read-back ---------------------------------------------------
#
# The read-back's deny rule runs the response utter_ask_what_to_change, which cannot read the
# message; the rule and the test stories stay as they are, and ReadBackCorrectionPolicy sends a
# "no" that carries a correction to action_change_complaint instead.


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture
def policy(tmp_path) -> Any:
    from rasa_plugins.read_back import ReadBackCorrectionPolicy

    return ReadBackCorrectionPolicy.create(
        ReadBackCorrectionPolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("read_back"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def read_back_then(
    reply: str | None, intent: str = "deny", asked: str = "action_summarise_complaint"
):
    return [
        ActionExecuted("action_listen"),
        UserUttered("none", {"name": "inform"}),
        ActionExecuted(asked),
        BotUttered("Shall I log it?"),
        ActionExecuted("action_listen"),
        UserUttered(reply, {"name": intent, "confidence": 0.9}),
        ActionExecuted("action_extract_slots"),
    ]


def predicted(policy, domain, events) -> str | None:
    tracker = DialogueStateTracker.from_events("customer", events, domain.slots)
    prediction = policy.predict_action_probabilities(tracker, domain)
    if prediction.max_confidence == 0:
        return None
    return domain.action_names_or_texts[prediction.max_confidence_index]


CORRECTIONS_WITH_NO = [
    "no, my email is jo.b@example.com",
    "no the phone number is 07700 900123",
    "nope, my postcode is SW1A 1AA",
    "no, my email is jo.b@example.com and my phone is 07700 900123",
    "no, the postcode is SW1A 1AA and the name is Jo Baines",
    "no, i first raised it on 3 November",
]


@pytest.mark.parametrize("reply", CORRECTIONS_WITH_NO)
def test_a_no_that_carries_a_correction_goes_to_the_change(policy, domain, reply):
    assert predicted(policy, domain, read_back_then(reply)) == "action_change_complaint"


@pytest.mark.parametrize(
    ("events", "why"),
    [
        (read_back_then("no"), "a bare no: the rule asks what to change"),
        (read_back_then("nope"), "a bare nope"),
        (read_back_then("no thats wrong"), "nothing named to change"),
        (read_back_then("no i dont want it logged yet"), "no correction"),
        (read_back_then("No, change something"), "the button's words"),
        (read_back_then(None), "a test story's intent with no words"),
        (read_back_then("/deny"), "the button's payload"),
        (read_back_then("no, my email is jo.b@example.com", "inform"), "inform: the rule does"),
        (
            read_back_then("no, my email is jo.b@example.com", asked="utter_ask_what_to_change"),
            "after 'What would you like to change?': the rule runs the change",
        ),
    ],
)
def test_anything_else_is_left_to_the_rules(policy, domain, events, why):
    assert predicted(policy, domain, events) is None, why


def test_the_deny_rules_story_is_predicted_as_before(policy, domain):
    # tests/test_stories.yml: action_summarise_complaint, intent deny (no words), then
    # utter_ask_what_to_change: the policy abstains, so RulePolicy's prediction stands.
    assert predicted(policy, domain, read_back_then(None)) is None


@pytest.mark.parametrize(
    ("reply", "changed", "said"),
    [
        (
            "no, my email is jo.b@example.com",
            {"customer_email": "jo.b@example.com"},
            ["Updated your e-mail to jo.b@example.com."],
        ),
        (
            "no the phone number is 07700 900124",
            {"customer_phone": "07700 900124"},
            ["Updated your phone number to 07700 900124."],
        ),
        (
            "no, my email is jo.b@example.com and my phone is 07700 900124",
            {"customer_email": "jo.b@example.com", "customer_phone": "07700 900124"},
            [
                "Updated your e-mail to jo.b@example.com.",
                "Updated your phone number to 07700 900124.",
            ],
        ),
    ],
)
def test_the_change_applies_a_no_correction_and_reads_back_again(reply, changed, said):
    messages, events = run_action(ActionChangeComplaint(), at_read_back(reply, "deny"))
    assert [rendered(m) for m in messages] == said
    assert {k: v for k, v in slots_set(events).items() if k in changed} == changed
    assert followups(events) == ["action_summarise_complaint"]


def test_the_policy_is_in_the_config():
    config = (ROOT / "config.yml").read_text(encoding="utf-8")
    assert "rasa_plugins.read_back.ReadBackCorrectionPolicy" in config


# --- 2. "not the second" at "Are you sure? This removes ..." --------------------------------------
#
# The question lists the needs it removes, one a line; "not the second" answers it as "all except
# the second": the others go, the second stays, and the answer says which went and which stay.

THREE = ["priority_fault_repair", "accessible_formats", "call_back"]
ALL_BUT_THE_SECOND = ["priority_fault_repair", "call_back"]


@pytest.mark.parametrize(
    "said",
    [
        "not the second",
        "not the second one",
        "no not the second",
        "all except the second",
        "all but the second",
        "everything except the second one",
        "not number 2",
        "not the large print",
        # A yes, or a remove, with an exception: before, every one was removed.
        "yes but not the second",
        "yes, all except the second",
        "remove all except the second",
    ],
)
@pytest.mark.parametrize("intent", ["deny", "inform", "affirm"])
def test_all_except_one_removes_the_others_and_keeps_it(said, intent):
    from bot.vulnerability import needs_removed_by_answer

    assert needs_removed_by_answer(said, THREE, intent) == ALL_BUT_THE_SECOND


@pytest.mark.parametrize(
    ("said", "removed"),
    [
        ("not the fourth", []),  # no fourth: nothing removed, never all
        ("no", []),
        ("no keep them", []),
        ("yes", THREE),
        ("only the second one", ["accessible_formats"]),
    ],
)
def test_other_answers_are_read_as_before(said, removed):
    from bot.vulnerability import needs_removed_by_answer

    assert needs_removed_by_answer(said, THREE, "inform") == removed


@pytest.mark.usefixtures("action_database")
def test_not_the_second_on_a_case_removes_the_others_and_says_which_stay(action_database):
    from actions.vulnerability import ActionConfirmNeedsRemoval
    from tests.action_support import at_are_you_sure, only, recorded_needs, verified_case

    reference = verified_case(action_database, THREE)
    pending = {"needs": THREE, "where": "case", "reference": reference, "all": True}
    messages, events = run_action(
        ActionConfirmNeedsRemoval(), at_are_you_sure("not the second", "deny", pending)
    )
    assert recorded_needs(action_database, reference) == ["accessible_formats"]
    said = rendered(only(messages, "utter_some_needs_withdrawn"))
    removed, kept = said.split("stay recorded")
    assert "format" not in removed and "format" in kept, said
    assert followups(events) == ["action_listen"]  # answered once, never asked again


def test_not_the_second_before_logging_drops_the_others():
    from actions.vulnerability import ActionConfirmNeedsRemoval
    from tests.action_support import CONSUMER_FORM, at_are_you_sure, only

    agreed = {"needs": THREE, "at": "2026-11-28T04:00:00+00:00"}
    pending = {"needs": THREE, "where": "read_back"}
    tracker = at_are_you_sure("not the second", "deny", pending)
    tracker.slots.update({**CONSUMER_FORM, "support_needs": agreed, "support_offer": "yes"})
    messages, events = run_action(ActionConfirmNeedsRemoval(), tracker)
    assert slots_set(events)["support_needs"]["needs"] == ["accessible_formats"]
    assert "format" not in only(messages, "utter_pending_needs_dropped")["needs"]
    assert followups(events) == ["action_summarise_complaint"]
