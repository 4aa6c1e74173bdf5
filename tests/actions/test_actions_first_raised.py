"""The day a complaint was first raised, in the customer's everyday words (outside testers, 27 Nov).

The ADR wait runs from when the complaint was first raised with the provider (regulation.md), but
only "I first complained on ..." was read: "I emailed you on Tuesday 24 November", "I rang on the
3rd", "15.10.26", "this is the 4th time I've contacted you" were missed, and the ADR date was
counted from the day the case was logged, weeks too late (outside compliance F12, F17; customers A
F5, F12, F13, F14; customers B F21). Each test drives the form and actions as Rasa would.

"Today" is Friday 27 November 2026, the day the testers found it.
"""

from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction

from actions.chitchat import ActionDefaultFallback
from actions.intake import (
    ActionChangeComplaint,
    ActionStartComplaint,
    ActionSubmitComplaint,
    ActionSummariseComplaint,
    ValidateComplaintForm,
)
from actions.rights import ActionAnswerQuestion
from bot.cases.store import CaseStore
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    account_given,
    at_read_back,
    complaint_form_answer,
    form_turn_after,
    make_tracker,
    only,
    responses,
    run_action,
    slots_set,
)

FORM = "complaint_form"

pytestmark = pytest.mark.usefixtures("action_database", "friday_27_november")


# --- 1. earlier contact, in everyday words, gives the day ----------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # compliance F12 (comp-ig-04)
        (
            "I emailed you on Tuesday 24 November about my bill, when should I get a reply?",
            "2026-11-24",
        ),
        # customers B F21 (cb-20)
        (
            "emailed you on 10 November 2026 about my email hosting being down and got nothing "
            "back. want to log a complaint. fwiw i'm autistic and find phone calls really hard",
            "2026-11-10",
        ),
        # the outage day (1 November) is not the day they rang
        ("Broadband down since 1 November. I rang on the 3rd and nobody came out", "2026-11-03"),
        ("My line went dead on 1 November and I rang you about it on the 5th", "2026-11-05"),
        ("wrote to you on 14/10/2026 and heard nothing back about the charges", "2026-10-14"),
        ("called last Monday and was promised a refund that never came", "2026-11-23"),
        # customers A F5 (custA-05): the engineer's day is not the complaint's
        (
            "engineer was meant to come 14/10/2026 between 8-1, never showed. Rebooked for 2nd "
            "Nov, no show AGAIN. I first complained about this on 15.10.26 by phone and heard "
            "nothing. Paid £89.99 for the install",
            "2026-10-15",
        ),
        ("I first complained on 15.10.2026 and nothing has been done", "2026-10-15"),
        ("I phoned you on 15-10-26 about the fault and nobody came", "2026-10-15"),
        # several days of earlier contact: the earliest
        ("I rang on 10 November and I emailed you on 3 November, still no refund", "2026-11-03"),
        # customers A F12 (custA-18)
        (
            "I was promised £50 credit on the phone back in Sept for the outage and its never "
            "appeared on my bill. Spoke to someone called Mark on 22/09.",
            "2026-09-22",
        ),
        # compliance F12 (comp-in-02)
        (
            "My broadband drops every evening and nothing was done after I told you on 2 November",
            "2026-11-02",
        ),
        ("I've been in touch with you since 4 November about the charges", "2026-11-04"),
        # a deadlock letter's day is a different fact
        (
            "I first complained on 2 March 2026 and you sent me a deadlock letter dated 20 "
            "October 2026. Still not fixed.",
            "2026-03-02",
        ),
    ],
)
def test_earlier_contact_in_everyday_words_keeps_the_day(text: str, kept: str) -> None:
    slots = account_given(text)
    assert slots["complaint_first_raised"] == kept
    # Not asked again (a circumstance heard may be asked about first).
    assert slots["requested_slot"] in ("customer_name", "support_offer")


