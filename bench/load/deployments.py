"""Starting the deployments measured: Rasa's starter assistant (`rasa init`, trained once and
cached) and ours (one Rasa server and action server on SQLite, or several on PostgreSQL and Redis),
each as a context manager that stops its processes; the servers start through local_servers, as
the end-to-end tests start them."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from bench.load.results import LevelResult
from local_servers import (
    ACTION_SERVER_TOKEN,
    ROOT,
    Process,
    free_port,
    rasa_run_args,
    start,
    wait_until_up,
)

RASA_VERSION = version("rasa")
CACHE = Path(os.environ.get("COMPLAINTS_CACHE") or Path.home() / ".cache" / "complaints-assistant")
STARTER_DIR = CACHE / f"starter-{RASA_VERSION}"
ENDPOINTS = ROOT / "endpoints.yml"  # our deployments use the project's own endpoints
NOW = "2026-12-22T10:00"


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
        "CALLBACK_URL": "",  # the callback channel off
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
