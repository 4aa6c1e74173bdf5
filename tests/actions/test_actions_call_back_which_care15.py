"""The call-back need chosen without saying which ("yes, the first one" to "You'd like us to
contact you at a time that suits you, or only in writing"), issue 18, tenth round (care15): the
customer is asked which, with two buttons (numbered on channels without them), and what they
choose is recorded; never "a time that suits, or in writing only" when they could say. Each test
failed before the change.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.vulnerability import with_support_questions
from tests.action_support import CONSUMER_FORM, DOMAIN, form_answer, make_tracker

BEREAVED = {
    "complaint_category": "billing",
    "complaint_description": "my husband passed away and you keep billing him",
    "circumstances": ["bereavement"],
    "support_offer": "yes",
}
AGREED_CALL_BACK = {"needs": ["call_back"], "at": "2026-12-22T10:00:00+00:00"}
FORM_SLOTS = list(DOMAIN["forms"]["complaint_form"]["required_slots"])


def _asked(slots: dict[str, Any]) -> list[str]:
    return with_support_questions(FORM_SLOTS, make_tracker(slots))


def test_which_is_asked_when_the_call_back_need_was_chosen_without_saying() -> None:
    asked = _asked({**BEREAVED, "support_needs": AGREED_CALL_BACK})
    assert "call_back_which" in asked
    assert asked.index("call_back_which") < asked.index("customer_name")
    buttons = DOMAIN["responses"]["utter_ask_call_back_which"][0]["buttons"]
    assert len(buttons) == 2


def test_which_is_not_asked_when_the_words_said_which() -> None:
    written = {"needs": ["writing_only"], "at": "2026-12-22T10:00:00+00:00"}
    timed = {
        "needs": ["call_back_time"],
        "at": "2026-12-22T10:00:00+00:00",
        "details": {"call_back_time": "after 6pm"},
    }
    for agreed in (written, timed, {"needs": ["someone_to_speak"], "at": "x"}):
        assert "call_back_which" not in _asked({**BEREAVED, "support_needs": agreed})
    assert "call_back_which" not in _asked({**BEREAVED})


@pytest.mark.parametrize(
    ("said", "need", "when"),
    [
        ("in writing please", "writing_only", None),
        ("2", "writing_only", None),
        ("letters only", "writing_only", None),
        ("1", "call_back_time", "at a time to be agreed"),
        ("a call at a time that suits me", "call_back_time", "at a time to be agreed"),
        ("ring me after 6pm", "call_back_time", "after 6pm"),
    ],
)
def test_what_the_customer_chooses_is_recorded(said: str, need: str, when: str | None) -> None:
    before = {**BEREAVED, "support_needs": AGREED_CALL_BACK}
    _, slots = form_answer(said, "call_back_which", before)
    agreed = slots["support_needs"]
    assert agreed["needs"] == [need]
    assert agreed["at"] == AGREED_CALL_BACK["at"]
    assert (agreed.get("details") or {}).get("call_back_time") == when
    assert slots["call_back_which"] == need
    assert "call_back_which" not in _asked({**before, **slots})


def test_an_answer_that_chooses_neither_gets_a_hint_then_keeps_the_need_as_it_was() -> None:
    before = {**BEREAVED, "support_needs": AGREED_CALL_BACK}
    messages, slots = form_answer("hmm not sure", "call_back_which", before)
    assert slots["call_back_which"] is None
    assert [m["response"] for m in messages] == ["utter_hint_call_back_which"]
    again = {**before, "answer_failures": {"slot": "call_back_which", "count": 1}}
    messages, slots = form_answer("hmm dunno", "call_back_which", again)
    assert slots["call_back_which"] == "either"
    assert "utter_call_back_way_kept" in [m["response"] for m in messages]
    assert slots.get("support_needs", AGREED_CALL_BACK)["needs"] == ["call_back"]


def test_either_keeps_the_need_as_it_was_and_is_not_asked_again() -> None:
    before = {**BEREAVED, "support_needs": AGREED_CALL_BACK}
    _, slots = form_answer("either is fine", "call_back_which", before)
    assert slots["call_back_which"] == "either"
    assert slots.get("support_needs", AGREED_CALL_BACK)["needs"] == ["call_back"]
    assert "call_back_which" not in _asked({**before, **slots})


def test_other_needs_agreed_with_it_are_kept() -> None:
    agreed = {"needs": ["call_back", "someone_to_speak"], "at": "2026-12-22T10:00:00+00:00"}
    _, slots = form_answer("writing", "call_back_which", {**BEREAVED, "support_needs": agreed})
    assert slots["support_needs"]["needs"] == ["writing_only", "someone_to_speak"]


def test_the_form_without_circumstances_is_unchanged() -> None:
    assert "call_back_which" not in _asked(dict(CONSUMER_FORM))
