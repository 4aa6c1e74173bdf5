"""One need taken off a logged case in plain words (outside care, round 16, F1 and F2).

After logging, "remove the someone to speak for me need" was read as asking for a person and noted
a CALL BACK on the case of a customer who had asked for letters only (F1); "actually dont keep the
bit about my son", "i said i dont want my son noted on it any more", "take off the one about my son
speaking for me", "please just remove my son from the case" and the assistant's own example "take
off the first one" were asked "your complaint or a new one?", not understood, or said "Goodbye"
(F2). Now each is a withdrawal of the need it names: checked, and "Are you sure?" asked about that
one only; nothing is logged on the case.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionDefaultFallback, ActionGoodbye, ActionOutOfScope
from actions.intake import ActionStartComplaint
from actions.status import ActionTalkToHuman
from bot.cases.customer_requests import request_for_intent
from bot.vulnerability import needs_removed_by_answer, needs_to_remove
from tests.action_support import make_tracker, responses, run_action, user_event

pytestmark = pytest.mark.usefixtures("action_database")

ON_CASE = ["someone_to_speak", "writing_only"]  # as the case check lists them (IN-HTBDHR)


def _after_needs_listed(said: str, intent: str) -> Any:
    """A tracker just after logging, the needs on the case told ("Recorded on complaint ... with
    your agreement: ... for example 'take off the first one'"), whose latest message is `said`."""
    events = [
        user_event("yes log it", "affirm"),
        {"event": "slot", "name": "created_reference", "value": "IN-HTBDHR"},
        {"event": "bot", "text": "Recorded on complaint IN-HTBDHR with your agreement: ...",
         "metadata": {"utter_action": "utter_case_needs_recorded"}},
        {"event": "action", "name": "action_listen"},
        user_event(said, intent),
    ]  # fmt: skip
    return make_tracker({"created_reference": "IN-HTBDHR"}, text=said, intent=intent, events=events)


def _read_as(events: list[dict[str, Any]]) -> str | None:
    reread = [e for e in events if e.get("event") == "user"]
    return reread[-1]["parse_data"]["intent"]["name"] if reread else None


def test_removing_the_someone_to_speak_need_read_as_a_person_notes_no_call_back() -> None:
    """F1: "You can reach Infinium by phone ... I've noted ... that you'd like a call back"."""
    said = "remove the someone to speak for me need"
    messages, events = run_action(ActionTalkToHuman(), _after_needs_listed(said, "talk_to_human"))
    assert "utter_call_back_flagged" not in responses(messages)
    assert "utter_contact_details" not in responses(messages)
    assert _read_as(events) == "withdraw_consent"


@pytest.mark.parametrize(
    ("said", "intent", "action"),
    [
        ("actually dont keep the bit about my son, i'll deal with it myself", "make_complaint",
         ActionStartComplaint()),
        ("i said i dont want my son noted on it any more", "make_complaint",
         ActionStartComplaint()),
        ("take off the one about my son speaking for me", "nlu_fallback",
         ActionDefaultFallback()),
        ("take off the first one", "goodbye", ActionGoodbye()),
        ("I never asked for a call back! I want letters only. Please just remove my son from "
         "the case", "out_of_scope", ActionOutOfScope()),
    ],
)  # fmt: skip
def test_one_need_taken_off_in_plain_words_after_logging_is_a_withdrawal(
    said: str, intent: str, action: Any
) -> None:
    """F2: "Is this about your complaint ...?", "Sorry, I didn't follow that", "Goodbye"."""
    messages, events = run_action(action, _after_needs_listed(said, intent))
    assert "utter_goodbye" not in responses(messages)
    assert "utter_ask_logged_or_new" not in responses(messages)
    assert _read_as(events) == "withdraw_consent"
    # The case check then asks about the needs, never only the status ...
    assert request_for_intent("withdraw_consent", said) == "withdraw_needs"
    # ... and about the one named, never the writing-only need kept.
    assert needs_to_remove(said, ON_CASE) == ["someone_to_speak"]


def test_the_first_one_is_no_withdrawal_when_no_needs_were_told() -> None:
    """Only the assistant's list of needs makes "the first one" a need: goodbye otherwise."""
    tracker = make_tracker({"created_reference": "IN-HTBDHR"}, text="take off the first one",
                           intent="goodbye")  # fmt: skip
    messages, events = run_action(ActionGoodbye(), tracker)
    assert _read_as(events) is None


def test_not_keeping_one_need_names_only_that_one() -> None:
    """F2 (cont., ISS-4430W7): "actually can you not keep the text relay thing, email is enough"
    would have removed the e-mail-only need, the one the customer keeps."""
    said = "actually can you not keep the text relay thing, email is enough"
    assert needs_to_remove(said, ["text_relay", "email_only"]) == ["text_relay"]


def test_no_just_the_one_about_my_son_at_are_you_sure_removes_that_one() -> None:
    """F2.6: "no just the one about my son, keep the letters only one" at "Are you sure? This
    removes ... both" said "OK, I haven't removed anything"."""
    said = "no just the one about my son, keep the letters only one"
    assert needs_removed_by_answer(said, ON_CASE) == ["someone_to_speak"]


def test_a_need_not_on_the_case_is_said_so_never_an_empty_are_you_sure(
    action_database: str,
) -> None:
    """F1 (cont., IG-10FRVT): "remove the someone to speak for me need" when only writing-only is
    on the case must not ask "Are you sure? This removes:" over an empty list."""
    from rasa_sdk.executor import CollectingDispatcher

    from actions.vulnerability import withdraw_consent_on_case
    from tests.action_support import DOMAIN, call, rendered, verified_case

    reference = verified_case(action_database, ["writing_only"])
    said = "remove the someone to speak for me need"
    tracker = make_tracker({"verified_reference": reference}, text=said, intent="withdraw_consent")
    dispatcher = CollectingDispatcher()
    events = call(withdraw_consent_on_case, dispatcher, tracker, reference, DOMAIN)
    assert not any(e.get("name") == "action_ask_confirm_needs_removal" for e in events)
    [told] = [m for m in dispatcher.messages if m.get("response") == "utter_need_not_on_case"]
    assert reference in rendered(told)
