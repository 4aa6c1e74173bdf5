"""Offline profile of the Rasa side of a turn: CPU per turn in one process, no Rasa server.

    .venv/bin/python -m bench.turn_profile [--runs N] [--conversations N] [--model PATH]
    .venv/bin/python -m bench.turn_profile --levels on,on-without:rule_states+direct_prediction
    .venv/bin/python -m bench.turn_profile --runs 1 --levels on --profile FILE   (cProfile)

Loads the trained model with Rasa's `Agent` (the project's endpoints.yml: its tracker store on
SQLite in a temporary directory, in-memory locks, the action server) and replays `bench/load`'s
customers (a whole complaint, every fifth conversation a status check) through the REST channel's
own guards (`channels.rest.guarded`), one conversation after another, checking each reply as the
load does. The custom actions run in a real action server this harness starts on a free port; its
CPU is not counted. What is counted is this process's CPU (`time.process_time`, every thread: the
event loop, TensorFlow's, the tracker store's workers) per turn, after warm-up conversations.

Each run is a fresh process with the Rasa patches on or off (`RASA_PATCHES`), or on but some
(`on-without:NAME+NAME`, those uninstalled after `install()`), the levels alternating (on, off,
off, on, ...), and the medians are printed side by side. Not a load figure: Rasa's HTTP
server and the concurrency of `bench/load` are not here, and the machine's drift between runs is;
the lead measures the load itself with `make bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from local_servers import ROOT, free_port, serve_env, start, wait_until_up

NOW = "2026-12-22T10:00"


def newest_model() -> Path:
    if os.environ.get("MODEL_PATH"):
        return Path(os.environ["MODEL_PATH"]).resolve()
    for folder in (ROOT / "models", Path("/work/main/models")):
        found = sorted(folder.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
        if found:
            return found[-1]
    raise SystemExit("no trained model: set MODEL_PATH or run scripts/train.sh")


# ----------------------------------------------------------------------------------------------
# The child: one process, one model, the patches on or off.


async def _child(args: argparse.Namespace) -> dict[str, Any]:
    from rasa_plugins import patches

    installed = patches.install()
    for name in filter(None, args.without.split(",")):
        # A level "on-without:a,b": the patches on but these, as before they were written.
        importlib.import_module(f"rasa_plugins.patches.{name}").uninstall()
        installed = [n for n in installed if n != name]
    # Rasa's logging as `rasa run` sets it up (rasa/__main__.py), at its default level (INFO).
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.io import configure_colored_logging
    from rasa.utils.log_utils import configure_structlog
    from rasa.utils.tensorflow.environment import setup_tf_environment

    configure_logging_and_warnings(None, None, warn_only_once=True, filter_repeated_logs=True)
    setup_tf_environment()
    configure_colored_logging(None)
    configure_structlog(None)

    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints

    from bench.load.customers import (
        PROVIDERS,
        REFERENCE,
        STATUS_EVERY,
        Case,
        complaint_steps,
        status_steps,
    )
    from channels.rest import guarded

    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    agent = await load_agent(model_path=str(args.model), endpoints=endpoints)
    handler, _ = guarded("rest", agent.handle_message)

    cases: list[Case] = []
    turns = 0
    failures: list[str] = []

    async def conversation(number: int) -> int:
        sender = f"profile-{number}"
        if cases and number % STATUS_EVERY == STATUS_EVERY - 1:
            steps = status_steps(cases[number % len(cases)])
            provider = None
        else:
            provider = PROVIDERS[number % len(PROVIDERS)]
            steps = complaint_steps(number, provider)
        said: list[str] = []
        for step in steps:
            collector = CollectingOutputChannel()
            await handler(
                UserMessage(
                    step.message, collector, sender, input_channel="rest", metadata=step.metadata
                )
            )
            said = [m.get("text") or "" for m in collector.messages]
            if step.expect not in "\n".join(said):
                failures.append(f"{sender}: {step.message!r} -> {said!r}")
                return len(steps)
        if provider is not None:
            found = REFERENCE.search("\n".join(said))
            if found:
                cases.append(Case(found.group(1), provider, f"customer{number}@example.co.uk"))
        return len(steps)

    for number in range(args.warmup):
        await conversation(number)
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    for number in range(args.warmup, args.warmup + args.conversations):
        turns += await conversation(number)
    cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started_wall
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    return {
        "patches": installed,
        "turns": turns,
        "cpu_ms_per_turn": cpu * 1000 / turns,
        "wall_ms_per_turn": wall * 1000 / turns,
        "failures": failures,
    }


# ----------------------------------------------------------------------------------------------
# The parent: the action server, then the runs in turn.


def _run_child(
    args: argparse.Namespace, env: dict[str, str], work: Path, patches: str, index: int
) -> dict:
    patches, _, without = patches.partition("-without:")
    run_env = {
        **env,
        "RASA_PATCHES": patches,
        "TRACKER_STORE_URL": f"sqlite:///{work / f'tracker-{index}.db'}",
    }
    command = [
        sys.executable,
        "-m",
        "bench.turn_profile",
        "--child",
        "--model",
        str(args.model),
        "--conversations",
        str(args.conversations),
        "--warmup",
        str(args.warmup),
        "--without",
        without,
    ]
    if args.profile:
        command += ["--profile", args.profile]
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, cwd=ROOT, env=run_env, capture_output=True, text=True
    )
    lines = [line[7:] for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"run failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="runs each of patches on and off")
    parser.add_argument("--conversations", type=int, default=10, help="measured, per run")
    parser.add_argument("--warmup", type=int, default=3, help="conversations before measuring")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument(
        "--levels",
        default="on,off",
        help="comma-separated: on, off, or on-without:NAME+NAME (the patches on but those)",
    )
    parser.add_argument("--without", default="", help=argparse.SUPPRESS)
    parser.add_argument("--profile", default="", help="cProfile the measured part into this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.model = args.model or newest_model()

    if args.child:
        os.environ.setdefault("COMPLAINTS_NOW", NOW)
        print("RESULT " + json.dumps(asyncio.run(_child(args))), flush=True)
        return

    work = Path(tempfile.mkdtemp(prefix="turn-profile-"))
    action_port = free_port()
    env = {
        **serve_env(work, action_port),
        "RASA_TELEMETRY_ENABLED": "false",
        "COMPLAINTS_NOW": NOW,
        "DATABASE_URL": f"sqlite:///{work / 'cases.db'}",
    }
    env.pop("COMPLAINTS_PROVIDER", None)
    actions = start(
        "action-server",
        ["-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
        env,
        work,
    )
    try:
        wait_until_up(actions, f"http://127.0.0.1:{action_port}/health")
        levels = [level.replace("+", ",") for level in args.levels.split(",")]
        results: dict[str, list[float]] = {level: [] for level in levels}
        print(f"model {args.model.name}; {args.conversations} conversations a run", flush=True)
        for run in range(args.runs):
            order = levels if run % 2 == 0 else list(reversed(levels))
            for patches in order:
                result = _run_child(args, env, work, patches, len(sum(results.values(), [])))
                results[patches].append(result["cpu_ms_per_turn"])
                print(
                    f"  run {run + 1} patches {patches}: {result['cpu_ms_per_turn']:6.2f} ms "
                    f"CPU a turn ({result['turns']} turns, wall {result['wall_ms_per_turn']:.1f} "
                    f"ms){' FAILURES: ' + repr(result['failures'][:3]) if result['failures'] else ''}",
                    flush=True,
                )
        for level, values in results.items():
            print(
                f"patches {level}: median {statistics.median(values):.2f} ms CPU a turn "
                f"({', '.join(f'{v:.2f}' for v in values)})"
            )
    finally:
        actions.stop()


if __name__ == "__main__":
    main()
