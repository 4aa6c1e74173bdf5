"""Outside testers playing Invictanet and Infinity System Solutions customers in vulnerable
circumstances (issue 18, round 15, helper care15a). Each test failed before the change.

- F3: the account holder's name, when someone complains for them ("it's my mum's account, her name
  is Margaret Hill, I'm her son"), is kept on the case (`cases.account_holder_name`, revision 0015):
  in `cases show`, the export, subject access, and cleared by erasure.
- F24: a phone number said as someone else's ("call my daughter on 07700 900456, she'll speak for
  me") is never the customer's own; it is the trusted person's contact.
- F8: for a customer who said they cannot take voice calls (BSL, text relay), a time to be
  contacted is contact in their way at that time, never a call.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import inspect

from bot.answers.details import find_phone, phone_meant
from bot.cases import export, people, schema
from bot.cases.store import CaseStore, make_engine
from bot.vulnerability import (
    account_holder_named,
    load_vulnerability_rules,
    need_wording,
    no_voice_way,
    on_behalf_of,
    trusted_contact,
)
from tests.bot.test_desk import Desk, desk  # noqa: F401 - the desk fixture
from tests.cases_support import at, make_intake

NOW = at(2026, 12, 22, 10)
SON = "it's my mum's account, her name is Margaret Hill, I'm her son"


# --- F3: the account holder's name --------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "name"),
    [
        (SON, "Margaret Hill"),
        ("I'm complaining for my dad, the account is in his name, Peter Jones", "Peter Jones"),
        ("the account holder is Mrs Ann Lee, my mother", "Mrs Ann Lee"),
        ("writing on behalf of my mum Margaret Hill, she is 89", "Margaret Hill"),
        ("the account is in the name of Margaret Hill", "Margaret Hill"),
        # Not an account holder's name.
        ("I was charged twice, my name is Jane Doe", None),
        ("I'm complaining for my mum, she is 89 and deaf", None),
    ],
)
def test_the_account_holders_name_is_read(said: str, name: str | None) -> None:
    assert account_holder_named([said]) == name


def test_my_mums_account_and_her_son_is_made_on_behalf() -> None:
    assert on_behalf_of([SON], "Tom Hill") == "Tom Hill, who says they act for their mum"


def test_the_account_holders_name_is_kept_shown_exported_and_erased(
    desk: Desk,  # noqa: F811
    store: CaseStore,
    tmp_path: Path,
) -> None:
    reference = store.create_case(
        make_intake(
            made_on_behalf="Tom Hill, who says they act for their mum",
            account_holder_name="Margaret Hill",
        ),
        received=NOW,
        actor="assistant",
        channel="chat",
    ).reference
    assert store.require(reference).customer.account_holder_name == "Margaret Hill"
    shown = desk("show", reference).out
    assert "Account holder: Margaret Hill" in shown
    path = tmp_path / "cases.csv"
    store.export_csv(path, now=at(2027, 1, 4, 9))
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert "account_holder_name" in export.COLUMN_NAMES
    assert rows[0]["account_holder_name"] == "Margaret Hill"
    person = people.Person.given(email="jane.doe@example.co.uk")
    report = people.subject_access(store, person, None)
    assert report["cases"][0]["customer"]["account_holder_name"] == "Margaret Hill"
    store.resolve(reference, "Refunded.", now=NOW, actor="sam", channel="desk")
    store.close(reference, now=NOW, actor="sam", channel="desk")
    people.erase(store, person, at(2028, 6, 1), actor="sam", channel="desk", tracker=None)
    assert store.require(reference).customer.account_holder_name is None


def test_revision_0015_adds_and_drops_the_column(empty_database: str) -> None:
    engine = make_engine(empty_database)
    try:
        schema.upgrade(engine, "0014")
        assert "account_holder_name" not in {
            c["name"] for c in inspect(engine).get_columns("cases")
        }
        schema.upgrade(engine)
        assert "account_holder_name" in {c["name"] for c in inspect(engine).get_columns("cases")}
        schema.downgrade(engine, "0014")
        assert "account_holder_name" not in {
            c["name"] for c in inspect(engine).get_columns("cases")
        }
        schema.upgrade(engine)
    finally:
        engine.dispose()


# --- F24: a trusted person's phone number -------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "contact"),
    [
        ("call my daughter on 07700 900456, she'll speak for me", "daughter, on 07700 900456"),
        ("my son's number is 07700 900789", "son, on 07700 900789"),
        ("my daughter Sarah on 07700 900456 can speak for me", "daughter Sarah, on 07700 900456"),
        ("ring my neighbour Jean Evans, 07700 900111", "neighbour Jean Evans, on 07700 900111"),
    ],
)
def test_a_trusted_persons_number_is_theirs_not_the_customers(said: str, contact: str) -> None:
    assert trusted_contact(said) == contact
    assert find_phone(said) is None
    assert phone_meant(said) is None


def test_the_customers_own_number_beside_it_is_still_theirs() -> None:
    said = "my number is 07700 900123, or call my daughter on 07700 900456"
    assert find_phone(said) == "07700 900123"
    assert phone_meant(said) == "07700 900123"
    assert find_phone("07700 900123") == "07700 900123"
    assert trusted_contact("07700 900123") is None


def test_the_desk_records_the_trusted_persons_contact() -> None:
    offer = load_vulnerability_rules().offers["someone_to_speak"]
    assert need_wording(offer, {"someone_to_speak": "daughter, on 07700 900456"}) == (
        "the customer would like someone they trust to speak to us for them: "
        "daughter, on 07700 900456"
    )


# --- F8: a time for someone who cannot take voice calls -----------------------------------------


@pytest.mark.parametrize(
    ("texts", "way"),
    [
        (["I'm deaf and use BSL, I cannot use a voice phone"], "video relay (BSL)"),
        (["I use text relay, I can't hear on the phone"], "text relay (Relay UK)"),
        (["I can't take phone calls, I'm deaf"], "a way other than a voice call"),
        (["I was charged twice"], None),
        (["please ring me after 6"], None),
    ],
)
def test_a_customer_who_cannot_take_calls_is_heard(texts: list[str], way: str | None) -> None:
    assert no_voice_way(texts) == way


def test_their_chosen_way_is_named_when_no_relay_was_said() -> None:
    assert no_voice_way(["I can't take phone calls, I'm deaf"], "email") == "e-mail"
    assert no_voice_way(["I use BSL"], "email") == "video relay (BSL)"


def test_a_time_for_them_is_never_a_call_on_the_case() -> None:
    offer = load_vulnerability_rules().offers["call_back_time"]
    wording = need_wording(
        offer, {"call_back_time": "after 6pm", "contact_way": "video relay (BSL)"}
    )
    assert wording == "contact after 6pm by video relay (BSL), never a voice call"
    assert need_wording(offer, {"call_back_time": "after 6pm"}) == "call back after 6pm"