@pytest.mark.parametrize(
    "text",
    [
        "My broadband went down on 3 November and has been down since",
        "My bill dated 1 November charged me twice for the same month",
        "You sent me a deadlock letter dated 20 October 2026 about my broadband",
        # customers A F14 (custA-22): the letter, not the first complaint
        "got a letter from u on 1st october saying ur not doing anything more about my complaint",
        "The engineer called on the 3rd and left without fixing it",
        "Our price went up on 15.10.26 without any notice",
        "I emailed Ofcom on 3 November about the price rise",
    ],
)
def test_a_day_that_is_not_earlier_contact_is_never_kept(text: str) -> None:
    slots = account_given(text)
    assert "complaint_first_raised" not in slots
    assert slots["requested_slot"] == "customer_name"


def test_a_day_still_to_come_is_never_kept() -> None:
    slots = account_given("I emailed you on 3 December 2026 about the charges")
    assert slots.get("complaint_first_raised") in (None, "none")


def test_earlier_contact_in_the_first_message_is_read_at_a_later_answer() -> None:
    """The first message told of the e-mail; the account came later, at "what happened?"."""
    slots = account_given(
        "charged twice for November, £29.50 taken on 1st and again on 3rd",
        earlier=("I emailed you on Tuesday 24 November about my bill, when should I get a reply?",),
    )
    assert slots["complaint_first_raised"] == "2026-11-24"


def test_an_earlier_day_in_a_later_answer_replaces_a_later_one() -> None:
    tracker = form_turn_after(
        ["I rang you on 20 November about my bill"],
        "customer_name",
        {"customer_name": "Jane Doe"},
        {
            "complaint_category": "billing",
            "complaint_description": "I was charged twice. I first emailed you on 2 November.",
            "complaint_first_raised": "2026-11-20",
        },
        "Jane Doe",
    )
    _, events = run_action(ValidateComplaintForm(), tracker)
    assert slots_set(events)["complaint_first_raised"] == "2026-11-02"


# --- 3. earlier contact with no day: asked once, before the read-back ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        # customers A F13 (custA-19)
        "THIS IS THE 4TH TIME IVE CONTACTED YOU. NO INTERNET FOR 9 DAYS. I WANT TO SPEAK TO THE "
        "MANAGING DIRECTOR NOW",
        "I've been chasing this for weeks and my bill is still wrong",
        "I complained before and nothing happened, I was charged twice",
        # "last month" is a rough day: asked, not guessed
        "I rang last month about it and nobody has fixed the line",
    ],
)
def test_earlier_contact_with_no_day_asks_when_it_was_first_raised(text: str) -> None:
    slots = account_given(text)
    assert "complaint_first_raised" not in slots
    assert slots["requested_slot"] == "complaint_first_raised"


def test_the_question_says_a_rough_date_will_do_and_how_to_skip() -> None:
    asked = DOMAIN["responses"]["utter_ask_complaint_first_raised"][0]["text"]
    assert asked == (
        "When did you first raise this with us? A rough date is fine (say 'not sure' to skip)"
    )


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        ("about 3 weeks ago", "2026-11-06"),
        ("early October", "2026-10-01"),
        ("mid october", "2026-10-15"),
        ("late September", "2026-09-25"),
        ("15.10.26", "2026-10-15"),
        ("i said, 15.10.26", "2026-10-15"),
        ("15-10-2026", "2026-10-15"),
        ("22/09", "2026-09-22"),
        ("I rang on the 3rd", "2026-11-03"),
        ("Tuesday 24 November", "2026-11-24"),
    ],
)
def test_the_answer_is_read_every_way(answer: str, kept: str) -> None:
    result, messages = complaint_form_answer("complaint_first_raised", answer)
    assert result["complaint_first_raised"] == kept
    assert messages == []


def test_not_sure_skips_the_question() -> None:
    result, messages = complaint_form_answer("complaint_first_raised", "not sure")
    assert result["complaint_first_raised"] == "none"
    assert responses(messages) == ["utter_answer_left_out"]


# --- 2. "i first raised this on 22 September, put that in" at "Shall I log it?" ------------------


