"""Outside testers, round 18 (fixer fix18a): the readers behind the case check's fixes, and the
confirmation e-mail's copy of the customer's words, which goes to whatever address was typed, so
carries no link and no e-mail address; the case keeps the words as said."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.cases.confirmations import compose_confirmation
from bot.cases.identity_answers import Reading, read_identity_answer
from bot.cases.references import reference_body_in
from bot.cases.store import CaseStore
from bot.regulation import load_rules
from tests.cases_support import make_intake

RECEIVED = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    "said",
    [
        "make a new complaint",
        "Make a new complaint.",
        "I want to make a new complaint instead",
        "new complaint please",
        "start a new complaint instead",
        "/make_complaint",
    ],
)
def test_a_new_complaint_asked_for_is_no_answer_to_check(said: str) -> None:
    assert read_identity_answer(said).reading is Reading.NEW_COMPLAINT


@pytest.mark.parametrize("said", ["have I been locked out?", "is my case locked?", "am I locked?"])
def test_asking_about_a_lock_is_no_answer_to_check(said: str) -> None:
    assert read_identity_answer(said).reading is Reading.LOCK_ASKED


@pytest.mark.parametrize("said", ["TN1 2PY", "jane@example.com", "hi", "my phone is locked"])
def test_other_words_are_not_read_as_a_lock_question(said: str) -> None:
    assert read_identity_answer(said).reading is not Reading.LOCK_ASKED


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("8ZBBTK", "IN-8ZBBTK"),
        ("8zbbtk", "IN-8ZBBTK"),
        (" 8ZBBTK. ", "IN-8ZBBTK"),
        ("ref 8ZBBTK", "IN-8ZBBTK"),
        ("my reference is 8zbbtk", "IN-8ZBBTK"),
        ("7K3O9X", "IN-7K309X"),  # O read as 0, as Crockford does
    ],
)
def test_a_reference_body_is_the_providers_reference(typed: str, meant: str) -> None:
    assert reference_body_in(typed, "IN") == meant


@pytest.mark.parametrize(
    "typed",
    [
        "BROKEN",  # no digit as typed, though O reads as 0
        "broken",
        "ZZZZZZ",
        "123456",  # no letter
        "8ZBBTKX",  # seven
        "8ZBBT",  # five
        "8ZBUTK",  # U is not in the alphabet
        "my router R7800A is broken",  # a word in a sentence
        "",
    ],
)
def test_other_text_is_no_reference_body(typed: str) -> None:
    assert reference_body_in(typed, "IN") is None


WITH_LINKS = (
    "They told me to pay at http://evil.example/pay?x=1 or https://evil.example.\n"
    "Also see www.evil-site.co.uk/login and evil.example/x, then e-mail "
    "refunds@evil.example or Jane.Doe+x@mail.example.co.uk. I paid £10.50 on 2.3.2026."
)


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_the_confirmation_copies_the_words_without_links_or_addresses(store: CaseStore) -> None:
    case = store.create_case(
        make_intake(channel="chat", description=WITH_LINKS, email="someone@example.org"),
        received=RECEIVED,
        actor="assistant",
        channel="chat",
    )
    confirmation = compose_confirmation(case, load_rules())
    for body in (confirmation.text(), confirmation.html()):
        for link in (
            "evil.example",
            "evil-site",
            "http",
            "www.",
            "refunds@",
            "Jane.Doe",
            "mail.example",
        ):
            assert link not in body
        assert "[link removed]" in body
        assert "[e-mail address removed]" in body
        assert "I paid £10.50 on 2.3.2026." in body  # the rest of the words as said
    assert body.count("[link removed]") == 4
    assert body.count("[e-mail address removed]") == 2
    # The case keeps the words as said.
    assert store.get(case.reference).description == WITH_LINKS
    assert confirmation.to == "someone@example.org"


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_words_without_links_are_copied_unchanged(store: CaseStore) -> None:
    words = "I was charged twice for December, e.g. £10.50 on 2.3.2026. Nobody replied."
    case = store.create_case(
        make_intake(channel="chat", description=words, email="someone@example.org"),
        received=RECEIVED,
        actor="assistant",
        channel="chat",
    )
    text = compose_confirmation(case, load_rules()).text()
    assert f"> {words}" in text
    assert "removed" not in text
