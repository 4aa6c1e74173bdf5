"""Outside testers playing Invictanet and Infinity System Solutions customers in vulnerable
circumstances (issue 18, round 15, helper care15a), through the actions. Each test failed before
the change.

- F3: "it's my mum's account, her name is Margaret Hill, I'm her son": the account holder's name
  is read back and kept on the case, so staff can find the account.
- F24: "call my daughter on 07700 900456, she'll speak for me" is the daughter's number, kept with
  the need for someone to speak for the customer, never stored as the customer's phone.
- F8: a BSL user's "evenings after 6pm suit me" is contact in their way at that time, never a
  voice call.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import pytest

from actions.intake import ActionSubmitComplaint, ActionSummariseComplaint
from tests.action_support import (
    CONSUMER_FORM,
    NOW,
    form_answer,
    make_tracker,
    only,
    open_store,
    rendered,
    run_action,
    slots_set,
    user_event,
)

pytestmark = pytest.mark.usefixtures("action_database")

SON = "it's my mum's account, her name is Margaret Hill, I'm her son. Her bill doubled."
DAUGHTER = "call my daughter on 07700 900456, she'll speak for me"
BSL = "I was charged twice. I'm deaf and use BSL, I cannot use a voice phone."
EVENINGS = "evenings after 6pm suit me"


def _tracker(slots: dict, said: str, text: str = "yes", intent: str = "affirm"):
    return make_tracker(
        {**CONSUMER_FORM, **slots},
        text=text,
        intent=intent,
        events=[user_event(said), user_event(text, intent)],
    )


def _summary(slots: dict, said: str) -> str:
    messages, _ = run_action(ActionSummariseComplaint(), _tracker(slots, said, "none", "inform"))
    return rendered(only(messages, "utter_complaint_summary"))


# --- F3 ------------------------------------------------------------------------------------------


def test_the_account_holders_name_is_read_back() -> None:
    summary = _summary({"complaint_description": SON, "customer_name": "Tom Hill"}, SON)
    assert "Made for: the account holder, Margaret Hill (your mum)" in summary


def test_the_account_holders_name_is_kept_on_the_case(action_database: str) -> None:
    slots = {"complaint_description": SON, "customer_name": "Tom Hill"}
    messages, events = run_action(ActionSubmitComplaint(), _tracker(slots, SON))
    reference = slots_set(events)["created_reference"]
    with open_store(action_database) as store:
        customer = store.require(reference).customer
    assert customer.account_holder_name == "Margaret Hill"
    assert customer.made_on_behalf == "Tom Hill, who says they act for their mum"
    assert "the account holder is Margaret Hill" in rendered(
        only(messages, "utter_account_holder_recorded")
    )


# --- F24 -----------------------------------------------------------------------------------------

DEAF = {
    **CONSUMER_FORM,
    "complaint_description": BSL,
    "circumstances": ["disability"],
    "support_offer": "yes",
}


@pytest.mark.parametrize("asked", ["customer_phone", "support_offer", "support_needs"])
def test_a_trusted_persons_number_never_becomes_the_customers(asked: str) -> None:
    before = {**DEAF, asked: None}
    _, slots = form_answer(DAUGHTER, asked, before)
    assert slots.get("customer_phone") != "07700 900456"


def test_the_trusted_persons_contact_is_kept_with_the_need() -> None:
    messages, slots = form_answer(DAUGHTER, "support_needs", {**DEAF, "support_needs": None})
    agreed = slots["support_needs"]
    assert agreed["needs"] == ["someone_to_speak"]
    assert agreed["details"]["someone_to_speak"] == "daughter, on 07700 900456"
    said = rendered(only(messages, "utter_needs_will_be_recorded"))
    assert "daughter, on 07700 900456 (their number, not yours)" in said


def test_the_read_back_shows_the_number_as_the_trusted_persons() -> None:
    agreed = {
        "needs": ["someone_to_speak"],
        "at": NOW,
        "details": {"someone_to_speak": "daughter, on 07700 900456"},
    }
    summary = _summary({"complaint_description": BSL, "support_needs": agreed}, BSL)
    assert "daughter, on 07700 900456 (their number, not yours)" in summary
    assert "07700 900123" in summary  # the customer's own stays theirs


def test_at_the_phone_question_the_trusted_number_is_kept_as_theirs() -> None:
    messages, slots = form_answer(DAUGHTER, "customer_phone", {**DEAF, "customer_phone": None})
    assert slots["customer_phone"] == "none"
    agreed = slots["support_needs"]
    assert "someone_to_speak" in agreed["needs"]
    assert agreed["details"]["someone_to_speak"] == "daughter, on 07700 900456"
    assert "their number, not yours" in " ".join(rendered(m) for m in messages)


# --- F8 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "before"),
    [
        ("contact_preference", {"contact_preference": None}),
        ("accessibility_needs", {"accessibility_needs": None}),
        ("support_needs", {"support_needs": None}),
        ("call_back_which", {"support_needs": {"needs": ["call_back"], "at": NOW}}),
    ],
)
def test_a_time_for_a_bsl_user_is_never_a_call(asked: str, before: dict) -> None:
    messages, slots = form_answer(EVENINGS, asked, {**DEAF, **before})
    agreed = slots["support_needs"]
    assert agreed["details"]["call_back_time"] == "after 6pm"
    assert agreed["details"]["contact_way"] == "video relay (BSL)"
    said = " ".join(rendered(m) for m in messages)
    assert "contact you after 6pm by video relay (BSL), not by a voice call" in said
    assert "call you" not in said


def test_the_read_back_and_the_case_say_contact_not_call(action_database: str) -> None:
    agreed = {
        "needs": ["call_back_time"],
        "at": NOW,
        "details": {"call_back_time": "after 6pm", "contact_way": "video relay (BSL)"},
    }
    slots = {"complaint_description": BSL, "support_needs": agreed}
    summary = _summary(slots, BSL)
    assert "contact you after 6pm by video relay (BSL), not by a voice call" in summary
    _, events = run_action(ActionSubmitComplaint(), _tracker(slots, BSL))
    reference = slots_set(events)["created_reference"]
    with open_store(action_database) as store:
        from bot.cases.needs import needs_by_reference

        needs = needs_by_reference(store, [reference])[reference]
    assert [n.need for n in needs] == ["contact after 6pm by video relay (BSL), never a voice call"]
