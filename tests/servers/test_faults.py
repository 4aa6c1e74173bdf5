"""Faults in production, through the real servers: what the customer sees and what is kept.

- The action server goes away mid-complaint: the customer gets an apology with the provider's phone
  number, the answers so far are kept, and the complaint completes once the server is back.
- The action server hangs: the turn ends after ACTION_SERVER_TIMEOUT with the same apology, not after
  Rasa's built-in five minutes.
- The Rasa server restarts mid-complaint: the conversation resumes where it was (tracker store).
- Redis is configured as the lock store but is down: the Rasa server stops at start-up with a message
  saying so, rather than starting and failing on every message.
(The case database going away at the moment of creation is tests/bot/test_outbox.py's subject.)
"""

from __future__ import annotations

import socket
import time

import pytest

from bot.cases.store import CaseStore
from bot.provider_codes import complaints_phone, get_code
from tests.cluster import base_env, say, start_actions, start_rasa
from tests.complaint_script import Customer, complaint_steps, reference_in, run_steps
from tests.servers import free_port

pytestmark = pytest.mark.servers

PHONE_STEP = 6  # the turn that answers "what is your phone number?"


def talker(port_of, sender: str, provider: str):
    """say(message, turn) for run_steps: the provider travels on the first message's metadata."""

    def talk(message: str, turn: int) -> list[str]:
        metadata = {"provider": provider} if turn == 0 else None
        return say(port_of(), sender, message, metadata)

    return talk


def apology_for(provider: str) -> str:
    return f"please send it again in a few minutes, or call us on {complaints_phone(get_code(provider))}"


def test_action_server_down_mid_complaint_apologises_keeps_answers_and_completes_later(tmp_path):
    action_port, rasa_port = free_port(), free_port()
    env = base_env(tmp_path, action_port)
    actions = start_actions("actions-first", action_port, env, tmp_path)
    rasa = start_rasa("rasa", rasa_port, env, tmp_path)
    customer = Customer(name="Ola Nowak", email="ola.nowak@example.org")
    steps = complaint_steps(customer)
    talk = talker(lambda: rasa_port, "outage", "invictanet")
    try:
        run_steps(steps[:PHONE_STEP], talk)
        actions.stop()

        replies = talk(steps[PHONE_STEP][0], PHONE_STEP)
        assert any(apology_for("invictanet") in r for r in replies), replies

        actions = start_actions("actions-again", action_port, env, tmp_path)
        # The customer sends the phone number again; the form goes on from there, with the
        # description, name and email given before the outage.
        text = run_steps(steps, talk, start=PHONE_STEP)
        reference = reference_in(text)
    finally:
        rasa.stop()
        actions.stop()

    with CaseStore.open(env["DATABASE_URL"]) as store:
        cases = store.list_cases()
        assert [c.reference for c in cases] == [reference]
        case = store.get(reference)
        assert case.provider == "invictanet"
        assert case.customer.name == "Ola Nowak"
        assert case.customer.email == "ola.nowak@example.org"
        assert case.customer.phone.replace(" ", "") == "07700900123"
        assert case.description == customer.description


def test_a_hung_action_server_gets_the_apology_after_the_configured_timeout(tmp_path):
    rasa_port = free_port()
    with socket.socket() as hung:  # accepts connections (the backlog) and never answers
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        env = base_env(tmp_path, hung.getsockname()[1], ACTION_SERVER_TIMEOUT="3")
        rasa = start_rasa("rasa", rasa_port, env, tmp_path)
        try:
            replies = say(rasa_port, "hung", "hello", {"provider": "infinium"})
        finally:
            rasa.stop()
    assert any(apology_for("infinium") in r for r in replies), replies


def test_a_rasa_server_restart_mid_complaint_loses_nothing(tmp_path):
    action_port, first_port, second_port = free_port(), free_port(), free_port()
    env = base_env(tmp_path, action_port)
    actions = start_actions("actions", action_port, env, tmp_path)
    rasa = start_rasa("rasa-before", first_port, env, tmp_path)
    steps = complaint_steps(Customer(name="Sam Restart"))
    port = first_port
    talk = talker(lambda: port, "restart", "infinity-group")
    try:
        run_steps(steps[:PHONE_STEP], talk)
        rasa.stop()
        rasa = start_rasa("rasa-after", second_port, env, tmp_path)
        port = second_port
        # The new process picks the conversation up from the tracker store: the next answer is
        # taken as the phone number, and nothing before it is asked again.
        text = run_steps(steps, talk, start=PHONE_STEP)
        reference = reference_in(text)
    finally:
        rasa.stop()
        actions.stop()
    with CaseStore.open(env["DATABASE_URL"]) as store:
        assert store.get(reference).customer.name == "Sam Restart"
        assert len(store.list_cases()) == 1


def test_redis_lock_store_down_stops_the_server_at_start_up_with_a_clear_message(tmp_path):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        dead_port = unused.getsockname()[1]  # nothing listens here once the socket closes
    env = base_env(
        tmp_path, free_port(), LOCK_STORE="redis", REDIS_URL=f"redis://127.0.0.1:{dead_port}/0"
    )
    rasa = start_rasa("rasa-no-redis", free_port(), env, tmp_path, wait=False)
    try:
        deadline = time.monotonic() + 240
        while rasa.popen.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert rasa.popen.poll() is not None, "the server kept running without its lock store"
        assert rasa.popen.returncode != 0
        log = rasa.log.read_text(errors="replace")
        assert f"Redis at 127.0.0.1:{dead_port}/0 does not answer" in log, log[-3000:]
        assert "LOCK_STORE=in_memory" in log
    finally:
        rasa.stop()
