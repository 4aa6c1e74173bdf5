"""What a customer asking about their own case is told (bot/cases/customer_requests.py), decided
without Rasa: a real case in a SQLite store of the test's own, today's rules, a fixed clock.

The action that checks the customer first and logs the request (actions/status.py) is tested in
tests/actions/test_actions_status.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.cases.customer_requests import (
    ASK,
    REQUESTS,
    UNCLEAR,
    Reply,
    StartingReference,
    reference_to_check,
    replies_about_case,
    request_for_intent,
)
from bot.cases.store import CaseStore
from bot.cases.views import Case
from bot.provider_codes import get_code
from bot.regulation import load_rules
from tests.cases_support import make_intake

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)
STAFF = {"actor": "sam", "channel": "desk"}


@pytest.fixture
def cases(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as opened:
        yield opened


def new_case(cases: CaseStore, received: datetime = TODAY, **changes: Any) -> Case:
    """Jane Doe's billing complaint to Infinity Group, made in the chat."""
    return cases.create_case(
        make_intake(channel="chat", **changes), received=received, actor="assistant", channel="chat"
    )


def told(cases: CaseStore, reference: str, request: str, now: datetime = TODAY) -> list[Reply]:
    case = cases.get(reference)
    assert case is not None
    return replies_about_case(case, request, get_code(case.provider), load_rules(), now)


def names(replies: list[Reply]) -> list[str]:
    return [reply.response for reply in replies]


# --- which request, which reference -------------------------------------------------------------


@pytest.mark.parametrize(
    ("intent", "asked"),
    [*REQUESTS.items(), ("talk_to_human", "status"), (None, "status")],
)
def test_each_intent_asks_for_its_request_and_any_other_for_the_status(
    intent: str | None, asked: str
) -> None:
    assert request_for_intent(intent) == asked


@pytest.mark.parametrize(
    ("given", "normalised", "verified", "start"),
    [
        (None, None, "IG-7K3Q9X", StartingReference("IG-7K3Q9X")),  # named none: the verified one
        ("ig 7k3q9x", "IG-7K3Q9X", "IG-7K3Q9X", StartingReference("IG-7K3Q9X")),  # the same one
        ("IG-AAAAAA", "IG-AAAAAA", "IG-7K3Q9X", StartingReference(keep=True)),  # another: check it
        (None, None, None, StartingReference(ASK)),  # nothing stale: the form asks
        ("IG-7K3Q9X", "IG-7K3Q9X", None, StartingReference(keep=True)),
        ("my ref is lost", None, "IG-7K3Q9X", StartingReference(keep=True)),  # malformed
    ],
)
def test_a_new_request_starts_from_the_verified_case_only_when_it_is_the_one_named(
    given: str | None, normalised: str | None, verified: str | None, start: StartingReference
) -> None:
    assert reference_to_check(given, normalised, verified) == start


# --- what the customer is told -------------------------------------------------------------------


def test_the_status_the_next_date_and_when_adr_opens(cases: CaseStore) -> None:
    case = new_case(cases)
    assert told(cases, case.reference, "status") == [
        Reply(
            "utter_case_status",
            {
                "reference": case.reference,
                "category": "billing",
                "status": "raised",
                "handler": "Customer Service Team or your Account Manager",
            },
        ),
        Reply(
            "utter_case_next_date_normally",  # "We will normally respond ..."
            {"next_commitment": "respond", "next_due": "Thursday 31 December 2026"},
        ),
        Reply(
            "utter_case_adr_from",
            {"scheme": "the Communications Ombudsman", "opens": "Tuesday 2 February 2027"},
        ),
        # Infinity Group's code's own 8 weeks beside today's 6, as said at logging (issue 14).
        Reply(
            "utter_adr_code_wait_longer",
            {
                "code_weeks": 8,
                "code_opens": "Tuesday 16 February 2027",
                "rules_weeks": 6,
                "opens": "Tuesday 2 February 2027",
            },
        ),
    ]


