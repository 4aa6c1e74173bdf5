"""Finding a case (bot/cases/search.py) on SQLite and PostgreSQL: every way a caller identifies
themselves, words from the complaint, the index kept in step with edits, erasures and purges, and
each query answered from an index rather than by reading every case."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, text

from bot.cases.search import find_cases, phone_key, postcode_key, rebuild_search_index
from bot.cases.store import CaseStore
from bot.cases.views import Case
from tests.cases_support import at, make_intake

CHAT = {"actor": "assistant", "channel": "chat"}
STAFF = {"actor": "sam", "channel": "desk"}


def new_case(store: CaseStore, hour: int = 10, **overrides: Any) -> Case:
    return store.create_case(make_intake(**overrides), received=at(2026, 12, 22, hour), **CHAT)


def found(store: CaseStore, query: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.case.reference, f.matched_on) for f in find_cases(store, query)]


@pytest.fixture
def three(store: CaseStore) -> dict[str, Case]:
    return {
        "jane": new_case(store),  # Jane Doe, 07700 900123, TN1 2PY, charged twice for December
        "margaret": new_case(
            store,
            11,
            name="Margaret Hale",
            email="M.Hale@Example.com",
            phone="+44 1892 500123",
            postcode="sw1a1aa",
            account="ACC-99/1",
            description="The broadband keeps dropping every evening since the new router.",
        ),
        "tom": new_case(
            store,
            12,
            provider="infinity-system-solutions",
            name="Tom Ng",
            email="tom@example.org",
            phone="01495 123456",
            postcode="NP23 8XA",
            description="No dial tone; charged for a repair that never happened.",
        ),
    }


@pytest.mark.parametrize(
    ("query", "who", "on"),
    [
        ("07700900123", "jane", "phone"),
        ("+44 7700 900123", "jane", "phone"),
        ("07700 900 123", "jane", "phone"),
        ("0044 (0)7700-900-123", "jane", "phone"),
        ("01892500123", "margaret", "phone"),
        ("tn12py", "jane", "postcode"),
        ("TN1 2PY", "jane", "postcode"),
        (" Sw1A  1aA ", "margaret", "postcode"),
        ("m.hale@example.com", "margaret", "email"),
        ("JANE.DOE@EXAMPLE.CO.UK", "jane", "email"),
        ("acc-99/1", "margaret", "account"),
        ("ACC 991", "margaret", "account"),
        ("Margaret", "margaret", "words"),
        ("hale margaret", "margaret", "words"),
        ("marg", "margaret", "words"),  # the start of a word
        ("dropped", "margaret", "words"),  # stemmed: "dropping" in the complaint
        ("router evening", "margaret", "words"),
        ("dial tone", "tom", "words"),
    ],
)
def test_one_case_by_what_the_caller_says(
    store: CaseStore, three: dict[str, Case], query: str, who: str, on: str
) -> None:
    assert found(store, query) == [(three[who].reference, (on,))]


def test_a_reference_as_written_spoken_or_without_its_prefix(
    store: CaseStore, three: dict[str, Case]
) -> None:
    reference = three["tom"].reference  # ISS-XXXXXX
    code = reference.split("-")[1]
    for query in (reference, reference.lower(), f"iss {code}", code, code.lower()):
        assert found(store, query) == [(reference, ("reference",))], query


def test_every_word_must_match_and_several_cases_come_back(
    store: CaseStore, three: dict[str, Case]
) -> None:
    both = {three["jane"].reference, three["tom"].reference}
    assert {reference for reference, _ in found(store, "charged")} == both
    assert found(store, "charged repair") == [(three["tom"].reference, ("words",))]
    assert found(store, "charged broadband") == []
    assert found(store, "nobody called that") == []
    assert len(find_cases(store, "charged", limit=1)) == 1


def test_a_case_matched_two_ways_says_so(store: CaseStore, three: dict[str, Case]) -> None:
    other = new_case(store, 13, name="Tn12py Smith", phone="07700 900999")  # a name like a postcode
    assert {(r, on) for r, on in found(store, "TN12PY")} == {
        (three["jane"].reference, ("postcode",)),
        (other.reference, ("postcode", "words")),
    }


@pytest.mark.parametrize("query", ["", "   ", "x" * 201])
def test_nothing_or_too_much_to_look_for_is_refused(store: CaseStore, query: str) -> None:
    with pytest.raises(ValueError):
        find_cases(store, query)


def test_text_that_is_search_syntax_is_only_words(store: CaseStore, three: dict[str, Case]) -> None:
    for query in ('"', "*", "NEAR(a b)", "hale OR 1=1", "hale) | (x", "tone:* & !x", "-", "^"):
        result = found(store, query)  # never an error
        assert all(on == ("words",) for _, on in result), query
    assert found(store, '"hale"') == [(three["margaret"].reference, ("words",))]


def test_normalised_keys() -> None:
    assert phone_key("+44 (0)20 7946 0018") == "02079460018"
    assert phone_key("0044 7700 900123") == "07700900123"
    assert phone_key("7700 900123") is None  # no leading 0 or +44: not a UK number
    assert postcode_key("gir 0aa") == "GIR0AA"
    assert postcode_key("TN1") is None


# --- the index in step with the cases ---------------------------------------------------------


def _fts_rows(store: CaseStore, word: str) -> int:
    """Rows of SQLite's full-text index matching a word, read from the index alone."""
    with store.engine.connect() as connection:
        return connection.execute(
            text("SELECT count(*) FROM case_search WHERE case_search MATCH :w"), {"w": word}
        ).scalar_one()


