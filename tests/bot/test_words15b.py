"""The readings behind words15b's fixes (outside testers, round 15), decided without Rasa."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.answers.after_logging import (
    ADDITION,
    adds_the_last_detail,
    contact_detail_corrected,
    reading_after_logging,
)
from bot.cases.customer_requests import replies_about_case
from bot.cases.store import CaseStore
from bot.provider_codes import get_code
from bot.regulation import load_rules
from tests.cases_support import make_intake

TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    "text",
    [
        "oh and they told me it would be fixed by friday",
        "and they said an engineer would come on monday",
        "oh they also told me it was my fault",
    ],
)
def test_an_addition_with_no_also_is_an_addition(text: str) -> None:
    assert reading_after_logging(text, "fault_repair") == ADDITION


@pytest.mark.parametrize(
    "text", ["can you log it as well", "can you add that too", "please put that on it too"]
)
def test_add_that_too_asks_for_the_last_detail(text: str) -> None:
    assert adds_the_last_detail(text)


@pytest.mark.parametrize("text", ["thanks", "can you log my complaint", "what happens now?"])
def test_other_words_do_not_ask_for_the_last_detail(text: str) -> None:
    assert not adds_the_last_detail(text)


def test_a_contact_correction_names_its_detail_and_value() -> None:
    assert contact_detail_corrected("sorry my email is actually jo.b@example.com") == (
        "email",
        "jo.b@example.com",
    )
    assert contact_detail_corrected("i want to update my phone number") is None
    assert contact_detail_corrected("oh and postcode is PR2 8AA if u need it") is None


@pytest.fixture
def cases(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as opened:
        yield opened


@pytest.mark.parametrize("provider", ["infinity-group", "infinium", "invictanet"])
@pytest.mark.parametrize("category", ["pricing", "billing", "fault_repair"])
def test_the_case_check_gives_the_size_rule_for_a_business_too_large(
    cases: CaseStore, provider: str, category: str
) -> None:
    case = cases.create_case(
        make_intake(
            channel="chat",
            provider=provider,
            category=category,
            customer_type="business",
            employees=25,
            head_count="25 employees",
        ),
        received=TODAY,
        actor="assistant",
        channel="chat",
    )
    replies = replies_about_case(case, "status", get_code(provider), load_rules(), TODAY)
    closed = [r for r in replies if r.response == "utter_case_adr_not_eligible"]
    assert len(closed) == 1
    assert "25 employees" in closed[0].values["reason"]
    assert all("prices" not in str(r.values) for r in closed)
