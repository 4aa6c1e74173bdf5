"""The simulated customers: what they say (a whole complaint, a status check, the starter's own
conversations) and how a turn goes over the REST channel, checked against the reply expected."""

from __future__ import annotations

import asyncio
import itertools
import random
import re
import time
import uuid
from dataclasses import dataclass

import aiohttp

from bench.load.results import LevelResult

STATUS_EVERY = 5  # every fifth conversation of ours is a status check (once a case exists)
PROVIDERS = ("infinity-group", "invictanet", "infinium", "infinity-system-solutions")
REFERENCE = re.compile(r"\b([A-Z]{2,3}-[0-9A-HJKMNP-TV-Z]{6})\b")


@dataclass
class Step:
    message: str
    expect: str  # a piece of text one of the replies must contain ("" for any reply)
    metadata: dict | None = None


def complaint_steps(number: int, provider: str) -> list[Step]:
    """A whole complaint, typed and with buttons, as tests/servers/test_conversations.py holds it."""
    return [
        Step("hello", "complaints assistant", {"provider": provider}),
        Step("I want to make a complaint", "What is your complaint about?"),
        Step('/inform{"category":"billing"}', "what happened, in your own words"),
        Step(
            f"I was charged twice for my broadband in December, £{40 + number % 50}.10 each time",
            "What is your name?",
        ),
        Step("Jane Doe", "email address"),
        Step(f"customer{number}@example.co.uk", "phone number"),
        Step("07700 900123", "What is your postcode?"),
        Step("TN1 2PY", "How would you like us to contact you?"),
        Step('/inform{"contact_preference":"email"}', "consumer"),
        Step('/inform{"customer_type":"consumer"}', "account number"),
        Step("skip", "large print"),
        Step("none", "Shall I log it?"),
        Step("/affirm", "Your complaint is logged with reference"),
    ]


def status_steps(case: Case) -> list[Step]:
    """Checking an earlier case: its reference, then the email on it."""
    return [
        Step(
            f"what's happening with my complaint {case.reference}",
            "email address or postcode",
            {"provider": case.provider},
        ),
        Step(case.email, f"Complaint {case.reference} (billing) is raised"),
    ]


# From the starter's own data (data/nlu.yml and data/stories.yml of `rasa init`).
STARTER_CONVERSATIONS = (
    [
        Step("hello", "Hey! How are you?"),
        Step("perfect", "Great, carry on!"),
        Step("bye", "Bye"),
    ],
    [
        Step("hey", "Hey! How are you?"),
        Step("I am sad", "Did that help you?"),
        Step("yes", "Great, carry on!"),
        Step("goodbye", "Bye"),
    ],
    [
        Step("hi", "Hey! How are you?"),
        Step("super sad", "Did that help you?"),
        Step("no", "Bye"),
    ],
)


@dataclass
class Case:
    reference: str
    provider: str
    email: str


class TurnFailed(Exception):
    pass


class Customers:
    """Simulated customers of one deployment; turns go round-robin over its Rasa servers."""

    def __init__(self, session: aiohttp.ClientSession, rasa_urls: list[str], key: str) -> None:
        self.session = session
        self.urls = [f"{url}/webhooks/rest/webhook" for url in rasa_urls]
        self.key = key
        self.turn_counter = itertools.count()
        self.cases: list[Case] = []
        self.complaints_completed = 0  # warm-up included: every one must be a case
        self.run_id = uuid.uuid4().hex[:8]
        self.rng = random.Random(6)  # noqa: S311 - which earlier case to check

    async def turn(self, sender: str, step: Step, result: LevelResult | None) -> list[str]:
        body: dict = {"sender": sender, "message": step.message}
        if step.metadata is not None:
            body["metadata"] = step.metadata
        url = self.urls[next(self.turn_counter) % len(self.urls)]
        started = time.perf_counter()
        try:
            async with self.session.post(url, json=body) as response:
                if response.status != 200:
                    raise TurnFailed(f"HTTP {response.status}")
                replies = await response.json()
        except asyncio.TimeoutError as error:
            raise TurnFailed("timeout") from error
        except aiohttp.ClientError as error:
            raise TurnFailed(type(error).__name__) from error
        finally:
            elapsed = time.perf_counter() - started
        if result is not None:
            result.latencies.append(elapsed)
        return [reply.get("text", "") for reply in replies if isinstance(reply, dict)]

    async def conversation(
        self, steps: list[Step], sender: str, result: LevelResult | None
    ) -> list[str] | None:
        """Say every step; the last turn's replies, or None (counted) if it went wrong."""
        replies: list[str] = []
        for step in steps:
            try:
                replies = await self.turn(sender, step, result)
            except TurnFailed as error:
                if result is not None:
                    reason = str(error)
                    result.turn_errors[reason] = result.turn_errors.get(reason, 0) + 1
                    result.failed_conversations += 1
                    result.failures.append(f"{sender}: {step.message!r} -> {reason}")
                return None
            if step.expect not in "\n".join(replies):
                if result is not None:
                    result.failed_conversations += 1
                    result.failures.append(
                        f"{sender}: {step.message!r} -> expected {step.expect!r}, got {replies!r}"
                    )
                return None
        return replies

    async def ours(self, number: int, result: LevelResult | None) -> None:
        sender = f"load-{self.key}-{self.run_id}-{number}"
        if self.cases and number % STATUS_EVERY == STATUS_EVERY - 1:
            case = self.rng.choice(self.cases)
            replies = await self.conversation(status_steps(case), sender, result)
            if replies is not None and result is not None:
                result.status_checks += 1
            return
        provider = PROVIDERS[number % len(PROVIDERS)]
        replies = await self.conversation(complaint_steps(number, provider), sender, result)
        if replies is None:
            return
        match = REFERENCE.search("\n".join(replies))
        if match is None:
            if result is not None:
                result.failed_conversations += 1
                result.failures.append(f"{sender}: no reference in {replies!r}")
            return
        self.complaints_completed += 1
        if result is not None:
            result.complaints_completed += 1
        self.cases.append(Case(match.group(1), provider, f"customer{number}@example.co.uk"))

    async def starter(self, number: int, result: LevelResult | None) -> None:
        sender = f"load-{self.key}-{self.run_id}-{number}"
        steps = STARTER_CONVERSATIONS[number % len(STARTER_CONVERSATIONS)]
        await self.conversation(list(steps), sender, result)
