"""Reading the complaint back, stopping it, and creating the case (actions/intake.py).

The case store is a SQLite file of each test's own; "today" is Tuesday 22 December 2026, 10:00.
"""

from __future__ import annotations

import copy
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

import actions.cases
from actions.intake import (
    FORM_FIELDS,
    ActionStopComplaint,
    ActionSubmitComplaint,
    ActionSummariseComplaint,
    _label,
)
from actions.vulnerability import SUPPORT_SLOTS
from bot.cases.references import is_reference
from bot.cases.store import CaseStore
from bot.outbox import Outbox
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    database_outage,
    make_tracker,
    only,
    responses,
    run_action,
    slots_set,
)

LONDON = ZoneInfo("Europe/London")


pytestmark = pytest.mark.usefixtures("action_database")


def form(**changes: Any) -> dict[str, Any]:
    return {**CONSUMER_FORM, **changes}


def summarise(slots: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    return run_action(ActionSummariseComplaint(), make_tracker(slots, text="", intent=None))


def submit(
    slots: dict[str, Any], sender_id: str = "conversation-1"
) -> tuple[list[dict], list[dict]]:
    tracker = make_tracker(slots, text="yes", intent="affirm", sender_id=sender_id)
    return run_action(ActionSubmitComplaint(), tracker)


# --- ActionSummariseComplaint ---------------------------------------------------------------------


def test_the_summary_says_a_complaint_not_raised_before_counts_from_today() -> None:
    """Outside customers B, round 13, H3: ten of 31 complaints never spoke of earlier contact, the
    read-back had no line for it, and the ADR date was months later than the customer's own."""
    messages, _ = summarise(form())
    lines = only(messages, "utter_complaint_summary")["summary"].split("\n")
    assert any(line.startswith("• First raised with us: today") for line in lines)
    messages, _ = summarise(form(complaint_first_raised="2026-11-13"))
    lines = only(messages, "utter_complaint_summary")["summary"].split("\n")
    assert not any("today" in line for line in lines if line.startswith("• First raised"))


def test_the_summary_reads_every_answer_back() -> None:
    messages, events = summarise(form(complaint_category="fault_repair", customer_phone="none"))
    assert responses(messages) == ["utter_complaint_summary"]
    assert only(messages, "utter_complaint_summary")["summary"].split("\n") == [
        "• About: fault repair",
        "• What happened: I was charged twice for December.",
        "• First raised with us: today, here (if you raised it with us before, tell me the day: "
        "your ombudsman date counts from it)",
        "• Name: Jane Doe",
        "• Email: jane.doe@example.co.uk",
        "• Phone: —",
        "• Postcode: TN1 2PY",
        "• Contact by: email",
        "• Complaining as: consumer",
        "• Account number: —",
        "• Accessibility needs: —",
    ]
    assert events == []


def test_the_summary_is_worded_by_the_domain() -> None:
    """A provider rewords the read-back in domain.yml, without a release (issue 16)."""
    reworded = copy.deepcopy(DOMAIN)
    responses_ = reworded["responses"]
    responses_["utter_read_back_complaint_description"] = [{"text": "- Your account: {answer}"}]
    responses_["utter_read_back_not_given"] = [{"text": "(not given)"}]
    responses_["utter_read_back_business"] = [{"text": "a firm of {employees} ({counted})"}]
    responses_["utter_read_back_customer_address"] = [{"text": "- Letters to: {answer}"}]
    slots = form(customer_type="business", employees=8, customer_address="1 High St {name}")
    tracker = make_tracker(slots, text="", intent=None)
    messages, _ = run_action(ActionSummariseComplaint(), tracker, reworded)
    lines = only(messages, "utter_complaint_summary")["summary"].split("\n")
    assert "- Your account: I was charged twice for December." in lines
    assert "• Account number: (not given)" in lines
    assert "• Complaining as: a firm of 8 (employees, contractors and volunteers)" in lines
    # The customer's own words are never read as the domain's placeholders.
    assert "- Letters to: 1 High St {name}" in lines


def test_the_summary_gives_a_businesss_size() -> None:
    # The number is the head count the provider's scheme counts, and says so (outside compliance
    # review H2: "business, 6 employees" for 6 employees and 7 contractors).
    messages, _ = summarise(form(customer_type="business", employees=8, account_number="AB-1"))
    lines = only(messages, "utter_complaint_summary")["summary"].split("\n")
    assert "• Complaining as: business, 8 employees, contractors and volunteers" in lines
    assert "• Account number: AB-1" in lines
    cisas = form(provider="infinium", customer_type="business", employees=8)
    lines = only(summarise(cisas)[0], "utter_complaint_summary")["summary"].split("\n")
    assert "• Complaining as: business, 8 employees" in lines


def test_a_business_of_13_counted_as_the_ombudsman_counts_is_told_it_cannot_use_it() -> None:
    """Outside compliance review H2: Invictanet's business with 6 employees and 7 contractors was
    told it may go to the Communications Ombudsman; the form now stores 13 for it."""
    messages, _ = submit(form(provider="invictanet", customer_type="business", employees=13))
    assert "utter_adr_from_date" not in responses(messages)
    assert only(messages, "utter_adr_not_eligible")["reason"] == (
        "A business with 13 employees, contractors and volunteers cannot use ADR: the "
        "Communications Ombudsman takes businesses with 10 or fewer employees, contractors and "
        "volunteers counted together."
    )
    sources = only(messages, "utter_adr_not_eligible")["custom"]["sources"]
    assert any("counts employees, contractors and volunteers" in s["source"] for s in sources)


ISS = "infinity-system-solutions"


def test_the_read_back_gives_a_head_count_as_the_customer_gave_it() -> None:
    """Outside testers (issue 14/15): "8 employees and 5 contractors" was read back as "13
    employees, contractors and volunteers"."""
    slots = form(provider=ISS, customer_type="business", employees="8 employees and 5 contractors")
    lines = only(summarise(slots)[0], "utter_complaint_summary")["summary"].split("\n")
    assert "• Complaining as: business, 8 employees and 5 contractors" in lines
    bare = form(provider=ISS, customer_type="business", employees="40 employees")
    lines = only(summarise(bare)[0], "utter_complaint_summary")["summary"].split("\n")
    assert "• Complaining as: business, 40 employees" in lines


def test_eight_employees_and_five_contractors_are_told_what_each_scheme_decides(
    action_store: CaseStore,
) -> None:
    """Infinity System Solutions' code names no scheme: with 8 employees the business is within
    CISAS's limit (it counts employees), and with 13 counted together over the Communications
    Ombudsman's (regulation.md). The confirmation said only that it depended on the scheme, for
    "a business with 13 employees, contractors and volunteers"."""
    slots = form(provider=ISS, customer_type="business", employees="8 employees and 5 contractors")
    messages, _ = submit(slots)
    depends = only(messages, "utter_adr_depends")["reason"]
    assert depends == (
        "Whether a business with 8 employees and 5 contractors can use ADR depends on which "
        "scheme we belong to: CISAS takes businesses with 10 or fewer employees, so it would take "
        "yours (8 employees); the Communications Ombudsman takes businesses with 10 or fewer "
        "employees, contractors and volunteers counted together, so it would not (13 counted "
        "together)."
    )
    assert "utter_adr_not_eligible" not in responses(messages)
    reference = only(messages, "utter_complaint_created")["reference"]
    case = action_store.get(reference)
    assert case is not None and case.customer.employees == 13


def test_forty_employees_cannot_use_either_scheme() -> None:
    """Outside testers (issue 14/15; the outside conversation set's business-40-staff): "40" to
    "How many employees does the business have, and how many contractors and volunteers?" is 40
    employees, over every scheme's limit: no ADR date."""
    messages, _ = submit(form(provider=ISS, customer_type="business", employees="40 employees"))
    said = responses(messages)
    assert "utter_adr_from_date" not in said and "utter_adr_depends" not in said
    assert only(messages, "utter_adr_not_eligible")["reason"].startswith(
        "A business with 40 employees cannot use ADR: the schemes take businesses with 10 or "
        "fewer employees"
    )


def test_a_business_of_unknown_size_is_asked_for_its_employees_before_the_read_back() -> None:
    # Became a business in a correction after the form: the form asks how many employees.
    messages, events = summarise(form(customer_type="business", employees=None))
    assert responses(messages) == []
    assert events == [FollowupAction("complaint_form")]


def test_the_summary_reads_back_the_customers_own_words_exactly() -> None:
    messages, _ = summarise(form(customer_email="jane_doe@example.co.uk", account_number="AB_123"))
    lines = only(messages, "utter_complaint_summary")["summary"].split("\n")
    assert "• Email: jane_doe@example.co.uk" in lines
    assert "• Account number: AB_123" in lines


def test_an_invalid_correction_is_asked_again() -> None:
    # "my email is jane at example" after the read-back: set by Rasa, never validated by the form.
    messages, events = summarise(form(customer_email="jane at example"))
    # The question's plain hint, never the check's own message (outside words, round 16, F65).
    assert responses(messages) == ["utter_hint_customer_email"]
    assert events == [SlotSet("customer_email", None), FollowupAction("complaint_form")]


@pytest.mark.parametrize(
    ("preference", "missing", "slot"),
    [
        ("phone", {"customer_phone": "none"}, "customer_phone"),
        ("email", {"customer_email": "none"}, "customer_email"),
        ("letter", {}, "customer_address"),
    ],
)
def test_a_preference_the_customer_cannot_be_reached_by_asks_for_the_missing_detail(
    preference: str, missing: dict[str, Any], slot: str
) -> None:
    """Outside testing: "The customer prefers email but gave no email address." (the desk's words)
    was said five times in one turn, re-asking the preference re-read the same message, and the
    conversation then stopped answering."""
    messages, events = summarise(form(contact_preference=preference, **missing))
    said = only(messages, "utter_preference_unreachable")
    assert said["route"] == _label(preference) and said["detail"]
    assert "utter_invalid_field" not in responses(messages)
    assert events == [SlotSet(slot, None), FollowupAction("complaint_form")]


def test_no_way_to_reach_the_customer_is_said_without_reopening_a_question() -> None:
    messages, events = summarise(form(customer_email="none", customer_phone="none"))
    problem = only(messages, "utter_invalid_field")["problem"]
    assert "email address, a phone number or a postal address" in problem
    assert events == []


def test_a_customer_reached_by_post_is_read_back_and_logged_with_the_address(
    action_store: CaseStore,
) -> None:
    by_post = form(
        customer_email="none",
        customer_phone="none",
        contact_preference="letter",
        customer_address="12 Elm Road, Tunbridge Wells",
    )
    messages, events = summarise(by_post)
    assert "• Postal address: 12 Elm Road, Tunbridge Wells" in messages[0]["summary"]
    messages, _ = submit(by_post)
    case = action_store.get(only(messages, "utter_complaint_created")["reference"])
    assert case.customer.address == "12 Elm Road, Tunbridge Wells"
    assert case.customer.contact_preference == "letter"
    assert (case.customer.email, case.customer.phone) == (None, None)


# --- ActionStopComplaint --------------------------------------------------------------------------


def test_stopping_clears_every_answer_and_says_nothing_was_saved(action_store: CaseStore) -> None:
    messages, events = run_action(
        ActionStopComplaint(), make_tracker(form(), text="stop", intent="stop")
    )
    assert responses(messages) == ["utter_complaint_stopped"]
    # The answers to the support questions (actions/vulnerability.py) go with the rest, and who
    # the complaint is made for and the wishes about contact held for the accessibility answer.
    kept_aside = ("made_on_behalf", "contact_wishes_heard")
    assert events == [
        SlotSet(slot, None) for slot in (*FORM_FIELDS, *SUPPORT_SLOTS, *kept_aside)
    ] + [SlotSet("requested_slot", None)]
    assert action_store.counts()["cases"] == 0


# --- ActionSubmitComplaint ------------------------------------------------------------------------


def test_submitting_creates_the_case_and_gives_its_reference(action_store: CaseStore) -> None:
    messages, events = submit(form())
    created = only(messages, "utter_complaint_created")
    reference = created["reference"]
    assert is_reference(reference) and reference.startswith("IG-")
    assert created["name"] == "Jane Doe"
    assert created["provider_name"] == "Infinity Group"

    case = action_store.get(reference)
    assert case is not None
    assert (case.provider, case.channel, case.category) == ("infinity-group", "chat", "billing")
    assert case.description == "I was charged twice for December."
    assert case.customer.email == "jane.doe@example.co.uk"
    assert case.customer.postcode == "TN1 2PY"
    assert case.customer.account is None  # declined: not stored as the word "none"
    assert case.customer.accessibility_needs is None
    assert case.raised_at == datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)
    assert case.status == "raised"

    slots = slots_set(events)
    assert {slots[slot] for slot in FORM_FIELDS} == {None}
    assert slots["requested_slot"] is None
    assert slots["provider"] == "infinity-group"
    assert slots["created_reference"] == reference
    assert slots["verified_reference"] == reference


