"""Customers in vulnerable circumstances, outside testers (issue 18, care15b): needs typed at the
accessibility question are recorded with the customer's agreement and said back (F1/F32); one need
taken off a logged case keeps the other, and says so (F13); the case check lists the needs
recorded on the case, in the read-back's words, and how to change them (F22). Each test failed
before the change."""

from __future__ import annotations

from typing import Any

import pytest

from actions.vulnerability import ActionAskConfirmNeedsRemoval, ActionConfirmNeedsRemoval
from tests.action_support import (
    CONSUMER_FORM,
    POSTCODE,
    Conversation,
    form_answer,
    make_tracker,
    only,
    recorded_needs,
    rendered,
    responses,
    run_action,
    verified_case,
)

pytestmark = pytest.mark.usefixtures("action_database")

BEFORE_ACCESSIBILITY = {
    **{k: v for k, v in CONSUMER_FORM.items() if k != "accessibility_needs"},
    "provider": "infinium",
}


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in messages if m.get("response"))


# --- F1/F32: needs typed at "Do you have any accessibility needs ...?" ----------------------------


@pytest.mark.parametrize(
    ("said", "needs", "details", "told"),
    [
        ("yes i need large print and please email only",
         ["accessible_formats", "email_only"], {"accessible_formats": "large print"},
         ["format you can use: large print", "by e-mail only"]),
        ("im deaf so text relay please", ["text_relay"], {}, ["Relay UK (text relay)"]),
        ("yes - big print, and dont ring before 10",
         ["call_back_time", "accessible_formats"],
         {"accessible_formats": "large print", "call_back_time": "after 10"},
         ["format you can use: large print"]),
        ("braille and audio please", ["accessible_formats"],
         {"accessible_formats": "braille and audio"}, ["braille and audio"]),
        ("my son speaks for me, and large print please",
         ["someone_to_speak", "accessible_formats"], {"accessible_formats": "large print"},
         ["someone you trust to speak to us for you", "large print"]),
        ("only write to me please, no phone calls", ["writing_only"], {}, ["only in writing"]),
    ],
)  # fmt: skip
def test_every_need_typed_at_the_accessibility_question_is_recorded_and_said(
    said: str, needs: list[str], details: dict[str, str], told: list[str]
) -> None:
    from actions.intake import ValidateComplaintForm
    from tests.action_support import form_turn, run_action, slots_set

    tracker = form_turn(
        "complaint_form",
        "accessibility_needs",
        {"accessibility_needs": said},
        before=BEFORE_ACCESSIBILITY,
        text=said,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    agreed = slots_set(events)["support_needs"]
    assert sorted(agreed["needs"]) == sorted(needs)
    assert agreed["at"]
    assert (agreed.get("details") or {}) == details
    assert not agreed.get("stated_only")  # agreed: the offer is not made again
    text = _said(messages)
    for words in told:
        assert words in text
    assert "remove my needs" in text  # how to take it back


@pytest.mark.parametrize("said", ["none", "no thats fine", "no"])
def test_no_need_at_the_accessibility_question_records_nothing(said: str) -> None:
    _, slots = form_answer(said, "accessibility_needs", before=BEFORE_ACCESSIBILITY)
    assert "support_needs" not in slots


def test_a_need_named_again_adds_only_what_is_new() -> None:
    """Large print agreed with the help offered, then "large print and text relay please" at the
    accessibility question: text relay is added, the large print kept with its first date."""
    agreed = {
        "needs": ["accessible_formats"],
        "at": "2026-12-22T09:00:00+00:00",
        "details": {"accessible_formats": "large print"},
    }
    messages, slots = form_answer(
        "large print and text relay please",
        "accessibility_needs",
        before={**BEFORE_ACCESSIBILITY, "support_needs": agreed},
    )
    now = slots["support_needs"]
    assert now["needs"] == ["accessible_formats", "text_relay"]
    assert now["at"] == agreed["at"]
    assert now["details"] == {"accessible_formats": "large print"}
    text = _said(messages)
    assert "Relay UK" in text and "large print" not in text


# --- F13: one need taken off a logged case --------------------------------------------------------

TWO_NEEDS = (["accessible_formats", "text_relay"], {"accessible_formats": "large print"})


def _checked(reference: str) -> Conversation:
    talk = Conversation()
    talk.turn(f"status of {reference}", "check_case", reference=reference)
    talk.turn(POSTCODE, postcode=POSTCODE)
    return talk


def test_taking_one_need_off_a_checked_case_keeps_the_other(action_database: str) -> None:
    """Read as withdrawing consent (other intents are put back as that: `withdrawal_in_words`)."""
    reference = verified_case(action_database, *TWO_NEEDS)
    talk = _checked(reference)
    said = talk.turn("take off the large print but keep the text relay", "withdraw_consent")
    assert "utter_ask_case_reference" not in said
    pending = talk.slots()["needs_removal"]
    assert pending["needs"] == ["accessible_formats"]
    shown, _ = run_action(ActionAskConfirmNeedsRemoval(), make_tracker({"needs_removal": pending}))
    question = rendered(only(shown, "utter_ask_confirm_needs_removal"))
    assert "large print" in question and "Relay UK" not in question
    messages, _ = run_action(
        ActionConfirmNeedsRemoval(),
        make_tracker({"needs_removal": pending}, text="yes", intent="affirm"),
    )
    done = rendered(only(messages, "utter_some_needs_withdrawn"))
    assert "Relay UK (text relay)" in done.split("These stay recorded")[1]
    assert recorded_needs(action_database, reference) == ["text_relay"]


def test_naming_one_at_are_you_sure_removes_only_that_one(action_database: str) -> None:
    reference = verified_case(action_database, *TWO_NEEDS)
    pending = {
        "needs": TWO_NEEDS[0],
        "where": "case",
        "reference": reference,
        "all": True,
        "details": TWO_NEEDS[1],
    }
    talk = _checked(reference)  # this conversation checked the case
    tracker = talk.tracker(
        {"text": "take off the large print but keep the text relay",
         "intent": {"name": "inform"}, "entities": []}
    )  # fmt: skip
    tracker.slots["needs_removal"] = pending
    messages, _ = run_action(ActionConfirmNeedsRemoval(), tracker)
    assert "utter_some_needs_withdrawn" in responses(messages)
    assert recorded_needs(action_database, reference) == ["text_relay"]


# --- F22: the case check lists the needs recorded -------------------------------------------------


def test_the_case_check_lists_the_needs_recorded_and_how_to_change_them(
    action_database: str,
) -> None:
    reference = verified_case(action_database, *TWO_NEEDS)
    talk = Conversation()
    talk.turn(f"status of {reference}", "check_case", reference=reference)
    said = talk.turn(POSTCODE, postcode=POSTCODE)
    assert "utter_case_status" in said
    listed = rendered(only(talk.said, "utter_case_needs_recorded"))
    # The read-back's words for each need.
    assert "You'd like our letters and replies in a format you can use: large print." in listed
    assert "You'd like to talk to us through Relay UK (text relay)." in listed
    assert "remove" in listed and "change" in listed


def test_a_case_with_no_needs_says_nothing_of_them(action_database: str) -> None:
    from bot.cases.verification import CaseVerification  # noqa: F401
    from tests.action_support import janes_case

    reference = verified_case(action_database, ["text_relay"])
    talk = Conversation()
    talk.turn(f"status of {reference}", "check_case", reference=reference)
    talk.turn(POSTCODE, postcode=POSTCODE)
    assert "utter_case_needs_recorded" in responses(talk.said)
    other = janes_case(action_database)
    talk = Conversation()
    talk.turn(f"status of {other}", "check_case", reference=other)
    said = talk.turn(POSTCODE, postcode=POSTCODE)
    assert "utter_case_status" in said and "utter_case_needs_recorded" not in said
