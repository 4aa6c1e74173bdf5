"""Dates in the customer's words, outside compliance reader, round 13 (27 Nov 2026).

- F1: earlier contact by fax, by post, in store or through the engineer was not read as the day
  first raised, and the ADR date was counted from the day of logging; earlier contact with no day
  ("I faxed you about it before", "I've been on about it for ages") was never asked about.
- F22: "fax" was no channel in a reply-time question: "if I fax you a complaint on Friday 2 April
  2027" was answered for an e-mail sent today.

"Today" is Friday 27 November 2026, 11:00, the day the reader found these. Every date below was
checked by hand against uk-bank-holidays-2012-2028.csv (England and Wales: Good Friday 26 March
2027 and Easter Monday 29 March 2027, so Friday 2 April to Monday 5 April 2027 has no holiday).
"""

from __future__ import annotations

import pytest

from actions.intake import ActionSubmitComplaint, ActionSummariseComplaint
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes
from bot.cases.store import CaseStore
from tests.action_support import (
    CONSUMER_FORM,
    account_given,
    ask_with,
    make_tracker,
    only,
    responses,
    run_action,
    slot_event,
    user_event,
)
from tests.actions.test_truth import said

pytestmark = pytest.mark.usefixtures("action_database", "friday_27_november")


# --- F1: earlier contact by every channel ---------------------------------------------------------

FAXED = (
    "I cancelled my hosting in January but you kept charging me. I first faxed a complaint on 2 "
    "February 2026"
)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (FAXED, "2026-02-02"),
        ("I complained by fax on 2 February 2026 about the charges", "2026-02-02"),
        ("I first posted a letter about it on 5 October 2026, still charged", "2026-10-05"),
        ("I faxed you on 5 October 2026 and you still charge me", "2026-10-05"),
        ("I went in store on 5 October 2026 about the bill and nothing changed", "2026-10-05"),
        ("I told the engineer on 5 October 2026 and the line is still dead", "2026-10-05"),
    ],
)
def test_earlier_contact_by_any_channel_keeps_the_day(text: str, kept: str) -> None:
    slots = account_given(text)
    assert slots["complaint_first_raised"] == kept
    assert slots["requested_slot"] in ("customer_name", "support_offer")


@pytest.mark.parametrize(
    "text",
    [
        "I faxed you about it before and you still charge me",
        "I've been on about it for ages and you still charge me",
        "I sent you a letter about the charges and heard nothing",
    ],
)
def test_earlier_contact_by_any_channel_with_no_day_asks_when(text: str) -> None:
    slots = account_given(text)
    assert "complaint_first_raised" not in slots
    assert slots["requested_slot"] == "complaint_first_raised"


def test_the_read_back_and_the_adr_date_count_from_the_fax(action_store: CaseStore) -> None:
    """invictanet: 2 February 2026 + 8 weeks (regulation.md then, shorter than the code's 12) is
    Monday 30 March 2026 (6 weeks only from 8 April 2026), long gone: ADR is open now, not "from
    Friday 8 January 2027" (today + 6 weeks)."""
    kept = account_given(FAXED)["complaint_first_raised"]
    slots = {**CONSUMER_FORM, "provider": "invictanet", "complaint_first_raised": kept}
    messages, _ = run_action(ActionSummariseComplaint(), make_tracker(slots, text="", intent=None))
    summary = only(messages, "utter_complaint_summary")["summary"]
    assert "• First raised with us: Monday 2 February 2026" in summary.splitlines()
    messages, _ = run_action(
        ActionSubmitComplaint(), make_tracker(slots, text="yes", intent="affirm")
    )
    words = said(messages)
    assert "Monday 2 February 2026" in words, words
    assert "first raised it on Monday 2 February 2026, the wait has run out" in words, words
    assert "Ombudsman now" in words, words
    assert "2027" not in words, words


# --- F22: fax is a channel ------------------------------------------------------------------------

FAX_ON_A_DAY = "if I fax you a complaint on Friday 2 April 2027 when will you reply?"


def test_a_fax_to_invictanet_on_a_day_is_counted_from_that_day() -> None:
    """Invictanet: "respond ... within one working day" of a fax: Friday 2 April 2027 -> Monday
    5 April 2027."""
    messages, _ = ask_with(
        ActionQuoteResponseTimes(), "invictanet", FAX_ON_A_DAY, "ask_response_time"
    )
    words = said(messages)
    assert "made by fax on Friday 2 April 2027" in words, words
    assert "We will reply by Monday 5 April 2027 (1 working day)" in words, words
    assert "web chat" not in words, words
    assert "e-mail today" not in words, words
    assert "30 November 2026" not in words, words


