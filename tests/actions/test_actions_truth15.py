"""Round 15, truth15 (outside compliance tester, reading every answer against the codes and
regulation.md), through the actions: a case check says what logging said.

1. An ADR (deadlock) letter whose day the customer gave only roughly ("sometime in early
   October", "about mid October", "about 11 months ago") is said as approximate at logging, and
   the case check says it, and its deadline, as approximate in the same words (the case keeps
   `adr_letter_held_rough`, revision 0014), never as an exact deadline.
2. Infinity Group's code gives 6 months from its letter to go to the scheme; today's rules give 12
   (regulation.md: "12 months from the letter"), which give the customer more and apply. The case
   check of a case with a letter held says so, as logging does (`bot.adr_replies.code_limits`).
3. (a) A time limit that ends today is said as today being the last day. (b) A reply date that has
   passed, not marked as met, is said as passed ("was due on ..."), never left out or as to come.
   (c) The case check's dates are logging's.

"Today" is Friday 27 November 2026, 11:00 (Europe/London, GMT). Dates checked by hand against the
rules and GOV.UK's England-and-Wales bank holidays (shared/data/uk-bank-holidays-2012-2028.csv:
none between 27 November and 24 December 2026; Christmas Day Friday 25 December, Boxing Day
substitute Monday 28 December 2026):
- "early October" is read as Thursday 1 October 2026 (the first, as for the day first raised), so
  12 months from it: Friday 1 October 2027; "mid October" Thursday 15 October 2026, so Friday 15
  October 2027; "about 11 months ago" Saturday 27 December 2025, so Sunday 27 December 2026.
- A letter dated Thursday 27 November 2025: 12 months is Friday 27 November 2026, today.
- Invictanet (1 working day from an e-mail sent Friday 27 November 2026 11:00): reply by Monday 30
  November 2026. Infinity Group (5 working days for e-mail): Mon 30 Nov, Tue 1, Wed 2, Thu 3, Fri 4
  December: Friday 4 December 2026. Infinity System Solutions: the case handler within 48 hours of
  Friday 27 November 2026 11:00 (passed on Sunday 29 November 11:00); acknowledge (24 working hours)
  and resolve or agree a time (3 working days) by Wednesday 2 December 2026. Checked on Monday 14
  December 2026, every one of them has passed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.action_support import responses
from tests.actions.test_actions_truth14 import checked, log
from tests.actions.test_truth import said

pytestmark = pytest.mark.usefixtures("action_database")


@pytest.fixture(autouse=True)
def friday_27_november(action_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T11:00:00+00:00")


def later(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", moment)


# --- 1. a rough letter day: approximate at logging and at the case check ------------------------

ROUGH = [
    (
        "I was charged twice. I got a deadlock letter from you sometime in early October",
        "in early October",
        "Thursday 1 October 2026",
        "Friday 1 October 2027",
    ),
    (
        "I was charged twice. You sent me a deadlock letter about mid October",
        "in mid October",
        "Thursday 15 October 2026",
        "Friday 15 October 2027",
    ),
    (
        "I was charged twice. I got a deadlock letter from you about 11 months ago",
        "about 11 months ago",
        "Saturday 27 December 2025",
        "Sunday 27 December 2026",
    ),
]


def approximate_words(words: str, rough: str, letter: str, until: str) -> None:
    assert f"You said the letter came {rough}, which is around {letter}" in words, words
    assert "only approximate, so please check the date on the letter" in words, words
    assert f"until around {until}" in words, words
    assert f"so until {until}." not in words, words
    assert f"dated {letter}" not in words, words


@pytest.mark.parametrize(("text", "rough", "letter", "until"), ROUGH)
@pytest.mark.parametrize("provider", ["invictanet", "infinity-group"])
def test_a_rough_letter_day_is_approximate_at_logging_and_at_the_case_check(
    provider: str, text: str, rough: str, letter: str, until: str
) -> None:
    logged, reference = log(provider, text)
    assert "utter_adr_letter_dated_approx" in responses(logged), said(logged)
    approximate_words(said(logged), rough, letter, until)
    messages = checked(reference, provider)
    assert "utter_adr_letter_dated_approx" in responses(messages), said(messages)
    approximate_words(said(messages), rough, letter, until)


def test_an_exact_letter_day_stays_exact_at_the_case_check() -> None:
    _, reference = log(
        "invictanet", "I was charged twice. You sent me a deadlock letter dated 1 October 2026"
    )
    words = said(checked(reference, "invictanet"))
    assert "dated Thursday 1 October 2026" in words, words
    assert "so until Friday 1 October 2027." in words, words
    assert "approximate" not in words, words


# --- 2. Infinity Group's 6 months, beside today's 12, in the case check -------------------------

LIMIT = (
    'Our code says: "Ombudsman Services: Communications will need to have heard from you within 6 '
    "months of our writing to tell you we are unable to resolve your complaint."
)
MORE = (
    "Today's rules give you more: 12 months from an ADR letter, not 6, and the longer limit, "
    "today's 12 months, is the one that applies."
)


@pytest.mark.parametrize(
    "text",
    [
        "I was charged twice. You sent me a deadlock letter dated 20 November 2026",
        "I was charged twice. I got a deadlock letter from you about mid October",
    ],
)
def test_the_case_check_with_a_letter_held_gives_the_codes_limit_as_logging_did(text: str) -> None:
    logged, reference = log("infinity-group", text)
    assert LIMIT in said(logged) and MORE in said(logged), said(logged)
    messages = checked(reference, "infinity-group")
    words = said(messages)
    assert "utter_adr_limit_code_differs" in responses(messages), words
    assert LIMIT in words and MORE in words, words
    # After the letter's own reply, as at logging; the no-letter limit is not for a letter held.
    said_in_order = responses(messages)
    assert said_in_order.index("utter_adr_limit_code_differs") > min(
        i for i, r in enumerate(said_in_order) if r.startswith("utter_adr_letter_dated")
    )
    assert "utter_adr_limit_no_letter_code" not in said_in_order, words


@pytest.mark.parametrize("provider", ["invictanet", "infinium"])
def test_a_code_with_no_limit_of_its_own_adds_none(provider: str) -> None:
    _, reference = log(
        provider, "I was charged twice. You sent me a deadlock letter dated 20 November 2026"
    )
    assert "utter_adr_limit_code_differs" not in responses(checked(reference, provider))


# --- 3a. a limit that ends today ---------------------------------------------------------------


def test_a_limit_ending_today_is_said_as_todays_last_day() -> None:
    logged, reference = log(
        "invictanet", "I was charged twice. You sent me a deadlock letter dated 27 November 2025"
    )
    for messages in (logged, checked(reference, "invictanet")):
        words = said(messages)
        assert "utter_adr_letter_dated_last_day" in responses(messages), words
        assert "until Friday 27 November 2026: today is the last day" in words, words


def test_an_approximate_limit_ending_today_is_said_as_about_today() -> None:
    logged, reference = log(
        "invictanet", "I was charged twice. I got a deadlock letter from you about 12 months ago"
    )
    for messages in (logged, checked(reference, "invictanet")):
        words = said(messages)
        assert "utter_adr_letter_dated_last_day_approx" in responses(messages), words
        assert "until around Friday 27 November 2026, which is today" in words, words


def test_a_limit_ending_tomorrow_is_not_today() -> None:
    _, reference = log(
        "invictanet", "I was charged twice. You sent me a deadlock letter dated 28 November 2025"
    )
    words = said(checked(reference, "invictanet"))
    assert "so until Saturday 28 November 2026." in words, words
    assert "last day" not in words, words


# --- 3b. reply dates that have passed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "line"),
    [
        (
            "invictanet",
            "We were due to respond by Monday 30 November 2026, which has passed, and it isn't "
            "marked as done on the complaint.",
        ),
        (
            "infinity-group",
            "We were due to respond by Friday 4 December 2026 (our code says we normally do), "
            "which has passed, and it isn't marked as done on the complaint.",
        ),
    ],
)
def test_a_reply_date_that_has_passed_is_said_as_passed(
    provider: str, line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    logged, reference = log(provider, "I was charged twice")
    later(monkeypatch, "2026-12-14T10:00:00+00:00")
    messages = checked(reference, provider)
    words = said(messages)
    assert line in words, words
    assert "no outstanding dated promises" not in words, words
    assert "If you haven't heard from us, please call us on" in words, words


def test_a_plain_hours_promise_that_has_passed_is_said_as_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, reference = log("infinity-system-solutions", "I was charged twice")
    later(monkeypatch, "2026-11-30T18:00:00+00:00")
    messages = checked(reference, "infinity-system-solutions")
    words = said(messages)
    assert (
        "Your case handler was to contact you within 48 hours of your complaint being raised (it "
        "was raised on Friday 27 November 2026 at 11:00); that time has passed" in words
    ), words
    # The next date still to come: "within the first 3 working days" from Friday 27th are the
    # 27th, Monday 30th and Tuesday 1 December (outside compliance reader, F7).
    assert (
        "Our next date: resolve your complaint or agree a time to contact you by Tuesday 1 "
        "December 2026." in words
    ), words


def test_every_passed_date_of_infinity_system_solutions_is_said_as_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, reference = log("infinity-system-solutions", "I was charged twice")
    later(monkeypatch, "2026-12-14T10:00:00+00:00")
    words = said(checked(reference, "infinity-system-solutions"))
    assert "that time has passed" in words, words  # the case handler's 48 hours
    assert (
        "We were due to acknowledge your complaint by Wednesday 2 December 2026 (our code states this as an aim, "
        "not a promise), which has passed" in words
    ), words
    assert (
        # "within the first 3 working days": Friday 27th, Monday 30th, Tuesday 1st (F7).
        "If we could not resolve your complaint by Tuesday 1 December 2026, we were to agree a "
        "time to contact you; that date has passed" in words
    ), words
    assert "resolve or agree time" not in words, words
    assert "no outstanding dated promises" not in words, words


def test_a_reply_date_still_to_come_is_not_said_as_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    _, reference = log("invictanet", "I was charged twice")
    later(monkeypatch, "2026-11-30T10:00:00+00:00")
    words = said(checked(reference, "invictanet"))
    assert "Our next date: respond by Monday 30 November 2026." in words, words
    assert "has passed" not in words, words


# --- 3c. the case check's dates are logging's --------------------------------------------------


def dates_in(words: str) -> set[str]:
    import re

    return set(
        re.findall(
            r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}",
            words,
        )
    )


@pytest.mark.parametrize(
    ("provider", "text"),
    [
        ("invictanet", ROUGH[0][0]),
        ("infinity-group", ROUGH[1][0]),
        ("infinium", "I was charged twice. You sent me a deadlock letter dated 20 November 2026"),
        ("infinity-system-solutions", "I was charged twice"),
    ],
)
def test_every_date_the_case_check_gives_was_given_at_logging(provider: str, text: str) -> None:
    logged, reference = log(provider, text)
    at_check: Any = dates_in(said(checked(reference, provider)))
    assert at_check, "no date at the check"
    # The day of logging, which the case check may name as the day the complaint was raised.
    assert at_check <= dates_in(said(logged)) | {"Friday 27 November 2026"}, (
        at_check,
        said(logged),
    )