def test_iss_48_hours_is_its_codes_words_and_the_moment_raised_never_a_saturday(
    cases: CaseStore,
) -> None:
    """F2 (outside compliance reader): raised on a Thursday afternoon, the status said "case
    handler contact by Saturday 28 November 2026", a firm date on a day the provider is closed,
    for a code that says only "within 48 hours of your complaint being raised"."""
    raised = datetime(2026, 11, 26, 16, 0, tzinfo=LONDON)
    case = new_case(cases, received=raised, provider="infinity-system-solutions")
    replies = told(cases, case.reference, "status", now=raised)
    assert replies[1] == Reply(
        "utter_case_next_case_handler_contact_from_raised",
        {"period": "48 hours", "raised": "Thursday 26 November 2026 at 16:00"},
    )
    assert "48 hours of your complaint being raised" in replies[1].sources[0]["quote"]


def test_a_resolved_case_has_no_outstanding_date(cases: CaseStore) -> None:
    case = new_case(cases)
    cases.resolve(case.reference, "Refunded the double charge.", now=TODAY, **STAFF)
    replies = told(cases, case.reference, "status")
    assert replies[0].values["status"] == "resolved"
    assert names(replies)[1] == "utter_case_no_next_date"


def test_an_old_case_may_go_to_the_ombudsman_now(cases: CaseStore) -> None:
    case = new_case(cases, received=datetime(2026, 10, 1, 10, 0, tzinfo=LONDON))
    assert told(cases, case.reference, "status")[-1] == Reply(
        "utter_case_adr_open", {"scheme": "the Communications Ombudsman"}
    )


def test_an_adr_letter_opens_adr_at_once(cases: CaseStore) -> None:
    case = new_case(cases)
    cases.record_adr_letter(case.reference, now=TODAY, **STAFF)
    assert names(told(cases, case.reference, "status"))[-1] == "utter_case_adr_open"


def test_a_pricing_case_keeps_its_adr_date(cases: CaseStore) -> None:
    # Only the fairness of general price levels is excluded from ADR (issue 14).
    case = new_case(cases, category="pricing")
    replies = told(cases, case.reference, "status")
    assert "utter_case_adr_not_eligible" not in names(replies)
    assert replies[-1].values["opens"] == "Tuesday 2 February 2027"


def test_a_business_with_more_than_ten_staff_is_told_why_adr_is_not_for_it(
    cases: CaseStore,
) -> None:
    case = new_case(cases, customer_type="business", employees=25)
    replies = told(cases, case.reference, "status")
    reasons = [r for r in replies if r.response == "utter_case_adr_not_eligible"]
    assert reasons and all(r.values["reason"] for r in reasons)
    assert not {"utter_case_adr_open", "utter_case_adr_from"} & set(names(replies))


def test_an_escalation_names_who_handles_it_next_and_by_when(cases: CaseStore) -> None:
    case = new_case(cases)
    assert told(cases, case.reference, "escalation")[:2] == [
        Reply(
            "utter_escalation_requested",
            {"reference": case.reference, "next_role": "Operations Director"},
        ),
        # "We will normally respond ...": worded as the status words it (outside compliance, H4).
        Reply(
            "utter_case_next_date_normally",
            {"next_commitment": "respond", "next_due": "Thursday 31 December 2026"},
        ),
    ]


@pytest.mark.parametrize(
    "provider", ["infinium", "infinity-group", "infinity-system-solutions", "invictanet"]
)
def test_an_escalation_gives_the_next_date_exactly_as_the_status_does(
    cases: CaseStore, provider: str
) -> None:
    """Outside compliance review (H4): "our next date still stands: respond by ..." dropped the
    code's "always aim" (Infinium) and "normally" (Infinity Group) that the status check kept."""
    case = new_case(cases, provider=provider)
    status = [r for r in told(cases, case.reference, "status") if "_next_" in r.response]
    escalated = [r for r in told(cases, case.reference, "escalation") if "_next_" in r.response]
    assert status and escalated == status
    assert [r.sources for r in escalated] == [r.sources for r in status]


def test_an_escalation_at_the_top_of_the_ladder_points_to_adr(cases: CaseStore) -> None:
    case = new_case(cases)
    for _ in range(2):  # Operations Director, then Managing Director
        cases.escalate(case.reference, now=TODAY, **STAFF)
    assert told(cases, case.reference, "escalation")[0] == Reply(
        "utter_escalation_at_top",
        {
            "reference": case.reference,
            "role": "Managing Director",
            "adr": "from Tuesday 2 February 2027",
        },
    )


def test_an_adr_letter_request_gives_the_scheme_and_the_time_limit(cases: CaseStore) -> None:
    case = new_case(cases)
    assert told(cases, case.reference, "adr_letter")[0] == Reply(
        "utter_adr_letter_requested",
        {"reference": case.reference, "scheme": "the Communications Ombudsman", "months": 12},
    )


