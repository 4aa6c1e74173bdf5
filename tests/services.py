"""PostgreSQL and Redis for the tests: the machine's own if they answer, else throwaway ones.

The store tests need PostgreSQL (`CASES_TEST_POSTGRES`, default the machine's on 127.0.0.1:5432) and
the scale-out tests Redis (`TEST_REDIS_URL`, default 127.0.0.1:6379). On a machine where either does
not answer (a laptop with the packages installed but no service running), `start_missing()` starts
a throwaway one from the distribution's binaries (`initdb`/`pg_ctl` of the newest
/usr/lib/postgresql/*/bin, `redis-server`) on a free port, in a temporary folder, with nothing
written to disk that outlives the run, and points the variable at it; `stop_started()` stops it and
removes its folder. tests/conftest.py calls both, so `make test` (and plain pytest) need nothing
started by hand.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

POSTGRES_VARIABLE = "CASES_TEST_POSTGRES"
POSTGRES_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_VARIABLE = "TEST_REDIS_URL"
REDIS_DEFAULT = "redis://127.0.0.1:6379"
START_SECONDS = 60


def postgres_admin_dsn() -> str:
    return os.environ.get(POSTGRES_VARIABLE) or POSTGRES_DEFAULT


def redis_url(database: int = 0) -> str:
    return f"{(os.environ.get(REDIS_VARIABLE) or REDIS_DEFAULT).rstrip('/')}/{database}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_answers(dsn: str) -> bool:
    import psycopg2

    try:
        psycopg2.connect(dsn, connect_timeout=3).close()
    except psycopg2.OperationalError:
        return False
    return True


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=3).ping())
    except redis.exceptions.RedisError:
        return False


def _postgres_bin() -> Path | None:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres_user() -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its binaries as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class Started:
    """The throwaway services this run started, to stop at its end."""

    stops: list = field(default_factory=list)

    def stop(self) -> None:
        while self.stops:
            self.stops.pop()()


def start_postgres(started: Started) -> str:
    binaries = _postgres_bin()
    if binaries is None:
        raise RuntimeError(
            "PostgreSQL does not answer and its binaries are not installed (apt-get install "
            f"postgresql), or set {POSTGRES_VARIABLE} to a PostgreSQL that answers"
        )
    folder = Path(tempfile.mkdtemp(prefix="complaints-test-postgres-"))
    data = folder / "data"
    user = _as_postgres_user()
    if user:
        shutil.chown(folder, "postgres")
    port = _free_port()
    subprocess.run(
        [*user, str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        + ["--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"],
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        [*user, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log")]
        + ["-w", "-t", str(START_SECONDS), "start"],
        check=True,
        capture_output=True,
    )

    def stop() -> None:
        subprocess.run(
            [*user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)

    started.stops.append(stop)
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def start_redis(started: Started) -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(
            "Redis does not answer and redis-server is not installed (apt-get install "
            f"redis-server), or set {REDIS_VARIABLE} to a Redis that answers"
        )
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    started.stops.append(stop)
    url = f"redis://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while not redis_answers(url + "/0"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the throwaway redis-server on port {port} did not start")
        time.sleep(0.2)
    return url


def start_missing() -> tuple[Started, list[str]]:
    """Start what does not answer; the services started and one line on each, for the report."""
    started, notes = Started(), []
    dsn = postgres_admin_dsn()
    if not postgres_answers(dsn):
        os.environ[POSTGRES_VARIABLE] = start_postgres(started)
        where = urlsplit(os.environ[POSTGRES_VARIABLE])
        notes.append(f"PostgreSQL did not answer at {dsn}: a throwaway one on port {where.port}")
    url = redis_url()
    if not redis_answers(url):
        os.environ[REDIS_VARIABLE] = start_redis(started)
        where = urlsplit(os.environ[REDIS_VARIABLE])
        notes.append(f"Redis did not answer at {url}: a throwaway one on port {where.port}")
    return started, notes
