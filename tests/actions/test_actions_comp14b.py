"""Outside compliance tester, round 14 (comp14b): a disabled customer's question on help gets an
answer at every provider (F4); a cue about the customer's mum is said back as someone else's
(F6). Each test failed before the change."""

from __future__ import annotations

import pytest

from actions.chitchat import ActionDefaultFallback
from actions.rights import ActionQuoteResponseTimes
from tests.action_support import make_tracker, only, responses, run_action

PROVIDERS = ["infinium", "infinity-group", "infinity-system-solutions", "invictanet"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_disabled_customers_question_on_help_is_answered_not_fallen_back(provider: str) -> None:
    """F4: "im disabled and rely on my phone line, what help can i get" got "Sorry, I didn't
    follow that" at Infinity System Solutions: the help the rules give is said, with sources."""
    tracker = make_tracker(
        {"provider": provider},
        text="im disabled and rely on my phone line, what help can i get",
        intent="nlu_fallback",
    )
    messages, _ = run_action(ActionDefaultFallback(), tracker)
    said = responses(messages)
    assert "utter_core_fallback" not in said
    for answer in (
        "utter_priority_fault_repair_rules",
        "utter_accessible_formats_rules",
        "utter_text_relay_rules",
    ):
        assert answer in said, said


def test_a_mums_age_is_said_back_as_someone_elses() -> None:
    """F6: "my elderly mum depends on the phone line" was said back as "You mentioned living on
    your own or your age": the customer said neither of themselves."""
    tracker = make_tracker(
        {"provider": "invictanet"},
        text="my elderly mum depends on the phone line, how long do you take to reply?",
        intent="ask_response_time",
    )
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    mention = only(messages, "utter_support_noticed")["mention"]
    assert "your age" not in mention and "living on your own" not in mention
    assert "someone's age or living on their own" in mention


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["ask_accessible_formats", "make_complaint", "ask_contact"])
def test_the_help_question_is_answered_whichever_question_the_model_read(
    provider: str, intent: str
) -> None:
    """F4: the answer depended on the intent the model read (so differed by provider): read as any
    question, the help the rules give is said, never re-read as a complaint."""
    from actions.rights import ActionAnswerQuestion

    tracker = make_tracker(
        {"provider": provider},
        text="im disabled and rely on my phone line, what help can i get",
        intent=intent,
    )
    messages, events = run_action(ActionAnswerQuestion(), tracker)
    said = responses(messages)
    assert "utter_priority_fault_repair_rules" in said and "utter_text_relay_rules" in said, said
    assert not any(e.get("event") == "user" for e in events)  # never put back as a complaint


DEAF_OFFER = {
    "complaint_category": "fault_repair",
    "complaint_description": "im deaf and use relay uk. my phone line has been dead for 2 weeks",
    "circumstances": ["disability"],
}


@pytest.mark.parametrize(
    ("said", "slot", "kept"),
    [("Sian Morgan", "customer_name", "Sian Morgan"),
     ("sian.m@example.net", "customer_email", "sian.m@example.net")],
)  # fmt: skip
def test_a_detail_typed_at_the_offer_of_help_is_kept_and_never_a_no(
    said: str, slot: str, kept: str
) -> None:
    """F5: at the offer of help, "Sian Morgan" was not kept and "sian.m@example.net" was taken as
    "no" to help: each is kept and said, and the offer stays to be answered."""
    from actions.intake import ValidateComplaintForm
    from tests.action_support import form_turn, slots_set

    tracker = form_turn(
        "complaint_form", "support_offer", {"support_offer": said},
        before={"provider": "infinity-system-solutions", **DEAF_OFFER}, text=said,
    )  # fmt: skip
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots.get(slot) == kept
    assert slots.get("support_offer") is None
    assert "utter_support_declined" not in responses(messages)
