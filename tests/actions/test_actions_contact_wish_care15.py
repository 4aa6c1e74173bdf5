"""A wish about contact said at the phone-number question ("07700 900456, texts only", "text me
only, I can't hear on the phone"), issue 18, tenth round (care15): noted the first time, with the
accessibility needs, the customer told so; never asked to say it again at the accessibility
question. Each test failed before the change."""

from __future__ import annotations

from typing import Any

import pytest

from tests.action_support import CONSUMER_FORM, form_answer, rendered, responses

BEFORE_PHONE = {
    k: v
    for k, v in CONSUMER_FORM.items()
    if k in ("complaint_category", "complaint_description", "customer_name", "customer_email")
}
AT_ACCESSIBILITY = {k: v for k, v in CONSUMER_FORM.items() if k != "accessibility_needs"}


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in messages if m.get("response"))


@pytest.mark.parametrize(
    "said",
    ["07700 900456 texts only", "07700 900456, text me only, I can't hear on the phone"],
)
def test_texts_only_at_the_phone_question_is_noted_the_first_time(said: str) -> None:
    messages, slots = form_answer(said, "customer_phone", BEFORE_PHONE)
    assert slots["customer_phone"] == "07700 900456"
    assert "utter_contact_wish_ask_later" not in responses(messages)
    assert "utter_contact_wish_will_note" in responses(messages)
    assert "texts only" in _said(messages) and "when I ask" not in _said(messages)
    assert slots["contact_wishes_heard"] == ["texts only"]


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        ("none", "texts only"),
        ("no thats fine", "texts only"),
        ("large print please", "large print, texts only"),
        ("texts only", "texts only"),
    ],
)
def test_the_accessibility_answer_keeps_the_wish_heard_before(answer: str, kept: str) -> None:
    before = {**AT_ACCESSIBILITY, "contact_wishes_heard": ["texts only"]}
    _, slots = form_answer(answer, "accessibility_needs", before)
    assert slots["accessibility_needs"] == kept
    assert slots["contact_wishes_heard"] is None


def test_a_wish_taken_back_at_the_accessibility_question_is_not_kept() -> None:
    before = {**AT_ACCESSIBILITY, "contact_wishes_heard": ["texts only"]}
    _, slots = form_answer("dont note the texts only thing, none", "accessibility_needs", before)
    assert slots["accessibility_needs"] == "none"