def test_submitting_gives_every_date_the_next_steps_and_the_ombudsman_date() -> None:
    messages, _ = submit(form())
    assert responses(messages) == [
        "utter_complaint_created",
        "utter_complaint_reply_times_intro",
        "utter_commitment_respond_normally",
        "utter_complaint_next_steps",
        "utter_escalation_step",
        "utter_escalation_step",
        "utter_adr_from_date",
        # Infinity Group's own 8 weeks beside today's 6, and which applies (round 13).
        "utter_adr_code_wait_longer",
        # Free, the 12 months, and how to reach the scheme (outside compliance, round 16, F9).
        "utter_adr_free_and_limit",
        "utter_adr_approved_scheme_contacts",
        "utter_complaint_record",  # the website chat's card and record (docs/web-chat.md)
    ]
    respond = only(messages, "utter_commitment_respond_normally")
    assert respond["due_date"] == "Thursday 31 December 2026"
    assert respond["period"] == "5 working days"
    steps = only(messages, "utter_complaint_next_steps")
    assert steps["first_handler"] == "Customer Service Team or your Account Manager"
    assert steps["contact_preference"] == "email"
    roles = [m["role"] for m in messages if m["response"] == "utter_escalation_step"]
    assert roles == ["Operations Director", "Managing Director"]
    adr = only(messages, "utter_adr_from_date")
    assert adr["scheme"] == "the Communications Ombudsman"
    assert adr["opens"] == "Tuesday 2 February 2027"


