"""Checking a case as an attacker would, through the real Rasa server and action server.

- Verification that cannot be reset: `/back` after each wrong answer, `/restart` after the lock, a
  new sender id: the count and the lock are the case store's, per reference; the lock is an event
  on the case (without the guesses) and staff lift it with `cases unlock`. A wrong answer, an
  unknown reference and a locked one get the same reply, with the provider's phone and email; one
  conversation cannot walk through many references.
- Messages typed as `/intent{...}` set nothing the actions trust.
- The action server: loopback only, and a forged `POST /webhook` without the shared secret runs
  nothing (401); even with it, a tracker's slots saying "verified" disclose nothing the store has
  not recorded for that conversation.
- The tracker store keeps no verification answer (the guesses included), and nothing of a
  complaint the customer stopped.

The clock is fixed at Tuesday 22 December 2026, 10:00 (Europe/London).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cases.store import CaseStore
from bot.provider_codes import complaints_phone, get_code
from tests.cases_support import at, make_intake
from tests.servers import ACTION_SERVER_TOKEN, ROOT, Assistant, running_assistant

pytestmark = pytest.mark.servers

PROVIDER = {"provider": "infinity-group"}
CODE = get_code("infinity-group")
PHONE = complaints_phone(CODE)
EMAIL = CODE.contact("email", purpose="complaints").value
DISCLOSED = ("is raised", "handled by", "Our next promise")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("verification")


@pytest.fixture(scope="module")
def database_url(work: Path) -> str:
    return f"sqlite:///{work / 'cases.db'}"


@pytest.fixture(scope="module")
def assistant(work: Path, database_url: str) -> Iterator[Assistant]:
    env = {"COMPLAINTS_NOW": "2026-12-22T10:00", "DATABASE_URL": database_url}
    with running_assistant(work, env) as running:
        yield running


@pytest.fixture(scope="module")
def store(database_url: str) -> Iterator[CaseStore]:
    with CaseStore.open(database_url) as opened:
        yield opened


_made = iter(range(1, 1000))


def new_case(store: CaseStore) -> tuple[str, str, str]:
    """A fresh case: its reference, email address and postcode."""
    n = next(_made)
    email, postcode = f"owner.{n}@example.co.uk", f"SE{n} 9HA"
    case = store.create_case(
        make_intake(email=email, postcode=postcode),
        received=at(2026, 12, 21, 9),
        actor="sam",
        channel="desk",
    )
    return case.reference, email, postcode


def disclosed(replies: list[str]) -> bool:
    text = " ".join(replies)
    return any(words in text for words in DISCLOSED)


def check(assistant: Assistant, sender: str, reference: str, answer: str) -> list[str]:
    """Ask about the case, then answer the verification question; the replies to the answer."""
    asked = assistant.texts(sender, f"what's happening with my complaint {reference}", PROVIDER)
    assert any("email address or postcode" in r for r in asked), asked
    return assistant.texts(sender, answer)


def desk(database_url: str, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "bot", "cases", *args, "--database", database_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COMPLAINTS_NOW": "2026-12-22T10:30"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- verification that cannot be reset -------------------------------------------------------


def test_back_after_each_wrong_answer_does_not_undo_the_count(assistant, store):
    reference, _email, postcode = new_case(store)
    say = assistant.texts
    asked = say("backer", f"what's happening with my complaint {reference}", PROVIDER)
    assert any("email address or postcode" in r for r in asked), asked
    for n in range(8):
        replies = say("backer", f"wrong{n}@example.com")
        assert not disclosed(replies), replies
        say("backer", "/back")  # Rasa's own: undoes the turn of the wrong answer
    replies = say("backer", postcode)
    assert not disclosed(replies), replies
    assert PHONE in " ".join(replies)


@pytest.mark.parametrize(
    "retyped", ["sorry I mistyped, it's {postcode}", "oops, my email is actually {email}"]
)
def test_a_detail_typed_again_after_a_failed_check_is_the_next_attempt(
    assistant, store, work, retyped
):
    """Outside testing (issue 13): "sorry I mistyped, it's SW1A 1AA" got "I didn't follow that"."""
    reference, email, postcode = new_case(store)
    sender = f"retyper-{reference}"
    replies = check(assistant, sender, reference, "SE99 9ZZ")
    assert not disclosed(replies) and PHONE in " ".join(replies), replies
    message = retyped.format(postcode=postcode, email=email)
    replies = assistant.texts(sender, message)
    assert disclosed(replies), replies
    assert "didn't follow" not in " ".join(replies)
    rows = tracker_rows(work)
    assert message not in rows and postcode not in rows and email not in rows


def test_the_lock_holds_across_restart_and_senders_until_staff_lift_it(
    assistant, store, database_url
):
    reference, email, postcode = new_case(store)
    guesses = [f"guess{n}@example.com" for n in range(4)] + ["ZZ9 9ZZ"]
    for guess in guesses:
        assert not disclosed(check(assistant, "locker", reference, guess))
    assistant.texts("locker", "/restart")
    assert not disclosed(check(assistant, "locker", reference, postcode))
    assistant.texts("locker", "/session_start")
    assert not disclosed(check(assistant, "locker", reference, email))
    # Another sender, the right answer first time: still locked.
    assert not disclosed(check(assistant, "locker-2", reference, postcode))

    shown = desk(database_url, "show", reference)
    assert "verification_locked" in shown
    for guess in guesses:
        assert guess not in shown

    assert "unlocked" in desk(database_url, "unlock", reference)
    assert "verification_unlocked" in desk(database_url, "show", reference)
    replies = check(assistant, "locker-3", reference, postcode)
    assert disclosed(replies), replies


def test_wrong_unknown_and_locked_references_get_the_same_reply(assistant, store):
    wrong_ref, _, _ = new_case(store)
    locked_ref, _, locked_postcode = new_case(store)
    for n in range(5):
        check(assistant, f"lock-it-{n}", locked_ref, f"nope{n}@example.com")

    wrong = check(assistant, "same-1", wrong_ref, "not.me@example.com")
    unknown = check(assistant, "same-2", "IG-2Z2Z2Z", "not.me@example.com")
    locked = check(assistant, "same-3", locked_ref, locked_postcode)
    assert wrong == unknown == locked, (wrong, unknown, locked)
    text = " ".join(wrong)
    assert PHONE in text and EMAIL in text
    # Outside testing: a locked-out customer was told to "ask me again", which cannot work for an
    # hour or more. The one reply says that checks pause after several tries, for everyone.
    assert "ask me again" not in text
    assert "after several wrong tries" in text


def test_one_conversation_cannot_walk_many_references(assistant, store):
    reference, _email, postcode = new_case(store)
    for n in range(10):
        check(assistant, "walker", f"IG-{n}X{n}X{n}X", "someone@example.com")
    replies = check(assistant, "walker", reference, postcode)
    assert not disclosed(replies), replies


def test_typed_intents_set_nothing_the_actions_trust(assistant, store):
    reference, _email, _postcode = new_case(store)
    say = assistant.texts
    say("slasher", "hello", PROVIDER)
    replies = say("slasher", f'/check_case{{"reference":"{reference}"}}')
    replies += say("slasher", '/inform{"verification_answer":"verified"}')
    assert not disclosed(replies), replies
    replies = say(
        "slasher", f'/check_case{{"reference":"{reference}","verification_answer":"verified"}}'
    )
    replies += say("slasher", "verified")
    assert not disclosed(replies), replies
    replies = say("slasher", f'/request_adr_letter{{"reference":"{reference}"}}')
    replies += say("slasher", '/inform{"verification_answer":"verified"}')
    assert not disclosed(replies), replies
    assert not store.get(reference).adr_letter_requested


# --- the action server is not a public door ---------------------------------------------------


def forged_call(assistant: Assistant, action: str, slots: dict, text: str, token: str | None):
    """A POST /webhook as an attacker on the machine would send it: status and JSON body."""
    body = {
        "next_action": action,
        "sender_id": "forger",
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": "forger",
            "slots": {"requested_slot": "verification_answer", **slots},
            "latest_message": {"text": text, "intent": {"name": "inform"}, "entities": []},
            "latest_input_channel": "rest",
            "latest_action_name": "action_listen",
            "active_loop": {"name": "case_lookup_form"},
            "paused": False,
            "followup_action": None,
            "events": [
                {"event": "user", "text": text, "parse_data": {"intent": {"name": "inform"}}},
                *({"event": "slot", "name": k, "value": v} for k, v in slots.items()),
            ],
        },
    }
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{assistant.action_url}/webhook", data=json.dumps(body).encode(), headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_forged_calls_to_the_action_server_get_nothing(assistant, store):
    reference, email, _postcode = new_case(store)
    verified = {
        "case_reference": reference,
        "verification_answer": "verified",
        "verified_reference": reference,
        "pending_request": "adr_letter",
        "provider": "infinity-group",
    }
    for token in (None, "not-the-secret-" + "x" * 40):
        status, body = forged_call(assistant, "action_handle_case_request", verified, "hi", token)
        assert status == 401, body
        assert reference not in json.dumps(body)
        status, body = forged_call(
            assistant,
            "validate_case_lookup_form",
            {"case_reference": reference, "verification_answer": email},
            email,
            token,
        )
        assert status == 401, body
        assert "verified" not in json.dumps(body)
    # Even with the secret, slots saying "verified" are not a verification the store recorded.
    status, body = forged_call(
        assistant, "action_handle_case_request", verified, "hi", ACTION_SERVER_TOKEN
    )
    assert status == 200, body
    responses = [m.get("response") for m in body["responses"]]
    assert "utter_case_status" not in responses and "utter_adr_letter_requested" not in responses
    assert not store.get(reference).adr_letter_requested
    assert [e.kind for e in store.events(reference)] == ["raised"]


def listening_addresses(url: str) -> list[str]:
    port = int(url.rsplit(":", 1)[1])
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.rsplit(":", 1)
            if state == "0A" and int(local_port, 16) == port:
                listening.append(address)
    return listening


def test_the_action_server_listens_on_loopback_only(assistant):
    assert listening_addresses(assistant.action_url) == ["0100007F"]  # 127.0.0.1, nothing else


def test_the_assistant_listens_on_loopback_only(assistant):
    # The outside attacker, 26 Nov: `make run` answered on the machine's network address too
    # (Rasa's default is every interface); RASA_INTERFACE in scripts/serve.sh names another.
    assert listening_addresses(assistant.rasa_url) == ["0100007F"]
    serve = (ROOT / "scripts" / "serve.sh").read_text()
    assert '--interface "${RASA_INTERFACE:-127.0.0.1}"' in serve


# --- personal data in the tracker store ---------------------------------------------------------


def tracker_rows(work: Path) -> str:
    with sqlite3.connect(work / "tracker.db") as connection:
        return "\n".join(row[0] for row in connection.execute("SELECT data FROM events"))


def test_verification_answers_are_not_kept_in_the_tracker_store(assistant, store, work):
    reference, email, _postcode = new_case(store)
    guesses = ["guessing.victim@example.org", "W1A 4ZZ"]
    for guess in guesses:
        check(assistant, "keeper", reference, guess)
    assert disclosed(check(assistant, "keeper", reference, email))
    rows = tracker_rows(work)
    assert "keeper" in rows or reference in rows  # the conversation is there
    for answer in [*guesses, email, "guessing.victim"]:
        assert answer not in rows, answer


def test_a_stopped_complaint_leaves_nothing_in_the_tracker_store(assistant, work):
    say = assistant.texts
    say("stopper", "hello", PROVIDER)
    say("stopper", "I want to make a complaint")
    say("stopper", '/inform{"category":"billing"}')
    say("stopper", "My router from Quillfeather Street has dropped out every night since May")
    assert any("email address" in r for r in say("stopper", "Ottoline Brackenbury"))
    assert any("phone number" in r for r in say("stopper", "ottoline.b@example.net"))
    replies = say("stopper", "stop")
    assert any("Nothing has been saved" in r for r in replies), replies
    rows = tracker_rows(work)
    for personal in ("Quillfeather", "Ottoline", "Brackenbury", "ottoline.b@example.net"):
        assert personal not in rows, personal
    # The conversation carries on as before.
    assert any("complaints assistant" in r for r in say("stopper", "hello"))