def test_a_fax_to_iss_on_a_day_is_counted_from_that_day() -> None:
    """Infinity System Solutions lists a fax number under "Contact Us" and its times apply to any
    method: from Friday 2 April 2027 09:00 (09:00-17:00), 24 working hours end on Tuesday 6 April,
    and "within the first 3 working days" (Fri 2, Mon 5, Tue 6) on Tuesday 6 April 2027 too: the
    first of them is the day it is sent (outside compliance reader, F7: Wednesday 7th before)."""
    messages, _ = ask_with(
        ActionQuoteResponseTimes(), "infinity-system-solutions", FAX_ON_A_DAY, "ask_response_time"
    )
    words = said(messages)
    assert "made by fax on Friday 2 April 2027" in words, words
    assert "acknowledge your complaint by Tuesday 6 April 2027" in words, words
    assert "by Tuesday 6 April 2027 (3 working days)" in words, words
    assert "web chat" not in words, words


@pytest.mark.parametrize(
    ("provider", "dated"),
    [
        # Infinity Group: e-mail "within five working days": Fri 2 Apr -> Fri 9 Apr 2027.
        ("infinity-group", "We normally reply by Friday 9 April 2027 (5 working days)"),
        # Infinium: e-mail "within 3 business days": Fri 2 Apr -> Wed 7 Apr 2027.
        ("infinium", "We aim to respond by Wednesday 7 April 2027 (3 business days)"),
    ],
)
def test_a_code_silent_on_fax_says_so_and_dates_what_it_states(provider: str, dated: str) -> None:
    messages, _ = ask_with(ActionQuoteResponseTimes(), provider, FAX_ON_A_DAY, "ask_response_time")
    words = said(messages)
    assert "no timed promise for a complaint made by fax on Friday 2 April 2027" in words, words
    assert "by e-mail on Friday 2 April 2027" in words, words
    assert dated in words, words
    assert "2026" not in words, words


# --- F21: a complaint already e-mailed is counted from that day, and a passed date said ---------


@pytest.mark.parametrize(
    "text",
    [
        "I e-mailed complaints@invictanet.com yesterday, when will you reply?",
        "emailed complaints@invictanet.com yesterday, when do I get a reply",
    ],
)
def test_an_email_sent_yesterday_is_due_today(text: str) -> None:
    """Invictanet: one working day from Thursday 26 November 2026 is Friday 27 November, today."""
    messages, _ = ask_with(ActionQuoteResponseTimes(), "invictanet", text, "ask_response_time")
    words = said(messages)
    assert "made by e-mail on Thursday 26 November 2026" in words, words
    assert "We will reply by Friday 27 November 2026 (1 working day)" in words, words
    assert "due today, Friday 27 November 2026" in words, words
    assert "30 November" not in words, words


def test_an_email_sent_on_monday_was_due_on_tuesday_and_that_has_passed() -> None:
    """Invictanet: one working day from Monday 23 November 2026 is Tuesday 24 November, passed."""
    text = "I emailed my complaint to complaints@invictanet.com on Monday, when will you reply?"
    messages, _ = ask_with(ActionQuoteResponseTimes(), "invictanet", text, "ask_response_time")
    words = said(messages)
    assert "We will reply by Tuesday 24 November 2026 (1 working day)" in words, words
    assert "Tuesday 24 November 2026 has already passed" in words, words


def test_iss_dates_from_an_email_sent_on_monday_have_passed() -> None:
    """Infinity System Solutions (09:00-17:00): from Monday 23 November 2026 09:00, 24 working
    hours end on Wednesday 25 November, and "within the first 3 working days" (Mon 23, Tue 24,
    Wed 25; F7: Thursday 26th before) on Wednesday 25 November too: passed."""
    text = "I emailed my complaint on Monday, when will you reply?"
    messages, _ = ask_with(
        ActionQuoteResponseTimes(), "infinity-system-solutions", text, "ask_response_time"
    )
    words = said(messages)
    assert "acknowledge your complaint by Wednesday 25 November 2026" in words, words
    assert "by Wednesday 25 November 2026 (3 working days)" in words, words
    assert "Thursday 26 November 2026" not in words, words
    assert "Wednesday 25 November 2026 has already passed" in words, words


def test_a_complaint_to_be_sent_says_nothing_of_passed_dates() -> None:
    messages, _ = ask_with(
        ActionQuoteResponseTimes(), "invictanet", FAX_ON_A_DAY, "ask_response_time"
    )
    words = said(messages)
    assert "passed" not in words and "due today" not in words, words


# --- F24: how the provider replies is answered from the code's reply routes ----------------------


