"""Driving the levels: every deployment warmed up, then each level of concurrent customers on
each deployment in turn and again in reverse order, with the CPU each process and the rest of the
machine used."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import aiohttp
import uvloop

from bench.load.customers import Customers
from bench.load.deployments import Deployment
from bench.load.results import LevelResult, combined
from local_servers import cpu_seconds, peak_rss_mb

LEVELS = (1, 10, 50)
# Conversations per level, chosen so that the whole run (three deployments, start-up included)
# takes about 5 minutes on 2 cores, up to 9 while other work shares them (15 is the budget). A complaint is 13 turns, a status check 2, a starter
# conversation 3 or 4: the starter gets more conversations so that both see similar turn counts.
CONVERSATIONS = {
    "ours": {1: 10, 10: 30, 50: 100},
    "starter": {1: 40, 10: 100, 50: 300},
}
WARM_UP_CONVERSATIONS = 2  # per Rasa server, before the first level, not measured
TURN_TIMEOUT_SECONDS = 120.0


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine so far."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def _cpu_of(pids: list[int]) -> dict[int, float]:
    used = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            used[pid] = cpu_seconds(pid)
    return used


async def run_level(
    customers: Customers,
    conversation: Callable[[int, LevelResult | None], Awaitable[None]],
    level: int,
    conversations: int,
    numbers: Iterator[int],
    deployment: Deployment,
) -> LevelResult:
    result = LevelResult(level)
    remaining = itertools.count()

    async def customer() -> None:
        while next(remaining) < conversations:
            await conversation(next(numbers), result)
            result.conversations += 1

    pids = {p.name: p.popen.pid for p in deployment.processes}
    cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    backends_before = _cpu_of(deployment.database_pids() if deployment.database_pids else [])
    busy_before, total_before = machine_jiffies()
    client_before = cpu_seconds(os.getpid())
    started = time.perf_counter()
    await asyncio.gather(*(customer() for _ in range(level)))
    result.seconds = time.perf_counter() - started
    busy_after, total_after = machine_jiffies()
    result.cpu_seconds = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()}
    if deployment.database_pids:
        backends_after = _cpu_of(deployment.database_pids())
        result.cpu_seconds["postgresql backends"] = sum(
            used - backends_before.get(pid, 0.0) for pid, used in backends_after.items()
        )
    result.machine_busy = (busy_after - busy_before) / max(1, total_after - total_before)
    # Everything else on the machine: busy time less the deployment's and the load generator's.
    tick = os.sysconf("SC_CLK_TCK")
    result.client_cpu_seconds = cpu_seconds(os.getpid()) - client_before
    ours = sum(result.cpu_seconds.values()) + result.client_cpu_seconds
    result.other_work = max(
        0.0, ((busy_after - busy_before) / tick - ours) / ((total_after - total_before) / tick)
    )
    return result


async def drive(deployments: list[Deployment], levels: list[int], scale: float, log) -> None:
    """Warm every deployment up, then run each level on each deployment in turn, and again in
    reverse order.

    Interleaving by level (rather than one deployment's levels after another's) keeps the starter's
    and our measurements of a level minutes apart at most, so a change in other work on the
    machine affects both alike; the reverse pass (A B C C B A) cancels a steady drift in the
    machine's speed over the level, which would otherwise favour whichever deployment ran first."""

    def log_pass(deployment: Deployment, level: int, result: LevelResult) -> None:
        log(
            f"  {deployment.key} x{level}: {result.conversations} conversations, "
            f"{result.turns} turns in {result.seconds:.1f}s "
            f"({result.turns_per_second:.1f}/s), p50 {result.percentile(50):.3f}s "
            f"p95 {result.percentile(95):.3f}s, errors {result.errors}, "
            f"other work {result.other_work:.0%}"
        )
        for failure in result.failures[:5]:
            log(f"    {failure[:300]}")

    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT_SECONDS)
    async with contextlib.AsyncExitStack() as stack:
        runners = []
        for deployment in deployments:
            session = await stack.enter_async_context(
                aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0))
            )
            customers = Customers(session, deployment.rasa_urls, deployment.key)
            conversation = customers.starter if deployment.kind == "starter" else customers.ours
            numbers = itertools.count()
            for _ in range(WARM_UP_CONVERSATIONS * len(deployment.rasa_urls)):
                await conversation(next(numbers), None)
            runners.append((deployment, customers, conversation, numbers))
        for level in levels:
            passes: dict[str, list[LevelResult]] = {}
            for order in (runners, runners[::-1]):
                for deployment, customers, conversation, numbers in order:
                    count = max(level, round(CONVERSATIONS[deployment.kind][level] * scale))
                    result = await run_level(
                        customers, conversation, level, count, numbers, deployment
                    )
                    passes.setdefault(deployment.key, []).append(result)
                    log_pass(deployment, level, result)
            for deployment, *_ in runners:
                deployment.results.append(combined(passes[deployment.key]))
        for deployment, customers, _, _ in runners:
            deployment.complaints_completed = customers.complaints_completed
            deployment.references = {case.reference for case in customers.cases}


def measure(deployments: list[Deployment], levels: list[int], scale: float, log) -> None:
    # uvloop (Sanic's event loop, already installed with Rasa): the simulated customers share the
    # 2 cores with the servers they measure, so the client should take as little of them as it can.
    uvloop.install()
    asyncio.run(drive(deployments, levels, scale, log))
    for deployment in deployments:
        for process in deployment.processes:
            deployment.peak_mb[process.name] = peak_rss_mb(process.popen.pid)
        if deployment.count_cases is not None:
            deployment.cases_in_database = deployment.count_cases()
