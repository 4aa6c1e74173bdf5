"""Several changes in one message at the read-back, and a yes with a question (outside customers A,
round 14, issues 15 and 19: F3, F16, F10, F14, F6, F21).

A message at "Shall I log it?" may hold several changes, split by ".", ",", "and" or "also": each
clause that names a change is applied and said, and none is added to what happened. A clear yes
with a question logs the complaint and answers the question. The intents are the ones the model is
likely to give; each runs the action Rasa runs for it, then the change it hands on to.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.chitchat import ActionDefaultFallback
from actions.intake import ActionChangeComplaint, ActionStartComplaint, ActionSubmitComplaint
from actions.rights import ActionAnswerQuestion
from tests.action_support import at_read_back, rendered, responses, run_action, slots_set

pytestmark = pytest.mark.usefixtures("action_database")

ACTIONS = {"inform": ActionChangeComplaint, "deny": ActionChangeComplaint,
           "make_complaint": ActionStartComplaint, "affirm": ActionSubmitComplaint,
           "nlu_fallback": ActionDefaultFallback, "ask_adr": ActionAnswerQuestion}  # fmt: skip


def _followups(events: list[dict[str, Any]]) -> list[str]:
    return [e["name"] for e in events if e.get("event") == "followup"]


def _run(intent: str, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The action for the intent, then the change (or log) it hands the read-back to."""
    messages, events = run_action(ACTIONS[intent](), tracker)
    handed = {"action_change_complaint": ActionChangeComplaint,
              "action_submit_complaint": ActionSubmitComplaint}  # fmt: skip
    if _followups(events)[-1:] and _followups(events)[-1] in handed:
        more, events = run_action(handed[_followups(events)[-1]](), tracker)
        messages += more
    return messages, events


def _said(messages: list[dict[str, Any]]) -> str:
    """What the customer reads (the logged record sent as data, not text, left out)."""
    return " ".join(rendered(m) for m in messages if "complaint_record" not in m.get("custom", {}))


INTENTS = ["inform", "deny", "make_complaint", "affirm", "nlu_fallback"]


# --- F3: the subject and the day first raised, both applied ---------------------------------------


@pytest.mark.parametrize("intent", INTENTS)
def test_f3_subject_and_first_raised_in_one_message_both_apply(intent: str) -> None:
    said = "the complaint is about billing not fault repair. and actually i first emailed them on 27 october"
    tracker = at_read_back(said, intent, {"complaint_category": "fault_repair",
                                          "complaint_first_raised": "2026-11-03"})  # fmt: skip
    messages, events = _run(intent, tracker)
    set_now = slots_set(events)
    assert set_now.get("complaint_category") == "billing", set_now
    assert set_now.get("complaint_first_raised") == "2026-10-27", set_now
    assert "complaint_description" not in set_now
    text = _said(messages)
    assert "billing" in text.lower() and "27 October" in text, text
    assert _followups(events) == ["action_summarise_complaint"]


# --- F16: the subject changed in the customer's words ---------------------------------------------


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    "said", ["the complaint is about fault repair", "change the subject to fault repair"]
)
def test_f16_the_subject_named_changes_the_category(said: str, intent: str) -> None:
    tracker = at_read_back(said, intent, {"complaint_category": "other"}, provider="infinity-group")
    messages, events = _run(intent, tracker)
    set_now = slots_set(events)
    assert set_now.get("complaint_category") == "fault_repair", set_now
    assert "complaint_description" not in set_now
    assert "fault" in _said(messages).lower()
    assert _followups(events) == ["action_summarise_complaint"]


# --- F10: the day and the way to contact, both applied --------------------------------------------


@pytest.mark.parametrize("intent", INTENTS)
def test_f10_day_and_contact_preference_both_apply(intent: str) -> None:
    said = "wait it wasnt monday it was the 16th. and send me a letter instead of email"
    tracker = at_read_back(said, intent, {"complaint_first_raised": "2026-12-21",
                                          "contact_preference": "email"})  # fmt: skip
    messages, events = _run(intent, tracker)
    set_now = slots_set(events)
    assert set_now.get("complaint_first_raised") == "2026-12-16", set_now
    assert set_now.get("contact_preference") == "letter", set_now
    assert "complaint_description" not in set_now
    assert "16 December" in _said(messages)


# --- F14: the name and the way to contact, both applied -------------------------------------------


@pytest.mark.parametrize("intent", INTENTS)
def test_f14_name_and_contact_preference_both_apply(intent: str) -> None:
    said = "name is wrong its Lisa Kerr, and phone me instead of email"
    tracker = at_read_back(said, intent, {"customer_name": "fine. its lisa",
                                          "contact_preference": "email"})  # fmt: skip
    messages, events = _run(intent, tracker)
    set_now = slots_set(events)
    assert set_now.get("customer_name") == "Lisa Kerr", set_now
    assert set_now.get("contact_preference") == "phone", set_now
    assert "Lisa Kerr" in _said(messages)


# --- what happened is never split -----------------------------------------------------------------


def test_what_happened_with_and_is_kept_whole() -> None:
    said = "what happened is they cut me off and then billed me twice"
    messages, events = _run("inform", at_read_back(said, "inform"))
    assert (
        slots_set(events)
        .get("complaint_description", "")
        .endswith("they cut me off and then billed me twice")
    )


# --- F6 / F21: a yes with a question logs and answers ---------------------------------------------


@pytest.mark.parametrize("intent", ["affirm", "nlu_fallback", "ask_adr"])
@pytest.mark.parametrize(
    "said",
    ["yes please log it. whats the ombudsman though?",
     "yes thats right, can we use the ombudsman as a business?"],
)  # fmt: skip
def test_f6_a_yes_with_a_question_logs_and_answers(said: str, intent: str) -> None:
    slots = {"customer_type": "business", "employees": 5}
    messages, events = _run(intent, at_read_back(said, intent, slots))
    assert "utter_complaint_created" in responses(messages), responses(messages)
    assert "utter_not_followed" not in responses(messages)
    assert not any("understand" in _said([m]).lower() for m in messages), _said(messages)
    assert "dispute resolution" in _said(messages).lower() or "ombudsman" in _said(messages).lower()