# --- where each reply's facts come from (the replies carry their own sources) --------------------

# A case's own record (its status and handler) is the store's, not a published source; its next
# date is worded as firmly as the code words the commitment, so it carries the code's words.
FROM_THE_CASE = {"utter_case_status", "utter_case_no_next_date"}


def test_every_reply_about_a_case_names_its_sources_but_the_cases_own_record(
    cases: CaseStore,
) -> None:
    open_case = new_case(cases)
    top = new_case(cases)
    for _ in range(2):
        cases.escalate(top.reference, now=TODAY, **STAFF)
    business = new_case(cases, customer_type="business", employees=40)
    said = [
        reply
        for case, request in [
            (open_case, "status"),
            (open_case, "escalation"),
            (top, "escalation"),
            (open_case, "adr_letter"),
            (business, "status"),
        ]
        for reply in told(cases, case.reference, request)
    ]
    assert {r.response for r in said} >= {
        "utter_escalation_requested",
        "utter_escalation_at_top",
        "utter_adr_letter_requested",
        "utter_case_adr_from",
        "utter_case_adr_not_eligible",
    }
    for reply in said:
        if reply.response in FROM_THE_CASE:
            assert reply.sources == (), reply
            continue
        assert reply.sources, reply.response
        for source in reply.sources:
            assert source.get("quote") or source.get("source"), (reply.response, source)


def test_the_adr_date_is_sourced_from_the_wait_in_force_and_the_codes_scheme(
    cases: CaseStore,
) -> None:
    case = new_case(cases)
    [adr] = [
        r for r in told(cases, case.reference, "status") if r.response == "utter_case_adr_from"
    ]
    documents = [s["document"] for s in adr.sources]
    assert any("Infinity Group" in d for d in documents)
    assert any("Ofcom" in d for d in documents)
    assert any(s.get("applies_from") == "2026-04-08" for s in adr.sources)


@pytest.mark.parametrize(
    ("intent", "said", "asked"),
    [
        # Outside testing: logged as an escalation at once, with no way back.
        ("request_escalation", "I want to change my complaint", UNCLEAR),
        ("request_adr_letter", "send me a letter confirming this", UNCLEAR),
        ("request_escalation", "please escalate my complaint", "escalation"),
        ("request_escalation", "I want to speak to a manager about it", "escalation"),
        ("request_adr_letter", "can I have a deadlock letter", "adr_letter"),
        ("request_adr_letter", "I want an ADR letter so I can go to the ombudsman", "adr_letter"),
        ("check_case", "what's happening with it", "status"),
        # Outside attacker, 27 Nov (F1): "withdraw my complaint" removed the needs recorded with
        # consent, unasked, and withdrew nothing. Needs go only when the words name them.
        ("withdraw_consent", "I want to withdraw my complaint", UNCLEAR),
        ("withdraw_consent", "cancel my complaint please", UNCLEAR),
        ("withdraw_consent", "remove my needs", "withdraw_needs"),
        ("withdraw_consent", "please remove the large print, keep the rest", "withdraw_needs"),
        ("withdraw_consent", "dont record that", "withdraw_needs"),
        ("withdraw_consent", "I withdraw my consent", "withdraw_needs"),
        ("withdraw_consent", "delete what you recorded about my dyslexia", "withdraw_needs"),
        ("withdraw_consent", "I don't want my needs recorded any more", "withdraw_needs"),
        # Outside attacker, round 2 (27 Nov, N7, N8): each refusal did what it refused, unasked.
        ("request_escalation", "please don't escalate my complaint", UNCLEAR),
        ("request_escalation", "that's wrong, please cancel the escalation request", UNCLEAR),
        ("request_escalation", "I accept your final response, mark it resolved", UNCLEAR),
        ("request_adr_letter", "I don't want an ADR letter", UNCLEAR),
        ("request_adr_letter", "remove the ADR letter request", UNCLEAR),
        ("withdraw_consent", "please don't remove my needs, I still need braille", UNCLEAR),
        ("request_escalation", "escalate it, you have not answered me", "escalation"),
    ],
)
def test_a_request_is_logged_for_staff_only_when_the_words_say_it(intent, said, asked) -> None:
    assert request_for_intent(intent, said) == asked