def test_submitting_the_same_complaint_again_gives_the_same_case(action_store: CaseStore) -> None:
    first, _ = submit(form())
    again, _ = submit(form())
    reference = only(first, "utter_complaint_created")["reference"]
    assert only(again, "utter_complaint_created")["reference"] == reference
    assert action_store.counts()["cases"] == 1


def test_another_conversation_with_the_same_complaint_gets_its_own_case(
    action_store: CaseStore,
) -> None:
    first, _ = submit(form(), sender_id="conversation-1")
    second, _ = submit(form(), sender_id="conversation-2")
    assert (
        only(first, "utter_complaint_created")["reference"]
        != only(second, "utter_complaint_created")["reference"]
    )
    assert action_store.counts()["cases"] == 2


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"customer_type": "business", "employees": 50},
            "A business with 50 employees, contractors and volunteers cannot use ADR: the "
            "Communications Ombudsman takes businesses with 10 or fewer employees, contractors and "
            "volunteers counted together.",
        ),
    ],
)
def test_a_complaint_the_ombudsman_will_not_take_is_told_why(
    changes: dict[str, Any], reason: str
) -> None:
    messages, _ = submit(form(**changes))
    assert "utter_adr_from_date" not in responses(messages)
    assert reason in only(messages, "utter_adr_not_eligible")["reason"]


