"""The read-back ("Here's your complaint before I log it: ... Shall I log it?") and changes to it, as
outside testers met them on 27 November 2026 (round 13), whatever intent the model read:

- anything but a clear yes never logs: a detail typed there ("ACC778") is that detail changed,
  said, and the read-back again;
- a correction given with "no, ..." (a head count, the day first raised) is applied and said;
- "email not text relay", "change contact to email" change the way of contact the right way round;
- "remove the large print" removes it, never adds it;
- "add priority fault repair to the needs" adds it with the form's consent wording, or says why not;
- "yes log it. can i go to the ombudsman ...?": the question answered, then logged.

"Today" is Friday 27 November 2026, 11:00; each test has its own SQLite case store.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.chitchat import ActionDefaultFallback
from actions.intake import ActionChangeComplaint, ActionSubmitComplaint
from actions.rights import ActionAnswerQuestion
from tests.action_support import at_read_back, followups, rendered, responses, run_action, slots_set

PROVIDERS = ("invictanet", "infinity-system-solutions", "infinity-group", "infinium")

pytestmark = pytest.mark.usefixtures("action_database", "friday_27_november")


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in messages)


def _change(text: str, provider: str, slots: dict[str, Any] | None = None, intent: str = "inform"):
    return run_action(ActionChangeComplaint(), at_read_back(text, intent, slots, provider=provider))


# --- 1. a detail typed at "Shall I log it?" is a change, never a yes ------------------------------


@pytest.mark.parametrize("provider", ["invictanet", "infinity-system-solutions"])
def test_an_account_number_at_shall_i_log_it_is_never_logged(provider: str) -> None:
    messages, events = run_action(
        ActionSubmitComplaint(), at_read_back("ACC778", "affirm", provider=provider)
    )
    assert "utter_complaint_created" not in responses(messages)
    assert followups(events) == ["action_change_complaint"]


@pytest.mark.parametrize("provider", ["invictanet", "infinity-system-solutions"])
@pytest.mark.parametrize(
    ("said", "slot", "value", "words"),
    [
        ("ACC778", "account_number", "ACC778", "Updated your account number to ACC778."),
        ("ruth.ede@example.com", "customer_email", "ruth.ede@example.com", "ruth.ede@example.com"),
        ("07700 900456", "customer_phone", "07700 900456", "07700 900456"),
        ("TN2 4QR", "customer_postcode", "TN2 4QR", "TN2 4QR"),
        ("Ruth Ede", "customer_name", "Ruth Ede", "Updated your name to Ruth Ede."),
    ],
)
def test_a_detail_typed_alone_at_the_read_back_is_changed_and_said(
    provider: str, said: str, slot: str, value: str, words: str
) -> None:
    messages, events = _change(said, provider)
    assert slots_set(events)[slot] == value
    assert words in _said(messages)
    assert followups(events) == ["action_summarise_complaint"]


@pytest.mark.parametrize("provider", ["invictanet", "infinium"])
@pytest.mark.parametrize("said", ["hmm", "maybe later today", "what about the other thing"])
def test_no_clear_yes_never_logs(provider: str, said: str) -> None:
    messages, events = run_action(
        ActionSubmitComplaint(), at_read_back(said, "affirm", provider=provider)
    )
    assert "utter_complaint_created" not in responses(messages)
    assert "action_submit_complaint" not in followups(events)


@pytest.mark.parametrize("provider", ["invictanet", "infinium"])
@pytest.mark.parametrize("said", ["yes", "yes please", "yep log it", "that's correct", "/affirm"])
def test_a_clear_yes_still_logs(provider: str, said: str) -> None:
    messages, _ = run_action(
        ActionSubmitComplaint(), at_read_back(said, "affirm", provider=provider)
    )
    assert "utter_complaint_created" in responses(messages)


# --- 2. a correction given with "no, ..." is applied and said --------------------------------------

BUSINESS = {"customer_type": "business", "employees": "7"}


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
def test_a_head_count_corrected_with_no_is_applied(provider: str) -> None:
    messages, events = _change("no, it's 9 people with the 2 locums", provider, BUSINESS)
    # 9 in all, the 2 locums among them: the groups as given, each scheme counting its own.
    assert slots_set(events)["employees"] == "7 employees and 2 contractors"
    assert "Updated your number of employees to 7 employees and 2 contractors." in _said(messages)


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
def test_locums_are_counted_with_the_staff(provider: str) -> None:
    messages, events = _change(
        "the number of staff is 7 plus 2 locum dentists who are self employed", provider, BUSINESS
    )
    assert slots_set(events)["employees"] == "7 employees and 2 contractors"


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
def test_the_day_first_raised_corrected_with_no_is_applied(provider: str) -> None:
    messages, events = _change(
        "no the date is wrong, it was 24 september",
        provider,
        {"complaint_first_raised": "2026-09-14"},
    )
    assert slots_set(events)["complaint_first_raised"] == "2026-09-24"
    assert "24 September" in _said(messages)


@pytest.mark.parametrize("provider", ["infinity-group", "infinium"])
def test_a_correction_not_read_is_said_never_the_same_read_back_silently(provider: str) -> None:
    messages, events = _change("no thats not right at all", provider)
    assert messages, "the read-back came back with no word"


# --- 3. the way of contact, the right way round ----------------------------------------------------


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
@pytest.mark.parametrize(
    "said",
    [
        "contact by email not text relay",
        "not text relay, email",
        "change contact to email",
        "how you contact me, i want email",
    ],
)
def test_the_way_of_contact_is_read_the_right_way_round(provider: str, said: str) -> None:
    messages, events = _change(said, provider, {"contact_preference": "phone"})
    assert slots_set(events)["contact_preference"] == "email"
    assert "text relay" not in _said(messages)
    assert "Please type an email address" not in _said(messages)


# --- 4. a removal removes ---------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["infinity-system-solutions", "infinium"])
def test_removing_large_print_at_the_read_back_removes_it(provider: str) -> None:
    messages, events = _change(
        "remove the large print, i said not large print",
        provider,
        {"accessibility_needs": "large print"},
    )
    assert slots_set(events).get("accessibility_needs") in ("none", None) or (
        "large print" not in str(slots_set(events).get("accessibility_needs"))
    )
    assert "accessibility_needs" in slots_set(events)
    assert "Updated your accessibility needs to large print" not in _said(messages)


@pytest.mark.parametrize("provider", ["infinity-system-solutions", "infinium"])
def test_removing_one_of_two_formats_keeps_the_other(provider: str) -> None:
    messages, events = _change(
        "take off the large print please", provider, {"accessibility_needs": "large print, braille"}
    )
    assert slots_set(events)["accessibility_needs"] == "braille"


# --- 5. a need added at the read-back ---------------------------------------------------------------

CARE_ALARM = {"circumstances": ["depends_on_line"], "support_offer": "yes"}


@pytest.mark.parametrize("provider", ["invictanet", "infinium"])
@pytest.mark.parametrize(
    "said", ["add priority fault repair to the needs", "I'd like priority fault repair for my line"]
)
def test_priority_fault_repair_added_at_the_read_back(provider: str, said: str) -> None:
    messages, events = _change(said, provider, CARE_ALARM)
    assert slots_set(events)["support_needs"]["needs"] == ["priority_fault_repair"]
    assert "When your complaint is logged I'll record this on it" in _said(messages)
    assert followups(events) == ["action_summarise_complaint"]


@pytest.mark.parametrize("provider", ["invictanet", "infinium"])
def test_priority_fault_repair_not_offered_says_why(provider: str) -> None:
    messages, events = _change("add priority fault repair to the needs", provider)
    assert "support_needs" not in slots_set(events)
    assert "priority fault repair" in _said(messages).lower()
    assert "I've added it to your complaint" not in _said(messages)


# --- 6. a yes with a question ------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
def test_a_yes_with_a_question_is_answered_then_logged(provider: str) -> None:
    said = "yes log it. can i go to the ombudsman about a price rise?"
    messages, events = run_action(
        ActionAnswerQuestion(), at_read_back(said, "ask_adr", provider=provider)
    )
    assert messages, "the question was not answered"
    assert followups(events)[-1:] == ["action_submit_complaint"]


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
def test_a_yes_with_a_question_read_as_yes_answers_it_then_logs(provider: str) -> None:
    said = "yes log it. can i go to the ombudsman about a price rise?"
    messages, _ = run_action(
        ActionSubmitComplaint(), at_read_back(said, "affirm", provider=provider)
    )
    said_back = responses(messages)
    assert "utter_complaint_created" in said_back
    assert said_back.index("utter_complaint_created") > 0, "the question was not answered first"


@pytest.mark.parametrize("provider", ["invictanet", "infinium"])
@pytest.mark.parametrize(
    "said",
    ["ACC778", "I'd like priority fault repair for my line", "remove the large print please"],
)
def test_a_change_read_as_something_else_is_still_the_change(provider: str, said: str) -> None:
    messages, events = run_action(
        ActionDefaultFallback(), at_read_back(said, "nlu_fallback", provider=provider)
    )
    assert followups(events) == ["action_change_complaint"]