@pytest.mark.parametrize(
    ("provider", "text", "right", "wrong"),
    [
        (
            "invictanet",
            "will you reply by letter?",
            "respond by E-mail and/or Telephone within one working day",
            "doesn't say it replies by letter",
        ),
        (
            "infinity-system-solutions",
            "will you reply by letter?",
            "sending you an email or a letter should you prefer to confirm these details in writing",
            None,
        ),
        (
            "infinity-group",
            "do you reply by email?",
            "We will normally respond to a letter within ten working days, an email within five",
            None,
        ),
        ("infinium", "will you reply by letter?", "doesn't say how it will reply", None),
    ],
)
def test_how_the_provider_replies_comes_from_its_reply_routes(
    provider: str, text: str, right: str, wrong: str | None
) -> None:
    messages, _ = ask_with(ActionQuoteResponseTimes(), provider, text, "ask_response_time")
    words = said(messages)
    assert right in words, words
    if wrong is not None:
        assert wrong in words, words
    assert "sent by letter" not in words, words
    assert "Your letter reaches us" not in words, words
    assert "made by letter" not in words, words


# --- F9: with a deadlock letter held, only "you can go now" --------------------------------------

HELD_LETTER = (
    "I first complained on 19 October 2026 about the charges and you sent me a deadlock letter "
    "dated 20 November 2026"
)


@pytest.mark.parametrize("provider", ["invictanet", "infinium", "infinity-group"])
def test_a_held_letter_is_not_also_told_to_wait(provider: str, action_store: CaseStore) -> None:
    """19 October 2026 + 6 weeks (regulation.md, from 8 April 2026) is Monday 30 November 2026,
    still to come; the letter of 20 November 2026 opens ADR now, for 12 months: until Saturday
    20 November 2027."""
    slots = {**CONSUMER_FORM, "provider": provider, "complaint_first_raised": "2026-10-19"}
    events = [user_event(HELD_LETTER, "make_complaint"), user_event("yes", "affirm")]
    messages, _ = run_action(
        ActionSubmitComplaint(), make_tracker(slots, text="yes", intent="affirm", events=events)
    )
    words = said(messages)
    assert "dated Friday 20 November 2026" in words, words
    assert "until Saturday 20 November 2027" in words, words
    assert "now" in words, words
    assert "from Monday 30 November 2026" not in words, words
    assert "or sooner if we send you" not in words, words
    assert "utter_adr_from_date_first_raised" not in responses(messages)


# --- F20: a letter's day given roughly is said to be approximate ---------------------------------


@pytest.mark.parametrize("provider", ["invictanet", "infinium", "infinity-group"])
def test_a_letter_about_11_months_ago_is_approximate(provider: str) -> None:
    """11 months before Friday 27 November 2026 is about 27 December 2025, and 12 months from that
    about 27 December 2026: approximate, so never an exact deadline, and the letter's own date to
    be checked."""
    text = "I got a deadlock letter 11 months ago, can I still go to the ombudsman?"
    messages, _ = ask_with(ActionAnswerQuestion(), provider, text, "ask_adr")
    words = said(messages)
    assert "dated Saturday 27 December 2025" not in words, words
    assert "so until Sunday 27 December 2026." not in words, words
    assert "approximate" in words, words
    assert "check the date on the letter" in words, words
    assert "about 11 months ago" in words, words
    assert "around Sunday 27 December 2026" in words, words


def test_a_letter_on_an_exact_day_keeps_its_exact_deadline() -> None:
    text = "I got a deadlock letter dated 20 November 2026, can I go to the ombudsman?"
    messages, _ = ask_with(ActionAnswerQuestion(), "invictanet", text, "ask_adr")
    words = said(messages)
    assert "until Saturday 20 November 2027" in words, words
    assert "approximate" not in words, words


@pytest.mark.parametrize("provider", ["invictanet", "infinium", "infinity-group"])
def test_the_adr_question_after_logging_with_a_held_letter_says_only_go_now(provider: str) -> None:
    """The same complaint logged, then "can i go to the ombudsman?": only that the customer may go
    now, until Saturday 20 November 2027 (12 months from the letter), never also "from Monday 30
    November 2026, or sooner if we send you an ADR letter"."""
    events = [
        user_event(HELD_LETTER, "make_complaint"),
        slot_event("complaint_first_raised", "2026-10-19"),
        slot_event("complaint_first_raised", None),
        slot_event("created_reference", "IV-GY4GRD"),
        user_event("can i go to the ombudsman?", "ask_adr"),
    ]
    tracker = make_tracker(
        {"provider": provider, "created_reference": "IV-GY4GRD"},
        text="can i go to the ombudsman?",
        intent="ask_adr",
        events=events,
    )
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    words = said(messages)
    assert "IV-GY4GRD" in words, words
    assert "until Saturday 20 November 2027" in words, words
    assert "from Monday 30 November 2026" not in words, words
    assert "or sooner if we send you" not in words, words