def test_a_large_business_pricing_complaint_is_told_only_what_rules_it_out() -> None:
    """Outside compliance review: the price note (which keeps ADR) was given as a reason ADR is
    closed, beside the real one (the business's size)."""
    messages, _ = submit(form(customer_type="business", employees=40, complaint_category="pricing"))
    reasons = [m["reason"] for m in messages if m.get("response") == "utter_adr_not_eligible"]
    assert reasons == [
        "A business with 40 employees, contractors and volunteers cannot use ADR: the "
        "Communications Ombudsman takes businesses with 10 or fewer employees, contractors and "
        "volunteers counted together."
    ]


def test_a_small_business_may_use_the_ombudsman() -> None:
    messages, _ = submit(form(customer_type="business", employees=8))
    assert only(messages, "utter_adr_from_date")["opens"] == "Tuesday 2 February 2027"
    assert "utter_adr_not_eligible" not in responses(messages)


def test_employees_given_by_a_consumer_are_not_stored(action_store: CaseStore) -> None:
    messages, _ = submit(form(customer_type="consumer", employees=500))
    case = action_store.get(only(messages, "utter_complaint_created")["reference"])
    assert case is not None and case.customer.employees is None
    assert "utter_adr_from_date" in responses(messages)


def test_submitting_to_infinity_system_solutions_gives_all_three_promises(
    action_store: CaseStore,
) -> None:
    messages, events = submit(form(provider="infinity-system-solutions"))
    reference = only(messages, "utter_complaint_created")["reference"]
    assert reference.startswith("ISS-")
    dated = {m["response"]: m["due_date"] for m in messages if "due_date" in m}
    assert dated == {
        "utter_commitment_acknowledge_aim": "Tuesday 29 December 2026",
        # "within the first 3 working days": Tue 22, Wed 23, Thu 24 (outside compliance, F7).
        "utter_commitment_resolve_or_agree_time": "Thursday 24 December 2026",
    }
    # "within 48 hours of your complaint being raised": the code's words, no date of its own
    # (F2); then the moment staff have it due, from the case's raising (round 19, F2).
    handler = only(messages, "utter_case_handler_contact_logged")
    assert handler["period"] == "48 hours" and "due_date" not in handler
    assert handler["reference"] == reference and handler["due"].startswith("Thursday 24 December")
    # Its code names Ofcom, not a scheme: the generic name is used.
    assert only(messages, "utter_adr_from_date")["scheme"] == "the ombudsman (ADR) scheme"
    assert action_store.get(reference) is not None
    assert slots_set(events)["provider"] == "infinity-system-solutions"


