"""Scale-out on Rasa's own mechanisms: two Rasa servers and two action servers sharing PostgreSQL (the
tracker store and the case store) and Redis (the lock store), as behind a load balancer.

Twenty customers complain at once; each one's turns go alternately to the two Rasa servers, so every
turn is answered by a different process from the one before. Every conversation must carry on
correctly (each reply is the one its step expects) and every complaint must become exactly one case
with that customer's answers.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from bot.cases.store import CaseStore
from tests import services
from tests.cases_support import postgres_database
from tests.cluster import base_env, say, start_actions, start_rasa
from tests.complaint_script import Customer, complaint_steps, reference_in, run_steps
from tests.servers import free_port, wait_until_up

pytestmark = pytest.mark.servers

CONVERSATIONS = 20
REDIS_DB = 12  # a database of its own on the machine's Redis, checked empty of locks at the end
PROVIDERS = ("infinity-group", "invictanet", "infinium", "infinity-system-solutions")


NAMES = (
    "Amelia Clarke", "Harry Patel", "Olivia Hughes", "George Evans", "Isla Wright", "Noah Khan",
    "Ava Roberts", "Leo Walker", "Mia Turner", "Oscar Hall", "Ella Green", "Arthur Baker",
    "Freya Lewis", "Jack Morris", "Grace Cooper", "Theo Ward", "Lily Price", "Alfie Bell",
    "Rosie Shaw", "Henry Lloyd",
)  # fmt: skip


def customer(number: int) -> Customer:
    return Customer(
        name=NAMES[number],
        email=f"customer{number}@example.org",
        description=f"Complaint number {number}: my broadband has dropped every evening this week",
    )


def test_twenty_concurrent_conversations_across_two_rasa_servers_each_make_one_case(tmp_path):
    redis_url = services.redis_url(REDIS_DB)  # the machine's, or a throwaway one
    redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()  # fails clearly if down
    with (
        postgres_database("tracker_scale") as tracker_url,
        postgres_database("cases_scale") as cases_url,
    ):
        shared = {
            "TRACKER_STORE_URL": tracker_url,
            "DATABASE_URL": cases_url,
            "LOCK_STORE": "redis",
            "REDIS_URL": redis_url,
            "COMPLAINTS_OUTBOX": str(tmp_path / "outbox"),
        }
        # Each Rasa server has its own action server (one of each per machine or pod).
        action_ports = [free_port(), free_port()]
        rasa_ports = [free_port(), free_port()]
        envs = [base_env(tmp_path, port, **shared) for port in action_ports]
        processes = []
        try:
            for index, (port, env) in enumerate(zip(action_ports, envs, strict=True)):
                processes.append(start_actions(f"actions-{index}", port, env, tmp_path))
            rasas = [
                start_rasa(f"rasa-{index}", port, env, tmp_path, wait=False)
                for index, (port, env) in enumerate(zip(rasa_ports, envs, strict=True))
            ]
            processes.extend(rasas)
            for rasa, port in zip(rasas, rasa_ports, strict=True):
                wait_until_up(rasa, f"http://127.0.0.1:{port}/")

            def conversation(number: int) -> tuple[str, str]:
                sender = f"scale-{number}"
                provider = PROVIDERS[number % len(PROVIDERS)]

                def talk(message: str, turn: int) -> list[str]:
                    port = rasa_ports[(number + turn) % 2]  # alternate servers turn by turn
                    return say(port, sender, message, {"provider": provider} if turn == 0 else None)

                text = run_steps(complaint_steps(customer(number)), talk)
                return reference_in(text), provider

            with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
                results = list(pool.map(conversation, range(CONVERSATIONS)))
        finally:
            for process in processes:
                process.stop()

        for rasa in rasas:  # endpoints.yml's tracker store, its database work off the event loop
            assert "tracker store: SQL (postgresql), database work in 4 worker thread(s)" in (
                rasa.log.read_text()
            )
        references = [reference for reference, _ in results]
        assert len(set(references)) == CONVERSATIONS
        with CaseStore.open(cases_url) as store:
            cases = store.list_cases()
            assert sorted(c.reference for c in cases) == sorted(references)
            for number, (reference, provider) in enumerate(results):
                case = store.get(reference)
                assert case.provider == provider
                assert case.customer.email == f"customer{number}@example.org"
                assert case.description.startswith(f"Complaint number {number}:")
        # Every conversation lock was released.
        assert not redis.Redis.from_url(redis_url).keys("complaints*")
