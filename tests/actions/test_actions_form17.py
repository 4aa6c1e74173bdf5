"""Outside testers, round 13 (27 November): the complaint form's questions (form17), each seen
failing first. "Today" is Friday 27 November 2026 here, as it was for the testers."""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import ActionSummariseComplaint, ValidateComplaintForm
from bot.answers.category import names_a_fault
from bot.answers.routing import tells_briefly_what_went_wrong
from tests.action_support import (
    CONSUMER_FORM,
    form_answer,
    form_turn_after,
    make_tracker,
    rendered,
    responses,
    run_action,
    slots_set,
)

TODAY = "2026-11-27T10:00"
SO_FAR = {
    "complaint_category": "fault_repair",
    "complaint_description": "my broadband keeps dropping every evening",
    "customer_name": "Jane Doe",
    "customer_email": "jane@example.com",
    "customer_phone": "07700 900123",
    "customer_postcode": "TN1 2PY",
}


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", TODAY)


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(rendered(m) for m in messages)


# 1. Text messages at "How would you like us to contact you?" ------------------------------------


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
@pytest.mark.parametrize("text", ["text me", "texts", "sms", "text messages only"])
def test_text_messages_are_answered_plainly_with_numbered_choices(provider: str, text: str) -> None:
    before = {**SO_FAR, "provider": provider}
    messages, slots = form_answer(text, "contact_preference", before)
    said = _said(messages)
    assert "utter_hint_contact_preference" not in responses(messages)
    assert "text message" in said
    assert "sms" not in said.lower().replace("text message", "")
    assert "1: Email" in said  # the buttons as numbered choices
    assert slots["contact_preference"] is None
    # Asked for texts again: never the same line a second time.
    again = {**before, "answer_failures": {"slot": "contact_preference", "count": 1}}
    messages2, slots2 = form_answer(text, "contact_preference", again)
    assert _said(messages2) != said
    assert "Please choose one of the ways shown." not in _said(messages2)


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
@pytest.mark.parametrize("text", ["me", "ugh whatever"])
def test_an_answer_that_is_no_way_is_never_quoted_back(provider: str, text: str) -> None:
    messages, _ = form_answer(text, "contact_preference", {**SO_FAR, "provider": provider})
    said = _said(messages)
    assert repr(text) not in said and "video relay" not in said and "expected one of" not in said


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
def test_x_then_takes_x(provider: str) -> None:
    _, slots = form_answer("ugh email then", "contact_preference", {**SO_FAR, "provider": provider})
    assert slots["contact_preference"] == "email"


@pytest.mark.parametrize("provider", ["invictanet", "infinity-group"])
@pytest.mark.parametrize("text", ["no thats fine", "no thanks"])
def test_no_thanks_is_never_the_postal_address(provider: str, text: str) -> None:
    before = {**SO_FAR, "provider": provider, "contact_preference": "letter"}
    _, slots = form_answer(text, "customer_address", before)
    assert slots.get("customer_address") != text


# 2. The head count left out is never read back as "none" -----------------------------------------


@pytest.mark.parametrize("provider", ["infinium", "infinity-group"])
def test_a_head_count_left_out_is_read_back_as_not_given(provider: str) -> None:
    slots = {
        **CONSUMER_FORM,
        "provider": provider,
        "customer_type": "business",
        "employees": "none",
    }
    messages, _ = run_action(ActionSummariseComplaint(), make_tracker(slots, text="skip"))
    said = _said(messages)
    assert "none employees" not in said and "none" not in said.split("Complaining as:")[1][:40]
    assert "head count not given" in said


# 4. A need is never the name; a name refused is not kept ------------------------------------------


@pytest.mark.parametrize("provider", ["invictanet", "infinity-group"])
@pytest.mark.parametrize("text", ["large print", "I need large print", "braille please"])
def test_a_need_is_never_taken_as_the_name(provider: str, text: str) -> None:
    before = {"provider": provider, "complaint_category": "billing", "complaint_description": "x"}
    _, slots = form_answer(text, "customer_name", before)
    assert slots.get("customer_name") in (None,)


