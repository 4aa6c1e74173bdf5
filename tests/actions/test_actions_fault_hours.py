"""Outside customers B, round 12, H6: "the phone line he uses for his alarm is dead" at 18:14 on a
Friday gave Infinity System Solutions' number without its hours (its code: "Telephone 0330 9000
009 (09.00 – 1700 Monday to Friday excluding bank holidays)"), nothing said of it being closed
until Monday, and not the code's e-mail. All four providers' fault answers, checked the same way."""

from __future__ import annotations

import pytest

from actions.faults import ActionReportFault
from tests.action_support import make_tracker, responses, run_action

pytestmark = pytest.mark.usefixtures("action_database")

ALARM = "the phone line he uses for his alarm is dead"
FRIDAY_EVENING = "2026-11-27T18:14"
TUESDAY_MORNING = "2026-12-22T10:00"


def fault_answer(monkeypatch, provider: str, now: str, intent: str = "report_fault"):
    monkeypatch.setenv("COMPLAINTS_NOW", now)
    tracker = make_tracker({"provider": provider}, text=ALARM, intent=intent)
    messages, _ = run_action(ActionReportFault(), tracker)
    return messages


@pytest.mark.parametrize("intent", ["report_fault", "inform"])
def test_iss_fault_line_with_its_hours_closed_now_and_its_email(monkeypatch, intent) -> None:
    messages = fault_answer(monkeypatch, "infinity-system-solutions", FRIDAY_EVENING, intent)
    said = responses(messages)
    assert said[0] == "utter_urgent_help"  # 999 first, as before
    line = next(m for m in messages if m["response"] == "utter_fault_line_not_named_hours")
    assert line["phone"] == "0330 9000 009"
    assert "Monday to Friday, 09:00 to 17:00" in line["hours"]
    assert "excluding bank holidays" in line["hours"]
    closed = next(m for m in messages if m["response"] == "utter_fault_line_closed_now")
    assert closed["next_opening"] == "Monday 30 November 2026 at 09:00"
    email = next(m for m in messages if m["response"] == "utter_fault_by_email")
    assert email["emails"] == "service@infinitysystemsolutions.co.uk"
    assert said.index("utter_fault_line_closed_now") > said.index(
        "utter_fault_line_not_named_hours"
    )


def test_iss_fault_line_open_now_says_no_closed(monkeypatch) -> None:
    said = responses(fault_answer(monkeypatch, "infinity-system-solutions", TUESDAY_MORNING))
    assert "utter_fault_line_not_named_hours" in said
    assert "utter_fault_line_closed_now" not in said


def test_infinity_group_fault_line_hours_closed_and_email(monkeypatch) -> None:
    messages = fault_answer(monkeypatch, "infinity-group", FRIDAY_EVENING)
    line = next(m for m in messages if m["response"] == "utter_fault_line_not_named_hours")
    assert line["phone"] == "0345 450 4600"
    assert "Monday to Friday, 09:00 to 17:30" in line["hours"]
    closed = next(m for m in messages if m["response"] == "utter_fault_line_closed_now")
    assert closed["next_opening"] == "Monday 30 November 2026 at 09:00"
    email = next(m for m in messages if m["response"] == "utter_fault_by_email")
    assert email["emails"] == "customerservices@infinitygroup.co.uk"


@pytest.mark.parametrize("provider", ["invictanet", "infinium"])
def test_codes_without_phone_hours_claim_none(monkeypatch, provider: str) -> None:
    """Invictanet's fault line and e-mail, Infinium's number: their codes give no phone hours, so
    nothing is said of hours or of being closed."""
    said = responses(fault_answer(monkeypatch, provider, FRIDAY_EVENING))
    assert "utter_fault_line_closed_now" not in said
    assert "utter_fault_line_not_named_hours" not in said
    assert {"utter_fault_line", "utter_fault_line_not_named"} & set(said)