ADDED = "i first raised this on 22 September, put that in"


def _updated_and_read_back(messages: list[dict], events: list[dict]) -> None:
    assert slots_set(events)["complaint_first_raised"] == "2026-09-22"
    updated = only(messages, "utter_first_raised_updated")
    assert updated["answer"] == "Tuesday 22 September 2026"
    assert events[-1] == FollowupAction("action_summarise_complaint")
    assert "utter_complaint_created" not in responses(messages)
    assert "complaint_description" not in slots_set(events)


def test_the_day_first_raised_read_as_yes_is_kept_and_the_complaint_is_not_logged() -> None:
    """customers A F12 (custA-18): logged at once without the day, with a wrong ADR date."""
    messages, events = run_action(
        ActionSubmitComplaint(), at_read_back(ADDED, "affirm", earlier="earlier")
    )
    _updated_and_read_back(messages, events)


def test_the_day_first_raised_read_as_a_new_complaint_is_kept_not_added() -> None:
    messages, events = run_action(
        ActionStartComplaint(), at_read_back(ADDED, "make_complaint", earlier="earlier")
    )
    _updated_and_read_back(messages, events)
    assert "utter_start_complaint" not in responses(messages)


def test_the_day_first_raised_not_understood_at_the_read_back_is_changed() -> None:
    messages, events = run_action(
        ActionDefaultFallback(), at_read_back(ADDED, "nlu_fallback", earlier="earlier")
    )
    assert events[-1] == FollowupAction("action_change_complaint")
    messages, events = run_action(
        ActionChangeComplaint(), at_read_back(ADDED, "inform", earlier="earlier")
    )
    _updated_and_read_back(messages, events)


def test_yes_with_the_day_already_kept_logs_the_complaint(action_store: CaseStore) -> None:
    messages, _ = run_action(
        ActionSubmitComplaint(),
        at_read_back(
            "yes, I first complained on 22 September",
            "affirm",
            {"complaint_first_raised": "2026-09-22"},
            earlier="earlier",
        ),
    )
    assert "utter_complaint_created" in responses(messages)


# --- 4. the read-back and the confirmation count from that day -----------------------------------


def test_the_read_back_shows_the_day_first_raised() -> None:
    tracker = make_tracker(
        {**CONSUMER_FORM, "complaint_first_raised": "2026-11-10"}, text="", intent=None
    )
    messages, _ = run_action(ActionSummariseComplaint(), tracker)
    summary = only(messages, "utter_complaint_summary")["summary"]
    assert "• First raised with us: Tuesday 10 November 2026" in summary.splitlines()


def test_the_confirmation_counts_adr_from_the_day_in_the_account(action_store: CaseStore) -> None:
    """customers B F21 (cb-20): "from Friday 8 January 2027" instead of 22 December 2026."""
    slots = account_given(
        "emailed you on 10 November 2026 about my email hosting being down and got nothing back"
    )
    tracker = make_tracker(
        {
            **CONSUMER_FORM,
            "provider": "invictanet",
            "complaint_first_raised": slots["complaint_first_raised"],
        },
        text="yes",
        intent="affirm",
    )
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    adr = only(messages, "utter_adr_from_date_first_raised")
    assert (adr["raised"], adr["opens"]) == ("Tuesday 10 November 2026", "Tuesday 22 December 2026")


def test_a_letter_from_us_is_not_the_day_the_complaint_was_first_raised() -> None:
    """customers A F14 (custA-22): "For a complaint first raised on Thursday 1 October 2026" was
    said of the day our letter came, and that day kept for the complaint."""
    tracker = make_tracker(
        {"provider": "infinium"},
        text="got a letter from u on 1st october saying ur not doing anything more about my "
        "complaint. is it too late for cisas??",
        intent="ask_adr",
    )
    messages, events = run_action(ActionAnswerQuestion(), tracker)
    assert "complaint_first_raised" not in slots_set(events)
    assert all(m.get("raised") != "Thursday 1 October 2026" for m in messages)