def _check_index(store: CaseStore) -> None:
    """SQLite's FTS5 checks its index against the cases table (raises if they disagree)."""
    if store.engine.dialect.name == "sqlite":
        with store.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO case_search(case_search, rank) VALUES ('integrity-check', 1)")
            )


def test_an_edit_or_an_erasure_reaches_the_index(store: CaseStore, three: dict[str, Case]) -> None:
    reference = three["margaret"].reference
    # What an erasure does: the customer's details blanked by an UPDATE, in SQL.
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE cases SET customer_name = 'erased', customer_email = NULL, "
                "customer_phone = NULL, customer_postcode = NULL, customer_account = NULL, "
                "description = 'erased' WHERE reference = :reference"
            ),
            {"reference": reference},
        )
    _check_index(store)
    for query in ("Margaret", "broadband", "01892 500123", "SW1A 1AA", "m.hale@example.com"):
        assert found(store, query) == [], query
    if store.engine.dialect.name == "sqlite":
        assert _fts_rows(store, "margaret") == 0 and _fts_rows(store, "erased") == 1
    assert found(store, "erased") == [(reference, ("words",))]
    # The other cases are untouched.
    assert found(store, "dial tone") == [(three["tom"].reference, ("words",))]


def test_a_purge_removes_the_case_from_the_index(store: CaseStore, three: dict[str, Case]) -> None:
    reference = three["margaret"].reference
    store.resolve(reference, "Replaced the router.", now=at(2026, 12, 23), **STAFF)
    store.close(reference, now=at(2026, 12, 24), **STAFF)
    assert store.purge(timedelta(days=30), at(2027, 2, 1), **STAFF) == [reference]
    _check_index(store)
    assert found(store, "broadband") == [] and found(store, "01892 500123") == []
    if store.engine.dialect.name == "sqlite":
        assert _fts_rows(store, "broadband") == 0


def test_a_new_case_is_found_at_once_and_a_rebuild_changes_nothing(store: CaseStore) -> None:
    case = new_case(store, description="Roaming charges in Portugal were never switched off.")
    assert found(store, "portugal roaming") == [(case.reference, ("words",))]
    rebuild_search_index(store)
    _check_index(store)
    assert found(store, "portugal roaming") == [(case.reference, ("words",))]


# --- answered from indexes -------------------------------------------------------------------


@contextmanager
def statements(store: CaseStore) -> Iterator[list[tuple[str, Any]]]:
    """Every SELECT the store sends while the block runs, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def _plans(store: CaseStore, seen: list[tuple[str, Any]]) -> list[str]:
    plans = []
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if store.engine.dialect.name == "postgresql":
            # With a handful of rows a scan is cheapest; forbid it, so the plan shows whether an
            # index *can* answer the query (if none can, PostgreSQL scans anyway).
            cursor.execute("SET enable_seqscan = off")
            explain = "EXPLAIN "
        else:
            explain = "EXPLAIN QUERY PLAN "
        for statement, parameters in seen:
            cursor.execute(explain + statement, parameters)
            plans.append("\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall()))
        raw.rollback()
    finally:
        raw.close()
    return plans


@pytest.mark.parametrize(
    "query",
    ["+44 7700 900123", "tn1 2py", "m.hale@example.com", "acc-99/1", "broadband evening", "XXXXXX"],
)
def test_every_query_is_answered_from_an_index(
    store: CaseStore, three: dict[str, Case], query: str
) -> None:
    with statements(store) as seen:
        find_cases(store, query)
    assert seen
    for plan in _plans(store, seen):
        if store.engine.dialect.name == "postgresql":
            assert "Seq Scan" not in plan, plan
        else:
            assert not re.search(r"\bSCAN (cases|case_commitments)\b", plan), plan
    if store.engine.dialect.name == "postgresql" and " " in query.strip() and "@" not in query:
        joined = "\n".join(_plans(store, seen))
        assert "ix_cases_search" in joined or "ix_cases_postcode_key" in joined, joined
