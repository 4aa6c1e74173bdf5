"""Who made a complaint for the account holder ("I'm writing for my dad"), kept in a column of the
case (revision 0013), never as a need: no vulnerability flag, no "agreed on" date, not removed with
the needs; in `cases show`, subject access and erasure (issue 18, tenth round)."""

from __future__ import annotations

from sqlalchemy import MetaData, insert, inspect, select

from bot.cases import people, schema
from bot.cases.models import NeedRecord
from bot.cases.needs import count_needs, needs_by_reference, record_needs, withdraw_needs
from bot.cases.store import CaseStore, make_engine
from tests.bot.test_desk import Desk, desk  # noqa: F401 - the desk fixture
from tests.bot.test_migrations import _insert_case_at_0001
from tests.cases_support import at, make_intake

NOW = at(2026, 12, 22, 10)
WHO = "Jane Doe, who says they act for their dad"


def _case(store: CaseStore, **overrides) -> str:
    return store.create_case(
        make_intake(**overrides), received=NOW, actor="assistant", channel="chat"
    ).reference


def test_made_on_behalf_is_kept_on_the_case_not_as_a_need(store: CaseStore) -> None:
    reference = _case(store, made_on_behalf=WHO)
    assert store.require(reference).customer.made_on_behalf == WHO
    # No need row: the case is not flagged as needing care, and no "agreed on" date is shown.
    assert needs_by_reference(store, [reference]).get(reference, []) == []
    assert count_needs(store) == 0
    # "remove my needs" removes the needs, never who made the complaint.
    record_needs(store, reference, ["text_relay"], consented_at=NOW, actor="a", channel="chat")
    withdraw_needs(store, reference, now=NOW, actor="assistant", channel="chat")
    assert store.require(reference).customer.made_on_behalf == WHO


def test_show_subject_access_and_erasure_include_who_made_it(
    desk: Desk,  # noqa: F811
    store: CaseStore,
) -> None:
    reference = _case(store, made_on_behalf=WHO)
    shown = desk("show", reference).out
    assert (
        "Made on behalf of the account holder by Jane Doe, who says they act for their dad; "
        "authority to be confirmed by the provider" in shown
    )
    assert "Needs (recorded" not in shown and "agreed" not in shown
    person = people.Person.given(email="jane.doe@example.co.uk")
    report = people.subject_access(store, person, None)
    assert report["cases"][0]["customer"]["made_on_behalf"] == WHO
    assert (
        store.subject_access("jane.doe@example.co.uk")["cases"][0]["customer"]["made_on_behalf"]
        == WHO
    )
    store.resolve(reference, "Refunded.", now=NOW, actor="sam", channel="desk")
    store.close(reference, now=NOW, actor="sam", channel="desk")
    erased = people.erase(store, person, at(2028, 6, 1), actor="sam", channel="desk", tracker=None)
    assert [d.action for d in erased.decisions] == ["anonymise"]
    assert store.require(reference).customer.made_on_behalf is None


def test_revision_0013_moves_made_on_behalf_needs_into_the_column(empty_database: str) -> None:
    """A case of revision 0012 with a `made_on_behalf` need row: after 0013 the column holds who
    made it, the row is gone, and the case's real needs stay."""
    reference = "IG-7K3Q9X"  # the case _insert_case_at_0001 writes
    engine = make_engine(empty_database)
    try:
        schema.upgrade(engine, "0012")
        assert "made_on_behalf" not in {c["name"] for c in inspect(engine).get_columns("cases")}
        _insert_case_at_0001(engine)
        tables = MetaData()
        tables.reflect(engine)
        cases, needs = tables.tables["cases"], tables.tables["case_needs"]
        agreed = NOW.replace(tzinfo=None) if engine.dialect.name == "sqlite" else NOW
        with engine.begin() as connection:
            case_id = connection.execute(
                select(cases.c.id).where(cases.c.reference == reference)
            ).scalar_one()
            for need_id, need in (
                ("text_relay", "prefers text relay"),
                (
                    "made_on_behalf",
                    f"made on behalf of the account holder by {WHO}; authority to be "
                    "confirmed by the provider",
                ),
            ):
                connection.execute(
                    insert(needs).values(
                        case_id=case_id,
                        need_id=need_id,
                        need=need,
                        consented_at=agreed,
                        channel="chat",
                    )
                )
        schema.upgrade(engine)
    finally:
        engine.dispose()
    with CaseStore.open(empty_database) as store:
        assert store.require(reference).customer.made_on_behalf == WHO
        with store.session_scope(read_only=True) as session:
            kept = [r.need_id for r in session.scalars(select(NeedRecord))]
        assert kept == ["text_relay"]
    engine = make_engine(empty_database)
    try:
        schema.downgrade(engine, "0012")
        assert "made_on_behalf" not in {c["name"] for c in inspect(engine).get_columns("cases")}
        schema.upgrade(engine)
    finally:
        engine.dispose()
