"""Outside care, round 16 (fix16e): abuse and safety at home through the actions.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import pytest

from actions.chitchat import ActionDefaultFallback
from actions.intake import ValidateComplaintForm
from actions.vulnerability import ActionAskSupportOffer
from tests.action_support import (
    form_turn_after,
    make_tracker,
    only,
    rendered,
    responses,
    run_action,
    slots_set,
)

pytestmark = pytest.mark.usefixtures("action_database")


@pytest.mark.parametrize(
    "said",
    [
        "my husband is abusive",
        "my ex is abusive and keeps ringing you pretending to be me",
        "my ex beat me up and now he is threatening me through the wifi account",
    ],
)
def test_plain_words_for_abuse_get_the_helplines_at_once(said: str) -> None:
    # Outside care, round 16, F26: "Sorry, I didn't follow that" and no numbers at all.
    tracker = make_tracker({"provider": "infinity-group"}, text=said, intent="nlu_fallback")
    messages, events = run_action(ActionDefaultFallback(), tracker)
    said_back = responses(messages)
    assert said_back[:3] == ["utter_urgent_help"] * 3  # first, before anything else
    helplines = " ".join(m["help"] for m in messages[:3])
    assert "999" in helplines and "0808 2000 247" in helplines and "0808 80 10 800" in helplines
    assert slots_set(events)["urgent_help_given"] == ["domestic_abuse"]


DEAF = "Im deaf, please dont phone me, i cant use a voice phone"
EMAIL_DOWN = "I want to complain about my email service being down for 3 days"


def _at_what_happened(said: str, earlier: list[str]) -> tuple[list[dict], dict]:
    tracker = form_turn_after(
        earlier,
        "complaint_description",
        {"complaint_description": said},
        {
            "provider": "invictanet",
            "complaint_category": "service",
            "customer_name": "Nadia Ali",
            "customer_email": "nadia.ali@example.com",
        },
        said,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    return messages, slots_set(events)


def test_a_circumstance_told_at_what_happened_is_not_stored_as_the_complaint() -> None:
    # Outside care, round 16, F30: the case's complaint read "Im deaf, please dont phone me, i cant
    # use a voice phone", and the e-mail service down for 3 days was nowhere on it.
    messages, slots = _at_what_happened(DEAF, [EMAIL_DOWN, "Nadia Ali", "nadia.ali@example.com"])
    assert slots["complaint_description"] == EMAIL_DOWN
    assert "deaf" not in str(slots.get("complaint_description")).lower()
    assert slots["circumstances"] == ["disability"]  # still heard, and help offered for it


def test_with_no_account_before_it_the_question_is_asked_again() -> None:
    messages, slots = _at_what_happened(DEAF, ["I want to make a complaint", "Nadia Ali"])
    assert slots.get("complaint_description") is None
    assert slots["circumstances"] == ["disability"]


def test_an_account_that_tells_a_circumstance_too_is_still_the_account() -> None:
    told = "im deaf and you keep phoning me even though i asked for email, three times this week"
    _, slots = _at_what_happened(told, ["I want to make a complaint"])
    assert slots["complaint_description"] == told


CONTROLLED = (
    "my ex controls the broadband account, its in his name and he wont let me cancel it, hes"
    " threatened me. i need to get it out of his control"
)


def test_he_is_back_i_have_to_go_gets_a_safety_reply_and_is_never_stored() -> None:
    # Outside care, round 16, F19: "That sounds like more about what happened, so I've added it to
    # your complaint" and the offer asked again, on a screen the abuser may see.
    said = "hes just come back i have to go"
    before = {
        "provider": "infinity-system-solutions",
        "complaint_category": "service",
        "complaint_description": CONTROLLED,
        "circumstances": ["domestic_abuse"],
        "urgent_help_given": ["domestic_abuse"],
    }
    tracker = form_turn_after(
        [CONTROLLED], "support_offer", {"complaint_description": said}, before, said
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert responses(messages) == ["utter_safe_to_leave"]
    assert "999" in rendered(messages[0])
    slots = slots_set(events)
    assert slots.get("complaint_description", CONTROLLED) == CONTROLLED
    assert slots.get("support_offer") is None

    # And the offer, with its "your safety at home", is not asked again on that screen.
    asked, _ = run_action(ActionAskSupportOffer(), tracker)
    assert asked == []


SAFETY_FORM = {
    "provider": "infinity-system-solutions",
    "complaint_category": "service",
    "complaint_description": CONTROLLED,
    "circumstances": ["domestic_abuse"],
    "urgent_help_given": ["domestic_abuse"],
}


@pytest.mark.parametrize(
    ("asked", "before", "said", "wishes"),
    [
        # Outside care, round 16, F20: none of these reached the case; staff may phone or write to
        # the account holder's (the abuser's) details.
        (
            "support_offer",
            {},
            "sorry im back, hes gone out. can you not send anything to the house please, he opens"
            " my post",
            ["no post"],
        ),
        (
            "customer_phone",
            {"support_offer": "no", "support_needs": "none", "customer_name": "Sam Lee"},
            "no phone, he checks it",
            ["no phone calls"],
        ),
        (
            "contact_preference",
            {
                "support_offer": "no",
                "support_needs": "none",
                "customer_name": "Sam Lee",
                "customer_email": "sam.lee@example.com",
                "customer_phone": "none",
                "customer_postcode": "none",
            },
            "email only, nothing by post or phone",
            ["no post", "no phone calls"],
        ),
    ],
)
def test_not_to_be_phoned_or_written_to_at_home_is_noted(
    asked: str, before: dict, said: str, wishes: list[str]
) -> None:
    tracker = form_turn_after([CONTROLLED], asked, {asked: said}, {**SAFETY_FORM, **before}, said)
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots["contact_wishes_heard"] == wishes
    noted = only(messages, "utter_contact_wish_will_note")
    assert noted["wishes"] == ", ".join(wishes)
    assert "complaint_description" not in slots  # never more of what happened
    if asked == "contact_preference":
        assert slots["contact_preference"] == "email"  # the way she chose stands
