"""Personal data at rest and in logs, and faults that still answer, through the real servers with
LOCK_STORE=redis on a Redis of the test's own (stopped and started again by the tests).

- The SQLite case database and tracker store are created readable by their owner only (0600), with
  their -wal and -shm files (before: the umask's 0644, readable by every local user).
- The outbox: a kept complaint that no longer validates, and one the store cannot take, are set
  aside in failed/ once each, counted by `complaints cases overdue`, and do not hold up the kept
  complaint after them, which becomes a case (before: a file the store refused with anything but a
  ValueError stopped every retry at that file, for good).
- Redis dying after start-up: the customer gets the outage apology with the provider's number
  (before: `200 []`), and once Redis is back the conversation carries on, without a restart.
- Logs at the default level hold no personal data on three paths: a message starting with '/'
  (Rasa's parser warning quoted it whole), a message sent while Redis was down (Rasa's REST channel
  logged its text), and an outbox file that no longer validates (its email and postcode were in the
  error logged on every retry).
"""

from __future__ import annotations

import io
import json
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from bot.cases.store import CaseStore, submission_key
from bot.cli import main as complaints
from bot.intake import validate_intake
from bot.outbox import Outbox
from bot.provider_codes import complaints_phone, get_code
from tests.cluster import say
from tests.complaint_script import Customer, complaint_steps, reference_in, run_steps
from tests.servers import Assistant, free_port, running_assistant

pytestmark = pytest.mark.servers

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
WAIT_SECONDS = 180  # for the outbox's retries and Redis's start, on a shared machine

PERSONAL = {
    "name": "Zebedee Quillfeather",
    "email": "zebedee.quillfeather@example.org",
    "postcode": "EH99 1SP",
    "phone": "07700 900461",
}
KEPT = {  # a kept complaint that can no longer be validated (its email and postcode are not)
    "provider": "invictanet",
    "channel": "chat",
    "category": "billing",
    "description": "The Quillfeather household was billed twice for the same month",
    "name": PERSONAL["name"],
    "email": "zebedee.quillfeather@@example.org",
    "postcode": "EH99 1SPQ",
    "contact_preference": "email",
    "customer_type": "consumer",
}
GOOD = validate_intake(
    {
        "provider": "invictanet",
        "channel": "chat",
        "category": "fault_repair",
        "description": "My line has been dead since Monday and nobody has come to fix it",
        "name": "Ola Kept",
        "email": "ola.kept@example.org",
        "postcode": "TN1 2PY",
        "contact_preference": "email",
        "customer_type": "consumer",
    }
)


