"""`scripts/serve.sh run` (what `make run` runs) with nothing set by hand: it makes the action
server's secret itself, the Rasa server's custom actions work with it, and the action server
refuses calls without it and listens on loopback only."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.channels.test_server_options import clean_environment
from tests.servers import ROOT, STARTUP_SECONDS, free_port, trained_model

pytestmark = pytest.mark.servers


def post(url: str, body: dict) -> tuple[int, object]:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "serve.sh exited"
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} not up after {STARTUP_SECONDS}s")


def test_serve_sh_runs_with_a_secret_it_makes_itself(tmp_path: Path) -> None:
    trained_model()  # serve.sh finds the same model, trained or cached
    action_port, rasa_port = free_port(), free_port()
    env = clean_environment(
        {
            "ACTION_PORT": str(action_port),
            "RASA_PORT": str(rasa_port),
            "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}",
            "COMPLAINTS_OUTBOX": str(tmp_path / "outbox"),
        }
    )
    assert "ACTION_SERVER_TOKEN" not in env
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "serve.sh"), "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{rasa_port}/", process)
        status, replies = post(
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
            {"sender": "fresh-clone", "message": "hello"},
        )
        # The greeting comes from a custom action: the Rasa server reached the action server.
        assert status == 200 and any("complaints assistant" in r["text"] for r in replies)
        status, _ = post(
            f"http://127.0.0.1:{action_port}/webhook",
            {"next_action": "action_greet", "sender_id": "x", "tracker": {}, "domain": {}},
        )
        assert status == 401
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