def test_an_unclear_request_gives_the_status_and_how_to_ask(cases: CaseStore) -> None:
    case = new_case(cases)
    replies = told(cases, case.reference, UNCLEAR)
    assert names(replies)[0] == "utter_case_status"
    assert "utter_case_request_unclear" in names(replies)
    assert not {"utter_escalation_requested", "utter_adr_letter_requested"} & set(names(replies))


# --- what the customer already asked for (issue 13: a status check never mentioned it) ----------


def test_the_status_says_which_requests_are_waiting_for_staff(cases: CaseStore) -> None:
    case = new_case(cases)
    assert not {"utter_case_escalation_asked", "utter_case_adr_letter_asked"} & set(
        names(told(cases, case.reference, "status"))
    )
    for kind in ("escalation", "adr_letter"):
        cases.request_by_customer(case.reference, kind, now=TODAY, actor="customer", channel="chat")
    replies = told(cases, case.reference, "status")
    assert names(replies) == [
        "utter_case_status",
        "utter_case_next_date_normally",
        "utter_case_escalation_asked",
        "utter_case_adr_letter_asked",
        "utter_case_adr_from",
        "utter_adr_code_wait_longer",
    ]
    assert replies[2].values == replies[3].values == {"reference": case.reference}
    # An unclear request gives the status, so the same.
    assert "utter_case_escalation_asked" in names(told(cases, case.reference, UNCLEAR))


def test_a_request_staff_acted_on_is_no_longer_said_to_be_waiting(cases: CaseStore) -> None:
    case = new_case(cases)
    for kind in ("escalation", "adr_letter"):
        cases.request_by_customer(case.reference, kind, now=TODAY, actor="customer", channel="chat")
    cases.escalate(case.reference, now=TODAY, **STAFF)
    cases.record_adr_letter(case.reference, now=TODAY, **STAFF)
    assert not {"utter_case_escalation_asked", "utter_case_adr_letter_asked"} & set(
        names(told(cases, case.reference, "status"))
    )


@pytest.mark.parametrize(
    "text",
    [
        "please escalate my complaint, I'm not happy with the answer",
        "escalate it, im not satisfied with the response",
    ],
)
def test_not_happy_with_the_answer_asks_for_the_escalation(text: str) -> None:
    """The outside set's escalate-case (27 Nov): "not happy with the answer" was read as
    accepting it, so the escalation the customer asked for was never logged."""
    assert request_for_intent("request_escalation", text) == "escalation"


def test_an_unclear_request_after_one_logged_does_not_deny_it(cases: CaseStore) -> None:
    """Outside attacker, round 12, M2: after "cancel the escalation request", one reply said both
    "That request is logged" and "I haven't asked for anything to be done". Now: no new request,
    the one logged still stands, and withdrawing it is done with the provider directly."""
    case = new_case(cases)
    cases.request_by_customer(case.reference, "escalation", now=TODAY, actor="customer",
                              channel="chat")  # fmt: skip
    said = names(told(cases, case.reference, UNCLEAR))
    assert "utter_case_escalation_asked" in said
    assert "utter_case_request_unclear" not in said
    assert "utter_case_request_unclear_already_asked" in said


# --- a promise named in words, never by its kind ----------------------------------------------


@pytest.mark.parametrize(
    "provider", ["infinity-group", "infinium", "invictanet", "infinity-system-solutions"]
)
def test_each_next_and_passed_date_names_the_promise_in_words_not_its_kind(
    cases: CaseStore, provider: str
) -> None:
    """truth15's report: "Our next date: resolve or agree time by ..." (Infinity System
    Solutions' promise to resolve or agree a time, its kind's name with the underscores taken
    out). Every date the case check gives over the case's first 90 days names what was promised
    in plain words."""
    code = get_code(provider)
    kinds = {c.kind.replace("_", " ") for c in code.commitments}
    case = new_case(cases, provider=provider)
    said: set[str] = set()
    for day in range(90):
        now = TODAY + timedelta(days=day, hours=day % 9)
        for reply in told(cases, case.reference, "status", now):
            for name in ("next_commitment", "commitment"):
                if name in reply.values:
                    said.add(str(reply.values[name]))
    assert said, "no date named a promise"
    raw = {s for s in said if s in kinds and " " in s}
    assert not raw, f"promises named by their kind: {raw}"
    if provider == "infinity-system-solutions":
        assert "resolve your complaint or agree a time to contact you" in said