def test_a_form_that_does_not_pass_the_intake_checks_is_read_back_again(
    action_store: CaseStore,
) -> None:
    messages, events = submit(form(customer_postcode="XYZ"))
    assert messages == []
    assert events == [FollowupAction("action_summarise_complaint")]
    assert action_store.counts()["cases"] == 0


def test_a_database_outage_keeps_the_complaint_in_the_outbox_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database_outage(monkeypatch)
    messages, events = submit(form())
    assert responses(messages) == ["utter_complaint_not_saved"]
    not_saved = only(messages, "utter_complaint_not_saved")
    assert not_saved["contact_preference"] == "email"
    assert not_saved["phone"] == "0345 450 4600"
    kept = Outbox(tmp_path / "outbox").pending()
    assert len(kept) == 1
    assert kept[0].intake.email == "jane.doe@example.co.uk"
    assert kept[0].intake.provider == "infinity-group"
    # The form is finished: its answers are kept in the outbox, not in the conversation.
    assert SlotSet("complaint_description", None) in events


def test_when_the_database_returns_the_kept_complaint_becomes_exactly_one_case(
    monkeypatch: pytest.MonkeyPatch, action_database: str, tmp_path: Path
) -> None:
    database_outage(monkeypatch)
    submit(form())
    submit(form())  # the customer confirms again while it is still down: still one submission
    assert len(Outbox(tmp_path / "outbox").pending()) == 1
    monkeypatch.setenv("DATABASE_URL", action_database)
    actions.cases.reset_case_store()
    first = actions.cases.drain_outbox()
    again = actions.cases.drain_outbox()
    assert len(first) == 1 and again == []
    # A retry of the same submission from the conversation gives the same case, never a second.
    messages, _ = submit(form())
    assert only(messages, "utter_complaint_created")["reference"] == first[0]
    with CaseStore.open(action_database) as action_store:
        assert [case.reference for case in action_store.list_cases()] == first
    assert Outbox(tmp_path / "outbox").pending() == []