class OwnRedis:
    """A redis-server of the test's own on a free loopback port, with nothing saved to disk."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = (self.folder / "redis-server.log").open("a")
        self.process = subprocess.Popen(  # noqa: S603 - the machine's redis-server, our arguments
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
                return
            except redis.exceptions.ConnectionError:
                assert self.process.poll() is None, "redis-server exited"
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@dataclass
class Running:
    assistant: Assistant
    folder: Path
    redis: OwnRedis
    env: dict[str, str]

    def talk(self, sender: str, message: str, metadata: dict | None = None) -> list[str]:
        return say(int(self.assistant.rasa_url.rsplit(":", 1)[1]), sender, message, metadata)

    def logs(self) -> dict[str, str]:
        return {p.name: p.read_text(errors="replace") for p in self.folder.glob("*.log")}


def keep_in_outbox(outbox: Path) -> None:
    """Three complaints kept while the database was away, as the action server writes them: one
    that no longer validates, one the store cannot take (its key is not text: a file edited by
    hand), and a good one, sorted after both."""
    received = "2026-12-21T18:00:00+00:00"
    kept = Outbox(outbox)
    good_key = "f" + submission_key("kept-good", GOOD)[1:]
    kept.put(good_key, GOOD, validate_intake_time(received))
    (outbox / "0invalid.json").write_text(
        json.dumps({"key": "0invalid", "received": received, "intake": KEPT}), encoding="utf-8"
    )
    (outbox / "1edited.json").write_text(
        json.dumps({"key": 20261221, "received": received, "intake": GOOD.to_dict()}),
        encoding="utf-8",
    )


def validate_intake_time(text: str):  # noqa: ANN201 - a datetime
    from datetime import datetime

    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("private-faults")
    own = OwnRedis(folder)
    own.start()
    keep_in_outbox(folder / "outbox")
    env = {
        "DATABASE_URL": f"sqlite:///{folder / 'cases.db'}",
        "COMPLAINTS_NOW": "2026-12-22T10:00",
        "COMPLAINTS_PROVIDER": "",  # the default provider, whatever the shell running the tests says
        "COMPLAINTS_LOG_PRIVACY": "",
        "LOCK_STORE": "redis",
        "REDIS_URL": own.url,
        "COMPLAINTS_OUTBOX_RETRY_SECONDS": "1",
    }
    try:
        with running_assistant(folder, env) as assistant:
            yield Running(assistant, folder, own, env)
    finally:
        own.stop()


def complain(running: Running, sender: str, customer: Customer, provider: str) -> str:
    def talk(message: str, turn: int) -> list[str]:
        return running.talk(sender, message, {"provider": provider} if turn == 0 else None)

    return reference_in(run_steps(complaint_steps(customer), talk))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_databases_are_readable_by_their_owner_only(running: Running) -> None:
    complain(running, "owner-only", Customer(name="Ada Private"), "infinium")
    files = [running.folder / name for name in ("cases.db", "tracker.db")]
    files += [f for f in running.folder.glob("*.db-*")]  # -wal, -shm
    assert len(files) >= 4, files
    assert {f.name: oct(mode(f)) for f in files} == {f.name: "0o600" for f in files}
    outbox = running.folder / "outbox"
    assert mode(outbox) == 0o700
    kept = [f for f in outbox.glob("*.json") if f.name[0] == "f"]  # as the action server writes
    assert [oct(mode(f)) for f in kept] in ([], ["0o600"])


def wait_for(condition, what: str):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + WAIT_SECONDS
    while not (result := condition()):
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.5)
    return result


def kept_cases(running: Running) -> list:
    with CaseStore.open(running.env["DATABASE_URL"]) as store:
        return [c for c in store.list_cases() if c.customer.name == "Ola Kept"]


def overdue_out(running: Running, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.setenv("COMPLAINTS_OUTBOX", str(running.folder / "outbox"))
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-22T10:00")
    out = io.StringIO()
    code = complaints(["cases", "overdue", "--database", running.env["DATABASE_URL"], *args], out)
    assert code == 0, out.getvalue()
    return out.getvalue()


def test_an_outbox_file_that_cannot_become_a_case_is_set_aside_and_holds_up_nothing(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A conversation that reaches the case store starts the outbox's retries.
    complain(running, "starts-retries", Customer(name="Bo Starter"), "invictanet")
    [case] = wait_for(lambda: kept_cases(running), "the kept complaint to become a case")
    assert case.provider == "invictanet" and case.customer.email == "ola.kept@example.org"
    outbox = running.folder / "outbox"
    failed = wait_for(
        lambda: sorted(p.name for p in (outbox / "failed").glob("*.json")), "set-aside"
    )
    assert failed == ["0invalid.json", "1edited.json"]
    assert list(outbox.glob("*.json")) == []
    assert {oct(mode(f)) for f in (outbox / "failed").iterdir()} == {"0o600"}
    assert mode(outbox / "failed") == 0o700
    time.sleep(3)  # three more retries: each file was set aside once, not logged on every retry
    log = running.assistant.actions.log.read_text(errors="replace")
    assert log.count("outbox: submission 0invalid cannot be read or no longer validates") == 1
    assert log.count("outbox: submission 1edited cannot be made a case (TypeError)") == 1
    text = overdue_out(running, monkeypatch)
    assert (
        f"2 complaint(s) kept while the case database was away could not be made cases and are set aside in {outbox / 'failed'}"
        in text
    )
    assert json.loads(overdue_out(running, monkeypatch, "--json"))["outbox_set_aside"] == 2


def apology(provider: str) -> str:
    return f"please send it again in a few minutes, or call us on {complaints_phone(get_code(provider))}"


def test_redis_going_away_gets_the_apology_and_its_return_needs_no_restart(
    running: Running,
) -> None:
    steps = complaint_steps(Customer(name="Cy Redis"))

    def talk(message: str, turn: int) -> list[str]:
        return running.talk("redis-away", message, {"provider": "infinium"} if turn == 0 else None)

    run_steps(steps[:4], talk)  # the name is asked next
    running.redis.stop()
    try:
        for metadata, provider in (
            ({"provider": "infinium"}, "infinium"),
            (None, "infinity-group"),
        ):
            replies = running.talk("redis-away", "Cy Redis", metadata)
            assert len(replies) == 1 and apology(provider) in replies[0], replies
    finally:
        running.redis.start()
    # The same conversation carries on where it was: the name is taken, the email asked.
    reference = reference_in(run_steps(steps, talk, start=4))
    with CaseStore.open(running.env["DATABASE_URL"]) as store:
        assert store.get(reference).customer.name == "Cy Redis"


def personal_variants() -> list[str]:
    found = []
    for value in (*PERSONAL.values(), KEPT["email"], KEPT["postcode"]):
        found += [value, value.lower(), value.replace(" ", "")]
    return [*found, "quillfeather", "07700900461"]


def test_personal_data_on_three_paths_never_reaches_the_logs(running: Running) -> None:
    # 1. Messages starting with '/', as a customer might type them.
    for message in (
        f"/my email is {PERSONAL['email']} and my postcode is {PERSONAL['postcode']}",
        f'/inform{{"email": "{PERSONAL["email"]}", "postcode": }}',
        f'/inform{{"email": "{PERSONAL["email"]}"}} {PERSONAL["phone"]}',
        f'/inform{{"customer_name": "{PERSONAL["name"]}"}}',
    ):
        assert running.talk("slash-words", message, {"provider": "infinium"})
    # 2. Messages while Redis is down.
    running.redis.stop()
    try:
        for value in PERSONAL.values():
            replies = running.talk("while-redis-down", f"my details: {value}")
            assert replies and "call us on" in replies[0], replies
    finally:
        running.redis.start()
    # 3. The outbox file that no longer validates has been set aside (and was logged so).
    outbox = running.folder / "outbox" / "failed" / "0invalid.json"
    wait_for(outbox.exists, "the invalid outbox file to be set aside")

    logs = running.logs()
    assert {"rasa-server.log", "action-server.log"} <= set(logs)
    rasa_log, action_log = logs["rasa-server.log"], logs["action-server.log"]
    # The paths were taken, and logged without the words.
    assert "starting with '/' is not an intent of this assistant; read as words" in rasa_log
    assert "the conversation's lock could not be taken (ConnectionError)" in rasa_log
    assert "outbox: submission 0invalid cannot be read or no longer validates (IntakeErrors)" in (
        action_log
    )
    for name, log in logs.items():
        found = [v for v in personal_variants() if v.lower() in log.lower()]
        assert not found, f"{name} holds personal data: {found}"
