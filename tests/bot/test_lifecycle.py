"""The lifecycle table: every allowed move works, every other move is refused with the reason.

Each (move, state) pair of the table is tried on a real case, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.cases.lifecycle import (
    CLOSED,
    MOVES,
    OPEN_STATUSES,
    STATUSES,
    LifecycleError,
    allowed_moves,
    check_move,
)
from bot.cases.store import CaseStore
from bot.cases.views import Case
from tests.cases_support import at, make_intake

RECEIVED = at(2026, 12, 22, 10)
LATER = at(2027, 1, 4, 11)
STAFF = {"actor": "sam", "channel": "desk"}

# How to bring a fresh Infinity Group case (two escalation steps) into each state.
PATHS: dict[str, list[str]] = {
    "raised": [],
    "acknowledged": ["acknowledge"],
    "investigating": ["investigate"],
    "escalated": ["escalate"],
    "resolved": ["resolve"],
    "deadlock": ["adr_letter"],
    "closed": ["resolve", "close"],
    "reopened": ["resolve", "reopen"],
}


def apply(store: CaseStore, move: str, reference: str) -> object:
    when = {"now": LATER, **STAFF}
    calls: dict[str, Callable[[], object]] = {
        "acknowledge": lambda: store.acknowledge(reference, **when),
        "investigate": lambda: store.start_investigation(reference, **when),
        "escalate": lambda: store.escalate(reference, **when),
        "resolve": lambda: store.resolve(reference, "Refunded the double charge.", **when),
        "adr_letter": lambda: store.record_adr_letter(reference, **when),
        "close": lambda: store.close(reference, **when),
        "reopen": lambda: store.reopen(reference, **when),
        "assign": lambda: store.assign(reference, "Priya Shah", **when),
        "note": lambda: store.add_note(reference, "Checked the billing system.", **when),
        "request": lambda: store.request_by_customer(reference, "call_back", **when),
    }
    return calls[move]()


def case_in(store: CaseStore, status: str) -> Case:
    case = store.create_case(make_intake(), received=RECEIVED, actor="assistant", channel="chat")
    for move in PATHS[status]:
        apply(store, move, case.reference)
    case = store.require(case.reference)
    assert case.status == status
    return case


def test_the_table_is_complete() -> None:
    assert set(PATHS) == set(STATUSES)
    for move in MOVES.values():
        assert set(move.sources) <= set(STATUSES)
        assert move.target is None or move.target in STATUSES
        assert move.rule
    # Every state can be left or is final only for notes and requests (closed), and every open
    # state can reach a resolution or a deadlock.
    for status in OPEN_STATUSES:
        assert {"resolve", "adr_letter"} <= set(allowed_moves(status))
    assert allowed_moves(CLOSED) == ["reopen", "note", "request"]


PAIRS = [(move, status) for move in MOVES for status in STATUSES]


@pytest.mark.parametrize(("move", "status"), PAIRS, ids=[f"{m}-from-{s}" for m, s in PAIRS])
def test_every_move_from_every_state(shared_store: CaseStore, move: str, status: str) -> None:
    store = shared_store
    case = case_in(store, status)
    before = store.events(case.reference)
    rule = MOVES[move]
    if rule.allowed_from(status):
        apply(store, move, case.reference)
        after = store.require(case.reference)
        assert after.status == (rule.target or status)
        events = store.events(case.reference)
        assert len(events) == len(before) + 1
        assert events[-1].kind == rule.event
        assert (events[-1].actor, events[-1].channel, events[-1].at) == ("sam", "desk", LATER)
        assert events[-1].detail["from"] == status
    else:
        with pytest.raises(LifecycleError) as caught:
            apply(store, move, case.reference)
        error = caught.value
        assert (error.move, error.status) == (move, status)
        assert str(error) == f"cannot {rule.verb} {case.reference}: it is {status!r}; {rule.rule}"
        assert store.require(case.reference) == case  # unchanged
        assert store.events(case.reference) == before  # and nothing logged


def test_the_refusal_reads_as_a_sentence(shared_store: CaseStore) -> None:
    case = case_in(shared_store, "investigating")
    with pytest.raises(LifecycleError) as caught:
        shared_store.close(case.reference, now=LATER, **STAFF)
    assert str(caught.value) == (
        f"cannot close {case.reference}: it is 'investigating'; only a resolved or deadlocked "
        "case can be closed"
    )


def test_escalation_climbs_the_codes_ladder_and_stops_at_the_top(shared_store: CaseStore) -> None:
    store = shared_store
    case = case_in(store, "raised")
    assert (case.escalation_level, case.handler) == (
        0,
        "Customer Service Team or your Account Manager",
    )
    first = store.escalate(case.reference, now=LATER, **STAFF)
    assert (first.escalation_level, first.handler) == (1, "Operations Director")
    second = store.escalate(case.reference, now=LATER, **STAFF)
    assert (second.escalation_level, second.handler) == (2, "Managing Director")
    with pytest.raises(LifecycleError) as caught:
        store.escalate(case.reference, now=LATER, **STAFF)
    assert str(caught.value) == (
        f"cannot escalate {case.reference}: it is already with the Managing Director, the last "
        "step of the code of Infinity Group; the next step is an ADR letter"
    )
    assert store.require(case.reference) == second


def test_a_one_step_ladder(shared_store: CaseStore) -> None:
    store = shared_store
    case = store.create_case(
        make_intake(provider="infinity-system-solutions"),
        received=RECEIVED,
        actor="assistant",
        channel="chat",
    )
    assert case.handler == "case handler"
    escalated = store.escalate(case.reference, now=LATER, **STAFF)
    assert escalated.handler == "Customer Service Manager/Head of Professional Services"
    with pytest.raises(LifecycleError, match="the last step of the code of Infinity System"):
        store.escalate(case.reference, now=LATER, **STAFF)


def test_check_move_without_a_store() -> None:
    assert check_move("IG-7K3Q9X", "resolved", "close").target == "closed"
    with pytest.raises(LifecycleError, match="cannot acknowledge IG-7K3Q9X: it is 'closed'"):
        check_move("IG-7K3Q9X", "closed", "acknowledge")