@pytest.mark.parametrize("provider", ["invictanet", "infinity-group"])
@pytest.mark.parametrize(
    "text", ["i'd rather not give my name", "not giving you my name", "no name thanks"]
)
def test_a_name_refused_is_not_kept_and_the_way_on_is_said(provider: str, text: str) -> None:
    before = {"provider": provider, "complaint_category": "billing", "complaint_description": "x"}
    messages, slots = form_answer(text, "customer_name", before)
    assert slots.get("customer_name") is None
    assert "utter_name_needed_why" in responses(messages)


# 6. The category read from the words of the answer -----------------------------------------------


@pytest.mark.parametrize("provider", ["invictanet", "infinity-system-solutions"])
@pytest.mark.parametrize(
    "text",
    ["you billed me £89 for a month i'd cancelled", "i was overcharged on my last bill"],
)
def test_a_billing_complaint_in_words_is_billing(provider: str, text: str) -> None:
    _, slots = form_answer(text, "complaint_category", {"provider": provider})
    assert slots["complaint_category"] == "billing"


@pytest.mark.parametrize("provider", ["infinity-system-solutions", "infinity-group"])
@pytest.mark.parametrize("text", ["what about if I write a letter?", "and if I phone?"])
def test_a_follow_up_question_at_the_category_question_is_answered(
    provider: str, text: str
) -> None:
    tracker = form_turn_after(
        ["how long will you take to get back to me if I email?"],
        "complaint_category",
        {"complaint_category": text},
        {"provider": provider},
        text,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert "utter_hint_complaint_category" not in responses(messages)
    assert any(r.startswith("utter_response_times") for r in responses(messages))
    assert slots_set(events)["complaint_category"] is None


# 5. A question the form cannot answer is said so, and the question comes again saying so --------


@pytest.mark.parametrize("provider", ["infinity-group", "infinium"])
def test_a_question_at_the_email_question_is_not_met_with_the_email_hint(provider: str) -> None:
    before = {"provider": provider, "complaint_category": "billing", "complaint_description": "x"}
    text = "and can you freeze my bill while its looked at?"
    messages, slots = form_answer(text, "customer_email", before)
    assert "utter_hint_customer_email" not in responses(messages)
    assert "utter_question_not_answered_here" in responses(messages)
    assert slots["customer_email"] is None


# 7. A reference is never a head count -------------------------------------------------------------


@pytest.mark.parametrize("provider", ["infinity-system-solutions", "infinity-group"])
@pytest.mark.parametrize("text", ["ISS-4471", "IG-4471", "ref 4471-2290"])
def test_a_reference_is_never_a_head_count(provider: str, text: str) -> None:
    before = {**SO_FAR, "provider": provider, "customer_type": "business"}
    _, slots = form_answer(text, "employees", before)
    assert slots.get("employees") is None


@pytest.mark.parametrize("provider", ["invictanet", "infinity-group"])
def test_business_and_head_count_in_one_answer(provider: str) -> None:
    text = "business, 5 employees, no contractors or volunteers"
    _, slots = form_answer(text, "customer_type", {**SO_FAR, "provider": provider})
    assert slots["customer_type"] == "business"
    assert "5" in str(slots["employees"])


# 8. Dates after today ----------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["infinity-group", "infinium"])
def test_a_date_after_today_is_refused_with_the_reason(provider: str) -> None:
    before = {**SO_FAR, "provider": provider}
    messages, slots = form_answer(
        "i first reported it on 30/11/2026", "complaint_first_raised", before
    )
    assert slots["complaint_first_raised"] is None
    assert "after today" in _said(messages)
    assert "couldn't read that as a date" not in _said(messages)


@pytest.mark.parametrize("provider", ["infinity-group", "infinium"])
def test_a_day_without_its_year_that_is_ahead_this_year_is_asked_about(provider: str) -> None:
    before = {**SO_FAR, "provider": provider}
    messages, slots = form_answer("30 november", "complaint_first_raised", before)
    assert slots["complaint_first_raised"] is None
    said = _said(messages)
    assert "Did you mean Sunday 30 November 2025?" in said
    # "yes" takes the day asked about.
    asked = {**before, "answer_failures": slots["answer_failures"]}
    _, slots2 = form_answer("yes", "complaint_first_raised", asked)
    assert slots2["complaint_first_raised"] == "2025-11-30"


# 9. Another detail at the account and postcode questions ------------------------------------------


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
def test_a_date_at_the_account_question_is_kept_and_said(provider: str) -> None:
    before = {**SO_FAR, "provider": provider, "contact_preference": "email"}
    text = "i first complained on the phone on 2nd november"
    messages, slots = form_answer(text, "account_number", before)
    assert slots.get("account_number") is None
    assert slots.get("complaint_first_raised") == "2026-11-02"
    assert "utter_detail_kept_account_asked" in responses(messages)


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
def test_no_account_number_said_at_the_postcode_question_is_noted(provider: str) -> None:
    before = {k: v for k, v in SO_FAR.items() if k != "customer_postcode"}
    messages, slots = form_answer(
        "dont know my account number sorry", "customer_postcode", {**before, "provider": provider}
    )
    assert slots.get("account_number") == "none"
    assert "utter_account_noted_postcode_asked" in responses(messages)


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
@pytest.mark.parametrize(
    ("held", "way"), [("ugh email then", "email"), ("phone me then", "phone"), ("me", None)]
)
def test_a_way_held_in_the_customers_words_is_read_at_the_next_question(
    provider: str, held: str, way: str | None
) -> None:
    # Given back to the form unchecked (a message first read as stop): read from its words at
    # the next question, never kept raw for the read-back to refuse quoting it ("'ugh email
    # then' is not a way to be contacted; expected one of: email, phone, sms, ...").
    before = {**SO_FAR, "provider": provider, "contact_preference": held}
    messages, slots = form_answer("consumer", "customer_type", before)
    assert slots["contact_preference"] == way
    said = _said(messages)
    assert held not in said and "expected one of" not in said
    if way is None:
        assert "utter_contact_preference_asked_again" in responses(messages)


# 3. A first message telling of a fault in everyday words is what happened -------------------------


@pytest.mark.parametrize(
    "first",
    [
        "my landline has crackle on it for a month",
        "there's static on my phone line every day",
        "crackling on the line when i call anyone",
    ],
)
def test_noise_on_the_line_is_a_fault(first: str) -> None:
    assert names_a_fault(first)
    assert tells_briefly_what_went_wrong(first)


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
def test_the_first_message_is_kept_when_the_category_is_answered(provider: str) -> None:
    first = "my landline has crackle on it for a month"
    tracker = form_turn_after(
        [first],
        "complaint_category",
        {"complaint_category": "fault"},
        {"provider": provider},
        "fault",
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots["complaint_category"] == "fault_repair"
    # A few words of it: noted, and a bit more asked for with the reason, never "Please tell me
    # what happened" as if nothing had been told (issue 15, i15-its-bob: the rest was never
    # asked for); the answer is added after the first words (test_actions_words19b.py).
    from actions.intake import ActionAskComplaintDescription

    asking = form_turn_after(
        [first], "complaint_description", {}, {"provider": provider, **slots}, "fault"
    )
    messages, _ = run_action(ActionAskComplaintDescription(), asking)
    assert responses(messages) == ["utter_ask_complaint_description_add"]
    answer = "it started after your engineer visited"
    answering = form_turn_after(
        [first, "fault"],
        "complaint_description",
        {"complaint_description": answer},
        {"provider": provider, **slots},
        answer,
    )
    _, events = run_action(ValidateComplaintForm(), answering)
    assert slots_set(events)["complaint_description"] == f"{first}. {answer}"


@pytest.mark.parametrize("provider", ["invictanet", "infinity-group"])
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Joan Pike, I need large print", "Joan Pike"),
        ("my name is Joan Pike and i need braille", "Joan Pike"),
    ],
)
def test_a_name_beside_a_need_keeps_both(provider: str, text: str, name: str) -> None:
    before = {"provider": provider, "complaint_category": "billing", "complaint_description": "x"}
    _, slots = form_answer(text, "customer_name", before)
    assert slots["customer_name"] == name
    assert slots["accessibility_needs"] in ("large print", "braille")