def test_opening_the_store_does_not_block_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    opened_on: list[threading.Thread] = []
    real_open = CaseStore.open

    def recording_open(*args: Any, **kwargs: Any) -> CaseStore:
        opened_on.append(threading.current_thread())
        return real_open(*args, **kwargs)

    monkeypatch.setattr(actions.cases.CaseStore, "open", recording_open)
    submit(form())
    assert opened_on and opened_on[0] is not threading.main_thread()


# --- the conversation behind the case -----------------------------------------------------------


def test_a_case_created_in_chat_records_the_conversation_it_came_from(
    action_store: CaseStore,
) -> None:
    messages, _ = submit(form(), sender_id="web-7f3a9c")
    case = action_store.require(only(messages, "utter_complaint_created")["reference"])
    assert case.conversation_id == "web-7f3a9c"
    assert action_store.linked_conversations() == {"web-7f3a9c"}


def test_a_case_kept_in_the_outbox_still_records_its_conversation(
    monkeypatch: pytest.MonkeyPatch, action_database: str, tmp_path: Path
) -> None:
    database_outage(monkeypatch)
    submit(form(), sender_id="+447700900461")
    monkeypatch.setenv("DATABASE_URL", action_database)
    actions.cases.reset_case_store()
    [reference] = actions.cases.drain_outbox()
    with CaseStore.open(action_database) as action_store:
        assert action_store.require(reference).conversation_id == "+447700900461"


def test_without_a_preference_the_next_steps_say_nothing_about_one(action_store: CaseStore) -> None:
    """Outside testing: "You asked us to contact you by —"."""
    messages, _ = submit(form(contact_preference="none"))
    said = responses(messages)
    assert "utter_complaint_next_steps_no_preference" in said
    assert "utter_complaint_next_steps" not in said


@pytest.mark.parametrize(
    "provider", ["infinity-group", "infinity-system-solutions", "infinium", "invictanet"]
)
def test_the_dates_at_logging_say_whose_routes_they_are_for_as_the_answer_does(
    provider: str,
) -> None:
    # Outside testing: asked "when will you reply?", the assistant said the code makes no
    # reply-time promise for a chat complaint; logging one, it then gave the dates as promises.
    messages, _ = submit(form(provider=provider))
    said = responses(messages)
    intro = only(messages, "utter_complaint_reply_times_intro")
    first_date = next(
        i
        for i, name in enumerate(said)
        if name.startswith(("utter_commitment_", "utter_case_handler_contact_logged"))
    )
    assert said.index("utter_complaint_reply_times_intro") == first_date - 1
    assert intro["routes"] and intro["effective_channel"] in ("e-mail", "letter", "phone")
    assert intro["custom"]["sources"][0]["quote"], "the routes come from the code's own words"
    # Outside customers, Infinium: "... (the code gives no e-mail address). These are the dates
    # it gives for a complaint sent by e-mail today": the route it dates by is one it names.
    channel_words = {"e-mail": "e-mail", "letter": "writing", "phone": "phone"}
    assert channel_words[intro["effective_channel"]] in intro["routes"]
    assert f"no {intro['effective_channel']} address" not in intro["routes"]


