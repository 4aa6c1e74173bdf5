"""Load benchmark: simulated customers over the REST channel, against Rasa's starter assistant.

Simulated customers (aiohttp, no pause between turns) hold whole conversations at 1, 10 and 50
concurrent conversations:

- our assistant: mostly whole complaints (greeting to reference, as tests/servers/test_conversations.py
  does; the reference is read from the reply) and every fifth conversation a status check (the
  reference and email of a case made earlier in the same run);
- Rasa's starter assistant (`rasa init`, trained once and cached): its own conversations (greet,
  mood, affirm or deny, goodbye), the same concurrency levels, one server, its default endpoints.

Our assistant runs in two deployments, each against the starter:

- sqlite:   SQLite tracker store, SQLite case database, in-memory lock store; one Rasa server and
            one action server;
- postgres: PostgreSQL tracker store and case database, Redis lock store; three Rasa servers
            (--servers; turns spread round-robin across them, client-side, standing in for a load
            balancer), each with its own action server. Three on 2 cores, not two: one server
            waiting on its database, lock or action server leaves its core idle, and a third fills
            those gaps (README, "Load").

Each of ours runs twice more with `RASA_PATCHES=off` (sqlite-unpatched, postgres-unpatched): Rasa as
released, without the project's Rasa patches (rasa_plugins/patches/, docs/rasa-patches.md), so the
report shows what the patches buy side by side ("Patches on and off"). The targets apply to the
patched deployments, as served.

All deployments are started first; then each level runs twice on each deployment: once in turn
(starter, sqlite, postgres) and once in reverse order (postgres, sqlite, starter), and the two
passes are reported together. The starter and ours meet the same conditions on this shared
machine, and a steady change in its speed during a level (other work on the host) falls on both
alike instead of on whichever runs last.

Reported per deployment and level: per-turn latency (p50, p95, p99), turns per second, errors
(non-200, timeouts, refused connections, and conversations that do not reach their expected end),
complaints completed against cases found in the case database afterwards, the CPU each process
spent per turn, how much of the machine other work took, and the peak memory (VmHWM) of every
process; our figures as ratios to the starter's; pass or fail per target. Writes
bench/results/load.md, load.png and load.json, and exits 1 if any target is missed.

    .venv/bin/python bench/load.py MODEL                      # the full run (`make bench`)
    .venv/bin/python bench/load.py MODEL --levels 1,10 --scale 0.2 --deployments starter,sqlite
    .venv/bin/python bench/load.py MODEL --tracker-store SQL \
        --out bench/results/rasa-sql-store                    # our servers on Rasa's own store
    .venv/bin/python bench/load.py MODEL --deployments starter,sqlite,postgres   # patches on only
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path

import aiohttp
import uvloop

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    ACTION_SERVER_TOKEN,
    Process,
    free_port,
    rasa_run_args,
    start,
    wait_until_up,
)

RESULTS = ROOT / "bench" / "results"
RASA_VERSION = version("rasa")
CACHE = Path(os.environ.get("COMPLAINTS_CACHE") or Path.home() / ".cache" / "complaints-assistant")
STARTER_DIR = CACHE / f"starter-{RASA_VERSION}"
ENDPOINTS = ROOT / "endpoints.yml"  # our deployments use the project's own endpoints

LEVELS = (1, 10, 50)
TARGET_LEVEL = 50
# Conversations per level, chosen so that the whole run (three deployments, start-up included)
# takes about 5 minutes on 2 cores, up to 9 while other work shares them (15 is the budget). A complaint is 13 turns, a status check 2, a starter
# conversation 3 or 4: the starter gets more conversations so that both see similar turn counts.
CONVERSATIONS = {
    "ours": {1: 10, 10: 30, 50: 100},
    "starter": {1: 40, 10: 100, 50: 300},
}
WARM_UP_CONVERSATIONS = 2  # per Rasa server, before the first level, not measured
STATUS_EVERY = 5  # every fifth conversation of ours is a status check (once a case exists)
TURN_TIMEOUT_SECONDS = 120.0
NOW = "2026-12-22T10:00"
PROVIDERS = ("infinity-group", "invictanet", "infinium", "infinity-system-solutions")
REFERENCE = re.compile(r"\b([A-Z]{2,3}-[0-9A-HJKMNP-TV-Z]{6})\b")

# Targets (issue 6), at TARGET_LEVEL concurrent conversations.
TARGET_P50_RATIO = 1.25
TARGET_P95_RATIO = 2.0
TARGET_THROUGHPUT_RATIO = 2.0  # the multi-server deployment only
TARGET_MEMORY_RATIO = 1.25  # per Rasa server


# --- what the customers say ----------------------------------------------------------------------


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
        Step('/inform{"category":"billing"}', "Please tell me what happened"),
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


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Case:
    reference: str
    provider: str
    email: str


@dataclass
class LevelResult:
    level: int
    conversations: int = 0
    latencies: list[float] = field(default_factory=list)
    turn_errors: dict[str, int] = field(default_factory=dict)
    failed_conversations: int = 0
    failures: list[str] = field(default_factory=list)
    complaints_completed: int = 0
    status_checks: int = 0
    seconds: float = 0.0
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    client_cpu_seconds: float = 0.0  # the load generator's own (this process)
    machine_busy: float = 0.0  # share of both cores busy during the level, any process
    other_work: float = 0.0  # share of both cores used by processes not in this benchmark

    @property
    def turns(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return sum(self.turn_errors.values()) + self.failed_conversations

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100), by linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


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


# --- processes -----------------------------------------------------------------------------------


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return math.nan


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine so far."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


@dataclass
class Deployment:
    key: str
    title: str
    kind: str  # "starter" or "ours"
    rasa_urls: list[str]
    processes: list[Process]
    count_cases: Callable[[], set[str]] | None = None
    database_pids: Callable[[], list[int]] | None = None  # PostgreSQL backends serving it
    patches: str = "on"  # RASA_PATCHES for our Rasa servers
    results: list[LevelResult] = field(default_factory=list)
    peak_mb: dict[str, float] = field(default_factory=dict)
    complaints_completed: int = 0
    references: set[str] = field(default_factory=set)
    cases_in_database: set[str] = field(default_factory=set)

    def level(self, level: int) -> LevelResult | None:
        return next((r for r in self.results if r.level == level), None)

    def rasa_peak_mb(self) -> list[float]:
        return [mb for name, mb in self.peak_mb.items() if "rasa" in name]


def _base_env() -> dict[str, str]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    env.pop("COMPLAINTS_PROVIDER", None)  # each conversation names its provider
    return env


def _wait_all(checks: list[tuple[Process, str]]) -> None:
    for process, url in checks:
        wait_until_up(process, url)


def _stop_all(processes: list[Process]) -> None:
    for process in processes:
        process.stop()


def starter_model(log: Callable[[str], None]) -> Path:
    """Rasa's starter assistant, created and trained once with `rasa init`, then reused."""
    models = sorted((STARTER_DIR / "models").glob("*.tar.gz")) if STARTER_DIR.exists() else []
    if models:
        return models[-1]
    log(f"Creating Rasa's starter assistant in {STARTER_DIR} (rasa init; trains once)...")
    partial = STARTER_DIR.with_name(STARTER_DIR.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", "."],
        cwd=partial,
        env=_base_env(),
        capture_output=True,
        text=True,
    )
    models = sorted((partial / "models").glob("*.tar.gz"))
    if done.returncode != 0 or not models:
        raise RuntimeError(f"rasa init failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    shutil.rmtree(STARTER_DIR, ignore_errors=True)
    partial.rename(STARTER_DIR)
    return sorted((STARTER_DIR / "models").glob("*.tar.gz"))[-1]


@contextlib.contextmanager
def starter_deployment(model: Path, work: Path) -> Iterator[Deployment]:
    port = free_port()
    rasa = start(
        "starter-rasa",
        rasa_run_args(
            model,
            port,
            endpoints=STARTER_DIR / "endpoints.yml",
            credentials=STARTER_DIR / "credentials.yml",
            launcher="rasa",  # plain Rasa, as `rasa init` makes it
        ),
        _base_env(),
        work,
    )
    try:
        _wait_all([(rasa, f"http://127.0.0.1:{port}/")])
        yield Deployment(
            "starter",
            "Rasa starter (rasa init): in-memory tracker and lock, one server",
            "starter",
            [f"http://127.0.0.1:{port}"],
            [rasa],
        )
    finally:
        rasa.stop()


def endpoints_with_tracker_store(store_type: str, folder: Path) -> Path:
    """A copy of endpoints.yml whose tracker store is `store_type` (nothing else changed)."""
    text, replaced = re.subn(
        r"^(tracker_store:\n(?:[ \t].*\n)*?[ \t]+type:[ \t]*)\S+",
        lambda match: match.group(1) + store_type,
        ENDPOINTS.read_text(),
        count=1,
        flags=re.MULTILINE,
    )
    if not replaced:
        raise SystemExit(f"no tracker_store type in {ENDPOINTS} to replace")
    path = folder / "endpoints.yml"
    path.write_text(text)
    return path


def _case_references(url: str) -> Callable[[], set[str]]:
    def references() -> set[str]:
        from sqlalchemy import create_engine, text

        engine = create_engine(url, future=True)
        try:
            with engine.connect() as connection:
                return {row[0] for row in connection.execute(text("SELECT reference FROM cases"))}
        finally:
            engine.dispose()

    return references


def _migrate_cases(url: str) -> None:
    """Bring the case database to the current schema before several action servers share it."""
    from bot.cases.store import CaseStore

    CaseStore.open(url).dispose()


def _our_env(
    work: Path, action_port: int, tracker_url: str, cases_url: str, lock: str, patches: str
) -> dict:
    return {
        **_base_env(),
        "RASA_PATCHES": patches,
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "ACTION_SERVER_TOKEN": ACTION_SERVER_TOKEN,
        "TRACKER_STORE_URL": tracker_url,
        "LOCK_STORE": lock,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DATABASE_URL": cases_url,
        "COMPLAINTS_OUTBOX": str(work / "outbox"),
        "CALLBACK_URL": "http://127.0.0.1:9/unused",
        "COMPLAINTS_NOW": NOW,
        # As scripts/serve.sh sets them (the starter runs as plain Rasa, with TensorFlow's own).
        "TF_INTRA_OP_PARALLELISM_THREADS": os.environ.get("TF_INTRA_OP_PARALLELISM_THREADS", "1"),
        "TF_INTER_OP_PARALLELISM_THREADS": os.environ.get("TF_INTER_OP_PARALLELISM_THREADS", "1"),
    }


@contextlib.contextmanager
def our_deployment(
    model: Path,
    work: Path,
    key: str,
    title: str,
    servers: int,
    tracker_url: str,
    cases_url: str,
    endpoints: Path = ENDPOINTS,
    patches: str = "on",
) -> Iterator[Deployment]:
    _migrate_cases(cases_url)
    lock = "in_memory" if servers == 1 else "redis"
    processes: list[Process] = []
    checks: list[tuple[Process, str]] = []
    urls = []
    try:
        for index in range(servers):
            action_port, rasa_port = free_port(), free_port()
            env = _our_env(work, action_port, tracker_url, cases_url, lock, patches)
            actions = start(
                f"actions-{index + 1}",
                ["-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
                env,
                work,
            )
            rasa = start(
                f"rasa-{index + 1}",
                rasa_run_args(
                    model, rasa_port, endpoints=endpoints, credentials=ROOT / "credentials.yml"
                ),
                env,
                work,
            )
            processes += [rasa, actions]
            checks += [
                (actions, f"http://127.0.0.1:{action_port}/health"),
                (rasa, f"http://127.0.0.1:{rasa_port}/"),
            ]
            urls.append(f"http://127.0.0.1:{rasa_port}")
        _wait_all(checks)
        yield Deployment(
            key, title, "ours", urls, processes, _case_references(cases_url), patches=patches
        )
    finally:
        _stop_all(processes)


def _postgres_server() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")


@contextlib.contextmanager
def postgres_databases(*names: str) -> Iterator[list[str]]:
    """Fresh PostgreSQL databases (BENCH_POSTGRES_URL's server), dropped afterwards."""
    import psycopg2

    server = _postgres_server()
    suffix = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"
    databases = [f"bench_{name}_{suffix}" for name in names]
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            for database in databases:
                cursor.execute(f'CREATE DATABASE "{database}"')
        yield [f"{server}/{database}" for database in databases]
    finally:
        with admin.cursor() as cursor:
            for database in databases:
                cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


# --- running the levels --------------------------------------------------------------------------


def _cpu_of(pids: list[int]) -> dict[int, float]:
    used = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            used[pid] = cpu_seconds(pid)
    return used


def backend_pids(databases: list[str]) -> Callable[[], list[int]]:
    """The PostgreSQL server processes serving these databases' connections (same machine)."""

    def pids() -> list[int]:
        import psycopg2

        admin = psycopg2.connect(f"{_postgres_server()}/postgres")
        try:
            with admin.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = ANY(%s)", (databases,)
                )
                return [row[0] for row in cursor.fetchall()]
        finally:
            admin.close()

    return pids


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


def combined(passes: list[LevelResult]) -> LevelResult:
    """One level's passes on one deployment, reported as one run of them all."""
    whole = LevelResult(passes[0].level)
    for part in passes:
        whole.conversations += part.conversations
        whole.latencies += part.latencies
        for kind, count in part.turn_errors.items():
            whole.turn_errors[kind] = whole.turn_errors.get(kind, 0) + count
        whole.failed_conversations += part.failed_conversations
        whole.failures += part.failures
        whole.complaints_completed += part.complaints_completed
        whole.status_checks += part.status_checks
        whole.seconds += part.seconds
        for name, used in part.cpu_seconds.items():
            whole.cpu_seconds[name] = whole.cpu_seconds.get(name, 0.0) + used
        whole.client_cpu_seconds += part.client_cpu_seconds
    if whole.seconds:  # shares of the machine, weighted by each pass's length
        whole.machine_busy = sum(p.machine_busy * p.seconds for p in passes) / whole.seconds
        whole.other_work = sum(p.other_work * p.seconds for p in passes) / whole.seconds
    return whole


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


# --- the report ----------------------------------------------------------------------------------


@dataclass
class Target:
    deployment: str
    what: str
    value: str
    passed: bool | None  # None: not measured in this run


def _ratio(ours: float, theirs: float) -> float:
    return ours / theirs if theirs and not math.isnan(theirs) else math.nan


def evaluate(starter: Deployment | None, ours: list[Deployment]) -> list[Target]:
    targets: list[Target] = []
    base = starter.level(TARGET_LEVEL) if starter else None
    starter_mb = max(starter.rasa_peak_mb()) if starter and starter.peak_mb else math.nan
    for deployment in ours:
        if deployment.patches != "on":
            continue  # measured for comparison ("Patches on and off"), not served
        name = deployment.key
        result = deployment.level(TARGET_LEVEL)
        at = f"at {TARGET_LEVEL} concurrent conversations"
        if result is None or base is None:
            targets.append(Target(name, f"latency and throughput {at}", "not run", None))
        else:
            p50 = _ratio(result.percentile(50), base.percentile(50))
            p95 = _ratio(result.percentile(95), base.percentile(95))
            targets += [
                Target(
                    name,
                    f"p50 per turn within {TARGET_P50_RATIO}x the starter's {at}",
                    f"{p50:.2f}x ({result.percentile(50):.2f}s vs {base.percentile(50):.2f}s)",
                    p50 <= TARGET_P50_RATIO,
                ),
                Target(
                    name,
                    f"p95 per turn within {TARGET_P95_RATIO}x the starter's {at}",
                    f"{p95:.2f}x ({result.percentile(95):.2f}s vs {base.percentile(95):.2f}s)",
                    p95 <= TARGET_P95_RATIO,
                ),
            ]
            if len(deployment.rasa_urls) > 1:
                tps = _ratio(result.turns_per_second, base.turns_per_second)
                targets.append(
                    Target(
                        name,
                        f"turns per second at least {TARGET_THROUGHPUT_RATIO}x the starter's {at}",
                        f"{tps:.2f}x ({result.turns_per_second:.1f}/s vs "
                        f"{base.turns_per_second:.1f}/s)",
                        tps >= TARGET_THROUGHPUT_RATIO,
                    )
                )
        if result is not None:
            targets.append(
                Target(
                    name,
                    f"no errors {at}",
                    f"{result.errors} errors",
                    result.errors == 0,
                )
            )
        lost = deployment.references - deployment.cases_in_database
        extra = deployment.cases_in_database - deployment.references
        targets.append(
            Target(
                name,
                "no lost case: cases in the database = complaints completed (whole run)",
                f"{len(deployment.cases_in_database)} cases, "
                f"{deployment.complaints_completed} complaints completed"
                + (f"; {len(lost)} lost, {len(extra)} unreported" if lost or extra else ""),
                not lost
                and not extra
                and len(deployment.cases_in_database) == deployment.complaints_completed,
            )
        )
        worst = max(deployment.rasa_peak_mb(), default=math.nan)
        ratio = _ratio(worst, starter_mb)
        targets.append(
            Target(
                name,
                f"peak memory per Rasa server within {TARGET_MEMORY_RATIO}x the starter's",
                f"{ratio:.2f}x ({worst:.0f} MB vs {starter_mb:.0f} MB)"
                if not math.isnan(ratio)
                else "starter not run",
                ratio <= TARGET_MEMORY_RATIO if not math.isnan(ratio) else None,
            )
        )
    return targets


def _ms(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds * 1000:.0f}"


def _x(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.2f}x"


def plot(deployments: list[Deployment], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(12, 4.8))
    styles = {
        "starter": "tab:gray",
        "sqlite": "tab:blue",
        "postgres": "tab:orange",
        "sqlite-unpatched": "tab:cyan",
        "postgres-unpatched": "tab:brown",
    }
    for deployment in deployments:
        levels = [r.level for r in deployment.results]
        colour = styles.get(deployment.key)
        for p, line in ((50, "-"), (95, "--"), (99, ":")):
            latency.plot(
                levels,
                [r.percentile(p) * 1000 for r in deployment.results],
                line,
                marker="o",
                color=colour,
                label=f"{deployment.key} p{p}",
            )
        throughput.plot(
            levels,
            [r.turns_per_second for r in deployment.results],
            marker="o",
            color=colour,
            label=deployment.key,
        )
    latency.set(
        xscale="log",
        yscale="log",
        xlabel="concurrent conversations",
        ylabel="latency per turn (ms)",
        title="Per-turn latency (REST channel)",
    )
    throughput.set(
        xscale="log",
        xlabel="concurrent conversations",
        ylabel="turns per second",
        title="Throughput",
        ylim=(0, None),
    )
    for axes in (latency, throughput):
        axes.set_xticks(LEVELS, [str(level) for level in LEVELS])
        axes.grid(True, which="both", alpha=0.3)
    latency.legend(fontsize=7, ncol=3)
    throughput.legend(fontsize=8)
    figure.suptitle(f"Load on {os.cpu_count()} cores, {date.today().isoformat()}")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def patches_on_and_off(deployments: list[Deployment]) -> list[str]:
    """Each deployment of ours with the Rasa patches and with RASA_PATCHES=off, level by level."""
    by_key = {d.key: d for d in deployments}
    pairs = [
        (d, by_key[f"{d.key}-unpatched"])
        for d in deployments
        if d.kind == "ours" and d.patches == "on" and f"{d.key}-unpatched" in by_key
    ]
    if not pairs:
        return []
    lines = [
        "## Patches on and off",
        "",
        "The same deployment with the project's Rasa patches (rasa_plugins/patches/, as served) "
        "and with `RASA_PATCHES=off` (Rasa as released), in the same run; on / off for each.",
        "",
        "| deployment | concurrent | turns/s on | turns/s off | throughput on / off "
        "| p50 ms on | p50 ms off | p95 ms on | p95 ms off | Rasa CPU ms/turn on | off |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def rasa_cpu_ms(result: LevelResult) -> float:
        used = sum(v for name, v in result.cpu_seconds.items() if "rasa" in name)
        return used * 1000 / result.turns if result.turns else math.nan

    for on, off in pairs:
        for result in on.results:
            other = off.level(result.level)
            if other is None:
                continue
            lines.append(
                f"| {on.key} | {result.level} | {result.turns_per_second:.1f} "
                f"| {other.turns_per_second:.1f} "
                f"| {_x(_ratio(result.turns_per_second, other.turns_per_second))} "
                f"| {_ms(result.percentile(50))} | {_ms(other.percentile(50))} "
                f"| {_ms(result.percentile(95))} | {_ms(other.percentile(95))} "
                f"| {rasa_cpu_ms(result):.0f} | {rasa_cpu_ms(other):.0f} |"
            )
    return [*lines, ""]


def write_report(
    path: Path,
    deployments: list[Deployment],
    targets: list[Target],
    context: dict,
) -> None:
    starter = next((d for d in deployments if d.kind == "starter"), None)
    lines = [
        f"# Load benchmark ({date.today().isoformat()})",
        "",
        f"`make bench` (`bench/load.py`): simulated customers over the REST channel, no pause "
        f"between turns, at {', '.join(str(level) for level in context['levels'])} concurrent "
        "conversations; our assistant against Rasa's starter assistant (`rasa init`, Rasa "
        f"{RASA_VERSION}) on the same machine in the same run.",
        "",
        f"- Machine: {os.cpu_count()} cores, {platform.platform()}; load average at start "
        f"{context['load_at_start']}; {context['busy_at_start']}.",
        f"- Model: `{context['model']}`; starter model: `{context['starter_model']}`.",
        f"- Our servers: {context['endpoints']}, `credentials.yml`, `rasa run` as "
        "`scripts/serve.sh` starts it.",
        f"- Conversations per level and pass (scale {context['scale']}): ours "
        + ", ".join(
            f"{level}: {max(level, round(CONVERSATIONS['ours'][level] * context['scale']))}"
            for level in context["levels"]
        )
        + " (every fifth a status check once a case exists, the rest whole complaints of "
        "13 turns); starter "
        + ", ".join(
            f"{level}: {max(level, round(CONVERSATIONS['starter'][level] * context['scale']))}"
            for level in context["levels"]
        )
        + " (3 or 4 turns each). Before the first level each Rasa server gets "
        f"{WARM_UP_CONVERSATIONS} unmeasured conversations (first-call set-up); the servers "
        "then stay up through all levels. All deployments are up at once and each level runs "
        "twice on each deployment, in turn and then in reverse order (starter, sqlite, postgres, "
        "postgres, sqlite, starter), the two passes reported together: the starter and ours meet "
        "the same conditions, and a steady drift in the machine's speed during a level falls on "
        "both alike; an idle deployment uses no CPU.",
        f"- A turn is one POST to `/webhooks/rest/webhook`; its latency is measured at the "
        f"client. Errors: non-200, a timeout ({TURN_TIMEOUT_SECONDS:.0f} s), a refused "
        "connection, or a conversation that does not reach its expected end (a reply that "
        "lacks the expected text, no reference).",
        f"- Whole run: {context['seconds'] / 60:.1f} minutes, start-up included.",
        "",
        "## Per-turn latency and throughput",
        "",
        "| deployment | concurrent | conversations | turns | p50 ms | p95 ms | p99 ms | turns/s "
        "| errors | p50 vs starter | p95 vs starter | turns/s vs starter | CPU busy "
        "| other work |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for deployment in deployments:
        for result in deployment.results:
            base = starter.level(result.level) if starter else None
            if base is None or deployment is starter:
                ratios = ["", "", ""]
            else:
                ratios = [
                    _x(_ratio(result.percentile(50), base.percentile(50))),
                    _x(_ratio(result.percentile(95), base.percentile(95))),
                    _x(_ratio(result.turns_per_second, base.turns_per_second)),
                ]
            lines.append(
                f"| {deployment.key} | {result.level} | {result.conversations} | {result.turns} "
                f"| {_ms(result.percentile(50))} | {_ms(result.percentile(95))} "
                f"| {_ms(result.percentile(99))} | {result.turns_per_second:.1f} "
                f"| {result.errors} | {' | '.join(ratios)} | {result.machine_busy:.0%} "
                f"| {result.other_work:.0%} |"
            )
    lines += [
        "",
        "CPU busy: the share of both cores in use during the level, by any process. Other "
        "work: the share used by processes that are neither this deployment's nor the load "
        "generator (other people's training and tests on this shared machine; PostgreSQL's "
        "background work and Redis count here too); anything well above 0% slowed the level.",
        "",
        "Deployments:",
        "",
    ]
    lines += [f"- **{d.key}**: {d.title}." for d in deployments]
    lines += [
        "",
        "![latency and throughput](load.png)",
        "",
    ]
    lines += patches_on_and_off(deployments)
    lines += [
        "## Cases against complaints",
        "",
        "| deployment | complaints completed (reference given) | cases in the database | "
        "status checks answered |",
        "|---|---|---|---|",
    ]
    for deployment in deployments:
        if deployment.kind != "ours":
            continue
        lines.append(
            f"| {deployment.key} | {deployment.complaints_completed} "
            f"| {len(deployment.cases_in_database)} "
            f"| {sum(r.status_checks for r in deployment.results)} |"
        )
    lines += [
        "",
        "Warm-up complaints are included on both sides.",
        "",
        "## Memory and CPU per process",
        "",
        "| deployment | process | peak RSS (VmHWM) MB | vs starter's Rasa server | "
        + " | ".join(f"CPU ms/turn at {level}" for level in context["levels"])
        + " |",
        "|---|---|---|---|" + "---|" * len(context["levels"]),
    ]
    starter_mb = max(starter.rasa_peak_mb()) if starter and starter.peak_mb else math.nan
    for deployment in deployments:
        names = list(deployment.peak_mb)
        names += sorted({n for r in deployment.results for n in r.cpu_seconds} - set(names))
        for name in [*names, "total"]:
            mb = deployment.peak_mb.get(name, math.nan)
            ratio = _x(_ratio(mb, starter_mb)) if "rasa" in name else ""
            per_turn = []
            for level in context["levels"]:
                result = deployment.level(level)
                if result is None or not result.turns:
                    per_turn.append("—")
                    continue
                used = (
                    sum(result.cpu_seconds.values())
                    if name == "total"
                    else result.cpu_seconds.get(name, 0.0)
                )
                per_turn.append(f"{used * 1000 / result.turns:.0f}")
            shown = "—" if math.isnan(mb) else f"{mb:.0f}"
            label = f"**{name}**" if name == "total" else name
            lines.append(
                f"| {deployment.key} | {label} | {shown} | {ratio} | {' | '.join(per_turn)} |"
            )
        client = [
            f"{r.client_cpu_seconds * 1000 / r.turns:.0f}" if r and r.turns else "—"
            for r in (deployment.level(level) for level in context["levels"])
        ]
        lines.append(
            f"| {deployment.key} | load generator (not in total) | — |  | {' | '.join(client)} |"
        )
    lines += [
        "",
        "CPU ms/turn: CPU time (user + system) the process used during the level, over the "
        "level's turns. PostgreSQL backends: the server processes serving this run's two "
        "databases. Not counted: Redis (shared) and the SQLite files' fsyncs (I/O wait). The load "
        "generator (this benchmark's client, one process on uvloop, peak "
        f"{context['client_mb']:.0f} MB) shares the 2 cores: its own row, not in the total.",
        "",
        "## Targets",
        "",
        "| deployment | target | measured | result |",
        "|---|---|---|---|",
    ]
    for target in targets:
        verdict = {True: "pass", False: "**FAIL**", None: "not measured"}[target.passed]
        lines.append(f"| {target.deployment} | {target.what} | {target.value} | {verdict} |")
    failures = [
        f"{d.key} x{r.level}: {f}" for d in deployments for r in d.results for f in r.failures
    ]
    if failures:
        lines += ["", "## Errors (first 20)", ""]
        lines += [f"- `{failure[:400]}`" for failure in failures[:20]]
    notes = RESULTS / "load-notes.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    path.write_text("\n".join(lines) + "\n")
    (path.parent / "load.json").write_text(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "context": {k: v for k, v in context.items() if k != "levels"},
                "deployments": {
                    d.key: {
                        "levels": {
                            str(r.level): {
                                "conversations": r.conversations,
                                "turns": r.turns,
                                "p50": r.percentile(50),
                                "p95": r.percentile(95),
                                "p99": r.percentile(99),
                                "turns_per_second": r.turns_per_second,
                                "errors": r.errors,
                                "cpu_seconds": r.cpu_seconds,
                                "client_cpu_seconds": r.client_cpu_seconds,
                                "machine_busy": r.machine_busy,
                                "other_work": r.other_work,
                            }
                            for r in d.results
                        },
                        "peak_mb": d.peak_mb,
                        "complaints_completed": d.complaints_completed,
                        "cases_in_database": len(d.cases_in_database),
                    }
                    for d in deployments
                },
                "targets": [t.__dict__ for t in targets],
            },
            indent=2,
            default=str,
        )
        + "\n"
    )


# --- main ----------------------------------------------------------------------------------------


def _busy_processes() -> str:
    found = subprocess.run(
        ["pgrep", "-af", "rasa train|pytest"], capture_output=True, text=True
    ).stdout.strip()
    others = [line for line in found.splitlines() if str(os.getpid()) != line.split()[0]]
    return (
        f"other work running at start: {len(others)} `rasa train`/`pytest` processes"
        if others
        else "no `rasa train` or `pytest` running at start"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="our trained model (scripts/train.sh prints its path)")
    parser.add_argument("--levels", default=",".join(str(level) for level in LEVELS))
    parser.add_argument(
        "--deployments",
        default="starter,sqlite,sqlite-unpatched,postgres,postgres-unpatched",
        help="which to run; *-unpatched: the same with RASA_PATCHES=off",
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply the conversations per level"
    )
    parser.add_argument("--out", default=str(RESULTS), help="where load.md and load.png go")
    parser.add_argument(
        "--servers",
        type=int,
        default=3,
        help="Rasa servers (each with an action server) in the postgres deployment",
    )
    parser.add_argument(
        "--tracker-store",
        help="run our servers with this tracker_store type instead of endpoints.yml's "
        "(e.g. SQL, Rasa's own); everything else as endpoints.yml says (the Rasa patches are "
        "installed by the launcher, whichever the store)",
    )
    args = parser.parse_args(argv)
    levels = [int(level) for level in args.levels.split(",")]
    wanted = args.deployments.split(",")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    began = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.0f}s] {message}", flush=True)

    load_at_start = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    context = {
        "levels": levels,
        "scale": args.scale,
        "model": Path(args.model).name,
        "load_at_start": f"{load_at_start} (1, 5, 15 min)",
        "busy_at_start": _busy_processes(),
        "started": datetime.now().isoformat(timespec="seconds"),
    }
    log(f"load average {load_at_start}; {context['busy_at_start']}")
    model = Path(args.model).resolve()
    starter_path = starter_model(log) if "starter" in wanted else None
    context["starter_model"] = (
        f"{STARTER_DIR.name}/models/{starter_path.name}" if starter_path else "not run"
    )

    deployments: list[Deployment] = []
    with tempfile.TemporaryDirectory(prefix="complaints-load-") as tmp:
        work = Path(tmp)
        endpoints = ENDPOINTS
        if args.tracker_store:
            endpoints = endpoints_with_tracker_store(args.tracker_store, work)
        context["endpoints"] = (
            f"`endpoints.yml` with `tracker_store: type: {args.tracker_store}` (--tracker-store)"
            if args.tracker_store
            else "`endpoints.yml` as it is in the project"
        )
        with contextlib.ExitStack() as running:
            if "starter" in wanted:
                (work / "starter").mkdir()
                log("starting the starter...")
                deployments.append(
                    running.enter_context(starter_deployment(starter_path, work / "starter"))
                )
            for key, patches in (("sqlite", "on"), ("sqlite-unpatched", "off")):
                if key not in wanted:
                    continue
                (work / key).mkdir()
                log(f"starting {key} (one Rasa server, one action server)...")
                deployments.append(
                    running.enter_context(
                        our_deployment(
                            model,
                            work / key,
                            key,
                            "ours: SQLite tracker store and case database, in-memory lock "
                            "store; one Rasa server, one action server"
                            + ("" if patches == "on" else "; RASA_PATCHES=off"),
                            1,
                            f"sqlite:///{work / key / 'tracker.db'}",
                            f"sqlite:///{work / key / 'cases.db'}",
                            endpoints,
                            patches,
                        )
                    )
                )
            for key, patches in (("postgres", "on"), ("postgres-unpatched", "off")):
                if key not in wanted:
                    continue
                (work / key).mkdir()
                tracker_url, cases_url = running.enter_context(
                    postgres_databases(f"tracker_{patches}", f"cases_{patches}")
                )
                log(
                    f"starting {key} ({args.servers} Rasa servers, {args.servers} action servers)..."
                )
                deployment = running.enter_context(
                    our_deployment(
                        model,
                        work / key,
                        key,
                        "ours: PostgreSQL tracker store and case database, Redis lock store; "
                        f"{args.servers} Rasa servers (turns round-robin, client-side) and "
                        f"{args.servers} action servers"
                        + ("" if patches == "on" else "; RASA_PATCHES=off"),
                        args.servers,
                        tracker_url,
                        cases_url,
                        endpoints,
                        patches,
                    )
                )
                deployment.database_pids = backend_pids(
                    [url.rsplit("/", 1)[1] for url in (tracker_url, cases_url)]
                )
                deployments.append(deployment)
            log(f"all up; driving {levels}, each level on each deployment in turn, then in reverse")
            measure(deployments, levels, args.scale, log)
        context["client_mb"] = peak_rss_mb(os.getpid())
        context["seconds"] = time.perf_counter() - began
        starter = next((d for d in deployments if d.kind == "starter"), None)
        targets = evaluate(starter, [d for d in deployments if d.kind == "ours"])
        write_report(out / "load.md", deployments, targets, context)
        plot(deployments, out / "load.png")
    missed = [t for t in targets if t.passed is False]
    for target in targets:
        verdict = {True: "pass", False: "FAIL", None: "n/a"}[target.passed]
        log(f"{verdict:4}  {target.deployment}: {target.what}: {target.value}")
    log(f"report: {out / 'load.md'}; plot: {out / 'load.png'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
