"""A business's head count kept on its case as the customer gave it, and the case's ADR line
agreeing with what the chat said about eligibility (outside compliance r12 H7: "8 employees and 3
contractors" was shown as "business, 11 employees", and a business the Communications Ombudsman
rules out was shown "ADR: opens ...").
"""

from __future__ import annotations

import pytest

from bot.cases.desk.show import describe_case
from bot.cases.store import CaseStore
from tests.cases_support import at, make_intake

GIVEN = "8 employees and 3 contractors"


def business(provider: str, employees: int, head_count: str | None = GIVEN):
    return make_intake(
        provider=provider, customer_type="business", employees=employees, head_count=head_count
    )


@pytest.mark.parametrize(
    ("provider", "counted"),
    [("infinity-group", 11), ("invictanet", 11), ("infinium", 8)],
)
def test_the_head_count_is_kept_and_shown_as_given(
    shared_store: CaseStore, provider: str, counted: int
) -> None:
    now = at(2026, 11, 27, 18)
    case = shared_store.create_case(
        business(provider, counted), received=now, actor="assistant", channel="chat"
    )
    assert case.customer.head_count == GIVEN
    assert shared_store.get(case.reference).customer.head_count == GIVEN
    shown = describe_case(case, shared_store.events(case.reference), now, shared_store)
    assert f"business, {GIVEN}" in shown
    assert f"business, {counted} employees)" not in shown


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
def test_a_business_the_scheme_rules_out_is_not_shown_adr_opens(
    shared_store: CaseStore, provider: str
) -> None:
    now = at(2026, 11, 27, 18)
    case = shared_store.create_case(
        business(provider, 11), received=now, actor="assistant", channel="chat"
    )
    shown = describe_case(case, shared_store.events(case.reference), now, shared_store)
    assert "ADR: opens" not in shown
    assert "ADR: not open to this business under the Communications Ombudsman's rule" in shown


def test_a_business_the_scheme_admits_is_still_shown_adr_opens(shared_store: CaseStore) -> None:
    now = at(2026, 11, 27, 18)
    case = shared_store.create_case(
        business("infinium", 8), received=now, actor="assistant", channel="chat"
    )
    shown = describe_case(case, shared_store.events(case.reference), now, shared_store)
    assert "ADR: opens" in shown


def test_one_number_is_still_shown_as_the_schemes_count(shared_store: CaseStore) -> None:
    now = at(2026, 11, 27, 18)
    case = shared_store.create_case(
        business("infinium", 6, head_count=None), received=now, actor="assistant", channel="chat"
    )
    shown = describe_case(case, shared_store.events(case.reference), now, shared_store)
    assert "business, 6 employees" in shown


# --- H3: an ADR letter the customer says they hold ------------------------------------------------


def test_an_adr_letter_the_customer_holds_is_recorded_as_their_word(
    shared_store: CaseStore,
) -> None:
    """comp-c3: "you sent me a deadlock letter dated 2 March 2026" was lost, and the case said
    "ADR letter OVERDUE"."""
    from datetime import date

    now = at(2026, 11, 27, 18)
    case = shared_store.create_case(
        make_intake(first_raised=date(2026, 1, 10), adr_letter_held=date(2026, 3, 2)),
        received=now,
        actor="assistant",
        channel="chat",
    )
    assert shared_store.get(case.reference).adr_letter_held == date(2026, 3, 2)
    assert case.adr_letter_date is None  # the provider has not recorded sending one
    assert not shared_store.adr_letter_owed(case, now)
    shown = describe_case(case, shared_store.events(case.reference), now, shared_store)
    assert "OVERDUE" not in shown
    assert "the customer says they hold an ADR letter dated Monday 2 March 2026" in shown
    assert "ADR letter sent" not in shown
