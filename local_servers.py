"""Start the project's Rasa server and action server as child processes on free loopback ports, as
scripts/serve.sh starts them: the end-to-end tests (tests/servers.py, tests/cluster.py) and the
benchmarks (bench/load/, bench/conversations.py) share this module, run from the project's folder
(`python -m pytest`, `python -m bench.load`), so neither reaches into the other.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Loading the model takes minutes on a shared, busy machine: TEST_SERVERS_STARTUP_SECONDS.
STARTUP_SECONDS = int(os.environ.get("TEST_SERVERS_STARTUP_SECONDS", "600"))
# The secret the Rasa server sends the action server (one per process, as serve.sh makes one).
ACTION_SERVER_TOKEN = secrets.token_hex(32)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def trained_model() -> Path:
    """The model `make test` trained (MODEL_PATH), or the one scripts/train.sh gives."""
    if os.environ.get("MODEL_PATH"):
        return ROOT / os.environ["MODEL_PATH"]
    result = subprocess.run(
        [str(ROOT / "scripts" / "train.sh")], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return ROOT / result.stdout.strip().splitlines()[-1]


def _get(url: str, timeout: float = 2.0) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.read()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def start(name: str, args: list[str], env: dict[str, str], log_dir: Path) -> Process:
    log = log_dir / f"{name}.log"
    handle = log.open("w")
    popen = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
    )
    return Process(name, popen, log)


def wait_until_up(process: Process, url: str, patience: float | None = None) -> None:
    """Wait until `url` answers, up to `patience` seconds (STARTUP_SECONDS unless given)."""
    patience = STARTUP_SECONDS if patience is None else patience
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited at start-up:\n{process.log_tail()}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{process.name} not up after {patience:.0f}s:\n{process.log_tail()}")


@dataclass
class Assistant:
    """A running Rasa server and action server."""

    rasa_url: str
    action_url: str
    rasa: Process
    actions: Process

    def say(self, sender: str, message: str, metadata: dict | None = None) -> list[dict]:
        """One customer turn over the REST channel; the assistant's replies."""
        body = {"sender": sender, "message": message}
        if metadata is not None:
            body["metadata"] = metadata
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            assert response.status == 200
            return json.loads(response.read())

    def texts(self, sender: str, message: str, metadata: dict | None = None) -> list[str]:
        return [reply.get("text", "") for reply in self.say(sender, message, metadata)]


def serve_env(tmp_dir: Path, action_port: int) -> dict[str, str]:
    """The environment scripts/serve.sh gives both servers, with their files under tmp_dir."""
    return {
        **os.environ,
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "ACTION_SERVER_TOKEN": ACTION_SERVER_TOKEN,
        "TRACKER_STORE_URL": f"sqlite:///{tmp_dir / 'tracker.db'}",
        "LOCK_STORE": "in_memory",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CALLBACK_URL": "",  # the callback channel off unless a test sets a receiver
        "COMPLAINTS_OUTBOX": str(tmp_dir / "outbox"),
        "TF_INTRA_OP_PARALLELISM_THREADS": "1",
        "TF_INTER_OP_PARALLELISM_THREADS": "1",
    }


def rasa_run_args(
    model: Path,
    port: int,
    *extra: str,
    endpoints: Path | str = "endpoints.yml",
    credentials: Path | str = "credentials.yml",
    launcher: str = "rasa_plugins.launch",
) -> list[str]:
    """`rasa run` as scripts/serve.sh runs it, on `port`: through rasa_plugins/launch.py, which
    installs the Rasa patches unless RASA_PATCHES=off (bench/load/ runs Rasa's starter with
    `launcher="rasa"`, its own endpoints and credentials)."""
    return [
        "-m",
        launcher,
        "run",
        "--model",
        str(model),
        "--interface",
        "127.0.0.1",  # as scripts/serve.sh (RASA_INTERFACE); Rasa's own default is every address
        "--port",
        str(port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        *extra,
    ]


@contextmanager
def running_assistant(
    tmp_dir: Path,
    extra_env: dict[str, str] | None = None,
    extra_rasa_args: list[str] | None = None,
    patience: float | None = None,
) -> Iterator[Assistant]:
    """Both servers, as scripts/serve.sh starts them; `extra_rasa_args` are added to `rasa run`'s
    (e.g. the HTTP API and CORS options from scripts/rasa-server-options.sh); each server gets
    `patience` seconds to come up (STARTUP_SECONDS unless given)."""
    model = trained_model()
    action_port, rasa_port = free_port(), free_port()
    env = {**serve_env(tmp_dir, action_port), **(extra_env or {})}
    actions = start(
        "action-server",
        ["-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
        env,
        tmp_dir,
    )
    rasa = start(
        "rasa-server",
        rasa_run_args(model, rasa_port, *(extra_rasa_args or [])),
        env,
        tmp_dir,
    )
    try:
        wait_until_up(actions, f"http://127.0.0.1:{action_port}/health", patience)
        wait_until_up(rasa, f"http://127.0.0.1:{rasa_port}/", patience)
        yield Assistant(
            f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", rasa, actions
        )
    finally:
        rasa.stop()
        actions.stop()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return math.nan
