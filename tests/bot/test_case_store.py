"""The case store on SQLite and PostgreSQL: creation, concurrency, idempotence, the event log,
promises met and overdue, records (export, subject access, purge) and refused input.

Due moments below were worked out by hand from the codes and a calendar: 22 December 2026 is a
Tuesday; 25 December (Friday), 28 December (Boxing Day's substitute, Monday) and 1 January 2027
(Friday) are bank holidays. Infinity Group works 09:00-17:30, Infinity System Solutions 09:00-17:00,
Infinium and Invictanet state no hours (whole days). ADR opens 6 weeks after a complaint raised from
8 April 2026 (8 weeks before), or earlier if the code says so.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cases import export
from bot.cases import store as store_module
from bot.cases.references import ReferenceFormatError, is_reference
from bot.cases.store import CaseNotFound, CaseStore, database_url, submission_key
from bot.cases.views import ADR_LETTER, Case, Owed
from bot.intake import IntakeError
from tests.cases_support import LONDON, at, make_intake

RECEIVED = at(2026, 12, 22, 10)
STAFF = {"actor": "sam", "channel": "desk"}
CHAT = {"actor": "assistant", "channel": "chat"}
END_OF_DAY = time(23, 59, 59, 999999)


def new_case(store: CaseStore, received: datetime = RECEIVED, **overrides: object) -> Case:
    return store.create_case(make_intake(**overrides), received=received, **CHAT)


def due_moments(case: Case) -> list[tuple[str, datetime]]:
    return [(c.id, c.due) for c in case.commitments]


# --- creation: due moments fixed from the code -------------------------------------------------


def test_a_case_by_email_with_infinity_group(store: CaseStore) -> None:
    case = store.create_case(
        make_intake(channel="email"), received=RECEIVED, actor="sam", channel="desk"
    )
    assert is_reference(case.reference) and case.reference.startswith("IG-")
    assert (case.provider, case.category, case.channel, case.status) == (
        "infinity-group",
        "billing",
        "email",
        "raised",
    )
    assert case.raised_at == RECEIVED and case.raised_at.tzinfo is not None
    assert due_moments(case) == [("respond-email", at(2026, 12, 31, 17, 30))]
    assert case.commitments[0].kind == "respond" and case.commitments[0].met_at is None
    assert case.adr_opens == date(2027, 2, 2)  # 6 weeks (today's rules), not the code's 8
    assert (case.escalation_level, case.handler, case.assignee) == (
        0,
        "Customer Service Team or your Account Manager",
        None,
    )
    assert case.customer.name == "Jane Doe"
    assert case.customer.postcode == "TN1 2PY"
    assert (case.customer_type, case.employees) == ("consumer", None)
    assert store.get(case.reference) == case
    [raised] = store.events(case.reference)
    assert (raised.kind, raised.actor, raised.channel, raised.at) == (
        "raised",
        "sam",
        "desk",
        RECEIVED,
    )
    assert raised.detail["commitments"] == {"respond-email": "2026-12-31T17:30:00+00:00"}
    assert raised.detail["adr_opens"] == "2027-02-02"


@pytest.mark.parametrize(
    ("provider", "channel", "expected"),
    [
        ("infinity-group", "letter", [("respond-letter", at(2027, 1, 8, 17, 30))]),
        ("infinity-group", "phone", [("call-back", at(2026, 12, 31, 17, 30))]),
        ("infinity-group", "chat", [("respond-email", at(2026, 12, 31, 17, 30))]),
        ("infinity-group", "fax", []),
        (
            "infinity-system-solutions",
            "chat",
            [
                ("case-handler-contact", at(2026, 12, 24, 10)),
                # "within the first 3 working days": Tue 22, Wed 23, Thu 24 (F7).
                ("resolve-or-agree-contact-time", at(2026, 12, 24, 17)),
                ("acknowledge", at(2026, 12, 29, 10)),
            ],
        ),
        (
            "infinium",
            "email",
            [
                ("reply-correspondence", datetime.combine(date(2026, 12, 29), END_OF_DAY, LONDON)),
                (
                    "respond-written-complaint",
                    datetime.combine(date(2027, 1, 8), END_OF_DAY, LONDON),
                ),
            ],
        ),
        (
            "invictanet",
            "fax",
            [("respond-complaint", datetime.combine(date(2026, 12, 23), END_OF_DAY, LONDON))],
        ),
    ],
)
def test_every_commitment_is_stored_with_its_due_moment(
    shared_store: CaseStore, provider: str, channel: str, expected: list
) -> None:
    case = new_case(shared_store, provider=provider, channel=channel)
    assert due_moments(case) == expected
    assert due_moments(shared_store.require(case.reference)) == expected


def test_adr_opening_follows_the_rules_in_force_when_raised(shared_store: CaseStore) -> None:
    before_april = new_case(shared_store, received=at(2026, 3, 2, 10))
    assert before_april.adr_opens == date(2026, 4, 27)  # 8 weeks: raised before 8 April 2026
    assert due_moments(before_april) == [("respond-email", at(2026, 3, 9, 17, 30))]


def test_a_case_is_a_frozen_view(shared_store: CaseStore) -> None:
    case = new_case(shared_store)
    assert dataclasses.is_dataclass(case)
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.status = "closed"  # type: ignore[misc]


def test_next_due(shared_store: CaseStore) -> None:
    case = new_case(shared_store, provider="infinity-system-solutions")
    assert case.next_due(RECEIVED).id == "case-handler-contact"
    assert case.next_due(at(2026, 12, 28, 12)).id == "acknowledge"
    assert case.next_due(at(2026, 12, 30)) is None
    # "within the first 3 working days" close on Thursday 24th at 17:00 (F7).
    assert case.next_due(at(2026, 12, 24, 12)).id == "resolve-or-agree-contact-time"
    acknowledged = shared_store.acknowledge(case.reference, now=at(2026, 12, 23), **STAFF)
    assert acknowledged.next_due(at(2026, 12, 24, 18)) is None
    assert case.next_due(at(2026, 12, 24, 18)).id == "acknowledge"


def test_what_is_owed_is_one_list_for_the_due_and_overdue_views(shared_store: CaseStore) -> None:
    # `cases due` and `cases overdue` had each walked the promises and the ADR letter (issue 16).
    case = new_case(shared_store, provider="infinity-system-solutions")
    assert case.owed(False) == [Owed(c.id, c.kind, c.due) for c in case.commitments]
    assert [o.item for o in case.owed(False, overdue_at=at(2026, 12, 28, 12))] == [
        "case-handler-contact",
        "resolve-or-agree-contact-time",  # the first 3 working days closed on the 24th (F7)
    ]
    assert case.owed(True, overdue_at=RECEIVED) == [
        Owed(ADR_LETTER, ADR_LETTER, datetime.combine(case.adr_opens, time.min, tzinfo=LONDON))
    ]
    acknowledged = shared_store.acknowledge(case.reference, now=at(2026, 12, 23), **STAFF)
    assert "acknowledge" not in [o.item for o in acknowledged.owed(False)]


# --- concurrency and idempotence ---------------------------------------------------------------


def test_twenty_threads_creating_at_once_give_twenty_cases(store: CaseStore) -> None:
    barrier = threading.Barrier(20)
    cases: list[Case] = []
    errors: list[BaseException] = []

    def create(number: int) -> None:
        try:
            barrier.wait()
            cases.append(new_case(store, name=f"Customer {number}"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len({c.reference for c in cases}) == 20
    assert {c.customer.name for c in cases} == {f"Customer {n}" for n in range(20)}
    assert store.counts() == {"cases": 20, "case_commitments": 20, "case_events": 20, "purges": 0}


def test_a_retried_submission_gives_the_same_case(store: CaseStore) -> None:
    complaint = make_intake()
    key = submission_key("conversation-1", complaint)
    first = store.create_case(complaint, received=RECEIVED, submission_key=key, **CHAT)
    retry = store.create_case(
        complaint, received=RECEIVED + timedelta(seconds=30), submission_key=key, **CHAT
    )
    assert retry == first
    assert store.counts()["cases"] == 1
    assert len(store.events(first.reference)) == 1
    other = store.create_case(
        complaint,
        received=RECEIVED,
        submission_key=submission_key("conversation-2", complaint),
        **CHAT,
    )
    assert other.reference != first.reference


def test_racing_duplicate_submissions_give_one_case(store: CaseStore) -> None:
    complaint = make_intake()
    key = submission_key("conversation-race", complaint)
    barrier = threading.Barrier(8)
    references: list[str] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            case = store.create_case(complaint, received=RECEIVED, submission_key=key, **CHAT)
            references.append(case.reference)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(references) == 8 and len(set(references)) == 1
    assert store.counts() == {"cases": 1, "case_commitments": 1, "case_events": 1, "purges": 0}


def test_the_submission_key_depends_on_conversation_and_intake() -> None:
    complaint = make_intake()
    assert submission_key("c1", complaint) == submission_key("c1", make_intake())
    assert submission_key("c1", complaint) != submission_key("c2", complaint)
    assert submission_key("c1", complaint) != submission_key("c1", make_intake(name="Jo Doe"))


def test_a_reference_collision_is_retried(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = new_case(store).reference
    drawn = iter([taken, taken, "IG-7K3Q9X"])
    monkeypatch.setattr(store_module, "new_reference", lambda prefix: next(drawn))
    second = new_case(store)
    assert second.reference == "IG-7K3Q9X"
    assert store.counts()["cases"] == 2


def test_running_out_of_references_writes_nothing(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = new_case(store).reference
    before = store.counts()
    monkeypatch.setattr(store_module, "new_reference", lambda prefix: taken)
    with pytest.raises(RuntimeError, match="no free IG reference after 20 tries"):
        new_case(store)
    assert store.counts() == before


# --- the event log -----------------------------------------------------------------------------


def test_the_event_log_matches_the_history(store: CaseStore) -> None:
    case = new_case(store)
    ref = case.reference
    store.request_by_customer(
        ref, "call_back", now=at(2026, 12, 22, 10, 5), actor="customer", channel="chat"
    )
    store.acknowledge(ref, now=at(2026, 12, 23, 9, 30), **STAFF)
    store.assign(ref, "Priya Shah", now=at(2026, 12, 23, 9, 31), **STAFF)
    store.start_investigation(ref, now=at(2026, 12, 23, 11), actor="priya", channel="desk")
    store.add_note(
        ref,
        "Rang the customer back.",
        now=at(2026, 12, 24, 12),
        actor="priya",
        channel="phone",
        contacted=True,
    )
    store.escalate(ref, now=at(2026, 12, 29, 10), actor="priya", channel="desk")
    store.resolve(ref, "Refunded £42.10.", now=at(2026, 12, 30, 15), actor="dana", channel="desk")
    store.reopen(
        ref, now=at(2027, 1, 4, 9), actor="dana", channel="desk", reason="Refund not received"
    )
    letter = store.record_adr_letter(ref, now=at(2027, 1, 5, 10), actor="dana", channel="desk")
    final = store.close(ref, now=at(2027, 1, 6, 16), actor="dana", channel="desk")

    events = store.events(ref)
    assert [(e.kind, e.actor, e.channel, e.at) for e in events] == [
        ("raised", "assistant", "chat", RECEIVED),
        ("customer_request", "customer", "chat", at(2026, 12, 22, 10, 5)),
        ("acknowledged", "sam", "desk", at(2026, 12, 23, 9, 30)),
        ("assigned", "sam", "desk", at(2026, 12, 23, 9, 31)),
        ("investigation_started", "priya", "desk", at(2026, 12, 23, 11)),
        ("note", "priya", "phone", at(2026, 12, 24, 12)),
        ("escalated", "priya", "desk", at(2026, 12, 29, 10)),
        ("resolved", "dana", "desk", at(2026, 12, 30, 15)),
        ("reopened", "dana", "desk", at(2027, 1, 4, 9)),
        ("adr_letter", "dana", "desk", at(2027, 1, 5, 10)),
        ("closed", "dana", "desk", at(2027, 1, 6, 16)),
    ]
    moves = [(e.detail.get("from"), e.detail.get("to")) for e in events]
    assert moves == [
        (None, "raised"),
        ("raised", None),
        ("raised", "acknowledged"),
        ("acknowledged", None),
        ("acknowledged", "investigating"),
        ("investigating", None),
        ("investigating", "escalated"),
        ("escalated", "resolved"),
        ("resolved", "reopened"),
        ("reopened", "deadlock"),
        ("deadlock", "closed"),
    ]
    assert events[1].detail["request"] == "call_back"
    assert events[3].detail == {
        "from": "acknowledged",
        "assignee": "Priya Shah",
        "previous_assignee": None,
    }
    assert events[5].detail["met"] == ["respond-email"]
    assert events[5].detail["answered_request"] == "call_back"
    assert events[6].detail["handler"] == "Operations Director"
    assert events[7].detail["resolution"] == "Refunded £42.10."
    assert events[8].detail["previous_resolution"] == "Refunded £42.10."
    assert events[9].detail["apply_until"] == "2028-01-05"
    assert [e.sequence for e in events] == sorted(e.sequence for e in events)

    assert final.status == "closed"
    assert (final.escalation_level, final.handler, final.assignee) == (
        1,
        "Operations Director",
        None,
    )
    assert final.adr_letter_date == date(2027, 1, 5) == letter.letter_date
    assert (final.resolution, final.resolved_at) == (None, None)
    assert final.closed_at == at(2027, 1, 6, 16)
    assert final.commitments[0].met_at == at(2026, 12, 24, 12)
    assert not final.callback_requested


def test_the_event_table_is_only_appended_to(store: CaseStore) -> None:
    case = new_case(store)
    first = store.events(case.reference)
    store.acknowledge(case.reference, now=at(2026, 12, 23), **STAFF)
    store.add_note(case.reference, "x", now=at(2026, 12, 23, 1), **STAFF)
    assert store.events(case.reference)[: len(first)] == first


# --- promises met and overdue ------------------------------------------------------------------


def test_which_events_meet_which_promises(shared_store: CaseStore) -> None:
    store = shared_store
    case = new_case(store, provider="infinity-system-solutions")
    met = lambda c: {m.id: m.met_at for m in c.commitments}  # noqa: E731

    case = store.acknowledge(case.reference, now=at(2026, 12, 22, 11), **STAFF)
    assert met(case) == {
        "case-handler-contact": None,
        "acknowledge": at(2026, 12, 22, 11),
        "resolve-or-agree-contact-time": None,
    }
    case = store.assign(case.reference, "Priya", now=at(2026, 12, 22, 12), **STAFF)
    case = store.add_note(case.reference, "Looked at the bill.", now=at(2026, 12, 22, 13), **STAFF)
    case = store.escalate(case.reference, now=at(2026, 12, 22, 14), **STAFF)
    assert met(case)["case-handler-contact"] is None  # internal steps meet nothing
    case = store.add_note(
        case.reference,
        "Introduced myself by phone.",
        now=at(2026, 12, 23, 9),
        contacted=True,
        **STAFF,
    )
    assert met(case) == {
        "case-handler-contact": at(2026, 12, 23, 9),
        "acknowledge": at(2026, 12, 22, 11),
        "resolve-or-agree-contact-time": at(2026, 12, 23, 9),
    }


def test_resolving_meets_every_open_promise(shared_store: CaseStore) -> None:
    case = new_case(shared_store, provider="infinity-system-solutions")
    resolved = shared_store.resolve(case.reference, "Fixed.", now=at(2026, 12, 22, 15), **STAFF)
    assert {c.met_at for c in resolved.commitments} == {at(2026, 12, 22, 15)}
    assert resolved.resolved_at == at(2026, 12, 22, 15)


def test_overdue_lists_promises_and_adr_letters_oldest_first(store: CaseStore) -> None:
    email = new_case(store, channel="email")  # respond by 31 December 17:30
    iss = new_case(store, provider="infinity-system-solutions", channel="chat")
    # A pricing complaint keeps ADR (only the fairness of general price levels is excluded).
    pricing = new_case(store, category="pricing")
    store.add_note(
        pricing.reference, "Explained the tariff.", now=at(2026, 12, 23), contacted=True, **STAFF
    )
    big = new_case(store, customer_type="business", employees="50")  # not eligible either
    store.resolve(big.reference, "Credited.", now=at(2026, 12, 23), **STAFF)
    store.reopen(big.reference, now=at(2026, 12, 24), **STAFF)

    assert store.overdue(at(2026, 12, 24, 9)) == []
    items = store.overdue(at(2027, 1, 4, 9))
    assert [(i.reference, i.item, i.due) for i in items] == [
        (iss.reference, "case-handler-contact", at(2026, 12, 24, 10)),
        # "within the first 3 working days": Tue 22, Wed 23, Thu 24 (F7).
        (iss.reference, "resolve-or-agree-contact-time", at(2026, 12, 24, 17)),
        (iss.reference, "acknowledge", at(2026, 12, 29, 10)),
        (email.reference, "respond-email", at(2026, 12, 31, 17, 30)),
    ]
    assert items[0].to_dict()["due_text"] == "Thursday 24 December 2026 at 10:00"
    assert [c.reference for c in store.list_cases(overdue_at=at(2027, 1, 4, 9))] == [
        email.reference,
        iss.reference,
    ]

    store.acknowledge(iss.reference, now=at(2027, 1, 4, 10), **STAFF)
    # ADR opens on 2 February 2027: the ADR letter is owed from the start of that day.
    assert [i.item for i in store.overdue(at(2027, 2, 1, 23, 59))] == [
        "case-handler-contact",
        "resolve-or-agree-contact-time",
        "respond-email",
    ]
    items = store.overdue(at(2027, 2, 3, 9))
    assert [(i.reference, i.item) for i in items[:3]] == [
        (iss.reference, "case-handler-contact"),
        (iss.reference, "resolve-or-agree-contact-time"),
        (email.reference, "respond-email"),
    ]
    assert sorted((i.reference, i.kind, i.due) for i in items[3:]) == sorted(
        [
            (email.reference, "adr_letter", at(2027, 2, 2)),
            (iss.reference, "adr_letter", at(2027, 2, 2)),
            (pricing.reference, "adr_letter", at(2027, 2, 2)),
        ]
    )

    store.record_adr_letter(email.reference, now=at(2027, 2, 3, 10), **STAFF)
    store.record_adr_letter(pricing.reference, now=at(2027, 2, 3, 10), **STAFF)
    store.resolve(iss.reference, "Agreed a credit.", now=at(2027, 2, 3, 11), **STAFF)
    assert store.overdue(at(2027, 2, 3, 12)) == []


def test_list_cases_filters(store: CaseStore) -> None:
    a = new_case(store, received=at(2026, 12, 21, 10))
    b = new_case(store, provider="infinium")
    store.acknowledge(b.reference, now=at(2026, 12, 23), **STAFF)
    assert [c.reference for c in store.list_cases()] == [a.reference, b.reference]
    assert [c.reference for c in store.list_cases(status="acknowledged")] == [b.reference]
    assert [c.reference for c in store.list_cases(provider="infinity-group")] == [a.reference]
    assert store.list_cases(status="raised", provider="infinium") == []
    with pytest.raises(ValueError, match="unknown status 'open'"):
        store.list_cases(status="open")


def test_list_cases_open_only_by_assignee_and_category(store: CaseStore) -> None:
    a = new_case(store, received=at(2026, 12, 21, 10))
    b = new_case(store, category="fault repair")
    c = new_case(store, received=at(2026, 12, 22, 11))
    store.assign(a.reference, "Priya Shah", now=at(2026, 12, 22, 12), **STAFF)
    store.assign(b.reference, "priya shah ", now=at(2026, 12, 22, 12), **STAFF)
    store.resolve(c.reference, "Refunded.", now=at(2026, 12, 23), **STAFF)

    def listed(**filters: object) -> list[str]:
        return [case.reference for case in store.list_cases(**filters)]  # type: ignore[arg-type]

    assert listed(open_only=True) == [a.reference, b.reference]
    assert listed() == [a.reference, b.reference, c.reference]
    assert listed(assignee=" PRIYA SHAH") == [a.reference, b.reference]
    assert listed(assignee="sam") == []
    assert listed(category="fault_repair") == [b.reference]
    assert listed(open_only=True, status="resolved") == []


def test_owing_by_finds_promises_and_adr_letters_falling_due(store: CaseStore) -> None:
    email = new_case(store)  # reply due 17:30 on 31 December; ADR letter from 2 February
    done = new_case(store, received=at(2026, 12, 22, 11))
    store.resolve(done.reference, "Refunded.", now=at(2026, 12, 23), **STAFF)
    assert store.owing_by(at(2026, 12, 31, 17)) == []
    assert [c.reference for c in store.owing_by(at(2026, 12, 31, 17, 30))] == [email.reference]
    store.add_note(email.reference, "Called.", now=at(2026, 12, 24), contacted=True, **STAFF)
    assert store.owing_by(at(2027, 2, 1, 23)) == []
    # The ADR letter is owed from the start of the day ADR opens; a resolved case owes none.
    assert [c.reference for c in store.owing_by(at(2027, 2, 2))] == [email.reference]


# --- customers ---------------------------------------------------------------------------------


def test_verify_customer(shared_store: CaseStore) -> None:
    case = new_case(shared_store, email="Jane.Doe@Example.co.uk", postcode="tn1 2py")
    ref = case.reference
    assert shared_store.verify_customer(ref, "jane.doe@example.CO.UK")
    assert shared_store.verify_customer(ref, " TN1 2PY ")
    assert shared_store.verify_customer(ref, "tn12py")
    assert shared_store.verify_customer(ref.lower(), "tn12py")
    assert not shared_store.verify_customer(ref, "TN1 2PZ")
    assert not shared_store.verify_customer(ref, "")
    assert not shared_store.verify_customer("IG-000000", "tn12py")
    assert not shared_store.verify_customer("IG-123", "tn12py")
    without = new_case(shared_store, email=None, postcode=None)
    assert not shared_store.verify_customer(without.reference, "")


def test_a_customer_request_is_a_flag_and_an_event(shared_store: CaseStore) -> None:
    case = new_case(shared_store)
    asked = shared_store.request_by_customer(
        case.reference, "escalation", now=at(2026, 12, 23), **CHAT
    )
    assert asked.escalation_requested and asked.status == "raised"
    assert shared_store.events(case.reference)[-1].detail == {
        "from": "raised",
        "request": "escalation",
        "already_requested": False,
    }
    escalated = shared_store.escalate(case.reference, now=at(2026, 12, 23, 10), **STAFF)
    assert not escalated.escalation_requested
    asked = shared_store.request_by_customer(
        case.reference, "adr_letter", now=at(2026, 12, 24), **CHAT
    )
    assert asked.adr_letter_requested
    shared_store.record_adr_letter(case.reference, now=at(2026, 12, 24, 10), **STAFF)
    assert not shared_store.require(case.reference).adr_letter_requested
    with pytest.raises(ValueError, match="unknown request 'refund'"):
        shared_store.request_by_customer(case.reference, "refund", now=at(2026, 12, 24), **CHAT)


# --- records -----------------------------------------------------------------------------------


def test_export_csv(store: CaseStore, tmp_path: Path) -> None:
    plain = new_case(store)
    tricky = new_case(
        store,
        name='Robert "Bobby" Tables',
        description='=HYPERLINK("http://x")\nsecond line, with a comma; DROP TABLE cases;--',
    )
    store.add_note(plain.reference, "Rang back.", now=at(2026, 12, 23, 9), contacted=True, **STAFF)
    store.acknowledge(plain.reference, now=at(2026, 12, 23, 10), **STAFF)
    path = tmp_path / "cases.csv"
    assert store.export_csv(path, now=at(2027, 1, 4, 9)) == 2
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CaseStore.EXPORT_COLUMNS) == list(export.COLUMN_NAMES)
    by_reference = {row["reference"]: row for row in rows}
    row = by_reference[plain.reference]
    assert (row["status"], row["customer_email"], row["adr_opens"]) == (
        "acknowledged",
        "jane.doe@example.co.uk",
        "2027-02-02",
    )
    assert [row[c] for c in ("commitment", "commitment_due", "commitment_met_at")] == [
        "respond-email",
        "2026-12-31T17:30:00+00:00",
        "2026-12-23T09:00:00+00:00",
    ]
    assert row["commitment_outcome"] == "met_on_time"
    row = by_reference[tricky.reference]
    assert row["customer_name"] == 'Robert "Bobby" Tables'
    assert row["description"] == (
        '\'=HYPERLINK("http://x")\nsecond line, with a comma; DROP TABLE cases;--'
    )
    assert row["commitment_outcome"] == "overdue"  # due 31 December, not met by 4 January


def test_export_csv_has_a_row_for_each_promise_and_one_for_a_case_with_none(
    store: CaseStore,
) -> None:
    iss = new_case(store, provider="infinity-system-solutions")  # three promises
    # Invictanet makes no timed promise for a complaint by phone.
    none = new_case(store, provider="invictanet", channel="phone")
    assert none.commitments == ()
    store.acknowledge(iss.reference, now=at(2026, 12, 30, 9), **STAFF)  # after 10:00 on the 29th
    out = io.StringIO()
    assert store.export_csv(out, now=at(2026, 12, 24, 12)) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["reference"], r["commitment"], r["commitment_outcome"]) for r in rows] == [
        (iss.reference, "case-handler-contact", "overdue"),  # 10:00 on the 24th
        # "within the first 3 working days": 17:00 on the 24th (F7)
        (iss.reference, "resolve-or-agree-contact-time", "open"),
        (iss.reference, "acknowledge", "met_late"),  # 10:00 on the 29th, met on the 30th
        (none.reference, "", ""),
    ]
    assert len({r["raised_at"] for r in rows[:3]}) == 1  # the case's columns on every row
    with pytest.raises(ValueError, match="time zone"):
        store.export_csv(io.StringIO(), now=datetime(2027, 1, 4))


def test_subject_access(store: CaseStore) -> None:
    first = new_case(store, email="jane.doe@example.co.uk")
    second = new_case(store, email="JANE.DOE@EXAMPLE.CO.UK", provider="invictanet")
    new_case(store, email="someone.else@example.co.uk")
    store.acknowledge(first.reference, now=at(2026, 12, 23), **STAFF)
    report = store.subject_access("Jane.Doe@example.co.uk")
    assert report["case_count"] == 2
    assert [c["reference"] for c in report["cases"]] == [first.reference, second.reference]
    assert [e["kind"] for e in report["cases"][0]["events"]] == ["raised", "acknowledged"]
    assert report["cases"][0]["customer"]["postcode"] == "TN1 2PY"
    assert store.subject_access("nobody@example.com")["cases"] == []
    with pytest.raises(IntakeError, match="is not an email address"):
        store.subject_access("not an email")


def test_purge_removes_old_closed_cases_and_logs_it(store: CaseStore) -> None:
    old = new_case(store, received=at(2020, 1, 6, 10))
    store.resolve(old.reference, "Done.", now=at(2020, 1, 7), **STAFF)
    store.close(old.reference, now=at(2020, 1, 8), **STAFF)
    recent = new_case(store, received=at(2026, 1, 5, 10))
    store.resolve(recent.reference, "Done.", now=at(2026, 1, 6), **STAFF)
    store.close(recent.reference, now=at(2026, 1, 7), **STAFF)
    old_open = new_case(store, received=at(2019, 1, 7, 10))
    now = at(2027, 1, 4, 9)

    assert store.purgeable(timedelta(days=365 * 6), now) == [old.reference]
    removed = store.purge(timedelta(days=365 * 6), now, actor="dpo", channel="desk")
    assert removed == [old.reference]
    assert store.get(old.reference) is None
    assert store.get(recent.reference) is not None and store.get(old_open.reference) is not None
    with pytest.raises(CaseNotFound):
        store.events(old.reference)
    assert store.counts() == {"cases": 2, "case_commitments": 2, "case_events": 4, "purges": 1}
    [entry] = store.purges()
    assert entry["references"] == [old.reference]
    assert entry["actor"] == "dpo"
    assert "Jane" not in str(entry) and "example" not in str(entry)
    assert store.purge(timedelta(days=365 * 6), now) == []


# --- refused input leaves nothing behind -------------------------------------------------------


def test_refused_input_writes_nothing(store: CaseStore) -> None:
    case = new_case(store)
    before = store.counts()
    with pytest.raises(IntakeError, match="in the future"):
        store.create_case(make_intake(), received=at(2027, 1, 1), now=RECEIVED, **CHAT)
    with pytest.raises(IntakeError, match="the limit is 4,000 characters"):
        store.add_note(case.reference, "x" * 1_000_000, now=at(2026, 12, 23), **STAFF)
    with pytest.raises(IntakeError, match="control characters"):
        store.resolve(case.reference, "ok\x1b[2J", now=at(2026, 12, 23), **STAFF)
    with pytest.raises(ReferenceFormatError, match="'IG-123' is not a case reference"):
        store.acknowledge("IG-123", now=at(2026, 12, 23), **STAFF)
    with pytest.raises(CaseNotFound, match="no case IG-000000"):
        store.acknowledge("IG-000000", now=at(2026, 12, 23), **STAFF)
    with pytest.raises(ValueError, match="actor"):
        store.acknowledge(case.reference, now=at(2026, 12, 23), actor="", channel="desk")
    with pytest.raises(ValueError, match="time zone"):
        store.acknowledge(case.reference, now=datetime(2026, 12, 23), **STAFF)
    assert store.counts() == before
    assert store.require(case.reference) == case


HOSTILE = [
    "Robert'); DROP TABLE cases;--",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    'She said "cancel it" & hung up\\',
    "Broadband 📡 down 😡",
    "שלום, האינטרנט לא עובד",
    "Line one\n\tLine two",
]


@pytest.mark.parametrize("words", HOSTILE)
def test_hostile_text_is_stored_verbatim(shared_store: CaseStore, words: str) -> None:
    name = words.replace("\n", " ").replace("\t", " ")
    case = new_case(shared_store, description=words, name=name)
    stored = shared_store.require(case.reference)
    assert (stored.description, stored.customer.name) == (words, name)
    noted = shared_store.add_note(case.reference, words, now=at(2026, 12, 23), **STAFF)
    assert shared_store.events(noted.reference)[-1].detail["text"] == words
    assert shared_store.counts()["cases"] >= 1  # the table is still there


# --- the engine --------------------------------------------------------------------------------


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with (
        CaseStore.open(f"sqlite:///{tmp_path / 'c.db'}") as store,
        store.engine.connect() as connection,
    ):
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_database_url() -> None:
    assert database_url({"DATABASE_URL": "postgresql://u@h/db"}) == "postgresql://u@h/db"
    default = database_url({})
    assert default.startswith("sqlite:///") and default.endswith("/var/cases.db")
    assert Path(default.removeprefix("sqlite:///")).parent.is_dir()


def test_an_in_memory_sqlite_database_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a SQLite file"):
        CaseStore.open("sqlite://")


def test_the_day_first_raised_is_in_subject_access_and_the_export(
    store: CaseStore, tmp_path: Path
) -> None:
    """Issue 14: the day the customer says they first raised it is theirs to see, and staff's."""
    case = new_case(store, email="first.raised@example.co.uk", first_raised=date(2026, 12, 1))
    report = store.subject_access("first.raised@example.co.uk")
    assert report["cases"][0]["first_raised"] == "2026-12-01"
    path = tmp_path / "cases.csv"
    store.export_csv(path, now=at(2027, 1, 4, 9))
    with path.open(newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["reference"] == case.reference)
    assert (row["first_raised"], row["adr_opens"]) == ("2026-12-01", "2027-01-12")
    [raised] = store.events(case.reference)
    assert raised.detail["first_raised"] == "2026-12-01"
