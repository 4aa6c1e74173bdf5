"""The conversation behind a case, and one person's data: `cases transcript`, retention that keeps a
case's conversation as long as the case, subject access by e-mail, phone or name with postcode
(conversations included), and `cases erase`; on SQLite and PostgreSQL, with the conversations
written by Rasa's own SQLTrackerStore.

"Today" is Monday 4 January 2027, 09:00.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cases.retention import TrackerStore, TrackerStoreUnavailable
from bot.cases.search import find_cases
from bot.cases.store import CaseStore
from bot.cli import main
from tests.cases_support import at, make_intake, postgres_database

NOW = at(2027, 1, 4, 9)
STAFF = {"actor": "sam", "channel": "desk"}
CHAT = "web-4f1c2a9e8b7d6c5a"


def chat_events(start: float) -> list:
    return [
        ActionExecuted("action_session_start", timestamp=start - 2),
        SessionStarted(timestamp=start - 1),
        UserUttered("I was charged twice for December", timestamp=start),
        BotUttered(
            "What is the complaint about?",
            data={"buttons": [{"title": "Billing", "payload": "/billing"}]},
            timestamp=start + 1,
        ),
        UserUttered("/choose_category", timestamp=start + 60),
        BotUttered("Thank you, Jane. Your reference is on its way.", timestamp=start + 61),
    ]


@dataclass
class Stores:
    cases: CaseStore
    cases_url: str
    tracker_url: str
    rasa: SQLTrackerStore

    def save(self, sender: str, events: list) -> None:
        asyncio.run(self.rasa.save(DialogueStateTracker.from_events(sender, events)))

    def senders(self) -> set[str]:
        return set(asyncio.run(self.rasa.keys()))


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stores]:
    if request.param == "sqlite":
        urls = iter([f"sqlite:///{tmp_path / 'cases.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"])
        yield from _stores(next(urls), next(urls))
        return
    with postgres_database("cases_conv") as cases, postgres_database("tracker_conv") as tracker:
        yield from _stores(cases, tracker)


def _stores(cases_url: str, tracker_url: str) -> Iterator[Stores]:
    rasa = SQLTrackerStore(host=tracker_url)
    with CaseStore.open(cases_url) as cases:
        try:
            yield Stores(cases, cases_url, tracker_url, rasa)
        finally:
            rasa.engine.dispose()


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


@pytest.fixture
def desk(stores: Stores, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("COMPLAINTS_STAFF", "sam")
    monkeypatch.delenv("TRACKER_STORE_URL", raising=False)

    def run(*argv: str, now: str = "2027-01-04T09:00", stdin: str | None = None) -> Result:
        monkeypatch.setenv("COMPLAINTS_NOW", now)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        out = io.StringIO()
        code = main(["cases", *argv, "--database", stores.cases_url], out=out)
        return Result(code, out.getvalue(), capsys.readouterr().err)

    return run


def chat_case(stores: Stores, sender: str = CHAT, **intake: str):
    received = at(2026, 12, 22, 10)
    stores.save(sender, chat_events(received.timestamp() - 120))
    return stores.cases.create_case(
        make_intake(channel="web", **intake),
        received=received,
        actor="assistant",
        channel="chat",
        conversation_id=sender,
    )


# --- the transcript ----------------------------------------------------------------------------


def test_the_transcript_shows_who_said_what_in_order_with_times(stores: Stores, desk) -> None:
    case = chat_case(stores)
    shown = desk("transcript", case.reference, "--tracker-store", stores.tracker_url)
    assert (shown.code, shown.err) == (0, "")
    assert shown.out == (
        f"{case.reference}: the conversation it came from, 4 messages, oldest first\n\n"
        "2026-12-22 09:58  Customer:\n"
        "  I was charged twice for December\n"
        "2026-12-22 09:58  Assistant:\n"
        "  What is the complaint about?\n"
        "  [Billing]\n"
        "2026-12-22 09:59  Customer:\n"
        "  /choose_category\n"
        "2026-12-22 09:59  Assistant:\n"
        "  Thank you, Jane. Your reference is on its way.\n"
    )
    as_json = desk("transcript", case.reference, "--json", "--tracker-store", stores.tracker_url)
    report = as_json.json()
    assert report["conversation_id"] == CHAT
    assert [(t["speaker"], t["text"]) for t in report["turns"]] == [
        ("customer", "I was charged twice for December"),
        ("assistant", "What is the complaint about?"),
        ("customer", "/choose_category"),
        ("assistant", "Thank you, Jane. Your reference is on its way."),
    ]
    assert report["turns"][0]["at"] == "2026-12-22T09:58:00+00:00"
    assert report["turns"][1]["buttons"] == ["Billing"]


def test_a_transcript_needs_a_chat_and_a_tracker_store(stores: Stores, desk) -> None:
    desk_case = stores.cases.create_case(make_intake(), received=at(2026, 12, 22, 10), **STAFF)
    refused = desk("transcript", desk_case.reference, "--tracker-store", stores.tracker_url)
    assert refused.code == 2 and "was not created in a chat" in refused.err
    case = chat_case(stores)
    no_store = desk("transcript", case.reference)
    assert no_store.code == 2 and "no tracker store: set TRACKER_STORE_URL" in no_store.err


# --- retention -----------------------------------------------------------------------------------


def test_a_conversation_behind_a_case_is_kept_as_long_as_the_case(stores: Stores, desk) -> None:
    case = chat_case(stores)  # its conversation last active on 22 December 2026
    stores.save("no-case-200", chat_events(NOW.timestamp() - 200 * 86400))
    later = "2027-06-01T09:00"  # over 90 days after both conversations
    kept = desk(
        "purge", "--older-than", "6y", "--tracker-store", stores.tracker_url, "--yes", now=later
    )
    assert kept.code == 0, kept.err
    assert stores.senders() == {CHAT}  # the case's conversation stays; the other goes
    # Once its case is purged (closed over six years ago), its conversation goes with it.
    stores.cases.resolve(case.reference, "Refunded.", now=at(2027, 1, 5), **STAFF)
    stores.cases.close(case.reference, now=at(2027, 1, 6), **STAFF)
    gone = desk(
        "purge", "--older-than", "6y", "--tracker-store", stores.tracker_url, "--yes",
        now="2033-02-01T09:00",
    )  # fmt: skip
    assert gone.code == 0, gone.err
    assert case.reference in gone.out and "Removed 1 conversation" in gone.out
    assert stores.senders() == set()


# --- subject access ----------------------------------------------------------------------------


def test_subject_access_finds_a_person_by_email_phone_or_name_with_postcode(
    stores: Stores, desk
) -> None:
    chat = chat_case(stores)
    by_phone_only = stores.cases.create_case(
        make_intake(email="other@example.com", provider="invictanet"),
        received=at(2026, 12, 23, 10),
        **STAFF,
    )
    stores.cases.create_case(
        make_intake(name="Someone Else", email="else@example.com", phone="07700 900999"),
        received=at(2026, 12, 23, 11),
        **STAFF,
    )
    tracker = ("--tracker-store", stores.tracker_url)
    by_email = desk("subject-access", "JANE.DOE@example.co.uk", *tracker).json()
    assert [c["reference"] for c in by_email["cases"]] == [chat.reference]
    turns = by_email["cases"][0]["conversation"]["turns"]
    assert turns[0]["text"] == "I was charged twice for December" and len(turns) == 4

    by_phone = desk("subject-access", "--phone", "+44 7700 900 123", *tracker).json()
    assert [c["reference"] for c in by_phone["cases"]] == [chat.reference, by_phone_only.reference]
    assert by_phone["cases"][1]["conversation"] is None  # opened at the desk: no chat
    assert by_phone["cases"][0]["matched_on"] == ["phone"]

    by_name = desk("subject-access", "--name", "jane  doe", "--postcode", "tn12py", *tracker).json()
    assert [c["reference"] for c in by_name["cases"]] == [chat.reference, by_phone_only.reference]
    assert by_name["cases"][0]["matched_on"] == ["name and postcode"]

    without = desk("subject-access", "--phone", "07700900123")
    assert without.code == 0 and "conversations not included: no tracker store" in without.err
    assert without.json()["cases"][0]["conversation"]["turns"] is None

    half = desk("subject-access", "--name", "Jane Doe")
    assert half.code == 2 and "only with their postcode" in half.err


# --- erasure -----------------------------------------------------------------------------------


def _closed(stores: Stores, case, *, resolved, closed, adr_letter=None):
    if adr_letter:
        stores.cases.record_adr_letter(case.reference, now=adr_letter, **STAFF)
    else:
        stores.cases.resolve(case.reference, "Refunded Jane Doe 42.50.", now=resolved, **STAFF)
    stores.cases.add_note(case.reference, "Jane Doe rang from 07700 900123.", now=resolved, **STAFF)
    stores.cases.close(case.reference, now=closed, **STAFF)


def test_erasure_anonymises_what_may_go_and_says_what_is_kept_and_why(stores: Stores, desk) -> None:
    old = chat_case(stores, sender="web-old")
    _closed(stores, old, resolved=at(2026, 12, 23), closed=at(2026, 12, 24))
    recent = chat_case(stores, sender="web-recent")
    _closed(
        stores, recent, resolved=at(2027, 6, 1), closed=at(2027, 6, 2), adr_letter=at(2027, 6, 1)
    )
    still_open = chat_case(stores, sender="web-open")
    stores.save("web-other-person", chat_events(NOW.timestamp()))
    tracker = ("--tracker-store", stores.tracker_url)
    now = "2028-02-01T09:00"  # the old case closed 13 months ago; the recent one's letter, 8

    no = desk("erase", "--email", "jane.doe@example.co.uk", *tracker, stdin="n\n", now=now)
    assert no.code == 0 and no.out == (
        "Anonymise 1 case of this person, and delete the conversations they came from? [y/N] "
        "Nothing erased.\n"
    )
    assert stores.cases.require(old.reference).customer.name == "Jane Doe"

    done = desk("erase", "--phone", "07700900123", *tracker, "--yes", "--json", now=now)
    assert done.code == 0, done.err
    report = done.json()
    assert report["anonymised"] == [old.reference]
    assert report["kept"] == [recent.reference, still_open.reference]
    reasons = {c["reference"]: c for c in report["cases"]}
    assert (
        "may still take the complaint to ADR until Thursday 1 June 2028"
        in (reasons[recent.reference]["reason"])
    )
    assert reasons[recent.reference]["keep_until"] == "2028-06-01"
    assert "still being handled (raised)" in reasons[still_open.reference]["reason"]
    assert report["conversations_removed"] == 1

    erased = stores.cases.require(old.reference)
    assert erased.customer.name == "(erased)"
    assert (erased.customer.email, erased.customer.phone, erased.customer.postcode) == (None,) * 3
    assert "charged twice" not in erased.description and erased.conversation_id is None
    assert erased.resolution == "(erased)" and erased.status == "closed"
    assert [c.met_at is not None for c in erased.commitments] == [True] * len(erased.commitments)
    log = json.dumps([e.to_dict() for e in stores.cases.events(old.reference)])
    assert "Jane" not in log and "07700" not in log and log.count('"erased"') == 1
    assert stores.senders() == {"web-recent", "web-open", "web-other-person"}
    # Nothing finds the erased case by the person any more; the kept ones still are.
    assert old.reference not in [f.case.reference for f in find_cases(stores.cases, "Jane Doe")]
    after = desk("subject-access", "--phone", "07700 900123", *tracker).json()
    assert [c["reference"] for c in after["cases"]] == [recent.reference, still_open.reference]

    text = desk("erase", "--email", "jane.doe@example.co.uk", *tracker, "--yes", now=now)
    assert f"{recent.reference}  KEPT: the customer may still take" in text.out
    assert f"{still_open.reference}  KEPT: the complaint is still being handled" in text.out


def test_erasure_of_a_chat_case_needs_the_tracker_store(stores: Stores, desk) -> None:
    old = chat_case(stores, sender="web-old")
    _closed(stores, old, resolved=at(2026, 12, 23), closed=at(2026, 12, 24))
    refused = desk("erase", "--email", "jane.doe@example.co.uk", "--yes", now="2028-02-01T09:00")
    assert refused.code == 2 and "give the tracker store" in refused.err
    assert stores.cases.require(old.reference).customer.name == "Jane Doe"


def test_retention_keeps_any_number_of_linked_conversations(stores: Stores) -> None:
    stores.save(CHAT, chat_events(NOW.timestamp() - 200 * 86400))
    stores.save("no-case-200", chat_events(NOW.timestamp() - 200 * 86400))
    # More kept ids than SQLite takes as parameters of one statement (32,766).
    keep = {CHAT, *(f"web-{n:06d}" for n in range(40_000))}
    with TrackerStore(stores.tracker_url) as tracker:
        counted = tracker.last_active_before(NOW - timedelta(days=90), keep)
        assert (counted.conversations, counted.events) == (1, len(chat_events(0)))
        assert tracker.purge(NOW - timedelta(days=90), keep) == counted
    assert stores.senders() == {CHAT}


def test_an_erasure_the_tracker_store_fails_changes_nothing(
    stores: Stores, desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = chat_case(stores, sender="web-old")
    _closed(stores, old, resolved=at(2026, 12, 23), closed=at(2026, 12, 24))

    def fails(*args: object) -> int:
        raise TrackerStoreUnavailable("cannot use the tracker store at test: gone")

    monkeypatch.setattr("bot.cases.people.remove_conversations", fails)
    failed = desk(
        "erase", "--email", "jane.doe@example.co.uk", "--tracker-store", stores.tracker_url,
        "--yes", now="2028-02-01T09:00",
    )  # fmt: skip
    assert failed.code == 1 and "cannot use the tracker store" in failed.err
    case = stores.cases.require(old.reference)
    assert (case.customer.name, case.conversation_id) == ("Jane Doe", "web-old")
    assert "web-old" in stores.senders()
