"""Personal data stays out of error messages and logs (without servers; tests/servers/test_security_servers.py
checks both servers' logs after a whole complaint).

A database error raised through the case store's engine never has SQLAlchemy quote the statement's
parameters (a customer's email, phone number, postcode or words). PostgreSQL itself may still quote
a failing row in the DETAIL of a constraint violation, so the desk shows only an error's first line
and the action server logs only the type of an error met while writing a case.

Checking a case compares the customer's answer with the email and the postcode on the case in
constant time, both of them every time (tests/actions/test_actions_status.py and
tests/servers/test_conversations.py check what is disclosed, and the lock-out after five failures).
"""

from __future__ import annotations

import hmac

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.cases.store import CaseStore
from tests.cases_support import at, make_intake

PERSONAL = ("zeb.quill@example.org", "07700 900461", "EH99 1SP", "my router is broken")


def test_a_failed_statement_does_not_quote_its_parameters(store: CaseStore) -> None:
    with pytest.raises(SQLAlchemyError) as caught, store.engine.begin() as connection:
        # Violates NOT NULL on every other column of cases: the statement fails.
        connection.execute(
            text(
                "INSERT INTO cases (customer_email, customer_phone, customer_postcode, description) "
                "VALUES (:email, :phone, :postcode, :description)"
            ),
            dict(zip(("email", "phone", "postcode", "description"), PERSONAL, strict=True)),
        )
    message = str(caught.value)
    assert "INSERT INTO cases" in message  # the statement is named, so the error is still useful
    assert "[SQL parameters hidden due to hide_parameters=True]" in message
    first_line = message.splitlines()[0]  # what the desk shows
    for value in PERSONAL:
        assert value not in first_line
        if store.engine.dialect.name == "sqlite":
            assert value not in message


def test_verification_compares_both_answers_in_constant_time_whatever_the_outcome(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = store.create_case(
        make_intake(email="jane.doe@example.co.uk", postcode="TN1 2PY"),
        received=at(2026, 12, 22, 10),
        actor="assistant",
        channel="chat",
    )
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(given: bytes, stored: bytes) -> bool:
        assert isinstance(given, bytes) and isinstance(stored, bytes)
        compared.append((given, stored))
        return real(given, stored)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    for answer, reference, expected in (
        ("jane.doe@example.co.uk", case.reference, True),  # the email matches
        ("tn1 2py", case.reference, True),  # the postcode matches
        ("wrong@example.com", case.reference, False),
        ("tn1 2py", "IG-000000", False),  # no such case: compared all the same
        ("", case.reference, False),
    ):
        compared.clear()
        assert store.verify_customer(reference, answer) is expected
        assert len(compared) == 2, (answer, reference)