# --- the day the customer first raised the complaint (issue 14) -----------------------------------
# Before: the confirmation counted the ADR wait from the day the case was logged (22 December 2026,
# ADR from 2 February 2027) whatever day the customer said they first raised it.


def test_the_read_back_says_when_it_was_first_raised() -> None:
    messages, _ = summarise(form(complaint_first_raised="2026-11-03"))
    lines = only(messages, "utter_complaint_summary")["summary"].split("\n")
    assert lines[2] == "• First raised with us: Tuesday 3 November 2026"
    # Not given: no line, and never "None" or "—" for it.
    plain = only(summarise(form())[0], "utter_complaint_summary")["summary"]
    assert "first raised" not in plain


def test_the_confirmation_counts_adr_from_the_day_first_raised(action_store: CaseStore) -> None:
    messages, _ = submit(form(complaint_first_raised="2026-12-01"))
    assert "utter_adr_from_date" not in responses(messages)
    adr = only(messages, "utter_adr_from_date_first_raised")
    # First raised on 1 December 2026: six weeks (from 8 April 2026), so from 12 January 2027.
    assert (adr["raised"], adr["opens"]) == ("Tuesday 1 December 2026", "Tuesday 12 January 2027")
    assert adr["scheme"] == "the Communications Ombudsman"
    text = DOMAIN["responses"]["utter_adr_from_date_first_raised"][0]["text"]
    assert "from when you first raised it on {raised}" in text
    case = action_store.get(only(messages, "utter_complaint_created")["reference"])
    assert case is not None
    assert case.first_raised == date(2026, 12, 1)
    assert case.adr_opens == date(2027, 1, 12)
    assert case.raised_at == datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)


def test_a_day_first_raised_long_ago_says_adr_is_open_and_the_12_month_limit() -> None:
    # 1 December 2025, before 8 April 2026: the 8-week wait, so ADR opened on 26 January 2026.
    messages, _ = submit(form(complaint_first_raised="2025-12-01"))
    opened = only(messages, "utter_adr_open_first_raised")
    assert opened["raised"] == "Monday 1 December 2025"
    limit = only(messages, "utter_adr_first_raised_past_limit")
    assert limit["months"] == 12
    assert any(
        "Ofcom consumer help pages on ADR" in s["source"] for s in limit["custom"]["sources"]
    )


def test_a_day_still_to_come_is_never_kept(action_store: CaseStore) -> None:
    messages, _ = submit(form(complaint_first_raised="2027-01-05"))
    assert "utter_adr_from_date" in responses(messages)
    case = action_store.get(only(messages, "utter_complaint_created")["reference"])
    assert case is not None and case.first_raised is None


def test_a_complaint_about_property_damage_is_told_cisas_does_not_take_it() -> None:
    """Outside customers A, 27 Nov: an Infinium customer whose wall was damaged by an engineer was
    told "you may take it to the CISAS from ...", and never that CISAS does not take property
    damage (regulation.md)."""
    description = (
        "your engineer drilled through a pipe and damaged my kitchen wall, property damage"
    )
    messages, _ = submit(form(provider="infinium", complaint_description=description))
    depends = [m for m in messages if m.get("response") == "utter_adr_depends"]
    assert len(depends) == 1
    reason = depends[0]["reason"]
    assert reason.startswith("CISAS does not take complaints about property damage")
    sources = depends[0]["custom"]["sources"] if depends[0].get("custom") else depends[0]["sources"]
    assert any("CISAS" in str(source) for source in sources)


def test_a_complaint_naming_no_excluded_matter_has_no_such_reason() -> None:
    messages, _ = submit(form(provider="infinium"))
    assert "utter_adr_depends" not in responses(messages)
