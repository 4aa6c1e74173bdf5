"""Round 15, truth15, without Rasa: a deadlock letter's rough day is read, kept on the case
(revision 0014: `cases.adr_letter_held_rough`), shown to staff and exported; the case check says
it as approximate, with the code's own limit, a limit ending today as today, and a reply date
that has passed as passed.

Dates (checked by hand; England-and-Wales bank holidays from GOV.UK's list,
shared/data/uk-bank-holidays-2012-2028.csv: none between 27 November and 24 December 2026):
today Friday 27 November 2026. "early October": Thursday 1 October 2026; "mid October": Thursday
15 October 2026; "the end of September": Wednesday 30 September 2026; "in December": 1 December
2025 (December 2026 is still to come). 12 months from Thursday 27 November 2025 is Friday 27
November 2026, today. Infinity Group, an e-mail complaint received Monday 30 November 2026 10:00:
5 working days, normally replied to by Monday 7 December 2026 (Tue 1, Wed 2, Thu 3, Fri 4, Mon 7).
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.adr_replies import code_limits, letter_dated
from bot.answers.adr import adr_letter_date, adr_letter_rough_words, held_letter_day_in
from bot.cases import export
from bot.cases.customer_requests import replies_about_case
from bot.cases.desk.show import describe_case
from bot.cases.store import CaseStore
from bot.intake import IntakeErrors, validate_intake
from bot.provider_codes import get_code
from bot.regulation import load_rules
from bot.rights import adr_rights
from tests.cases_support import at, make_intake

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 11, 0, tzinfo=LONDON)


# --- reading a rough letter day ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "words"),
    [
        (
            "I got a deadlock letter from you sometime in early October",
            date(2026, 10, 1),
            "in early October",
        ),
        ("You sent me a deadlock letter about mid October", date(2026, 10, 15), "in mid October"),
        ("my deadlock letter came mid-October", date(2026, 10, 15), "in mid October"),
        (
            "I got the deadlock letter at the end of September",
            date(2026, 9, 30),
            "at the end of September",
        ),
        ("I got a deadlock letter in December", date(2025, 12, 1), "in December"),
        (
            "I got a deadlock letter from you about 11 months ago",
            date(2025, 12, 27),
            "about 11 months ago",
        ),
    ],
)
def test_a_rough_letter_day_is_read_with_its_words(text: str, day: date, words: str) -> None:
    assert adr_letter_date(text, TODAY) == day
    assert held_letter_day_in(text, TODAY) == day
    assert adr_letter_rough_words(text, TODAY) == words


@pytest.mark.parametrize(
    "text",
    ["You sent me a deadlock letter dated 15 October 2026", "my deadlock letter came on 3 October"],
)
def test_an_exact_letter_day_has_no_rough_words(text: str) -> None:
    assert adr_letter_date(text, TODAY) is not None
    assert adr_letter_rough_words(text, TODAY) is None


def test_a_rough_letter_day_beside_the_day_first_raised_is_the_letters() -> None:
    text = (
        "I first complained on 1 September 2026 and you sent me a deadlock letter about mid October"
    )
    assert held_letter_day_in(text, TODAY) == date(2026, 10, 15)
    assert adr_letter_rough_words(text, TODAY) == "in mid October"


def test_a_letter_asked_for_in_october_is_no_letter_held() -> None:
    assert adr_letter_date("can I get a deadlock letter in October?", TODAY) is None


# --- the builders ------------------------------------------------------------------------------


def test_a_limit_ending_today_is_its_own_reply() -> None:
    code, rules = get_code("invictanet"), load_rules()
    rights = adr_rights(code, rules, NOW)
    assert letter_dated(code, rules, rights, date(2025, 11, 27), TODAY).response == (
        "utter_adr_letter_dated_last_day"
    )
    assert letter_dated(
        code, rules, rights, date(2025, 11, 27), TODAY, "about 12 months ago"
    ).response == ("utter_adr_letter_dated_last_day_approx")
    assert (
        letter_dated(code, rules, rights, date(2025, 11, 28), TODAY).response
        == "utter_adr_letter_dated"
    )
    assert letter_dated(code, rules, rights, date(2025, 11, 26), TODAY).response == (
        "utter_adr_letter_dated_past"
    )


def test_infinity_groups_limit_is_built_once_for_every_place() -> None:
    code, rules = get_code("infinity-group"), load_rules()
    rights = adr_rights(code, rules, NOW)
    held = code_limits(code, rules, rights, letter_held=True)
    assert [r.response for r in held] == ["utter_adr_limit_code_differs"]
    assert held[0].values["code_months"] == 6 and held[0].values["months"] == 12
    assert "within 6 months of our writing" in held[0].values["quote"]
    assert [r.response for r in code_limits(code, rules, rights)] == [
        "utter_adr_limit_code_differs",
        "utter_adr_limit_no_letter_code",
    ]
    invictanet = get_code("invictanet")
    assert (
        code_limits(invictanet, rules, adr_rights(invictanet, rules, NOW), letter_held=True) == []
    )


# --- the case keeps it -------------------------------------------------------------------------


def rough_case(store: CaseStore, **more: object) -> str:
    return store.create_case(
        make_intake(
            adr_letter_held=date(2026, 10, 15), adr_letter_held_rough="in mid October", **more
        ),
        received=at(2026, 11, 27, 11),
        actor="assistant",
        channel="chat",
    ).reference


def test_the_case_keeps_the_rough_words_and_says_them(store: CaseStore) -> None:
    reference = rough_case(store)
    case = store.get(reference)
    assert case.adr_letter_held == date(2026, 10, 15)
    assert case.adr_letter_held_rough == "in mid October"
    assert case.to_dict()["adr_letter_held_rough"] == "in mid October"
    replies = replies_about_case(case, "status", get_code(case.provider), load_rules(), NOW)
    [letter] = [r for r in replies if r.response.startswith("utter_adr_letter_dated")]
    assert letter.response == "utter_adr_letter_dated_approx"
    assert letter.values["ago"] == "in mid October"
    assert letter.values["until"] == "Friday 15 October 2027"
    assert "utter_adr_limit_code_differs" in [r.response for r in replies]  # Infinity Group


def test_staff_see_the_letter_day_as_approximate(store: CaseStore) -> None:
    reference = rough_case(store)
    case = store.get(reference)
    shown = describe_case(case, store.events(reference), NOW, store)
    assert (
        "the customer says they hold an ADR letter dated around Thursday 15 October 2026 "
        '(approximate: they said it came "in mid October"; not recorded here as sent)' in shown
    ), shown


def test_the_export_has_the_letter_held_and_how_roughly(store: CaseStore, tmp_path: Path) -> None:
    rough = rough_case(store)
    exact = store.create_case(
        make_intake(adr_letter_held=date(2026, 10, 15)),
        received=at(2026, 11, 27, 12),
        actor="assistant",
        channel="chat",
    ).reference
    path = tmp_path / "cases.csv"
    store.export_csv(path, now=NOW)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = {row["reference"]: row for row in csv.DictReader(handle)}
    assert {"adr_letter_held", "adr_letter_held_rough"} <= set(export.COLUMN_NAMES)
    assert rows[rough]["adr_letter_held"] == "2026-10-15"
    assert rows[rough]["adr_letter_held_rough"] == "in mid October"
    assert rows[exact]["adr_letter_held"] == "2026-10-15"
    assert rows[exact]["adr_letter_held_rough"] == ""


def test_rough_words_are_one_plain_line() -> None:
    raw = make_intake().to_dict()
    with pytest.raises(IntakeErrors):
        validate_intake(
            {**raw, "adr_letter_held": "2026-10-15", "adr_letter_held_rough": "in\nmid"}
        )


def test_a_case_with_no_rough_words_keeps_its_submission_key() -> None:
    assert "adr_letter_held_rough" not in make_intake().to_dict()


# --- a reply date that has passed --------------------------------------------------------------


def test_a_passed_reply_date_is_said_as_passed(store: CaseStore) -> None:
    case = store.create_case(
        make_intake(), received=at(2026, 11, 30, 10), actor="assistant", channel="chat"
    )
    code = get_code(case.provider)
    later = datetime(2026, 12, 14, 10, 0, tzinfo=LONDON)
    replies = replies_about_case(store.get(case.reference), "status", code, load_rules(), later)
    [passed] = [r for r in replies if r.response.startswith("utter_case_date_passed")]
    assert passed.response == "utter_case_date_passed_normally"
    assert passed.values["due"] == "Monday 7 December 2026"
    assert passed.values["commitment"] == "respond"
    assert "utter_case_no_next_date" not in [r.response for r in replies]


def test_a_resolved_case_says_no_date_passed(store: CaseStore) -> None:
    case = store.create_case(
        make_intake(), received=at(2026, 11, 30, 10), actor="assistant", channel="chat"
    )
    store.resolve(case.reference, "Refunded.", actor="sam", channel="desk", now=at(2026, 12, 1, 9))
    later = datetime(2026, 12, 14, 10, 0, tzinfo=LONDON)
    replies = replies_about_case(
        store.get(case.reference), "status", get_code(case.provider), load_rules(), later
    )
    assert not [r for r in replies if r.response.startswith("utter_case_date_passed")]
