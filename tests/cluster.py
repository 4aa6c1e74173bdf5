"""Rasa servers and action servers started one by one, for tests of faults and of scale-out.

`tests/servers.py` (local_servers.py) starts one of each as a pair; these tests need to stop, restart and multiply
them, on chosen ports, against shared stores.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from tests.servers import (
    ROOT,
    Process,
    rasa_run_args,
    serve_env,
    start,
    trained_model,
    wait_until_up,
)


def base_env(tmp_dir: Path, action_port: int, **overrides: str) -> dict[str, str]:
    """The environment scripts/serve.sh gives the servers, with files under tmp_dir."""
    env = {
        **serve_env(tmp_dir, action_port),
        "DATABASE_URL": f"sqlite:///{tmp_dir / 'cases.db'}",
        "COMPLAINTS_NOW": "2026-12-22T10:00",
    }
    env.pop("COMPLAINTS_PROVIDER", None)
    env.update(overrides)
    return env


def start_actions(name: str, port: int, env: dict[str, str], log_dir: Path) -> Process:
    process = start(
        name, ["-m", "rasa_sdk", "--actions", "actions", "--port", str(port)], env, log_dir
    )
    wait_until_up(process, f"http://127.0.0.1:{port}/health")
    return process


def start_rasa(
    name: str, port: int, env: dict[str, str], log_dir: Path, wait: bool = True
) -> Process:
    args = rasa_run_args(trained_model(), port)
    process = start(name, args, env, log_dir)
    if wait:
        wait_until_up(process, f"http://127.0.0.1:{port}/")
    return process


def say(port: int, sender: str, message: str, metadata: dict | None = None) -> list[str]:
    """One turn over the REST channel of the Rasa server on `port`; the reply texts."""
    body: dict = {"sender": sender, "message": message}
    if metadata:
        body["metadata"] = metadata
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        return [reply.get("text", "") for reply in json.loads(response.read())]


__all__ = ["ROOT", "base_env", "say", "start_actions", "start_rasa"]
