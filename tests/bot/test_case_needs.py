"""Needs recorded with consent on a case (bot/cases/needs.py), and the desk acting on them, on both
databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cases.models import NeedRecord
from bot.cases.needs import (
    count_needs,
    erase_needs,
    needs_by_reference,
    needs_for_case,
    record_needs,
    withdraw_needs,
)
from bot.cases.store import CaseNotFound, CaseStore
from tests.bot.test_desk import REFERENCE, Desk, desk  # noqa: F401 - the desk fixture
from tests.cases_support import at, make_intake

NOW = at(2026, 12, 22, 10)


def _case(store: CaseStore, **overrides) -> str:
    return store.create_case(
        make_intake(**overrides), received=NOW, actor="sam", channel="desk"
    ).reference


def test_a_need_is_recorded_with_its_date_of_consent_and_no_circumstance(store: CaseStore) -> None:
    reference = _case(store)
    needs = record_needs(
        store, reference, ["priority_fault_repair", "call_back"],
        consented_at=at(2026, 12, 22, 10, 5), actor="assistant", channel="chat",
    )  # fmt: skip
    assert [(n.need_id, n.need, n.consented_on.isoformat(), n.channel) for n in needs] == [
        ("priority_fault_repair", "needs priority fault repair", "2026-12-22", "chat"),
        (
            "call_back",
            "contact at a time that suits the customer, or in writing only",
            "2026-12-22",
            "chat",
        ),
    ]
    assert all(n.customer_words is None for n in needs)
    events = store.events(reference)
    assert events[-1].kind == "needs_recorded"
    assert events[-1].detail == {"needs": ["priority_fault_repair", "call_back"]}


def test_only_needs_from_the_rules_can_be_recorded(store: CaseStore) -> None:
    reference = _case(store)
    with pytest.raises(ValueError, match="adr_route"):
        record_needs(store, reference, ["adr_route"], consented_at=NOW, actor="a", channel="chat")
    with pytest.raises(CaseNotFound):
        record_needs(store, "IG-7K3Q9X", ["call_back"], consented_at=NOW, actor="a", channel="chat")
    assert count_needs(store) == 0


def test_the_customers_words_are_kept_only_when_given(store: CaseStore) -> None:
    reference = _case(store)
    record_needs(
        store, reference, ["text_relay"], consented_at=NOW, actor="assistant", channel="chat",
        customer_words="I am deaf; please use Relay UK.",
    )  # fmt: skip
    assert (
        needs_by_reference(store)[reference][0].customer_words == "I am deaf; please use Relay UK."
    )


def test_withdrawing_consent_removes_the_flag(store: CaseStore) -> None:
    flagged, other = _case(store), _case(store, email="other@example.co.uk")
    record_needs(store, flagged, ["call_back"], consented_at=NOW, actor="a", channel="chat")
    record_needs(store, other, ["text_relay"], consented_at=NOW, actor="a", channel="chat")
    assert withdraw_needs(store, flagged, now=NOW, actor="customer", channel="chat") == 1
    assert set(needs_by_reference(store)) == {other}
    assert store.events(flagged)[-1].kind == "needs_withdrawn"
    assert withdraw_needs(store, flagged, now=NOW, actor="customer", channel="chat") == 0


def test_subject_access_includes_needs_and_erasure_helpers_work(store: CaseStore) -> None:
    reference = _case(store)
    record_needs(store, reference, ["call_back"], consented_at=NOW, actor="a", channel="chat")
    report = store.subject_access("jane.doe@example.co.uk")
    assert report["cases"][0]["needs"] == [
        {
            "need_id": "call_back",
            "need": "contact at a time that suits the customer, or in writing only",
            "consented_on": "2026-12-22",
            "channel": "chat",
            "customer_words": None,
        }
    ]
    with store.session_scope() as session:
        case_id = session.scalar(select(NeedRecord.case_id))
        assert len(needs_for_case(session, case_id)) == 1
        assert erase_needs(session, case_id) == 1
    assert count_needs(store) == 0


def test_a_purged_case_takes_its_needs_with_it(store: CaseStore) -> None:
    reference = _case(store)
    record_needs(store, reference, ["call_back"], consented_at=NOW, actor="a", channel="chat")
    store.resolve(reference, "Refunded.", now=NOW, actor="sam", channel="desk")
    store.close(reference, now=NOW, actor="sam", channel="desk")
    assert store.purge(timedelta(days=1), at(2027, 1, 30)) == [reference]
    assert count_needs(store) == 0


# --- the desk --------------------------------------------------------------------------------


def _open_two(desk: Desk, store: CaseStore) -> tuple[str, str]:  # noqa: F811
    """Two open cases; the second (later, so due later) has recorded needs."""
    first = _case(store)
    second = store.create_case(
        make_intake(email="flag@example.co.uk", name="Pat Flagged"),
        received=at(2026, 12, 22, 11),
        actor="sam",
        channel="desk",
    ).reference
    record_needs(
        store,
        second,
        ["priority_fault_repair"],
        consented_at=NOW,
        actor="assistant",
        channel="chat",
    )
    return first, second


def test_list_needs_shows_only_flagged_cases_with_the_need(desk: Desk, store: CaseStore) -> None:  # noqa: F811
    first, second = _open_two(desk, store)
    everything = desk("list")
    assert first in everything.out and second in everything.out
    assert "[NEEDS: needs priority fault repair]" in everything.out
    flagged = desk("list", "--needs")
    assert second in flagged.out and first not in flagged.out
    assert "NEEDS: needs priority fault repair" in flagged.out
    listed = desk("list", "--needs", "--json").json()
    assert [c["reference"] for c in listed] == [second]
    assert listed[0]["needs"][0]["need_id"] == "priority_fault_repair"


def test_show_gives_the_need_and_the_day_the_customer_agreed(desk: Desk, store: CaseStore) -> None:  # noqa: F811
    _, second = _open_two(desk, store)
    shown = desk("show", second).out
    assert "Needs (recorded with the customer's consent; act on them):" in shown
    assert "needs priority fault repair  (agreed Tuesday 22 December 2026 by chat)" in shown
    assert desk("show", second, "--json").json()["needs"][0]["consented_on"] == "2026-12-22"


def test_due_and_digest_put_flagged_cases_first(desk: Desk, store: CaseStore) -> None:  # noqa: F811
    first, second = _open_two(desk, store)
    due = desk("due", "--within", "10d").out
    assert due.index(second) < due.index(first)  # due later, shown first
    assert "[NEEDS: needs priority fault repair]" in due
    items = desk("due", "--within", "10d", "--json").json()["items"]
    assert [i["reference"] for i in items][:1] == [second] and items[0]["needs"]
    digest = desk("digest", now="2026-12-30T10:00").out
    assert digest.index(second) < digest.index(first)
    assert "NEEDS: needs priority fault repair" in digest


def test_overdue_marks_flagged_cases(desk: Desk, store: CaseStore) -> None:  # noqa: F811
    first, second = _open_two(desk, store)
    lines = desk("overdue", now="2027-01-20T10:00").out.splitlines()
    flagged = [line for line in lines if second in line]
    plain = [line for line in lines if first in line]
    assert flagged and all("[NEEDS: needs priority fault repair]" in line for line in flagged)
    assert plain and not any("NEEDS" in line for line in plain)
    items = desk("overdue", "--json", now="2027-01-20T10:00").json()["items"]
    assert {i["reference"]: bool(i["needs"]) for i in items} == {first: False, second: True}


def test_the_wider_subject_access_and_erasure_include_needs(store: CaseStore) -> None:
    from bot.cases import people

    reference = _case(store)
    record_needs(store, reference, ["text_relay"], consented_at=NOW, actor="a", channel="chat")
    person = people.Person.given(email="jane.doe@example.co.uk")
    report = people.subject_access(store, person, None)
    assert [n["need"] for n in report["cases"][0]["needs"]] == ["prefers text relay"]
    # Erasure anonymises a closed case past the time for ADR, needs and all.
    store.resolve(reference, "Refunded.", now=NOW, actor="sam", channel="desk")
    store.close(reference, now=NOW, actor="sam", channel="desk")
    erased = people.erase(store, person, at(2028, 6, 1), actor="sam", channel="desk", tracker=None)
    assert [d.action for d in erased.decisions] == ["anonymise"]
    assert count_needs(store) == 0


def _accessibility_answer(store: CaseStore, reference: str) -> str | None:
    case = store.get(reference)
    assert case is not None
    return case.customer.accessibility_needs


def test_withdrawing_every_need_also_clears_the_accessibility_answer(store: CaseStore) -> None:
    # Outside customers B, 27 Nov (r13, M8): "remove the large print" → "We no longer hold them",
    # but the case's answer to the accessibility question still said "large print".
    reference = _case(store, accessibility_needs="large print")
    record_needs(
        store, reference, ["accessible_formats"], consented_at=NOW, actor="a", channel="chat"
    )
    assert _accessibility_answer(store, reference) == "large print"
    assert withdraw_needs(store, reference, now=NOW, actor="customer", channel="chat") == 1
    assert _accessibility_answer(store, reference) is None
    assert store.events(reference)[-1].detail == {"removed": 1, "accessibility_answer": "cleared"}


def test_withdrawing_the_formats_need_clears_the_answer_and_keeps_the_rest(
    store: CaseStore,
) -> None:
    reference = _case(store, accessibility_needs="large print letters")
    record_needs(
        store, reference, ["accessible_formats", "priority_fault_repair"],
        consented_at=NOW, actor="a", channel="chat",
    )  # fmt: skip
    removed = withdraw_needs(
        store, reference, now=NOW, actor="customer", channel="chat", need_ids=["accessible_formats"]
    )
    assert removed == 1
    assert _accessibility_answer(store, reference) is None
    assert [n.need_id for n in needs_by_reference(store)[reference]] == ["priority_fault_repair"]


def test_withdrawing_another_need_keeps_the_accessibility_answer(store: CaseStore) -> None:
    reference = _case(store, accessibility_needs="large print")
    record_needs(
        store, reference, ["accessible_formats", "priority_fault_repair"],
        consented_at=NOW, actor="a", channel="chat",
    )  # fmt: skip
    withdraw_needs(
        store, reference, now=NOW, actor="customer", channel="chat",
        need_ids=["priority_fault_repair"],
    )  # fmt: skip
    assert _accessibility_answer(store, reference) == "large print"


@pytest.mark.parametrize(
    ("answer", "removed", "kept"),
    [
        ("no phone calls", ["text_relay"], "no phone calls"),
        ("text relay, no phone calls", ["text_relay"], "no phone calls"),
        ("large print, no voicemails", ["accessible_formats"], "no voicemails"),
    ],
)
def test_withdrawing_one_need_keeps_a_contact_wish_in_the_accessibility_answer(
    store: CaseStore, answer: str, removed: list[str], kept: str
) -> None:
    """Outside care, round 16, F8: a deaf customer's "no phone calls" went from the case when she
    took the text relay need off, though she never asked for it to go nor was told it would."""
    reference = _case(store, accessibility_needs=answer)
    record_needs(
        store, reference, [*removed, "email_only"], consented_at=NOW, actor="a", channel="chat"
    )
    withdraw_needs(store, reference, now=NOW, actor="customer", channel="chat", need_ids=removed)
    assert _accessibility_answer(store, reference) == kept
    assert [n.need_id for n in needs_by_reference(store)[reference]] == ["email_only"]
